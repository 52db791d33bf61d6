/**
 * Plain row-major matrices: dense float32 blocks and compressed sparse rows (CSR), the two
 * layouts node features come in (dense embeddings, sparse bag-of-words).
 *
 * @module
 */

/** A dense row-major float32 matrix of shape `[rows, cols]`. */
export interface DenseMatrix {
  /** Tells a dense matrix from a CSR one. */
  readonly kind: "dense";
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** `rows * cols` values, row-major. */
  readonly data: Float32Array;
}

/** A sparse matrix in compressed sparse row layout (like `scipy.sparse.csr_matrix`). */
export interface CsrMatrix {
  /** Tells a CSR matrix from a dense one. */
  readonly kind: "csr";
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** `rows + 1` offsets into `indices` and `data`. */
  readonly indptr: Int32Array;
  /** Column index of each stored value. */
  readonly indices: Int32Array;
  /** Stored values. */
  readonly data: Float32Array;
}

/** Node features: dense, or sparse CSR for bag-of-words data sets. */
export type Matrix = DenseMatrix | CsrMatrix;

/**
 * Wraps row-major values as a dense matrix, checking the length.
 *
 * @example
 * ```ts
 * import { denseMatrix } from "./matrix.ts";
 * const m = denseMatrix(new Float32Array([1, 2, 3, 4, 5, 6]), 2, 3);
 * if (m.cols !== 3) throw new Error("unexpected");
 * ```
 */
export function denseMatrix(data: Float32Array, rows: number, cols: number): DenseMatrix {
  if (data.length !== rows * cols) {
    throw new RangeError(
      `Cannot create a ${rows} x ${cols} matrix: expected ${
        rows * cols
      } values, got ${data.length}`,
    );
  }
  return { kind: "dense", rows, cols, data };
}

/**
 * Converts a matrix to dense row-major form (a CSR input is expanded; duplicates are summed).
 *
 * @example
 * ```ts
 * import { toDense } from "./matrix.ts";
 * const csr = {
 *   kind: "csr" as const, rows: 2, cols: 2,
 *   indptr: new Int32Array([0, 1, 2]), indices: new Int32Array([1, 0]),
 *   data: new Float32Array([5, 7]),
 * };
 * const d = toDense(csr);
 * if (d.data.join() !== "0,5,7,0") throw new Error("unexpected");
 * ```
 */
export function toDense(m: Matrix): DenseMatrix {
  if (m.kind === "dense") return m;
  const out = new Float32Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) {
      out[r * m.cols + m.indices[k]] += m.data[k];
    }
  }
  return { kind: "dense", rows: m.rows, cols: m.cols, data: out };
}
