/**
 * The base class of every layer and model: parameter discovery with stable names, disposal and a
 * readable `toString()`, like PyTorch's `nn.Module`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { CsrMatrix } from "../graph/matrix.ts";
import type { Rng } from "../random/rng.ts";

/**
 * Node features a layer or model takes: a dense `[N, F]` tensor, or a sparse CSR matrix (bag-of-words
 * data sets), which the first layer multiplies as sparse.
 */
export type NodeFeatures = tf.Tensor2D | CsrMatrix;

/** Options of every `forward` call. */
export interface ForwardOptions {
  /** Training mode: dropout is active (default false, evaluation). */
  training?: boolean;
  /** Seeds the dropout masks; required when training with dropout. */
  rng?: Rng;
  /**
   * A differentiable weight per edge of the input adjacency `[E]` multiplying that edge's
   * messages in every layer (PyG's `set_masks`, what GNNExplainer and PGExplainer train). Degrees
   * and normalisations stay those of the unmasked graph, and the self loops a layer adds get
   * weight 1, as in PyG. Supported by GCN, GAT, GraphSAGE (mean and sum) and AdaptiveGNN without
   * a learned graph or multi-granularity.
   */
  edgeMask?: tf.Tensor1D;
}

/**
 * A layer or model holding `tf.Variable` parameters. Parameters are found by walking the instance's
 * own enumerable fields in declaration order: a `tf.Variable` field `weight` is named `"weight"`,
 * a sub-module field `lin` contributes `"lin.weight"`, and an array field `convs` of modules
 * contributes `"convs.0.weight"`, `"convs.1.weight"`, ... The names are stable, so checkpoints can
 * rely on them. Private (`#`) fields are not walked.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { Module } from "./module.ts";
 * class Scale extends Module {
 *   factor = tf.variable(tf.scalar(2));
 * }
 * class Net extends Module {
 *   layers = [new Scale(), new Scale()];
 * }
 * const names = new Net().namedParameters().map(([name]) => name).join();
 * if (names !== "layers.0.factor,layers.1.factor") throw new Error(names);
 * ```
 */
export abstract class Module {
  /** Every parameter with its dotted name, in a stable order (see the class docs). */
  namedParameters(): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    for (const [key, value] of Object.entries(this)) collect(key, value, out);
    return out;
  }

  /** Every parameter, in {@linkcode Module.namedParameters} order. */
  parameters(): tf.Variable[] {
    return this.namedParameters().map(([, v]) => v);
  }

  /** Total number of scalar parameters. */
  numParameters(): number {
    return this.parameters().reduce((n, v) => n + v.size, 0);
  }

  /** Frees every parameter's memory; the module cannot be used afterwards. */
  dispose(): void {
    for (const v of this.parameters()) v.dispose();
  }

  /** The class name; layers override this with their shape, like `GCNConv(16, 32)`. */
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

function collect(name: string, value: unknown, out: [string, tf.Variable][]): void {
  if (value instanceof tf.Variable) out.push([name, value]);
  else if (value instanceof Module) {
    for (const [sub, v] of value.namedParameters()) out.push([`${name}.${sub}`, v]);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => collect(`${name}.${i}`, item, out));
  }
}
