/**
 * Row selection for dense and CSR matrices (`x[index]` in PyTorch).
 *
 * @module
 */
import type { Matrix } from "./matrix.ts";

/**
 * The rows `rows[0], rows[1], ...` of a host matrix, in that order (repeats allowed), in the same
 * layout: a CSR input stays CSR. This is the one way to take rows of a {@linkcode Matrix}; for one
 * row as an array use `toDense(selectRows(m, [r])).data`, and for a tensor `toTensor` (lib/nn).
 *
 * @param m the matrix, dense or CSR
 * @param rows row ids in `[0, m.rows)`
 * @returns a matrix with `rows.length` rows and `m.cols` columns
 * @throws {RangeError} when a row id is not an integer in `[0, m.rows)`
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
  for (let k = 0; k < n; k++) {
    if (!(Number.isInteger(rows[k]) && rows[k] >= 0 && rows[k] < m.rows)) {
      throw new RangeError(
        `Cannot select rows: rows[${k}] is ${rows[k]}, expected an integer in [0, ${m.rows})`,
      );
    }
  }
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
