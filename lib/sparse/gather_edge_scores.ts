/**
 * Additive edge scores: GAT's `a_src . h_u + a_dst . h_v`, split into per-node terms.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SparseAdjacency } from "./adjacency.ts";
import { checkRows, checkSameColumns } from "./_check.ts";
import { edgeAdd } from "./_kernels.ts";
import { deviceArray, onHost, segmentReduce } from "./_device.ts";
import { hostOp, hostSpmm } from "./_host.ts";

type Scores = tf.Tensor1D | tf.Tensor2D;

// Sums edge values [E, ...] into their sources (or targets), in the CSR's fixed order.
function sumIntoNodes(adj: SparseAdjacency, g: Scores, by: "source" | "target"): Scores {
  if (onHost()) {
    const csr = by === "source" ? adj.bySource : adj.byTarget;
    const H = g.rank === 1 ? 1 : g.shape[1]!;
    // The CSR's edge ids index g's rows: a segment sum is an SpMM with unit weights.
    const pattern = { indptr: csr.indptr, cols: csr.edgeIds, eids: csr.edgeIds };
    const out = hostSpmm(pattern, undefined, g, 1, H);
    return (g.rank === 1 ? tf.reshape(out, [adj.numNodes]) : out) as Scores;
  }
  return segmentReduce(g, by === "source" ? adj.sourceGroups : adj.targetGroups, "sum") as Scores;
}

function gatherEdgeScores_<T extends Scores>(adj: SparseAdjacency, s: T, t: T): T {
  checkRows("gatherEdgeScores", "s", s, adj.numNodes, [1, 2]);
  checkRows("gatherEdgeScores", "t", t, adj.numNodes, [1, 2]);
  checkSameColumns("gatherEdgeScores", ["s", s], ["t", t]);
  const f = tf.customGrad((...args) => {
    const [s, t] = args as [T, T];
    let value: tf.Tensor;
    if (onHost()) {
      const H = s.rank === 1 ? 1 : s.shape[1]!;
      value = hostOp(
        [adj.numEdges, ...s.shape.slice(1)],
        [s, t],
        (out, sv, tv) => edgeAdd(adj.src, adj.dst, sv as Float32Array, tv as Float32Array, H, out),
      );
    } else {
      value = tf.tidy(() =>
        tf.add(tf.gather(s, deviceArray(adj.src)), tf.gather(t, deviceArray(adj.dst)))
      );
    }
    return {
      value: value as T,
      // s[u] appears in every out-edge of u and t[v] in every in-edge of v, so each gradient is
      // the sum of the edge gradients over those edges.
      gradFunc: (dy: T) => [sumIntoNodes(adj, dy, "source"), sumIntoNodes(adj, dy, "target")],
    };
  });
  return f(s, t) as T;
}

/**
 * Per-edge additive scores `score_e = s[u] + t[v]` for `e = (u -> v)`: GAT's attention logits
 * before the LeakyReLU, with `s = h a_src` and `t = h a_dst` computed per node first. Gradients
 * flow to `s` and `t`.
 *
 * Shapes: `s`, `t` `[N]` or `[N, heads]`; result `[E]` or `[E, heads]` in edge order.
 *
 * @param adj the graph's adjacency, from {@linkcode adjacency}
 * @param s source-node terms
 * @param t target-node terms
 * @returns one score per edge (and head)
 * @throws {RangeError} when a shape does not match the graph or `s` and `t` differ in shape
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "./adjacency.ts";
 * import { gatherEdgeScores } from "./gather_edge_scores.ts";
 * const adj = adjacency(createGraph({ numNodes: 2, edgeIndex: [[0, 1], [1, 1]] }));
 * const scores = gatherEdgeScores(adj, tf.tensor1d([1, 2]), tf.tensor1d([10, 20]));
 * if (scores.dataSync().join() !== "21,22") throw new Error("unexpected");
 * ```
 */
export const gatherEdgeScores: <T extends tf.Tensor1D | tf.Tensor2D>(
  adj: SparseAdjacency,
  s: T,
  t: T,
) => T = tf.op({ gatherEdgeScores_ });
