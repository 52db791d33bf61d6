/**
 * The explainers' entry point, in the spirit of PyG's `Explainer`: checks the inputs, takes the
 * computation subgraph and dispatches to a registered method.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { GraphDataset } from "../datasets/dataset.ts";
import type { Model } from "../models/model.ts";
import { selectRows } from "../graph/select_rows.ts";
import { toTensor } from "../nn/to_tensor.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { normalizedGraph } from "../train/_features.ts";
import { computationSubgraph, receptiveField, subgraphInput } from "./computation_subgraph.ts";
import type { ComputationSubgraph } from "./computation_subgraph.ts";
import type { ExplainedOutput, Explanation, ExplanationType } from "./explanation.ts";
import { GRADIENT_METHODS } from "./gradients.ts";

/**
 * What a method gets: the model on the computation subgraph, ready to evaluate. Row `i <
 * numNodes` of `x` is subgraph node `i`; the rows after it are boundary nodes (see
 * {@linkcode ComputationSubgraph}).
 */
export interface ExplainContext {
  /** The model, in evaluation mode. */
  readonly model: Model;
  /** Features of the subgraph's nodes then the boundary's `[n + n_b, F]` (normalised as in training). */
  readonly x: tf.Tensor2D;
  /** The subgraph's adjacency (its edges first, then the boundary's). */
  readonly adj: SparseAdjacency;
  /** The computation subgraph. */
  readonly subgraph: ComputationSubgraph;
  /** Subgraph nodes `n` (the rows of `x` masks cover). */
  readonly numNodes: number;
  /** Subgraph edges `E_s` (the edges an edge mask covers). */
  readonly numEdges: number;
  /** The rows of the explained nodes. */
  readonly positions: Int32Array;
  /** The class explained per node. */
  readonly target: Int32Array;
  /** The output explained. */
  readonly output: ExplainedOutput;
  /**
   * The explained output per explained node `[nodes]` for features `x` (default: `ctx.x`) and,
   * where the model supports it, a weight per subgraph edge multiplying its messages `[E_s]`.
   */
  score(x?: tf.Tensor2D, edgeMask?: tf.Tensor1D): tf.Tensor1D;
}

/** The masks and diagnostics a method returns; {@linkcode explain} adds the rest. */
export type MethodResult = Pick<
  Explanation,
  "nodeMask" | "edgeMask" | "featureMask" | "nodeFeatureMask" | "diagnostics"
>;

/** A registered explanation method. */
export interface ExplainMethod {
  /** Why the method cannot explain `model`, or `undefined` when it can. */
  notApplicable?(model: Model): string | undefined;
  /** The method's settings with defaults filled in; throws on a bad one. */
  resolveSettings(settings: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Computes the masks. */
  run(ctx: ExplainContext, settings: Readonly<Record<string, unknown>>): MethodResult;
}

const METHODS = new Map<string, ExplainMethod>(Object.entries(GRADIENT_METHODS));

/**
 * Makes `method` available to {@linkcode explain} under `name` (KernelSHAP, LIME, GNNExplainer
 * and PGExplainer register themselves this way).
 *
 * @throws {RangeError} when `name` is taken
 *
 * @example
 * ```ts
 * import { explainMethods, registerExplainMethod } from "./explain.ts";
 * registerExplainMethod("constant", {
 *   resolveSettings: () => ({}),
 *   run: (ctx) => ({ nodeMask: new Float32Array(ctx.numNodes).fill(1) }),
 * });
 * if (!explainMethods().includes("constant")) throw new Error("not registered");
 * ```
 */
export function registerExplainMethod(name: string, method: ExplainMethod): void {
  if (METHODS.has(name)) {
    throw new RangeError(`Cannot register explain method: "${name}" is already registered`);
  }
  METHODS.set(name, method);
}

/** The registered method names, e.g. `"saliency"`, `"integratedGradients"`, `"attention"`. */
export function explainMethods(): string[] {
  return [...METHODS.keys()];
}

/** Options of {@linkcode explain}. */
export interface ExplainOptions {
  /** The node or nodes to explain (full-graph ids). */
  nodes: number | ArrayLike<number>;
  /** A method of {@linkcode explainMethods}. */
  method: string;
  /** `"model"` (default: explain the prediction) or `"phenomenon"` (explain `target`). */
  explanationType?: ExplanationType;
  /** With `"phenomenon"`: the class per node, or one for all (default: the data set's labels). */
  target?: number | ArrayLike<number>;
  /** The output explained (default `"raw"`, the logit). */
  output?: ExplainedOutput;
  /** Row-normalise features first, as the model was trained (default true, as `train()`). */
  normalizeFeatures?: boolean;
  /** Explain a model whose biases are all still 0, i.e. never trained (default false). */
  allowUntrained?: boolean;
  /** The method's own settings (e.g. `steps` of integrated gradients). */
  settings?: Record<string, unknown>;
}

const OPTION_NAMES = [
  "nodes",
  "method",
  "explanationType",
  "target",
  "output",
  "normalizeFeatures",
  "allowUntrained",
  "settings",
];

/**
 * Explains a trained model's prediction for one or more nodes with a registered method, on the
 * nodes' computation subgraph (or the full graph for a model without a local receptive field; the
 * explanation says so).
 *
 * @param model a trained model of lib/models
 * @param data the data set it was trained on
 * @param options the nodes, the method and its settings
 * @returns the {@linkcode Explanation}
 * @throws {RangeError} `Cannot explain: <argument> ...` for an out-of-range or non-integer node,
 *   a feature width other than the model's, an untrained model, a method that is unknown or does
 *   not apply to the model, or a bad target or setting
 *
 * @example
 * ```ts
 * import { explain } from "./explain.ts";
 * import { createModel } from "../models/create_model.ts";
 * import { csbm } from "../datasets/synthetic.ts";
 * const data = csbm({ numNodes: 40, numClasses: 2, avgDegree: 3, featureDim: 4, seed: 0 });
 * const model = createModel("gcn", { inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * const e = explain(model, data, { nodes: 3, method: "saliency", allowUntrained: true });
 * if (e.featureMask!.length !== 4 || e.subgraph.mapping.length !== 1) throw new Error("unexpected");
 * model.dispose();
 * ```
 */
export function explain(model: Model, data: GraphDataset, options: ExplainOptions): Explanation {
  const fail = (detail: string): never => {
    throw new RangeError(`Cannot explain: ${detail}`);
  };
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      fail(`unknown option ${key} (expected one of ${OPTION_NAMES.join(", ")})`);
    }
  }
  const {
    method: methodName,
    explanationType = "model",
    output = "raw",
    normalizeFeatures = true,
    allowUntrained = false,
    settings = {},
  } = options;
  const method = METHODS.get(methodName) ??
    fail(`method "${methodName}" is unknown (expected one of ${explainMethods().join(", ")})`);
  const N = data.graph.numNodes;
  if (options.nodes === undefined) fail("nodes is required (a node id or a list of them)");
  const nodes = typeof options.nodes === "number" ? [options.nodes] : Array.from(options.nodes);
  if (nodes.length === 0) fail("nodes is empty (expected at least one node id)");
  const seen = new Set<number>();
  for (const v of nodes) {
    if (!(Number.isInteger(v) && v >= 0 && v < N)) {
      fail(`nodes must be integer node ids in [0, ${N}), got ${v}`);
    }
    if (seen.has(v)) fail(`nodes lists node ${v} twice`);
    seen.add(v);
  }
  if (explanationType !== "model" && explanationType !== "phenomenon") {
    fail(`explanationType must be "model" or "phenomenon", got ${JSON.stringify(explanationType)}`);
  }
  if (!["raw", "probability", "logProbability"].includes(output)) {
    fail(`output must be "raw", "probability" or "logProbability", got ${JSON.stringify(output)}`);
  }
  const F = data.graph.x.cols;
  const inChannels = (model.config as { inChannels?: number }).inChannels;
  if (inChannels !== F) {
    fail(`model takes ${inChannels} input features (inChannels) but data.graph.x has ${F} columns`);
  }
  if (!allowUntrained && looksUntrained(model)) {
    fail(
      `model "${model.name}" looks untrained (every bias is still 0); train it first, or pass ` +
        "allowUntrained: true",
    );
  }
  const why = method.notApplicable?.(model);
  if (why) fail(`method "${methodName}" does not apply to model "${model.name}": ${why}`);
  const resolved = method.resolveSettings(settings);

  const graph = normalizeFeatures ? normalizedGraph(data.graph) : data.graph;
  const subgraph = computationSubgraph(graph, nodes, receptiveField(model));
  const input = subgraphInput(graph, subgraph);
  const adj = adjacency(input.graph);
  const x = tf.tidy(() => toTensor(selectRows(graph.x!, input.rows)));
  try {
    const positions = subgraph.mapping;
    const logits = tf.tidy(() => tf.gather(model.forward(x, adj), positions));
    const prediction = Int32Array.from(tf.tidy(() => tf.argMax(logits, 1)).dataSync());
    logits.dispose();
    const target = explanationType === "model"
      ? prediction
      : resolveTarget(options.target, data, nodes, model.config as { outChannels: number }, fail);
    const score = (xs: tf.Tensor2D = x, edgeMask?: tf.Tensor1D): tf.Tensor1D =>
      tf.tidy(() => {
        // Boundary edges are never masked: they get weight 1.
        const boundary = adj.numEdges - subgraph.edgeIds.length;
        const full = edgeMask && boundary > 0
          ? tf.concat([edgeMask, tf.ones([boundary])]) as tf.Tensor1D
          : edgeMask;
        const out = model.forward(xs, adj, full && { edgeMask: full });
        const rows = tf.gather(
          output === "raw" ? out : output === "probability" ? tf.softmax(out) : tf.logSoftmax(out),
          positions,
        );
        const onehot = tf.oneHot(target, rows.shape[1]);
        return tf.sum(tf.mul(rows, onehot), 1) as tf.Tensor1D;
      });
    const ctx: ExplainContext = {
      model,
      x,
      adj,
      subgraph,
      numNodes: subgraph.nodeIds.length,
      numEdges: subgraph.edgeIds.length,
      positions,
      target,
      output,
      score,
    };
    const targetOutput = Float32Array.from(tf.tidy(() => score()).dataSync());
    const result = method.run(ctx, resolved);
    return {
      method: methodName,
      settings: resolved,
      explanationType,
      output,
      nodes: Int32Array.from(nodes),
      prediction,
      target,
      targetOutput,
      subgraph,
      numFeatures: F,
      ...result,
    };
  } finally {
    x.dispose();
  }
}

function resolveTarget(
  given: number | ArrayLike<number> | undefined,
  data: GraphDataset,
  nodes: number[],
  config: { outChannels: number },
  fail: (detail: string) => never,
): Int32Array {
  const C = config.outChannels;
  const target = given === undefined
    ? Int32Array.from(nodes, (v) => data.graph.y[v])
    : typeof given === "number"
    ? new Int32Array(nodes.length).fill(given)
    : Int32Array.from(given);
  if (given !== undefined && typeof given !== "number" && given.length !== nodes.length) {
    fail(`target must have one class per node (${nodes.length}), got ${given.length}`);
  }
  const values = given === undefined ? [] : typeof given === "number" ? [given] : Array.from(given);
  for (const t of values) {
    if (!(Number.isInteger(t) && t >= 0 && t < C)) {
      fail(`target must be integer classes in [0, ${C}), got ${t}`);
    }
  }
  return target;
}

/** True when the model has biases and every one is still exactly 0 (they start at 0). */
function looksUntrained(model: Model): boolean {
  const biases = model.namedParameters().filter(([name]) => name.endsWith("bias"));
  if (biases.length === 0) return false;
  return biases.every(([, b]) => tf.tidy(() => tf.max(tf.abs(b)).dataSync()[0]) === 0);
}
