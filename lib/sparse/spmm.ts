/**
 * Sparse-dense matrix product along the edges: the sum aggregation of message passing.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SparseAdjacency } from "./adjacency.ts";
import { checkRows } from "./_check.ts";
import { edgeDotProduct, propagate } from "./_propagate.ts";

function spmm_(adj: SparseAdjacency, x: tf.Tensor2D, edgeWeight?: tf.Tensor1D): tf.Tensor2D {
  checkRows("spmm", "x", x, adj.numNodes, [2]);
  if (edgeWeight === undefined) {
    const f = tf.customGrad((...args) => {
      const [x] = args as [tf.Tensor2D];
      return {
        value: propagate(adj, x, "constant", "forward"),
        // out = A x, so dL/dx = A^T dOut: each node collects its out-edges' gradients.
        gradFunc: (dy: tf.Tensor2D) => propagate(adj, dy, "constant", "transpose"),
      };
    });
    return f(x) as tf.Tensor2D;
  }
  checkRows("spmm", "edgeWeight", edgeWeight, adj.numEdges, [1], "values");
  const f = tf.customGrad((...args) => {
    const [x, w, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: propagate(adj, x, w, "forward"),
      gradFunc: (dy: tf.Tensor2D, [x, w]: tf.Tensor[]) => [
        // dL/dx = A_w^T dOut, as in the unweighted case.
        propagate(adj, dy, w as tf.Tensor1D, "transpose"),
        // out[v] gets w_e x[u] from edge e = (u -> v), so dL/dw_e = dot(dOut[v], x[u]).
        edgeDotProduct(adj, x as tf.Tensor2D, dy),
      ],
    };
  });
  return f(x, edgeWeight) as tf.Tensor2D;
}

/**
 * Sums each node's incoming messages, weighted: `out[v] = sum_{e=(u->v)} w_e x[u]`, i.e. `A x`
 * with `A[v, u] = w_e` (duplicate edges add up). Weights come from `edgeWeight` when given (and then
 * get gradients, as GAT and learned graphs need), else from the adjacency's constant weights, else
 * are 1. Nodes without incoming edges get 0. Deterministic on cpu and wasm (fixed summation order)
 * and on other backends (degree-bucketed reductions instead of atomics).
 *
 * Shapes: `x` `[N, F]`, `edgeWeight` `[E]`, result `[N, F]`.
 *
 * @param adj the graph's adjacency, from {@linkcode adjacency}
 * @param x node features `[N, F]`
 * @param edgeWeight optional differentiable weight per edge `[E]`
 * @returns the aggregated features `[N, F]`
 * @throws {RangeError} when a shape does not match the graph
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "./adjacency.ts";
 * import { spmm } from "./spmm.ts";
 * // Edges 0 -> 2 and 1 -> 2: node 2 receives 1 + 10, the others nothing.
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1], [2, 2]] }));
 * const out = spmm(adj, tf.tensor2d([[1], [10], [100]]));
 * if (out.dataSync().join() !== "0,0,11") throw new Error("unexpected");
 * ```
 */
export const spmm: (
  adj: SparseAdjacency,
  x: tf.Tensor2D,
  edgeWeight?: tf.Tensor1D,
) => tf.Tensor2D = tf.op({ spmm_ });
