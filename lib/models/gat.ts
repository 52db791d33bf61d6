/**
 * The graph attention network of Veličković et al.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { GATConv } from "../nn/gat_conv.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "../nn/module.ts";
import { createRng } from "../random/rng.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import { type ModelConfig, resolveConfig } from "./model.ts";
import { describeStack, layerWidths, runStack } from "./_stack.ts";

/**
 * GAT from Veličković et al., "Graph Attention Networks" (https://arxiv.org/abs/1710.10903), as
 * PyG's `examples/gat.py`:
 *
 * ```text
 * H = ELU( GATConv(F_in, hidden, heads=K)( dropout(X) ) )                 (heads concatenated)
 * Z = GATConv(K hidden, C, heads=K_out, concat=false)( dropout(H) )       (heads averaged)
 * ```
 *
 * `hidden` is per head (the paper: 8 heads of 8 channels, 64 in all). Extra layers (`numLayers` >
 * 2) are `GATConv(K hidden, hidden, heads=K)` with ELU. Every layer adds one self loop per node
 * and applies `attentionDropout` to its attention coefficients in training. Config: see
 * {@linkcode ModelConfig} (`dropout` 0.6 as in the paper, `heads` 8, `outHeads` 1,
 * `attentionDropout` = `dropout`, `seed` 0).
 *
 * Shapes: `x` `[N, F_in]` (dense or CSR), output logits `[N, C]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { GAT } from "./gat.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] }));
 * const model = new GAT({ inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * const logits = model.forward(tf.ones([3, 4]) as tf.Tensor2D, adj);
 * if (logits.shape.join() !== "3,2") throw new Error("unexpected shape");
 * ```
 */
export class GAT extends Module {
  /** The registry name. */
  readonly name = "gat";
  /** The configuration with every default filled in (stored in checkpoints). */
  readonly config: Required<ModelConfig>;
  /** The attention layers, first to last. */
  readonly convs: GATConv[];

  /**
   * Builds the layers from `config`, seeded by `config.seed`.
   * @throws {RangeError} naming the first invalid option
   */
  constructor(config: ModelConfig) {
    super();
    this.config = resolveConfig("gat", config);
    const rng = createRng(this.config.seed);
    const { heads, outHeads, hiddenChannels, attentionDropout: dropout } = this.config;
    this.convs = layerWidths(this.config, heads * hiddenChannels).map((w) =>
      w.last
        ? new GATConv(w.inChannels, w.outChannels, { heads: outHeads, concat: false, dropout, rng })
        : new GATConv(w.inChannels, w.outChannels, { heads, dropout, rng })
    );
  }

  /** Logits `[N, C]` for features `x` over the raw adjacency `adj`. */
  forward(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    return runStack(this.convs, x, adj, options, this.config.dropout, "elu");
  }

  /** Parameters of the first attention layer. */
  firstLayerParameters(): tf.Variable[] {
    return this.convs[0].parameters();
  }

  /** The layers and dropout, like PyTorch's module repr. */
  override toString(): string {
    return describeStack("GAT", "convs", this.convs, `dropout: ${this.config.dropout}`);
  }
}
