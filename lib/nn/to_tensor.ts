/**
 * Host feature matrices as tensors.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type Matrix, toDense } from "../graph/matrix.ts";

/**
 * A host matrix (dense, or CSR made dense) as a float32 tensor `[rows, cols]`, like
 * `torch.as_tensor(x)`: what a model's `forward` takes when the features are dense. Take rows
 * first with `selectRows` for a subset. The tensor holds a copy of the values; the caller disposes
 * it.
 *
 * @param m the matrix
 * @returns a new tensor with `m`'s values
 *
 * @example
 * ```ts
 * import { denseMatrix } from "../graph/matrix.ts";
 * import { selectRows } from "../graph/select_rows.ts";
 * import { toTensor } from "./to_tensor.ts";
 * const x = denseMatrix(new Float32Array([1, 2, 3, 4]), 2, 2);
 * if (toTensor(selectRows(x, [1])).arraySync().join() !== "3,4") throw new Error("unexpected");
 * ```
 */
export function toTensor(m: Matrix): tf.Tensor2D {
  // A copy: the cpu backend would keep a dense matrix's own array, so editing it would edit the
  // (immutable) tensor.
  const data = m.kind === "dense" ? m.data.slice() : toDense(m).data;
  return tf.tensor2d(data, [m.rows, m.cols]);
}
