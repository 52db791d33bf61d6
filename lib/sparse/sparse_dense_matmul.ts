/**
 * Sparse feature matrix times dense weights: the first layer on bag-of-words data sets.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { CsrMatrix } from "../graph/matrix.ts";
import { ContentCache } from "../graph/_content_cache.ts";
import { hostSpmm } from "./_host.ts";
import type { Grouping } from "./adjacency.ts";
import { deviceArray, onHost, segmentReduce } from "./_device.ts";

/**
 * A CSR matrix's nonzero pattern grouped by row and by column, with the row of each nonzero. It
 * depends on the structure only, so it is cached by `indices` (checked against the content of
 * `indptr` and `indices` on every call): a copy with other values (dropout on the stored values,
 * every epoch) reuses it. It keeps its own copy of the pattern, so device copies made from it
 * never go stale.
 */
interface Layout {
  /** The matrix's column indices, copied. */
  readonly indices: Int32Array;
  readonly rowOf: Int32Array;
  readonly byRow: Grouping;
  /** Transposed CSR: `indptr` over columns, `ids` nonzero positions, `rows` their rows. */
  readonly byCol: Grouping & { readonly rows: Int32Array };
}

const layouts = new ContentCache<Layout>();

function layout(m: CsrMatrix): Layout {
  return layouts.get([m.indices], [m.indptr, m.indices, m.rows, m.cols], () => buildLayout(m));
}

function buildLayout(m: CsrMatrix): Layout {
  const nnz = m.indices.length;
  const rowOf = new Int32Array(nnz);
  for (let r = 0; r < m.rows; r++) rowOf.fill(r, m.indptr[r], m.indptr[r + 1]);
  const indptr = new Int32Array(m.cols + 1);
  for (let k = 0; k < nnz; k++) indptr[m.indices[k] + 1]++;
  for (let c = 0; c < m.cols; c++) indptr[c + 1] += indptr[c];
  const cursor = indptr.slice(0, m.cols);
  const ids = new Int32Array(nnz);
  const rows = new Int32Array(nnz);
  // Nonzeros are visited in row order, so within a column they stay sorted by row.
  for (let k = 0; k < nnz; k++) {
    const slot = cursor[m.indices[k]]++;
    ids[slot] = k;
    rows[slot] = rowOf[k];
  }
  const identity = new Int32Array(nnz);
  for (let k = 0; k < nnz; k++) identity[k] = k;
  return {
    indices: m.indices.slice(),
    rowOf,
    byRow: { indptr: m.indptr.slice(), ids: identity },
    byCol: { indptr, ids, rows },
  };
}

function sparseDenseMatmul_(features: CsrMatrix, w: tf.Tensor2D): tf.Tensor2D {
  if (w.rank !== 2) {
    throw new RangeError(
      `Cannot apply sparseDenseMatmul: expected w to be 2D, got shape [${w.shape.join(", ")}]`,
    );
  }
  if (w.dtype !== "float32") {
    throw new TypeError(
      `Cannot apply sparseDenseMatmul: expected w of dtype float32, got ${w.dtype}`,
    );
  }
  if (w.shape[0] !== features.cols) {
    throw new RangeError(
      `Cannot apply sparseDenseMatmul: expected w with ${features.cols} rows (the feature columns), got ${
        w.shape[0]
      }`,
    );
  }
  const lay = layout(features);
  const F = w.shape[1];
  // The values may change every call (feature dropout), so they go to the device as a tensor the
  // surrounding scope frees, not as a cached constant like the index arrays.
  const data = tf.tensor1d(features.data);
  const f = tf.customGrad((...args) => {
    const [w, data, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([data]);
    let value: tf.Tensor2D;
    if (onHost()) {
      const pattern = { indptr: lay.byRow.indptr, cols: lay.indices, eids: lay.byRow.ids };
      value = hostSpmm(pattern, data, w, 1, F);
    } else {
      value = tf.tidy(() => {
        const picked = tf.gather(w, deviceArray(lay.indices));
        const scaled = tf.mul(picked, tf.expandDims(data, 1));
        return segmentReduce(scaled, lay.byRow, "sum") as tf.Tensor2D;
      });
    }
    return {
      value,
      // out = X W is linear in W with dL/dW = X^T dOut: each weight row collects the output
      // gradients of the rows that use its feature. X is data, so its gradient is zero.
      gradFunc: (dy: tf.Tensor2D, [data]: tf.Tensor[]) => {
        const { indptr, rows, ids } = lay.byCol;
        const dw = onHost()
          ? hostSpmm({ indptr, cols: rows, eids: ids }, data, dy, 1, F)
          : tf.tidy(() => {
            const picked = tf.gather(dy, deviceArray(lay.rowOf));
            const scaled = tf.mul(picked, tf.expandDims(data, 1));
            return segmentReduce(scaled, lay.byCol, "sum") as tf.Tensor2D;
          });
        return [dw, tf.zerosLike(data)];
      },
    };
  });
  const out = f(w, data) as tf.Tensor2D;
  data.dispose();
  return out;
}

/**
 * Multiplies a sparse CSR matrix by a dense one, `X W`, without densifying `X`: for bag-of-words
 * features (Cora: 2708 x 1433 at 1.3% density) this skips the zeros. The gradient flows to `W`
 * only (`X^T dOut`); `X` is treated as constant data.
 *
 * Shapes: `features` `[N, F_in]`, `w` `[F_in, F_out]`, result `[N, F_out]`.
 *
 * @param features the sparse matrix (see `CsrMatrix` in lib/graph/matrix.ts)
 * @param w dense weights `[F_in, F_out]`
 * @returns the product `[N, F_out]`
 * @throws {RangeError} when `w` does not have `features.cols` rows
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { sparseDenseMatmul } from "./sparse_dense_matmul.ts";
 * // X = [[0, 2], [3, 0]] in CSR form.
 * const x = {
 *   kind: "csr" as const, rows: 2, cols: 2,
 *   indptr: new Int32Array([0, 1, 2]), indices: new Int32Array([1, 0]),
 *   data: new Float32Array([2, 3]),
 * };
 * const out = sparseDenseMatmul(x, tf.tensor2d([[1, 10], [100, 1000]]));
 * if (out.dataSync().join() !== "200,2000,3,30") throw new Error("unexpected");
 * ```
 */
export const sparseDenseMatmul: (features: CsrMatrix, w: tf.Tensor2D) => tf.Tensor2D = tf.op({
  sparseDenseMatmul_,
});
