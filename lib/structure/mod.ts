/**
 * Graph-structure learning (chapters 2.1-2.3 and 4.2 of the paper): learn the adjacency together
 * with the model, from dense `softmax(relu(X W X^T + b))` on small graphs to kNN and anchor graphs
 * that scale linearly, with the regularisers of the joint objective and multi-granularity
 * propagation.
 *
 * @module
 */
export type { AnchorGraph, LearnedGraph } from "./types.ts";
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
  type Sparsify,
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
