/**
 * Node-classification models returning logits: `MLP`, `GCN`, `GAT`, `GraphSAGE` and the adaptive
 * graph-structure learner `AdaptiveGNN`, and {@linkcode createModel} to build one by name. The
 * top-level module exports the models, their configs and `createModel`; the registry helpers
 * (`canonicalModelName`, `MODEL_ALIASES`, `resolveConfig`) are for writing a model of your own.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { createModel } from "./mod.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] }));
 * const model = createModel("sage", { inChannels: 5, hiddenChannels: 4, outChannels: 2 });
 * if (model.forward(tf.ones([3, 5]) as tf.Tensor2D, adj).shape.join() !== "3,2") {
 *   throw new Error("unexpected");
 * }
 * ```
 *
 * @module
 */
export {
  canonicalModelName,
  type Model,
  MODEL_ALIASES,
  MODEL_NAMES,
  type ModelConfig,
  type ModelName,
  resolveConfig,
} from "./model.ts";
export { MLP } from "./mlp.ts";
export { GCN } from "./gcn.ts";
export { GAT } from "./gat.ts";
export { GraphSAGE } from "./graph_sage.ts";
export { AdaptiveGNN, type AdaptiveGNNOutput, type CoEvolutionRound } from "./adaptive_gnn.ts";
export type {
  AdaptiveGNNConfig,
  AdaptiveGNNOptionalParts,
  AdaptiveGNNOptions,
  LearnedGraphConfig,
  MultiGranularityConfig,
  RegularizationConfig,
  ResolvedAdaptiveGNNConfig,
} from "./adaptive_gnn_options.ts";
export { createModel } from "./create_model.ts";
export { MultiTaskGCN, type MultiTaskGCNConfig } from "./multitask_gcn.ts";
export {
  LearnedGraphClassifier,
  type LearnedGraphClassifierConfig,
} from "./learned_graph_classifier.ts";
