/**
 * Explainers, PyTorch Geometric style: {@linkcode explain} a trained model's prediction for some
 * nodes with a registered method (saliency, input x gradient, integrated gradients, GAT attention;
 * others register with {@linkcode registerExplainMethod}), on the nodes' k-hop computation
 * subgraph, into an {@linkcode Explanation}.
 *
 * @example
 * ```ts
 * import { explain } from "./mod.ts";
 * import { createModel } from "../models/create_model.ts";
 * import { csbm } from "../datasets/synthetic.ts";
 * const data = csbm({ numNodes: 40, numClasses: 2, avgDegree: 3, featureDim: 4, seed: 0 });
 * const model = createModel("gcn", { inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * const e = explain(model, data, {
 *   nodes: [3],
 *   method: "integratedGradients",
 *   allowUntrained: true,
 * });
 * if (!(e.diagnostics!.completenessError < 1e-3)) throw new Error("incomplete");
 * model.dispose();
 * ```
 *
 * @module
 */
export type { ExplainedOutput, Explanation, ExplanationType } from "./explanation.ts";
export {
  type ComputationSubgraph,
  computationSubgraph,
  type ReceptiveField,
  receptiveField,
  type SubgraphInput,
  subgraphInput,
} from "./computation_subgraph.ts";
export { edgeMaskUnsupported, gaussLegendre, GRADIENT_DEFAULTS } from "./gradients.ts";
export {
  explain,
  type ExplainContext,
  type ExplainMethod,
  explainMethods,
  type ExplainOptions,
  type MethodResult,
  registerExplainMethod,
} from "./explain.ts";
export {
  EXACT_SHAPLEY_MAX_PLAYERS,
  exactShapley,
  type ExactShapleyOptions,
  type ShapleyValues,
} from "./exact_shapley.ts";
export { kernelShap, type KernelShapOptions, type KernelShapValues } from "./kernel_shap.ts";
export { lime, type LimeExplanation, type LimeFeatureSelection, type LimeOptions } from "./lime.ts";
export {
  type CharacterizationOptions,
  characterizationScore,
  type ExplanationMasks,
  type Fidelity,
  fidelity,
  fidelityCurveAuc,
  type FidelityInput,
  type GroundTruthMetrics,
  groundTruthMetrics,
  type GroundTruthOptions,
  type MaskedPredict,
  type MaskThreshold,
  type ProbabilityRowsLike,
  sparsity,
  type SparsityOptions,
  thresholdMask,
  unfaithfulness,
  type UnfaithfulnessInput,
} from "./metrics.ts";
export {
  type ExplainInput,
  type InferenceRun,
  PAPER_STABILITY_THRESHOLD,
  perturbFeatures,
  type PerturbOptions,
  type PredictionStability,
  predictionStability,
  type PredictionStabilityOptions,
  predictionStd,
  type PredictionStdOptions,
  type RelativeInputStability,
  relativeInputStability,
  type RelativeInputStabilityOptions,
  topKJaccard,
} from "./stability.ts";
export { type DensePredict, featureValueFn, type ValueFn } from "./value_fn.ts";
