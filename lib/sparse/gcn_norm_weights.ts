/**
 * The GCN normalisation of differentiable edge weights: `gcnNorm` for a weight tensor.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SparseAdjacency } from "./adjacency.ts";
import { sddmm } from "./sddmm.ts";
import { spmm } from "./spmm.ts";

/** Options for {@linkcode gcnNormWeights}. */
export interface GcnNormWeightsOptions {
  /**
   * Add a self loop of weight 1 to every node that has none, `A + I` (default true, as `gcnNorm`).
   * With false, the graph's own loops (if any) are the only ones.
   */
  addSelfLoops?: boolean;
}

// Per adjacency (a snapshot): 1 for the nodes without a self loop, or undefined when no node has
// one (then the added loops are all ones).
const missingLoops = new WeakMap<SparseAdjacency, Float32Array | undefined>();

function loopFill(adj: SparseAdjacency): Float32Array | undefined {
  if (missingLoops.has(adj)) return missingLoops.get(adj);
  let fill: Float32Array | undefined;
  for (let e = 0; e < adj.numEdges; e++) {
    if (adj.src[e] !== adj.dst[e]) continue;
    fill ??= new Float32Array(adj.numNodes).fill(1);
    fill[adj.src[e]] = 0;
  }
  missingLoops.set(adj, fill);
  return fill;
}

/**
 * The symmetric GCN normalisation `D^-1/2 (A + I) D^-1/2` (Kipf & Welling,
 * https://arxiv.org/abs/1609.02907) of edge weights held in a tensor, differentiable in them: the
 * counterpart of `gcnNorm` (lib/graph/gcn_norm.ts), which normalises constant weights on the host,
 * for weights that are learned.
 *
 * ```text
 * f_v   = 1 if node v has no self loop, else 0     (the added I; without addSelfLoops, 0)
 * d_v   = f_v + Σ_{e = (u -> v)} w_e              (in-degree of A + I)
 * w'_e  = w_e · d_u^-1/2 · d_v^-1/2                (d^-1/2 = 0 where d = 0)
 * w'_vv = f_v / d_v                                (the added loop of node v)
 * ```
 *
 * As in `gcnNorm` (PyG's `add_remaining_self_loops`), a node's own loop keeps its weight and gets
 * no second one; the values are `gcnNorm`'s up to float rounding (`gcnNorm` sums in float64). The
 * sums over edges are `spmm`/`sddmm` calls, so the gradient needs no segment sum (which the wasm
 * backend lacks) and is deterministic on every backend.
 *
 * Shapes: `weights` `[E]`; the result is `[E + N]` (the edges in order, then the N added loops in
 * node order, 0 for a node with its own loop) with `addSelfLoops`, else `[E]`.
 *
 * @param adj the graph's adjacency (its constant weights are ignored)
 * @param weights the edge weights `[E]`, non-negative
 * @param options `addSelfLoops`
 * @returns the normalised weights, differentiable in `weights`
 * @throws {RangeError} when `weights` is not `[E]`
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "./adjacency.ts";
 * import { gcnNormWeights } from "./gcn_norm_weights.ts";
 * // 0 - 1 undirected: both degrees are 1 + 1 = 2, so every weight (edges, then loops) is 1/2.
 * const adj = adjacency(createGraph({ numNodes: 2, edgeIndex: [[0, 1], [1, 0]] }));
 * const w = gcnNormWeights(adj, tf.tensor1d([1, 1])).dataSync();
 * if (w.length !== 4 || w.some((v) => Math.abs(v - 0.5) > 1e-6)) throw new Error("unexpected");
 * ```
 */
export function gcnNormWeights(
  adj: SparseAdjacency,
  weights: tf.Tensor1D,
  options: GcnNormWeightsOptions = {},
): tf.Tensor1D {
  const { addSelfLoops = true } = options;
  if (weights.rank !== 1 || weights.shape[0] !== adj.numEdges) {
    throw new RangeError(
      `Cannot apply gcnNormWeights: expected weights [${adj.numEdges}] (one per edge), got shape [${weights.shape}]`,
    );
  }
  const n = adj.numNodes;
  const fill = addSelfLoops ? loopFill(adj) : undefined;
  return tf.tidy(() => {
    const summed = spmm(adj, tf.ones([n, 1]), weights);
    if (addSelfLoops && !fill) {
      // No own loops: every degree is at least 1, and each added loop is 1 / d_v.
      const degree = tf.add(summed, 1);
      const inv = tf.rsqrt(degree) as tf.Tensor2D;
      // sddmm on one column is the product d_u^-1/2 d_v^-1/2 per edge.
      const edges = tf.mul(weights, sddmm(adj, inv, inv));
      return tf.concat([edges, tf.reshape(tf.reciprocal(degree), [n])]) as tf.Tensor1D;
    }
    const f = fill && tf.tensor2d(fill, [n, 1]);
    const degree = f ? tf.add(summed, f) : summed;
    // step(d) = 1 where d > 0, with a zero gradient (greater has none).
    const positive = tf.cast(tf.step(degree), "bool");
    // The inner where keeps rsqrt (and its gradient) finite where the degree is 0.
    const inv = tf.where(positive, tf.rsqrt(tf.where(positive, degree, 1)), 0) as tf.Tensor2D;
    const edges = tf.mul(weights, sddmm(adj, inv, inv)) as tf.Tensor1D;
    if (!f) return edges;
    return tf.concat([edges, tf.reshape(tf.mul(f, tf.square(inv)), [n])]) as tf.Tensor1D;
  });
}
