/**
 * Graph-structure learning (chapters 2.1-2.3 and 4.2 of the paper): learn the adjacency together
 * with the model, from dense `softmax(relu(X W X^T + b))` on small graphs to kNN and anchor graphs
 * that scale linearly, with the regularisers of the joint objective and multi-granularity
 * propagation. `AdaptiveGNN` (lib/models) is built from these. The top-level module exports the
 * helpers that inspect it: `LearnedGraph`, `graphChange`, `granularityLevels`, `hierarchyGraph`
 * and `simulateSpreading`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { DenseGraphLearner, sparsityL1 } from "./mod.ts";
 * // softmax(relu(X W X^T + b)) on 3 nodes: a row-stochastic [3, 3] adjacency.
 * const a = new DenseGraphLearner({ inChannels: 2 }).forward(tf.tensor2d([[1, 0], [1, 1], [0, 1]]));
 * const l1 = sparsityL1(a).dataSync()[0]; // every row sums to 1, so ||A||_1 = N
 * if (a.shape.join() !== "3,3" || Math.abs(l1 - 3) > 1e-5) throw new Error(`unexpected ${l1}`);
 * ```
 *
 * @module
 */
export type { AnchorGraph, LearnedGraph, Sparsify } from "./types.ts";
export {
  type GranularityLevel,
  granularityLevels,
  type GranularityOptions,
  type HierarchyGraph,
  hierarchyGraph,
  type HierarchyGraphOptions,
  type LevelAssignment,
} from "./hierarchy.ts";
export {
  type MultiGranularityOptions,
  MultiGranularityPropagation,
  simulateSpreading,
  type SpreadingOptions,
  type SpreadingTrace,
} from "./multi_granularity.ts";
export {
  DENSE_MAX_NODES,
  DenseGraphLearner,
  type DenseGraphLearnerOptions,
  denseToLearnedGraph,
  type DenseToLearnedGraphOptions,
} from "./dense_graph_learner.ts";
export {
  dirichletEnergy,
  graphRegularization,
  type GraphRegularizationOptions,
  type GraphRegularizationTerms,
  logDegreeBarrier,
  type LogDegreeBarrierOptions,
  type RegularizerGraph,
  type RegularizerNormalization,
  type RegularizerOptions,
  sparsityL1,
} from "./regularizers.ts";
export {
  type MetricGraphOptions,
  WeightedCosineLearner,
  type WeightedCosineLearnerOptions,
} from "./metric_learner.ts";
export { graphChange } from "./graph_change.ts";
export {
  AnchorGraphLearner,
  type AnchorGraphLearnerOptions,
  type AnchorGraphOptions,
  anchorPropagate,
  sampleAnchors,
} from "./anchor_learner.ts";
export { mixGraphs } from "./graph_mix.ts";
