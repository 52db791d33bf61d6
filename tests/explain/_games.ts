/** Small seeded models for the explainer tests: a nonlinear one with interactions, a linear one. */
import { createRng } from "../../lib/random/rng.ts";
import { type DensePredict, featureValueFn, type ValueFn } from "../../lib/explain/value_fn.ts";

/**
 * `f(x) = tanh(w.x + sum_{i<j} u_ij x_i x_j) + x_0 x_1 x_2` over M features with seeded weights,
 * explained at a seeded x against a seeded background set of 5 rows.
 */
export function nonlinearGame(m: number, seed = 0): { valueFn: ValueFn; x: Float64Array } {
  const rng = createRng(seed);
  const w = Float64Array.from({ length: m }, () => rng.normal());
  const u = Float64Array.from({ length: m * m }, () => 0.5 * rng.normal());
  const predict: DensePredict = (rows) =>
    rows.map((r) => {
      let z = 0;
      for (let i = 0; i < m; i++) {
        z += w[i] * r[i];
        for (let j = i + 1; j < m; j++) z += u[i * m + j] * r[i] * r[j];
      }
      return Math.tanh(z) + (m >= 3 ? r[0] * r[1] * r[2] : 0);
    });
  const x = Float64Array.from({ length: m }, () => rng.normal());
  const background = Array.from(
    { length: 5 },
    () => Float64Array.from({ length: m }, () => rng.normal()),
  );
  return { valueFn: featureValueFn(predict, x, background), x };
}
