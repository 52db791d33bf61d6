/**
 * Adam with PyTorch's semantics: `torch.optim.Adam(params, lr, weight_decay)`, where weight decay
 * is the L2 form (`g += weightDecay * w` before the moment updates, not AdamW's decoupled decay).
 * Built on `tf.train.adam`, whose update is the same bias-corrected rule.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Options of {@linkcode Adam}. */
export interface AdamOptions {
  /** Learning rate (required, positive). */
  lr: number;
  /** L2 penalty coefficient (default 0). */
  weightDecay?: number;
  /** The weights that get the penalty (default: all parameters, as PyTorch does incl. biases). */
  decayed?: readonly tf.Variable[];
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8 (PyTorch's; tf's own default is 1e-7). */
  eps?: number;
}

/**
 * Adam ([Kingma & Ba, 2015](https://arxiv.org/abs/1412.6980)) over a fixed list of variables,
 * with an adjustable learning rate for schedules.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { Adam } from "./optimizer.ts";
 * const w = tf.variable(tf.tensor1d([1]));
 * const opt = new Adam([w], { lr: 0.1 });
 * opt.step(() => w.square().sum() as tf.Scalar).dispose();
 * // Adam's first step moves every weight by lr against its gradient's sign.
 * if (Math.abs(w.dataSync()[0] - 0.9) > 1e-6) throw new Error("unexpected");
 * opt.dispose();
 * ```
 */
export class Adam {
  readonly #params: tf.Variable[];
  readonly #decayed: Set<tf.Variable>;
  readonly #weightDecay: number;
  readonly #adam: tf.AdamOptimizer;

  /** Optimises `params`; throws naming the option when lr or weightDecay are invalid. */
  constructor(params: readonly tf.Variable[], options: AdamOptions) {
    const { lr, weightDecay = 0, decayed = params, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } =
      options;
    if (!(lr > 0 && Number.isFinite(lr))) {
      throw new RangeError(`Cannot create Adam: lr must be a positive number, got ${lr}`);
    }
    if (!(weightDecay >= 0 && Number.isFinite(weightDecay))) {
      throw new RangeError(
        `Cannot create Adam: weightDecay must be a non-negative number, got ${weightDecay}`,
      );
    }
    this.#params = [...params];
    this.#decayed = new Set(decayed);
    this.#weightDecay = weightDecay;
    this.#adam = tf.train.adam(lr, beta1, beta2, eps);
  }

  /** The learning rate used by the next step. */
  get lr(): number {
    return (this.#adam as unknown as { learningRate: number }).learningRate;
  }

  set lr(value: number) {
    if (!(value > 0 && Number.isFinite(value))) {
      throw new RangeError(`Cannot set Adam lr: expected a positive number, got ${value}`);
    }
    // tf's AdamOptimizer reads this field on every applyGradients call.
    (this.#adam as unknown as { learningRate: number }).learningRate = value;
  }

  /**
   * One update: differentiates `loss` w.r.t. the parameters, adds the L2 term, applies Adam.
   * Returns the loss (the caller disposes it); intermediates are freed.
   */
  step(loss: () => tf.Scalar): tf.Scalar {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, this.#params);
      if (this.#weightDecay > 0) {
        for (const v of this.#params) {
          if (this.#decayed.has(v) && grads[v.name]) {
            grads[v.name] = grads[v.name].add(v.mul(this.#weightDecay));
          }
        }
      }
      this.#adam.applyGradients(
        Object.entries(grads).map(([name, tensor]) => ({ name, tensor })),
      );
      return value;
    });
  }

  /** Frees the moment estimates. */
  dispose(): void {
    this.#adam.dispose();
  }
}
