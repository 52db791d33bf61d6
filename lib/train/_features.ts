/**
 * Model inputs from a graph, shared by the trainer and {@linkcode predict}.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Graph } from "../graph/graph.ts";
import type { CsrMatrix, Matrix } from "../graph/matrix.ts";
import { normalizeFeatures } from "../graph/normalize_features.ts";

// Runs over seeds share one data set: normalise its features once, not once per run.
const normalized = new WeakMap<Graph, Graph>();

/** `graph` with row-normalised features, computed once per graph object. */
export function normalizedGraph(graph: Graph): Graph {
  let found = normalized.get(graph);
  if (!found) normalized.set(graph, found = normalizeFeatures(graph));
  return found;
}

/** What a model's `forward` takes as node features. */
export type Features = tf.Tensor2D | CsrMatrix;

/** Dense features become a tensor; CSR ones stay on the host for the sparse kernels. */
export function toFeatures(x: Matrix): Features {
  return x.kind === "dense" ? tf.tensor2d(x.data, [x.rows, x.cols]) : x;
}

/** Frees features made by {@linkcode toFeatures}. */
export function disposeFeatures(x: Features): void {
  if (x instanceof tf.Tensor) x.dispose();
}
