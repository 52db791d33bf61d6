/**
 * Dense matrix product whose gradient avoids tfjs-wasm's slow transposed products.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { MATMUL_KERNEL, useWasmKernels } from "./_wasm_kernels.ts";
import { sparseRowsMatmul } from "./_sparsity.ts";

/**
 * The product `A B` of two 2-D float32 tensors, `[n, k] x [k, m] -> [n, m]`, with the same values
 * and gradients as `tf.matMul(a, b)`:
 *
 * ```text
 * Y = A B,   dA = dY B^T,   dB = A^T dY
 * ```
 *
 * On the wasm backend the gradients are computed as explicit transposes followed by plain products
 * (tfjs-wasm's transposed BatchMatMul is 5-15x slower), and only for the inputs that need one; on
 * other backends this is `tf.matMul`. On cpu and wasm, an `a` known to be mostly zeros (the input
 * features seen before, or their dropout: under 1/8 nonzero) is multiplied over its nonzeros.
 *
 * @param a `[n, k]`
 * @param b `[k, m]`
 * @returns `[n, m]`
 * @throws {Error} when the shapes do not chain (from tf.matMul's checks)
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { matmul } from "./matmul.ts";
 * const y = matmul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1], [1]]));
 * if (y.dataSync().join() !== "3,7") throw new Error("unexpected");
 * ```
 */
export function matmul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const sparse = a.rank === 2 && b.rank === 2 && a.shape[1] === b.shape[0] && b.dtype === "float32"
    ? sparseRowsMatmul(a, b)
    : undefined;
  if (sparse) return sparse;
  if (
    !useWasmKernels() || a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0] ||
    a.dtype !== "float32" || b.dtype !== "float32"
  ) {
    return tf.matMul(a, b); // also words the errors for bad shapes
  }
  return tf.engine().runKernel(MATMUL_KERNEL, { a, b }) as tf.Tensor2D;
}
