/**
 * Seeded dropout for dense tensors and sparse CSR features.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { CsrMatrix } from "../graph/matrix.ts";
import { createRng, type Rng } from "../random/rng.ts";
import type { ForwardOptions, NodeFeatures } from "./module.ts";
import { mapOnHost, useWasmKernels } from "./_wasm_kernels.ts";
import { recordEntries, sparseEntries } from "./_sparsity.ts";

/**
 * Dropout (Srivastava et al., https://jmlr.org/papers/v15/srivastava14a.html): in training, zeroes
 * each entry with probability `rate` and scales the rest by `1 / (1 - rate)`, so expectations are
 * unchanged; in evaluation (`training` false, the default) returns `x` itself.
 *
 * ```text
 * x'_ij = m_ij x_ij / (1 - p),   m_ij ~ Bernoulli(1 - p)
 * ```
 *
 * Dense tensors are masked on the host with a generator seeded from `options.rng`, drawing only
 * for the nonzero entries (a zero stays zero whatever its mask; Cora's bag-of-words input is 99%
 * zeros), so a seed gives the same output on every backend. The mask is not stored: the backward
 * pass `dx = m dy / (1 - p)` redraws it from the seed and the input's zero pattern (the masks of
 * zero entries, which only the gradient sees, from a second stream), and releases the incoming
 * gradient `dy` once used (tfjs would keep it to the end of the backward pass). A CSR matrix stays
 * sparse: the mask
 * applies to its stored values (drawn from `options.rng` in storage order), as in Kipf & Welling's
 * sparse dropout; the structure is kept and dropped values become 0.
 *
 * Shapes: `x` `[N, F]` (any shape for tensors), result the same.
 *
 * @param x dense tensor or CSR matrix
 * @param rate drop probability `p` in `[0, 1)`
 * @param options `training` (default false) and `rng` (required when training with `rate > 0`)
 * @returns the masked, rescaled input (the same object when not training or `rate` is 0)
 * @throws {RangeError} when `rate` is outside `[0, 1)` or `rng` is missing in training
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { dropout } from "./dropout.ts";
 * import { createRng } from "../random/rng.ts";
 * const x = tf.ones([3, 4]) as tf.Tensor2D;
 * const y = dropout(x, 0.5, { training: true, rng: createRng(1) });
 * if (y.dataSync().some((v) => v !== 0 && v !== 2)) throw new Error("unexpected");
 * if (dropout(x, 0.5) !== x) throw new Error("evaluation must be the identity");
 * ```
 */
export function dropout<T extends NodeFeatures | tf.Tensor>(
  x: T,
  rate: number,
  options: ForwardOptions = {},
): T {
  if (!(rate >= 0 && rate < 1)) {
    throw new RangeError(`Cannot apply dropout: rate must be in [0, 1), got ${rate}`);
  }
  if (!options.training || rate === 0) return x;
  const rng = needRng(options);
  if (x instanceof tf.Tensor) return denseDropout(x, rate, rng.int(2 ** 31)) as T;
  const csr = x as CsrMatrix;
  const scale = 1 / (1 - rate);
  const data = new Float32Array(csr.data.length);
  for (let k = 0; k < data.length; k++) data[k] = rng.next() < rate ? 0 : csr.data[k] * scale;
  return { ...csr, data } as T;
}

/**
 * `dropout(relu(h), rate, options)` as one op (the `ReLU -> dropout` between the layers of GCN,
 * GraphSAGE and MLP), with the same mask as {@linkcode dropout} for the same generator state. It
 * keeps only its output for the backward pass, `dh = dy (1 - p)^-1 [out > 0]`, where the separate
 * ops would keep the pre-activation, the mask and the activation (three `[N, F]` copies). In
 * evaluation (the default) it is `tf.relu(h)`. Like {@linkcode dropout}, its backward pass releases
 * the incoming gradient once used (do not pass a `dy` you still need to `tf.grad` of it directly).
 *
 * @param h pre-activation `[N, F]`
 * @param rate drop probability `p` in `[0, 1)`
 * @param options `training` (default false) and `rng` (required when training with `rate > 0`)
 * @returns `relu(h)`, masked and rescaled in training
 * @throws {RangeError} when `rate` is outside `[0, 1)` or `rng` is missing in training
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { reluDropout } from "./dropout.ts";
 * import { createRng } from "../random/rng.ts";
 * const h = tf.tensor2d([[-1, 2], [3, -4]]);
 * if (reluDropout(h, 0.5).dataSync().join() !== "0,2,3,0") throw new Error("not relu");
 * const y = reluDropout(h, 0.5, { training: true, rng: createRng(1) }).dataSync();
 * if (y.some((v, i) => v !== 0 && v !== 2 * [0, 2, 3, 0][i])) throw new Error("unexpected");
 * ```
 */
export function reluDropout(
  h: tf.Tensor2D,
  rate: number,
  options: ForwardOptions = {},
): tf.Tensor2D {
  if (!(rate >= 0 && rate < 1)) {
    throw new RangeError(`Cannot apply dropout: rate must be in [0, 1), got ${rate}`);
  }
  if (!options.training || rate === 0) return tf.relu(h);
  const seed = needRng(options).int(2 ** 31);
  const scale = 1 / (1 - rate);
  const f = tf.customGrad((...args) => {
    const [t, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    // Only positive entries survive the ReLU, so only they draw: the mask dropout(relu(h)) draws.
    const rng = createRng(seed);
    const value = mapOnHost(t, (hs, out) => {
      for (let i = 0; i < hs.length; i++) {
        out[i] = hs[i] > 0 && rng.next() >= rate ? hs[i] * scale : 0;
      }
    });
    save([value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, [y]: tf.Tensor[]) =>
        released(dy, tf.tidy(() => tf.mul(dy, tf.mul(tf.step(y), scale)))),
    };
  });
  return f(h) as tf.Tensor2D;
}

function denseDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  const scale = 1 / (1 - rate);
  const f = tf.customGrad((...args) => {
    const [t, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([t]);
    const rng = createRng(seed);
    const nz = sparseEntries(t);
    let value: tf.Tensor;
    if (nz) {
      // The same draws as the dense loop below (nonzeros in row-major order), written by a
      // scatter on the backend instead of building and uploading a mostly-zero [N, F] array.
      const index = new Int32Array(nz.index.length);
      const kept = new Float32Array(nz.index.length);
      let k = 0;
      for (let j = 0; j < nz.index.length; j++) {
        if (rng.next() >= rate) index[k] = nz.index[j], kept[k++] = nz.values[j] * scale;
      }
      const keptEntries = { index: index.slice(0, k), values: kept.slice(0, k) };
      value = k === 0 ? tf.zeros(t.shape) : tf.tidy(() =>
        tf.reshape(
          tf.scatterND(tf.tensor2d(index.subarray(0, k), [k, 1], "int32"), kept.subarray(0, k), [
            t.size,
          ]),
          t.shape,
        )
      );
      recordEntries(value, keptEntries);
    } else {
      value = mapOnHost(t, (xs, out) => {
        for (let i = 0; i < xs.length; i++) {
          out[i] = xs[i] !== 0 && rng.next() >= rate ? xs[i] * scale : 0;
        }
      });
    }
    return {
      value,
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => {
        const mask = fullMask(saved.dataSync() as Float32Array, seed, rate);
        return released(dy, tf.tidy(() => tf.mul(dy, tf.tensor(mask, dy.shape))));
      },
    };
  });
  return f(x);
}

// The mask of every entry: nonzero entries replay the forward stream, zero ones use a second one.
function fullMask(xs: Float32Array, seed: number, rate: number): Float32Array {
  const scale = 1 / (1 - rate);
  const kept = createRng(seed);
  const zeros = createRng(seed + 2 ** 31);
  const mask = new Float32Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    if ((xs[i] !== 0 ? kept.next() : zeros.next()) >= rate) mask[i] = scale;
  }
  return mask;
}

function needRng(options: ForwardOptions): Rng {
  useWasmKernels(); // before the first save: tensors kept for backward then share data
  if (!options.rng) {
    throw new RangeError(
      "Cannot apply dropout: training needs options.rng (a seeded generator from createRng)",
    );
  }
  return options.rng;
}

// tfjs keeps every intermediate gradient until the whole backward pass ends; the incoming gradient
// of a dropout is read by nothing else once this op's gradient is computed, so free it now (one
// [N, F] tensor per layer on large graphs). Disposal is reference counted, so data still shared
// with another live tensor stays.
function released(dy: tf.Tensor, dx: tf.Tensor): tf.Tensor {
  dy.dispose();
  return dx;
}
