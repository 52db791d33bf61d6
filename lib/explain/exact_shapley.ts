/**
 * Exact Shapley values by enumerating all 2^M coalitions: the reference the sampled explainers
 * are tested against, and the method of choice for a handful of players.
 *
 * @module
 */
import { binomial, checkInteger, evaluateCoalitions } from "./_coalitions.ts";
import type { ValueFn } from "./value_fn.ts";

/** Shapley attributions of M players. */
export interface ShapleyValues {
  /** One attribution per player; they sum to `outputValue - baseValue`. */
  values: Float64Array;
  /** `v(empty)`: the output with every player missing (shap's `expected_value`, E[f]). */
  baseValue: number;
  /** `v(all)`: the explained output f(x). */
  outputValue: number;
}

/** Options of {@linkcode exactShapley}. */
export interface ExactShapleyOptions {
  /** Most coalitions per call to the value function (default 4096). */
  batchSize?: number;
}

/** The largest number of players {@linkcode exactShapley} enumerates (2^20 coalitions). */
export const EXACT_SHAPLEY_MAX_PLAYERS = 20;

/**
 * Shapley values of M players by enumeration (2^M evaluations of `valueFn`):
 *
 * ```text
 * phi_i = sum over S in N \ {i} of |S|! (M - |S| - 1)! / M! * (v(S + i) - v(S))
 * ```
 *
 * Comfortable up to about 16 players; refused above {@linkcode EXACT_SHAPLEY_MAX_PLAYERS}.
 *
 * @param valueFn The batched value function over M players.
 * @param numPlayers M.
 * @param options Batch size.
 * @returns The attributions, `v(empty)` and `v(all)`.
 *
 * @example
 * ```ts
 * import { exactShapley } from "./exact_shapley.ts";
 * // v(S) = x0 * x1 (an interaction), x = (1, 1), missing = 0: the players split it evenly.
 * const v = (cs: Uint8Array[]) => cs.map((c) => c[0] * c[1]);
 * const { values, baseValue, outputValue } = await exactShapley(v, 2);
 * if (values.join() !== "0.5,0.5" || baseValue !== 0 || outputValue !== 1) throw new Error();
 * ```
 */
export async function exactShapley(
  valueFn: ValueFn,
  numPlayers: number,
  options: ExactShapleyOptions = {},
): Promise<ShapleyValues> {
  const { batchSize = 4096 } = options;
  checkInteger(numPlayers, "numPlayers", 0);
  checkInteger(batchSize, "batchSize", 1);
  if (numPlayers > EXACT_SHAPLEY_MAX_PLAYERS) {
    throw new Error(
      `Cannot explain: exactShapley enumerates 2^numPlayers coalitions, so numPlayers must be <= ${EXACT_SHAPLEY_MAX_PLAYERS}, got ${numPlayers}; use kernelShap`,
    );
  }
  const m = numPlayers;
  const count = 2 ** m;
  const coalitions: Uint8Array[] = [];
  for (let mask = 0; mask < count; mask++) {
    const c = new Uint8Array(m);
    for (let i = 0; i < m; i++) c[i] = (mask >> i) & 1;
    coalitions.push(c);
  }
  const v = await evaluateCoalitions(valueFn, coalitions, batchSize);
  // weight[s] = s! (M - s - 1)! / M! = 1 / (M * C(M - 1, s))
  const weight = Float64Array.from(
    { length: Math.max(m, 1) },
    (_, s) => 1 / (m * binomial(m - 1, s)),
  );
  const size = new Uint8Array(count);
  for (let mask = 1; mask < count; mask++) size[mask] = size[mask >> 1] + (mask & 1);
  const values = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const bit = 1 << i;
    let phi = 0;
    for (let mask = 0; mask < count; mask++) {
      if (!(mask & bit)) phi += weight[size[mask]] * (v[mask | bit] - v[mask]);
    }
    values[i] = phi;
  }
  return { values, baseValue: v[0], outputValue: v[count - 1] };
}
