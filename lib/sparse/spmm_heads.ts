/**
 * Multi-head SpMM: every attention head aggregates its own block of columns with its own edge
 * weights, in one pass (GAT without per-head slices).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SparseAdjacency } from "./adjacency.ts";
import { checkRows } from "./_check.ts";
import { edgeDotProduct, propagate } from "./_propagate.ts";

function spmmHeads_(adj: SparseAdjacency, x: tf.Tensor2D, weights: tf.Tensor2D): tf.Tensor2D {
  checkRows("spmmHeads", "x", x, adj.numNodes, [2]);
  checkRows("spmmHeads", "weights", weights, adj.numEdges, [2]);
  const H = weights.shape[1];
  if (H < 1 || x.shape[1] % H !== 0) {
    throw new RangeError(
      `Cannot apply spmmHeads: expected x columns (${
        x.shape[1]
      }) to be a multiple of the ${H} heads in weights`,
    );
  }
  const f = tf.customGrad((...args) => {
    const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: propagate(adj, x, w, "forward", H),
      gradFunc: (dy: tf.Tensor2D, [x, w]: tf.Tensor[]) => [
        // Per head, as in spmm: dL/dx = A_w^T dOut, block by block.
        propagate(adj, dy, w as tf.Tensor2D, "transpose", H),
        // out[v, head h] gets w[e, h] x[u, head h]: dL/dw[e, h] = dot of those two blocks.
        tf.reshape(edgeDotProduct(adj, x as tf.Tensor2D, dy, H), w.shape),
      ],
    };
  });
  return f(x, weights) as tf.Tensor2D;
}

/**
 * Weighted neighbour sums with one weight per edge and head: the columns of `x` are `H` blocks of
 * `C` (head `h` owns columns `h*C .. h*C + C - 1`) and
 * `out[v, h*C + c] = sum_{e=(u->v)} weights[e, h] * x[u, h*C + c]`. Equivalent to running
 * {@linkcode spmm} per head on column slices and concatenating, but in one kernel (GAT's attention
 * aggregation). Gradients flow to `x` and `weights`; deterministic like `spmm`.
 *
 * Shapes: `x` `[N, H*C]`, `weights` `[E, H]` in edge order, result `[N, H*C]`.
 *
 * @param adj the graph's adjacency, from {@linkcode adjacency}
 * @param x node features, heads side by side `[N, H*C]`
 * @param weights one weight per edge and head `[E, H]`
 * @returns the aggregated features `[N, H*C]`
 * @throws {RangeError} when a shape does not match the graph or the columns do not split into heads
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "./adjacency.ts";
 * import { spmmHeads } from "./spmm_heads.ts";
 * // Edges 0 -> 1 and 1 -> 1; two heads of one column each.
 * const adj = adjacency(createGraph({ numNodes: 2, edgeIndex: [[0, 1], [1, 1]] }));
 * const x = tf.tensor2d([[1, 2], [10, 20]]);
 * const w = tf.tensor2d([[1, 0], [0.5, 2]]);
 * // Node 1, head 0: 1*1 + 0.5*10 = 6; head 1: 0*2 + 2*20 = 40.
 * if (spmmHeads(adj, x, w).dataSync().join() !== "0,0,6,40") throw new Error("unexpected");
 * ```
 */
export const spmmHeads: (
  adj: SparseAdjacency,
  x: tf.Tensor2D,
  weights: tf.Tensor2D,
) => tf.Tensor2D = tf.op({ spmmHeads_ });
