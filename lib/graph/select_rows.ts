/**
 * Row selection for dense and CSR matrices (`x[index]` in PyTorch).
 *
 * @module
 */
import type { Matrix } from "./matrix.ts";

/**
 * The rows `rows[0], rows[1], ...` of a matrix, in that order, in the same layout (a CSR input
 * stays CSR). Rows are not range-checked here; callers validate them.
 *
 * @example
 * ```ts
 * import { denseMatrix } from "./matrix.ts";
 * import { selectRows } from "./select_rows.ts";
 * const m = selectRows(denseMatrix(new Float32Array([1, 2, 3, 4, 5, 6]), 3, 2), [2, 0]);
 * if (m.data.join() !== "5,6,1,2") throw new Error("unexpected");
 * ```
 */
export function selectRows(m: Matrix, rows: ArrayLike<number>): Matrix {
  const n = rows.length;
  if (m.kind === "dense") {
    const data = new Float32Array(n * m.cols);
    for (let k = 0; k < n; k++) {
      data.set(m.data.subarray(rows[k] * m.cols, (rows[k] + 1) * m.cols), k * m.cols);
    }
    return { kind: "dense", rows: n, cols: m.cols, data };
  }
  const indptr = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) indptr[k + 1] = indptr[k] + m.indptr[rows[k] + 1] - m.indptr[rows[k]];
  const indices = new Int32Array(indptr[n]);
  const data = new Float32Array(indptr[n]);
  for (let k = 0; k < n; k++) {
    const a = m.indptr[rows[k]];
    const b = m.indptr[rows[k] + 1];
    indices.set(m.indices.subarray(a, b), indptr[k]);
    data.set(m.data.subarray(a, b), indptr[k]);
  }
  return { kind: "csr", rows: n, cols: m.cols, indptr, indices, data };
}
