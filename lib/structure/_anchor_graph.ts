/**
 * The node graph `A = R Λ^-1 R^T` of an {@linkcode AnchorGraph}, used through R without forming it:
 * its degrees and the sums over its anchors that propagation and the regularisers share.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { spmm } from "../sparse/spmm.ts";
import type { AnchorGraph } from "./types.ts";

/** Below this a degree counts as 0: its row (or anchor) contributes nothing instead of 1/0. */
export const TINY = 1e-12;

/** Whether a learned graph is the node-anchor affinities R of an anchor graph. */
export function isAnchorGraph(graph: object): graph is AnchorGraph {
  return "anchors" in graph;
}

/** `R^T h` at the anchors' rows (zeros elsewhere) and `Λ = R^T 1` likewise, `[N, F]` and `[N, 1]`. */
export function toAnchors(
  r: AnchorGraph,
  h: tf.Tensor2D,
  adj: SparseAdjacency = adjacency(r.graph),
): [tf.Tensor2D, tf.Tensor2D] {
  return [spmm(adj, h, r.weights), spmm(adj, tf.ones([r.graph.numNodes, 1]), r.weights)];
}

/** Node degrees of `A = R Λ^-1 R^T`: `A 1 = R 1`, `[N, 1]` (A is symmetric: in = out degree). */
export function anchorNodeDegree(
  r: AnchorGraph,
  adj: SparseAdjacency = adjacency(r.graph),
): tf.Tensor2D {
  return spmm(adj.reversed, tf.ones([r.graph.numNodes, 1]), r.weights);
}

/** `Σ_ij A_ij x_i · x_j = Σ_a ||(R^T X)_a||^2 / Λ_a`, a scalar. */
export function anchorCrossTerm(r: AnchorGraph, x: tf.Tensor2D): tf.Scalar {
  const [toA, lambda] = toAnchors(r, x);
  return tf.sum(tf.div(tf.sum(tf.square(toA), 1, true), tf.maximum(lambda, TINY)));
}

/**
 * `anchorPropagate` without its checks, on R's adjacency `adj` (`adjacency(r.graph)`), for callers
 * that already hold it: `D^-1 R Λ^-1 R^T h`.
 */
export function propagateOverAnchors(
  adj: SparseAdjacency,
  r: AnchorGraph,
  h: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [toA, lambda] = toAnchors(r, h, adj);
    const atAnchors = tf.div(toA, tf.maximum(lambda, TINY)) as tf.Tensor2D;
    const back = spmm(adj.reversed, atAnchors, r.weights);
    return tf.div(back, tf.maximum(anchorNodeDegree(r, adj), TINY));
  });
}
