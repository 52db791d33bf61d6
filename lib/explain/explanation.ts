/**
 * The result every explainer returns: PyTorch Geometric's `Explanation` for node-level tasks.
 *
 * @module
 */
import type { ComputationSubgraph } from "./computation_subgraph.ts";

/**
 * What is explained, PyG's `explanation_type`: `"model"` explains the model's own prediction,
 * `"phenomenon"` explains a given target (e.g. the true label).
 */
export type ExplanationType = "model" | "phenomenon";

/**
 * Which output of the model the masks explain, PyG's `ModelConfig.return_type`: the raw logit of
 * the target class (`"raw"`), its softmax probability (`"probability"`) or log-probability
 * (`"logProbability"`).
 */
export type ExplainedOutput = "raw" | "probability" | "logProbability";

/**
 * An explanation of one or more nodes' predictions (PyG's `Explanation`). Masks are indexed by the
 * computation subgraph: node `i` is `subgraph.nodeIds[i]` of the full graph and edge `e` is
 * `subgraph.edgeIds[e]`. Larger values mean more important; gradient methods give signed
 * attributions (positive values push the explained output up).
 */
export interface Explanation {
  /** The method's registry name, e.g. `"saliency"`. */
  readonly method: string;
  /** The method's settings with every default filled in (what reproduces the explanation). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** `"model"` or `"phenomenon"`. */
  readonly explanationType: ExplanationType;
  /** The model output the masks explain. */
  readonly output: ExplainedOutput;
  /** The explained nodes (full-graph ids). */
  readonly nodes: Int32Array;
  /** The class the model predicts for each explained node. */
  readonly prediction: Int32Array;
  /** The class explained for each node: the prediction (`"model"`) or the given target. */
  readonly target: Int32Array;
  /** The explained output for each node at the unperturbed input (e.g. the target's logit). */
  readonly targetOutput: Float32Array;
  /** The graph the explanation was computed on; see {@linkcode ComputationSubgraph}. */
  readonly subgraph: ComputationSubgraph;
  /** Number of input features `F`. */
  readonly numFeatures: number;
  /** One value per subgraph node `[n]` (PyG's `node_mask` of type `"object"`). */
  readonly nodeMask?: Float32Array;
  /** One value per subgraph edge `[E_s]` (PyG's `edge_mask`). */
  readonly edgeMask?: Float32Array;
  /** One value per input feature `[F]`, summed over the subgraph's nodes (`"common_attributes"`). */
  readonly featureMask?: Float32Array;
  /** One value per subgraph node and feature `[n, F]`, row-major (`"attributes"`). */
  readonly nodeFeatureMask?: Float32Array;
  /** Diagnostics of the method, e.g. integrated gradients' completeness error. */
  readonly diagnostics?: Readonly<Record<string, number>>;
}
