/**
 * The two-layer graph convolutional network of Kipf & Welling.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { GCNConv } from "../nn/gcn_conv.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "../nn/module.ts";
import { createRng } from "../random/rng.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import { type ModelConfig, resolveConfig } from "./model.ts";
import { describeStack, layerWidths, runStack } from "./_stack.ts";

/**
 * GCN from Kipf & Welling, "Semi-Supervised Classification with Graph Convolutional Networks"
 * (https://arxiv.org/abs/1609.02907), as PyG's `examples/gcn.py`:
 *
 * ```text
 * Z = GCNConv_L( dropout( ReLU( … GCNConv_1( dropout(X) ) … ) ) )
 * ```
 *
 * With the default `numLayers` 2: dropout -> `GCNConv(F_in, hidden)` -> ReLU -> dropout ->
 * `GCNConv(hidden, C)`. Extra layers are `GCNConv(hidden, hidden)` with ReLU. Every layer
 * propagates over `D^-1/2 (A + I) D^-1/2`, computed once per adjacency object and cached. A CSR
 * `X` gets sparse dropout and a sparse first product. Config: see {@linkcode ModelConfig}
 * (`dropout` 0.5, `numLayers` 2, `seed` 0).
 *
 * Shapes: `x` `[N, F_in]` (dense or CSR), output logits `[N, C]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { GCN } from "./gcn.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] }));
 * const model = new GCN({ inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * const logits = model.forward(tf.ones([3, 4]) as tf.Tensor2D, adj);
 * if (logits.shape.join() !== "3,2") throw new Error("unexpected shape");
 * ```
 */
export class GCN extends Module {
  /** The registry name. */
  readonly name = "gcn";
  /** The configuration with every default filled in (stored in checkpoints). */
  readonly config: Required<ModelConfig>;
  /** The graph convolutions, first to last. */
  readonly convs: GCNConv[];

  /**
   * Builds the layers from `config`, seeded by `config.seed`.
   * @throws {RangeError} naming the first invalid option
   */
  constructor(config: ModelConfig) {
    super();
    this.config = resolveConfig("gcn", config);
    const rng = createRng(this.config.seed);
    this.convs = layerWidths(this.config).map((w) =>
      new GCNConv(w.inChannels, w.outChannels, { rng })
    );
  }

  /** Logits `[N, C]` for features `x` over the raw adjacency `adj`. */
  forward(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    return runStack(this.convs, x, adj, options, this.config.dropout, "relu");
  }

  /** Parameters of the first convolution (weight and bias). */
  firstLayerParameters(): tf.Variable[] {
    return this.convs[0].parameters();
  }

  /** The layers and dropout, like PyTorch's module repr. */
  override toString(): string {
    return describeStack("GCN", "convs", this.convs, `dropout: ${this.config.dropout}`);
  }
}
