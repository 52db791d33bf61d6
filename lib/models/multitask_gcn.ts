/**
 * The multi-task model of paper chapter 4.3: one GCN encoder shared by node classification, link
 * prediction and feature reconstruction heads. `trainMultiTask` trains it.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { addBias } from "../nn/_add_bias.ts";
import { dropout, reluDropout } from "../nn/dropout.ts";
import { GCNConv } from "../nn/gcn_conv.ts";
import { Linear } from "../nn/linear.ts";
import { matmul } from "../nn/matmul.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "../nn/module.ts";
import { createRng } from "../random/rng.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import { spmm } from "../sparse/spmm.ts";

/** Hyperparameters of {@linkcode MultiTaskGCN}. */
export interface MultiTaskGCNConfig {
  /** Input features `F`. */
  inChannels: number;
  /** Width of both encoder layers and of the embedding `z` (default 64). */
  hiddenChannels?: number;
  /** Classes `C` of the classification head. */
  numClasses: number;
  /** Dropout on the input and between the encoder layers, in `[0, 1)` (default 0.5). */
  dropout?: number;
  /** Seed of the initial weights (default 0). */
  seed?: number;
}

/**
 * A two-layer GCN encoder (Kipf & Welling, ICLR 2017, https://arxiv.org/abs/1609.02907) shared
 * by three task heads, the multi-task set-up of paper chapter 4.3:
 *
 * ```text
 * P = Â dropout(ReLU(Â dropout(X) W1 + b1))       sharedInput: everything before W2
 * Z = P W2 + b2                                    shared: the last shared layer, GradNorm's W
 * logits = Z Wc + bc                               node classification
 * s(u, v) = z_u · z_v                              link prediction (logit of edge u -> v)
 * X̂ = Z Wd + bd                                    feature reconstruction
 * ```
 *
 * with `Â = D̂^-1/2 (A + I) D̂^-1/2` the GCN-normalised adjacency of {@linkcode GCNConv} (`conv1`,
 * `conv2`), `D̂` the degree matrix of `A + I`, `W1 [F, H]`, `W2 [H, H]`, `Wc [H, C]` (`classifier`),
 * `Wd [H, F]` (`decoder`) and `z_u` row `u` of `Z`. The second layer is computed as `(Â H) W2` so
 * that `P` can be reused to differentiate each task's loss with respect to `W2`.
 *
 * Args (config): `inChannels` F; `hiddenChannels` H (default 64); `numClasses` C; `dropout`
 * (default 0.5, in training mode only); `seed` of the Glorot initialisation (default 0).
 *
 * Shapes: input `x` `(N, F)` and an adjacency over N nodes; {@linkcode MultiTaskGCN.embed} gives
 * `Z` `(N, H)`, `classifier.forward(Z)` `(N, C)`, `decoder.forward(Z)` `(N, F)`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { MultiTaskGCN } from "./multitask_gcn.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] }));
 * const model = new MultiTaskGCN({ inChannels: 4, hiddenChannels: 8, numClasses: 2 });
 * const z = model.embed(tf.ones([3, 4]) as tf.Tensor2D, adj);
 * if (z.shape.join() !== "3,8" || model.classifier.forward(z).shape.join() !== "3,2") {
 *   throw new Error("unexpected shape");
 * }
 * model.dispose();
 * ```
 */
export class MultiTaskGCN extends Module {
  /** The config with every default filled in. */
  readonly config: Required<MultiTaskGCNConfig>;
  /** The first encoder layer, `F -> H`. */
  readonly conv1: GCNConv;
  /** The second encoder layer, `H -> H`; its weight is the shared `W2`. */
  readonly conv2: GCNConv;
  /** The classification head `Wc`, `H -> C`. */
  readonly classifier: Linear;
  /** The feature-reconstruction head `Wd`, `H -> F`. */
  readonly decoder: Linear;

  /**
   * Builds the encoder and heads with Glorot weights drawn from `config.seed`.
   *
   * @throws {RangeError} `Cannot create MultiTaskGCN: <key> must be ...` for a bad value
   */
  constructor(config: MultiTaskGCNConfig) {
    super();
    const { inChannels, numClasses, hiddenChannels = 64, dropout = 0.5, seed = 0 } = config;
    const fail = (detail: string): never => {
      throw new RangeError(`Cannot create MultiTaskGCN: ${detail}`);
    };
    for (const [key, v] of Object.entries({ inChannels, hiddenChannels, numClasses })) {
      if (!(Number.isInteger(v) && v > 0)) fail(`${key} must be a positive integer, got ${v}`);
    }
    if (!(dropout >= 0 && dropout < 1)) fail(`dropout must be in [0, 1), got ${dropout}`);
    if (!Number.isFinite(seed)) fail(`seed must be a finite number, got ${seed}`);
    this.config = { inChannels, hiddenChannels, numClasses, dropout, seed };
    const rng = createRng(seed);
    this.conv1 = new GCNConv(inChannels, hiddenChannels, { rng });
    this.conv2 = new GCNConv(hiddenChannels, hiddenChannels, { rng });
    this.classifier = new Linear(hiddenChannels, numClasses, { rng });
    this.decoder = new Linear(hiddenChannels, inChannels, { rng });
  }

  /** `P`, the input of the shared layer `W2` `[N, hidden]`. */
  sharedInput(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    const rate = this.config.dropout;
    return tf.tidy(() => {
      const h = reluDropout(this.conv1.forward(dropout(x, rate, options), adj), rate, options);
      return spmm(this.conv2.propagationAdjacency(adj), h);
    });
  }

  /** `Z = P W2 + b2` `[N, hidden]`. */
  shared(p: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => addBias(matmul(p, this.conv2.weight as tf.Tensor2D), this.conv2.bias!));
  }

  /** The node embeddings `Z` `[N, hidden]`. */
  embed(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => this.shared(this.sharedInput(x, adj, options)));
  }

  /** The shared layer's weight `W2`, on which GradNorm balances the gradients. */
  sharedWeight(): tf.Variable {
    return this.conv2.weight;
  }

  /** The layers and dropout, like PyTorch's module repr. */
  override toString(): string {
    return `MultiTaskGCN(\n  conv1: ${this.conv1}\n  conv2: ${this.conv2}\n  classifier: ${this.classifier}\n  decoder: ${this.decoder}\n  dropout: ${this.config.dropout}\n)`;
  }
}
