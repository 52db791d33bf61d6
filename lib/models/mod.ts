/**
 * Node-classification models returning logits: `MLP`, `GCN`, `GAT` and `GraphSAGE`, and
 * {@linkcode createModel} to build one by name.
 *
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
  type Model,
  MODEL_NAMES,
  type ModelConfig,
  type ModelName,
  resolveConfig,
} from "./model.ts";
export { MLP } from "./mlp.ts";
export { GCN } from "./gcn.ts";
export { GAT } from "./gat.ts";
export { GraphSAGE } from "./graph_sage.ts";
export {
  type CoEvolutionRound,
  type LearnedGraphConfig,
  type MultiGranularityConfig,
  Ours,
  OURS_OPTION_KEYS,
  type OursConfig,
  type OursOptions,
  type RegularizationConfig,
} from "./ours.ts";
export { createModel } from "./create_model.ts";
export { MultiTaskGCN, type MultiTaskGCNConfig } from "./multitask_gcn.ts";
