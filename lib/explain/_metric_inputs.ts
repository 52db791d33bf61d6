/**
 * Input checks and small numeric helpers shared by the explanation metrics and stability measures.
 * Every check throws `Cannot <action>: <argument> ...`, naming the argument and what was expected.
 *
 * @module
 */

import { checkFinite } from "../metrics/_validate.ts";
import type { ProbabilityRowsLike } from "./metrics.ts";

/** Checks that `values` is a non-empty array of finite numbers. */
export function checkVector(action: string, name: string, values: ArrayLike<number>): void {
  if (values === null || typeof values !== "object" || typeof values.length !== "number") {
    throw new TypeError(`${action}: ${name} is ${values} (expected an array of numbers)`);
  }
  if (values.length === 0) throw new RangeError(`${action}: ${name} is empty`);
  checkFinite(action, name, values);
}

/** Checks that two arrays have the same length. */
export function checkSameLength(
  action: string,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  [nameA, nameB]: [string, string],
): void {
  if (a.length !== b.length) {
    throw new RangeError(
      `${action}: ${nameA} has ${a.length} values but ${nameB} has ${b.length} (expected equal lengths)`,
    );
  }
}

/** Checks that `k` is an integer in `1..max`. */
export function checkK(action: string, name: string, k: number, max: number): void {
  if (!Number.isInteger(k) || k < 1 || k > max) {
    throw new RangeError(`${action}: ${name} is ${k} (expected an integer in 1..${max})`);
  }
}

/**
 * Validates probability rows returned by a callback: `expectedRows` rows (when given) of equal
 * width >= 2, finite values in [0, 1] summing to 1 (numpy's `allclose` tolerance, loosened for
 * float32). Returns them as float64 rows.
 */
export function checkProbabilityRows(
  action: string,
  name: string,
  rows: ProbabilityRowsLike,
  expectedRows?: number,
): Float64Array[] {
  if (rows === null || typeof rows !== "object" || typeof rows.length !== "number") {
    throw new TypeError(
      `${action}: ${name} returned ${rows} (expected one row of class probabilities per explained node)`,
    );
  }
  if (rows.length === 0) throw new RangeError(`${action}: ${name} returned no rows`);
  if (expectedRows !== undefined && rows.length !== expectedRows) {
    throw new RangeError(
      `${action}: ${name} returned ${rows.length} rows but earlier calls returned ${expectedRows}`,
    );
  }
  const width = rows[0]?.length;
  return Array.from({ length: rows.length }, (_, i) => {
    const row = rows[i];
    if (!row || typeof row !== "object" || row.length !== width || width < 2) {
      throw new RangeError(
        `${action}: ${name} row ${i} has ${row?.length} values (expected ${
          width < 2 ? "at least 2 classes" : `${width} like row 0`
        })`,
      );
    }
    const out = Float64Array.from(row);
    let sum = 0;
    for (let c = 0; c < out.length; c++) {
      if (!Number.isFinite(out[c]) || out[c] < 0 || out[c] > 1) {
        throw new RangeError(
          `${action}: ${name} row ${i} has ${
            out[c]
          } at class ${c} (expected a probability in [0, 1])`,
        );
      }
      sum += out[c];
    }
    if (Math.abs(sum - 1) > 1e-4) {
      throw new RangeError(
        `${action}: ${name} row ${i} sums to ${sum} (expected probabilities summing to 1; apply softmax to logits first)`,
      );
    }
    return out;
  });
}

/** Index of the largest value; the first one on ties, as `torch.argmax` on CPU. */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < row.length; c++) if (row[c] > row[best]) best = c;
  return best;
}

/**
 * Indices of the `k` largest values, largest first; ties keep the lower index first (a stable
 * order, so the result does not depend on the sort implementation).
 */
export function topKIndices(values: ArrayLike<number>, k: number): Uint32Array {
  const order = Uint32Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => values[b] - values[a] || a - b);
  return order.slice(0, k);
}
