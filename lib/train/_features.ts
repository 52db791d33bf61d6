/**
 * Model inputs from a graph, shared by the trainer and {@linkcode predict}.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Graph } from "../graph/graph.ts";
import type { CsrMatrix, Matrix } from "../graph/matrix.ts";
import { normalizeFeatures } from "../graph/normalize_features.ts";
import { toTensor } from "../nn/to_tensor.ts";
import { ContentCache } from "../graph/_content_cache.ts";

// Runs over seeds share one data set: normalise its features once, not once per run, and again
// only when they change (an in-place edit of x's arrays, or another x).
const normalized = new ContentCache<Matrix | undefined>();

/**
 * `graph` with row-normalised features: the normalised matrix is computed once per content of
 * `graph.x` (the same matrix object while `x` is unchanged); edges, labels and weights are the
 * graph's own.
 */
export function normalizedGraph(graph: Graph): Graph {
  const { x } = graph;
  if (!x) return graph;
  const structure = x.kind === "csr" ? [x.indptr, x.indices] : [];
  const normal = normalized.get(
    [graph, x.data],
    [x.data, ...structure, x.rows, x.cols],
    () => normalizeFeatures({ numNodes: graph.numNodes, edgeIndex: graph.edgeIndex, x }).x,
  );
  return normal === x ? graph : { ...graph, x: normal };
}

/** What a model's `forward` takes as node features. */
export type Features = tf.Tensor2D | CsrMatrix;

/** Dense features become a tensor; CSR ones stay on the host for the sparse kernels. */
export function toFeatures(x: Matrix): Features {
  return x.kind === "dense" ? toTensor(x) : x;
}

/** Frees features made by {@linkcode toFeatures}. */
export function disposeFeatures(x: Features): void {
  if (x instanceof tf.Tensor) x.dispose();
}
