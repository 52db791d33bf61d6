/**
 * Class probabilities of a trained model for every node: what ROC-AUC, log loss, calibration plots
 * and explainers need (PyG users write `model(x, edge_index).softmax(-1)` under `torch.no_grad()`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { GraphDataset } from "../datasets/dataset.ts";
import { adjacency } from "../sparse/adjacency.ts";
import type { TrainableModel } from "./trainable_model.ts";
import { disposeFeatures, normalizedGraph, toFeatures } from "./_features.ts";
import { checkDataset } from "../datasets/_check_dataset.ts";
import { checkModelFits, checkOptionNames, failure } from "./_checks.ts";
import { TRAIN_DEFAULTS } from "./train_options.ts";

/** Options of {@linkcode predict}. */
export interface PredictOptions {
  /**
   * Row-normalise the features first; pass what the model was trained with (default true, as
   * `train()`: {@linkcode TRAIN_DEFAULTS}).
   */
  normalizeFeatures?: boolean;
}

/** What {@linkcode predict} returns. */
export interface Prediction {
  /** Softmax probabilities `[N, C]`, row-major. */
  probabilities: Float32Array;
  /** Rows `N`: the graph's nodes. */
  numNodes: number;
  /** Columns `C`: the model's outputs. */
  numClasses: number;
  /** The most probable class per node (the first on ties, like `argmax`). */
  classes: Int32Array;
  /** Row `node` of {@linkcode Prediction.probabilities}. */
  row(node: number): Float32Array;
}

/**
 * Runs the model once in inference mode (no dropout) on the whole graph.
 *
 * @param model a trained model (lib/models, or any {@linkcode TrainableModel})
 * @param dataset the data set it was trained on
 * @param options feature normalisation, as in training
 * @returns probabilities and predicted classes for every node
 * @throws {RangeError} `Cannot predict with <model> on <dataset>: ...` for non-finite features
 *   (naming the first, `x[12, 3] is NaN`), a feature width other than the model's `inChannels`,
 *   or a model that returns another number of rows than the graph has nodes
 *
 * @example
 * ```ts
 * import { predict } from "./predict.ts";
 * import { createModel } from "../models/create_model.ts";
 * import { csbm } from "../datasets/synthetic.ts";
 * import { setBackend } from "../backend/set_backend.ts";
 * await setBackend("cpu");
 * const data = csbm({ numNodes: 60, numClasses: 3, avgDegree: 4, seed: 1 });
 * const model = createModel("gcn", {
 *   inChannels: data.graph.x.cols, outChannels: 3, hiddenChannels: 4, seed: 0,
 * });
 * const p = predict(model, data);
 * const sum = p.row(0).reduce((a, b) => a + b, 0);
 * if (p.classes.length !== 60 || Math.abs(sum - 1) > 1e-5) throw new Error("unexpected");
 * model.dispose();
 * ```
 */
export function predict(
  model: TrainableModel,
  dataset: GraphDataset,
  options: PredictOptions = {},
): Prediction {
  const fail = failure(`predict with ${model?.name ?? "model"} on ${dataset?.name ?? "dataset"}`);
  checkOptionNames(options, ["normalizeFeatures"], fail);
  const { normalizeFeatures = TRAIN_DEFAULTS.normalizeFeatures } = options;
  if (typeof normalizeFeatures !== "boolean") {
    fail(
      `option normalizeFeatures must be true or false, got ${JSON.stringify(normalizeFeatures)}`,
    );
  }
  checkDataset(dataset, fail, { labels: false, splits: false });
  checkModelFits(model, dataset, fail, { classes: false });
  const graph = normalizeFeatures ? normalizedGraph(dataset.graph) : dataset.graph;
  const x = toFeatures(graph.x!);
  const [probs, classes] = tf.tidy(() => {
    const p = tf.softmax(model.forward(x, adjacency(graph), { training: false }));
    return [p, tf.argMax(p, 1)];
  });
  disposeFeatures(x);
  const [numNodes, numClasses] = probs.shape as [number, number];
  if (numNodes !== graph.numNodes) {
    probs.dispose();
    classes.dispose();
    fail(`it returned ${numNodes} rows for the graph's ${graph.numNodes} nodes`);
  }
  const probabilities = Float32Array.from(probs.dataSync());
  const predicted = Int32Array.from(classes.dataSync());
  probs.dispose();
  classes.dispose();
  return {
    probabilities,
    numNodes,
    numClasses,
    classes: predicted,
    row: (node) => probabilities.subarray(node * numClasses, (node + 1) * numClasses),
  };
}
