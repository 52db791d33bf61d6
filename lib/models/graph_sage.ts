/**
 * GraphSAGE of Hamilton et al.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { SAGEConv } from "../nn/sage_conv.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "../nn/module.ts";
import { createRng } from "../random/rng.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import { type ModelConfig, resolveConfig } from "./model.ts";
import { describeStack, layerWidths, runStack } from "./_stack.ts";

/**
 * GraphSAGE from Hamilton et al., "Inductive Representation Learning on Large Graphs"
 * (https://arxiv.org/abs/1706.02216), as PyG's `GraphSAGE` model:
 *
 * ```text
 * Z = SAGEConv_L( dropout( ReLU( … SAGEConv_1( dropout(X) ) … ) ) )
 * ```
 *
 * With the default `numLayers` 2: dropout -> `SAGEConv(F_in, hidden)` -> ReLU -> dropout ->
 * `SAGEConv(hidden, C)`, each `x'_i = W_1 x_i + W_2 agg_{j ∈ N(i)} x_j + b` with the config's
 * `aggregation` (default mean). Config: see {@linkcode ModelConfig} (`dropout` 0.5, `seed` 0).
 *
 * Shapes: `x` `[N, F_in]` (dense or CSR), output logits `[N, C]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { GraphSAGE } from "./graph_sage.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] }));
 * const model = new GraphSAGE({ inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * const logits = model.forward(tf.ones([3, 4]) as tf.Tensor2D, adj);
 * if (logits.shape.join() !== "3,2") throw new Error("unexpected shape");
 * ```
 */
export class GraphSAGE extends Module {
  /** The registry name. */
  readonly name = "sage";
  /** The configuration with every default filled in (stored in checkpoints). */
  readonly config: Required<ModelConfig>;
  /** The GraphSAGE layers, first to last. */
  readonly convs: SAGEConv[];

  /**
   * Builds the layers from `config`, seeded by `config.seed`.
   * @throws {RangeError} naming the first invalid option
   */
  constructor(config: ModelConfig) {
    super();
    this.config = resolveConfig("sage", config);
    const rng = createRng(this.config.seed);
    const { aggregation } = this.config;
    this.convs = layerWidths(this.config).map((w) =>
      new SAGEConv(w.inChannels, w.outChannels, { aggregation, rng })
    );
  }

  /** Logits `[N, C]` for features `x` over the adjacency `adj`. */
  forward(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    return runStack(this.convs, x, adj, options, this.config.dropout, "relu");
  }

  /** Parameters of the first layer. */
  firstLayerParameters(): tf.Variable[] {
    return this.convs[0].parameters();
  }

  /** The layers and dropout, like PyTorch's module repr. */
  override toString(): string {
    return describeStack("GraphSAGE", "convs", this.convs, `dropout: ${this.config.dropout}`);
  }
}
