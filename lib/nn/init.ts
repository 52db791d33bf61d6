/**
 * Seeded weight initialisers: Glorot (Xavier) uniform for weights and zeros for biases, as PyTorch
 * Geometric and Kipf & Welling's GCN code initialise their layers.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random/rng.ts";

/** How layers get their initial weights: a shared generator, or a seed (default 0). */
export interface InitOptions {
  /** Seed of the Glorot initialisation (default 0); ignored when `rng` is given. */
  seed?: number;
  /** A generator to draw the initial weights from (models pass one shared generator). */
  rng?: Rng;
}

/**
 * A trainable variable drawn from Glorot uniform, `U(-limit, limit)` with
 * `limit = sqrt(6 / (fan_in + fan_out))`, where `fan_in` and `fan_out` are the last two dimensions
 * of `shape` (Glorot & Bengio, https://proceedings.mlr.press/v9/glorot10a.html). Values come from
 * `rng` in row-major order, so the same seed gives the same weights on every backend.
 *
 * @param shape `[fan_in, fan_out]` (or more dimensions; the last two are the fans)
 * @param rng the seeded generator to draw from
 * @returns a new trainable `tf.Variable`
 *
 * @example
 * ```ts
 * import { glorotUniform } from "./init.ts";
 * import { createRng } from "../random/rng.ts";
 * const w = glorotUniform([4, 2], createRng(0));
 * const limit = Math.sqrt(6 / 6);
 * if (w.dataSync().some((v) => Math.abs(v) > limit)) throw new Error("out of range");
 * ```
 */
export function glorotUniform(shape: number[], rng: Rng): tf.Variable {
  const fanIn = shape.length > 1 ? shape[shape.length - 2] : shape[0];
  const fanOut = shape[shape.length - 1];
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (2 * rng.next() - 1) * limit;
  return variableFrom(tf.tensor(values, shape));
}

/**
 * A trainable variable of zeros (biases).
 *
 * @param shape the variable's shape
 * @returns a new trainable `tf.Variable`
 *
 * @example
 * ```ts
 * import { zeros } from "./init.ts";
 * if (zeros([3]).dataSync().join() !== "0,0,0") throw new Error("unexpected");
 * ```
 */
export function zeros(shape: number[]): tf.Variable {
  return variableFrom(tf.zeros(shape));
}

function variableFrom(initial: tf.Tensor): tf.Variable {
  const v = tf.variable(initial);
  initial.dispose();
  return v;
}
