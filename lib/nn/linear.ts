/**
 * The fully connected layer.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { addBias } from "./_add_bias.ts";
import { matmul } from "./matmul.ts";
import { sparseDenseMatmul } from "../sparse/sparse_dense_matmul.ts";
import { glorotUniform, type InitOptions, zeros } from "./init.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "./module.ts";
import { checkFeatures, checkPositiveInt, initRng } from "./_check.ts";

/** Options for {@linkcode Linear}. */
export interface LinearOptions extends InitOptions {
  /** Add a learnable bias (default true). */
  bias?: boolean;
}

/**
 * A fully connected layer, like PyG's `Linear` with Glorot initialisation:
 *
 * ```text
 * X' = X W + b            (matrix form)
 * x'_i = W^T x_i + b      (per node)
 * ```
 *
 * where `X` is `[N, F_in]`, `W` (`weight`) is `[F_in, F_out]` drawn from Glorot uniform, and `b`
 * (`bias`) is `[F_out]`, initially zero. A CSR `X` is multiplied as sparse.
 *
 * Options: `bias` (default true), `seed` (default 0) or `rng` for the initial weights.
 *
 * Shapes: input `[N, F_in]` (dense or CSR), output `[N, F_out]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { Linear } from "./linear.ts";
 * const lin = new Linear(4, 2);
 * const out = lin.forward(tf.ones([3, 4]) as tf.Tensor2D);
 * if (out.shape.join() !== "3,2" || lin.toString() !== "Linear(4, 2)") throw new Error("unexpected");
 * ```
 */
export class Linear extends Module {
  /** Input features `F_in`. */
  readonly inChannels: number;
  /** Output features `F_out`. */
  readonly outChannels: number;
  /** `[F_in, F_out]`. */
  readonly weight: tf.Variable;
  /** `[F_out]`, or `undefined` without bias. */
  readonly bias?: tf.Variable;

  /**
   * Creates the layer with a seeded Glorot weight and a zero bias.
   * @throws {RangeError} for a non-positive size
   */
  constructor(inChannels: number, outChannels: number, options: LinearOptions = {}) {
    super();
    checkPositiveInt("Linear", "inChannels", inChannels);
    checkPositiveInt("Linear", "outChannels", outChannels);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.weight = glorotUniform([inChannels, outChannels], initRng(options));
    if (options.bias ?? true) this.bias = zeros([outChannels]);
  }

  /** `X W + b` for dense or CSR `x` `[N, F_in]`. */
  forward(x: NodeFeatures, _options: ForwardOptions = {}): tf.Tensor2D {
    checkFeatures("Linear", x, this.inChannels);
    return tf.tidy(() => {
      const w = this.weight as tf.Tensor2D;
      const out = x instanceof tf.Tensor ? matmul(x as tf.Tensor2D, w) : sparseDenseMatmul(x, w);
      return (this.bias ? addBias(out, this.bias) : out) as tf.Tensor2D;
    });
  }

  /** `Linear(F_in, F_out)`, like PyTorch's repr. */
  override toString(): string {
    return `Linear(${this.inChannels}, ${this.outChannels})`;
  }
}
