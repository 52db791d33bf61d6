/** Helpers shared by the coalition-based explainers: batched evaluation and argument checks. */
import type { ValueFn } from "./value_fn.ts";

const ACTION = "Cannot explain";

/**
 * Evaluates `valueFn` on `coalitions` in batches of at most `batchSize`, checking that each
 * batch returns one finite value per coalition.
 */
export async function evaluateCoalitions(
  valueFn: ValueFn,
  coalitions: Uint8Array[],
  batchSize: number,
): Promise<Float64Array> {
  const values = new Float64Array(coalitions.length);
  for (let start = 0; start < coalitions.length; start += batchSize) {
    const batch = coalitions.slice(start, start + batchSize);
    const out = await valueFn(batch);
    if (out?.length !== batch.length) {
      throw new Error(
        `${ACTION}: valueFn returned ${out?.length} values for ${batch.length} coalitions, expected one per coalition`,
      );
    }
    for (let i = 0; i < batch.length; i++) {
      if (!Number.isFinite(out[i])) {
        throw new Error(
          `${ACTION}: valueFn returned ${out[i]} for a coalition, expected a finite number`,
        );
      }
      values[start + i] = out[i];
    }
  }
  return values;
}

/** Checks that `value` is an integer >= `min`, naming the argument. */
export function checkInteger(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${ACTION}: ${name} must be an integer >= ${min}, got ${value}`);
  }
}

/** The binomial coefficient C(n, k) as a float (exact below 2^53). */
export function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/**
 * Solves `a x = b` for a symmetric positive definite `n x n` matrix `a` (row-major, overwritten)
 * by Cholesky; returns `undefined` when `a` is not positive definite to working precision (the
 * caller's system is singular).
 */
export function choleskySolve(
  a: Float64Array,
  b: Float64Array,
  n: number,
): Float64Array | undefined {
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, a[i * n + i]);
  const tolerance = maxDiagonal * n * 1e-13;
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > tolerance)) return undefined;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / ljj;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= a[i * n + k] * x[k];
    x[i] = s / a[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= a[k * n + i] * x[k];
    x[i] = s / a[i * n + i];
  }
  return x;
}
