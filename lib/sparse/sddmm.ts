/**
 * Sampled dense-dense matrix product: one dot product per edge.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SparseAdjacency } from "./adjacency.ts";
import { checkRows, checkSameColumns } from "./_check.ts";
import { edgeDotProduct, propagate } from "./_propagate.ts";

function sddmm_(adj: SparseAdjacency, a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  checkRows("sddmm", "a", a, adj.numNodes, [2]);
  checkRows("sddmm", "b", b, adj.numNodes, [2]);
  checkSameColumns("sddmm", ["a", a], ["b", b]);
  const f = tf.customGrad((...args) => {
    const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([a, b]);
    return {
      value: edgeDotProduct(adj, a, b) as tf.Tensor1D,
      gradFunc: (dy: tf.Tensor1D, [a, b]: tf.Tensor[]) => [
        // a[u] meets b[v] on each out-edge e = (u -> v): dL/da[u] = sum_e dy_e b[v].
        propagate(adj, b as tf.Tensor2D, dy, "transpose"),
        // b[v] meets a[u] on each in-edge e = (u -> v): dL/db[v] = sum_e dy_e a[u].
        propagate(adj, a as tf.Tensor2D, dy, "forward"),
      ],
    };
  });
  return f(a, b) as tf.Tensor1D;
}

/**
 * Scores every edge by a dot product of its endpoints' rows: `score_e = dot(a[u], b[v])` for
 * `e = (u -> v)`, i.e. the entries of `b a^T` at the edges, without forming the dense product.
 * Used for link prediction and dot-product attention. Gradients flow to `a` and `b`.
 *
 * Shapes: `a`, `b` `[N, F]`, result `[E]` in edge order.
 *
 * @param adj the graph's adjacency, from {@linkcode adjacency}
 * @param a source-side features `[N, F]`
 * @param b target-side features `[N, F]`
 * @returns one score per edge `[E]`
 * @throws {RangeError} when a shape does not match the graph or the two column counts differ
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "./adjacency.ts";
 * import { sddmm } from "./sddmm.ts";
 * const adj = adjacency(createGraph({ numNodes: 2, edgeIndex: [[0, 1], [1, 1]] }));
 * const a = tf.tensor2d([[1, 2], [3, 4]]);
 * const b = tf.tensor2d([[0, 0], [10, 1]]);
 * // Edge 0 -> 1: 1*10 + 2*1 = 12; edge 1 -> 1: 3*10 + 4*1 = 34.
 * if (sddmm(adj, a, b).dataSync().join() !== "12,34") throw new Error("unexpected");
 * ```
 */
export const sddmm: (adj: SparseAdjacency, a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor1D = tf.op({
  sddmm_,
});
