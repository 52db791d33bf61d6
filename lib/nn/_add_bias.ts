/**
 * Bias addition that keeps nothing for the backward pass.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/**
 * `x + b` for `x` `[N, F]` and `b` `[F]`, with gradients `dy` and `sum_rows(dy)`. tf.add's gradient
 * saves both inputs (to recover the broadcast shapes), which keeps a `[N, F]` copy of every
 * pre-activation alive until the backward pass ends; this op saves nothing.
 */
export function addBias(x: tf.Tensor2D, b: tf.Tensor): tf.Tensor2D {
  const f = tf.customGrad((...args) => {
    const [t, bias] = args as [tf.Tensor2D, tf.Tensor1D];
    return {
      value: tf.add(t, bias),
      gradFunc: (dy: tf.Tensor) => [dy, tf.sum(dy, 0)],
    };
  });
  return f(x, b) as tf.Tensor2D;
}
