/**
 * Checking per-class probability rows (`probs[i][c]`) and viewing them as one flat table.
 *
 * @module
 */

import type { DenseMatrix } from "../graph/matrix.ts";
import type { ProbabilityRows } from "./probability_rows.ts";

/** Row-major probabilities with `rows * cols` values. */
export interface ProbTable {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
  /** Whether the values are float32 (sklearn picks eps from the dtype). */
  float32: boolean;
}

/** Validates `probs` against `n` samples (row count, equal widths of at least 2, finite values). */
export function toProbTable(action: string, probs: ProbabilityRows, n: number): ProbTable {
  let table: ProbTable;
  if ((probs as DenseMatrix).kind === "dense") {
    const m = probs as DenseMatrix;
    table = { rows: m.rows, cols: m.cols, data: m.data, float32: true };
  } else {
    const rows = probs as ArrayLike<ArrayLike<number>>;
    const first = rows[0];
    const cols = first && typeof first === "object" ? first.length : -1;
    const data = new Float64Array(Math.max(cols, 0) * rows.length);
    let float32 = rows.length > 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!row || typeof row !== "object") {
        throw new TypeError(
          `${action}: probs[${i}] is ${row} (expected a row of class probabilities per sample)`,
        );
      }
      if (row.length !== cols) {
        throw new RangeError(
          `${action}: probs[${i}] has ${row.length} values but probs[0] has ${cols}`,
        );
      }
      float32 &&= row instanceof Float32Array;
      for (let c = 0; c < cols; c++) data[i * cols + c] = row[c];
    }
    table = { rows: rows.length, cols, data, float32 };
  }
  if (table.rows !== n) {
    throw new RangeError(`${action}: probs has ${table.rows} rows but yTrue has ${n} values`);
  }
  if (table.cols < 2) {
    throw new RangeError(
      `${action}: probs has ${table.cols} column${
        table.cols === 1 ? "" : "s"
      } (expected one per class, at least 2)`,
    );
  }
  const { data, cols } = table;
  for (let j = 0; j < data.length; j++) {
    if (!Number.isFinite(data[j])) {
      const i = Math.floor(j / cols), c = j % cols;
      throw new TypeError(`${action}: probs[${i}][${c}] is ${data[j]} (expected a finite number)`);
    }
  }
  return table;
}

/** Checks every row sums to 1 with numpy's `allclose` tolerance, as sklearn's multiclass AUC does. */
export function checkRowsSumToOne(action: string, { rows, cols, data }: ProbTable): void {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += data[i * cols + c];
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw new RangeError(
        `${action}: probs[${i}] sums to ${s} (expected class probabilities summing to 1; apply softmax to logits first)`,
      );
    }
  }
}

/** Checks `yTrue` holds integer classes that index the columns of `probs`. */
export function checkClassColumns(action: string, yTrue: ArrayLike<number>, cols: number): void {
  for (let i = 0; i < yTrue.length; i++) {
    const y = yTrue[i];
    if (!Number.isInteger(y) || y < 0 || y >= cols) {
      throw new RangeError(
        `${action}: yTrue[${i}] is ${y} (expected a class in 0..${
          cols - 1
        } for probs with ${cols} columns)`,
      );
    }
  }
}
