/**
 * The multi-layer perceptron baseline: node features only, no edges.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { Linear } from "../nn/linear.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "../nn/module.ts";
import { createRng } from "../random/rng.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import { type ModelConfig, resolveConfig } from "./model.ts";
import { describeStack, layerWidths, runStack } from "./_stack.ts";

/**
 * A multi-layer perceptron, the graph-free baseline (PyG's `MLP`):
 *
 * ```text
 * Z = Linear_L( dropout( ReLU( … Linear_1( dropout(X) ) … ) ) )
 * z_i = f(x_i)       (each node on its own; the adjacency is ignored)
 * ```
 *
 * With the default `numLayers` 2: dropout -> `Linear(F_in, hidden)` -> ReLU -> dropout ->
 * `Linear(hidden, C)`, Glorot-initialised weights and zero biases. Config: see
 * {@linkcode ModelConfig} (`dropout` 0.5, `seed` 0).
 *
 * Shapes: `x` `[N, F_in]` (dense or CSR), output logits `[N, C]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { MLP } from "./mlp.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] }));
 * const model = new MLP({ inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * const logits = model.forward(tf.ones([3, 4]) as tf.Tensor2D, adj);
 * if (logits.shape.join() !== "3,2") throw new Error("unexpected shape");
 * ```
 */
export class MLP extends Module {
  /** The registry name. */
  readonly name = "mlp";
  /** The configuration with every default filled in (stored in checkpoints). */
  readonly config: Required<ModelConfig>;
  /** The linear layers, first to last. */
  readonly lins: Linear[];

  /**
   * Builds the layers from `config`, seeded by `config.seed`.
   * @throws {RangeError} naming the first invalid option
   */
  constructor(config: ModelConfig) {
    super();
    this.config = resolveConfig("mlp", config);
    const rng = createRng(this.config.seed);
    this.lins = layerWidths(this.config).map((w) =>
      new Linear(w.inChannels, w.outChannels, { rng })
    );
  }

  /** Logits `[N, C]` for features `x`; `adj` is accepted for a uniform API and ignored. */
  forward(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    const layers = this.lins.map((lin) => ({ forward: (h: NodeFeatures) => lin.forward(h) }));
    return runStack(layers, x, adj, options, this.config.dropout, "relu");
  }

  /** Parameters of the first linear layer. */
  firstLayerParameters(): tf.Variable[] {
    return this.lins[0].parameters();
  }

  /** The layers and dropout, like PyTorch's module repr. */
  override toString(): string {
    return describeStack("MLP", "lins", this.lins, `dropout: ${this.config.dropout}`);
  }
}
