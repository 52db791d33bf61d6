/**
 * The two message-passing primitives several ops share, each with a host (cpu/wasm kernels, see
 * `_host.ts`) and a device (tf ops) path: weighted neighbour sums along the edges or against them,
 * and per-edge dot products. Both take `heads`: the columns split into `heads` blocks, block `h`
 * weighted by column `h` of `[E, heads]` weights (one head: plain `[E]` weights).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SparseAdjacency } from "./adjacency.ts";
import { hostEdgeDot, hostSpmm } from "./_host.ts";
import { deviceArray, onHost, segmentReduce } from "./_device.ts";

/**
 * Edge weights in edge order: a tensor (its current values, `[E]` or `[E, heads]`), a constant
 * array, the adjacency's constant weights (`"constant"`, ones when it has none) or all ones
 * (`undefined`).
 */
export type Weights = tf.Tensor1D | tf.Tensor2D | Float32Array | "constant" | undefined;

/**
 * `forward`: `out[v] = sum_{e=(u->v)} w_e x[u]` (`A x`). `transpose`: `out[u] = sum_{e=(u->v)} w_e
 * x[v]` (`A^T x`), the backward of the forward. With `heads > 1`, head `h`'s block of columns is
 * weighted by `w[e, h]`.
 */
export function propagate(
  adj: SparseAdjacency,
  x: tf.Tensor2D,
  w: Weights,
  direction: "forward" | "transpose",
  heads = 1,
): tf.Tensor2D {
  const forward = direction === "forward";
  const C = x.shape[1] / heads;
  if (onHost()) {
    const csr = forward ? adj.byTarget : adj.bySource;
    const pattern = { indptr: csr.indptr, cols: csr.neighbors, eids: csr.edgeIds };
    return hostSpmm(pattern, w === "constant" ? adj.edgeWeight : w, x, heads, C);
  }
  return tf.tidy(() => {
    const from = deviceArray(forward ? adj.src : adj.dst);
    let messages: tf.Tensor = tf.gather(x, from);
    const array = w === "constant" ? adj.edgeWeight : w;
    const weight = array instanceof Float32Array ? deviceArray(array) : array;
    if (weight && heads === 1) messages = tf.mul(messages, tf.reshape(weight, [-1, 1]));
    if (weight && heads > 1) {
      const E = adj.numEdges;
      messages = tf.reshape(
        tf.mul(tf.reshape(messages, [E, heads, C]), tf.reshape(weight, [E, heads, 1])),
        [E, heads * C],
      );
    }
    return segmentReduce(messages, forward ? adj.targetGroups : adj.sourceGroups, "sum");
  }) as tf.Tensor2D;
}

/**
 * `out[e] = dot(a[src_e], b[dst_e])`, shape `[E]`; with `heads > 1`, one dot product per head's
 * block of columns, shape `[E, heads]`.
 */
export function edgeDotProduct(
  adj: SparseAdjacency,
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  heads = 1,
): tf.Tensor {
  const E = adj.numEdges;
  const C = a.shape[1] / heads;
  const shape = heads === 1 ? [E] : [E, heads];
  if (onHost()) return hostEdgeDot(adj.src, adj.dst, a, b, heads, C);
  return tf.tidy(() => {
    const prod = tf.mul(tf.gather(a, deviceArray(adj.src)), tf.gather(b, deviceArray(adj.dst)));
    return tf.reshape(tf.sum(tf.reshape(prod, [E, heads, C]), 2), shape);
  });
}
