/**
 * DropNode: seeded dropout of whole node rows.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ForwardOptions } from "./module.ts";

/**
 * DropNode (GRAND, Feng et al. 2020, https://arxiv.org/abs/2005.11079): in training, zeroes each
 * node's whole row with probability `rate` and scales the kept rows by `1 / (1 - rate)`, so
 * expectations are unchanged; in evaluation (`training` false, the default) returns `h` itself.
 *
 * ```text
 * h'_i = m_i h_i / (1 - p),   m_i ~ Bernoulli(1 - p)   (one draw per node i)
 * ```
 *
 * The mask draws one number per row from `options.rng`, in row order, so a seed gives the same
 * rows on every backend.
 *
 * Shapes: `h` `[N, F]`, result the same.
 *
 * @param h node representations `[N, F]`
 * @param rate drop probability `p` in `[0, 1)`
 * @param options `training` (default false) and `rng` (required when training with `rate > 0`)
 * @returns the masked, rescaled rows (the same tensor when not training or `rate` is 0)
 * @throws {RangeError} when `rate` is outside `[0, 1)` or `rng` is missing in training
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { dropNode } from "./drop_node.ts";
 * import { createRng } from "../random/rng.ts";
 * const h = tf.ones([4, 3]) as tf.Tensor2D;
 * const rows = dropNode(h, 0.5, { training: true, rng: createRng(1) }).arraySync();
 * // Every row is dropped (all 0) or kept and scaled by 1 / (1 - 0.5) (all 2).
 * if (!rows.every((r) => r.every((v) => v === r[0]) && (r[0] === 0 || r[0] === 2))) {
 *   throw new Error("unexpected");
 * }
 * if (dropNode(h, 0.5) !== h) throw new Error("evaluation must be the identity");
 * ```
 */
export function dropNode(h: tf.Tensor2D, rate: number, options: ForwardOptions = {}): tf.Tensor2D {
  if (!(rate >= 0 && rate < 1)) {
    throw new RangeError(`Cannot apply DropNode: rate must be in [0, 1), got ${rate}`);
  }
  if (!options.training || rate === 0) return h;
  const { rng } = options;
  if (!rng) {
    throw new RangeError(
      "Cannot apply DropNode: training needs options.rng (a seeded generator from createRng)",
    );
  }
  const n = h.shape[0];
  const mask = Float32Array.from({ length: n }, () => rng.next() < rate ? 0 : 1 / (1 - rate));
  return tf.tidy(() => tf.mul(h, tf.tensor2d(mask, [n, 1])));
}
