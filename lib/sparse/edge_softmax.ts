/**
 * Softmax over each node's incoming edges: the normalisation of attention in GAT.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SparseAdjacency } from "./adjacency.ts";
import { checkRows } from "./_check.ts";
import { csrSoftmax, csrSoftmaxBackward } from "./_kernels.ts";
import { deviceArray, onHost, segmentReduce } from "./_device.ts";
import { hostOp } from "./_host.ts";

type Scores = tf.Tensor1D | tf.Tensor2D;

function heads(t: tf.Tensor): number {
  return t.rank === 1 ? 1 : t.shape[1]!;
}

function forward(adj: SparseAdjacency, s: Scores): Scores {
  const { indptr, edgeIds } = adj.byTarget;
  if (onHost()) {
    const H = heads(s);
    return hostOp(
      s.shape,
      [s],
      (out, sv) => csrSoftmax(indptr, edgeIds, sv as Float32Array, H, out),
    ) as Scores;
  }
  return tf.tidy(() => {
    const dst = deviceArray(adj.dst);
    const max = segmentReduce(s, adj.targetGroups, "max");
    const ex = tf.exp(tf.sub(s, tf.gather(max, dst)));
    return tf.div(ex, tf.gather(segmentReduce(ex, adj.targetGroups, "sum"), dst)) as Scores;
  });
}

function backward(adj: SparseAdjacency, alpha: Scores, g: Scores): Scores {
  const { indptr, edgeIds } = adj.byTarget;
  if (onHost()) {
    const H = heads(alpha);
    return hostOp(
      alpha.shape,
      [alpha, g],
      (out, a, gv) =>
        csrSoftmaxBackward(indptr, edgeIds, a as Float32Array, gv as Float32Array, H, out),
    ) as Scores;
  }
  return tf.tidy(() => {
    const dot = segmentReduce(tf.mul(alpha, g), adj.targetGroups, "sum");
    return tf.mul(alpha, tf.sub(g, tf.gather(dot, deviceArray(adj.dst)))) as Scores;
  });
}

function edgeSoftmax_<T extends Scores>(adj: SparseAdjacency, scores: T): T {
  checkRows("edgeSoftmax", "scores", scores, adj.numEdges, [1, 2]);
  const f = tf.customGrad((...args) => {
    const [s, save] = args as [T, tf.GradSaveFunc];
    const alpha = forward(adj, s);
    save([alpha]);
    return {
      value: alpha as T,
      // Softmax Jacobian within each target's group: ds_e = a_e (g_e - sum_e' a_e' g_e').
      gradFunc: (dy: T, [alpha]: tf.Tensor[]) => backward(adj, alpha as Scores, dy),
    };
  });
  return f(scores) as T;
}

/**
 * Normalises edge scores with a softmax over each target's incoming edges:
 * `alpha_e = exp(s_e - m_v) / sum_{e' -> v} exp(s_e' - m_v)` for `e = (u -> v)`, where `m_v` is the
 * largest score into `v` (subtracted for numerical stability). Each head is normalised separately.
 * The weights into every node with incoming edges sum to 1.
 *
 * Shapes: `scores` `[E]` or `[E, heads]`, result the same.
 *
 * @param adj the graph's adjacency, from {@linkcode adjacency}
 * @param scores one score per edge (and head), in edge order
 * @returns the attention weights, same shape
 * @throws {RangeError} when `scores` does not have one row per edge
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "./adjacency.ts";
 * import { edgeSoftmax } from "./edge_softmax.ts";
 * // Two edges into node 1 with equal scores share it half and half; edge 1 -> 0 is alone.
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 2, 1], [1, 1, 0]] }));
 * const alpha = edgeSoftmax(adj, tf.tensor1d([3, 3, -7]));
 * if (alpha.dataSync().join() !== "0.5,0.5,1") throw new Error("unexpected");
 * ```
 */
export const edgeSoftmax: <T extends tf.Tensor1D | tf.Tensor2D>(
  adj: SparseAdjacency,
  scores: T,
) => T = tf.op({ edgeSoftmax_ });
