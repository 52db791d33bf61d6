/**
 * Internal helper of the layers' `edgeMask` forward option: the mask carried over to the edges a
 * layer propagates over.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SparseAdjacency } from "../sparse/adjacency.ts";

const looped = new WeakMap<SparseAdjacency, Int32Array>();

/** Throws unless `mask` has one value per edge of `adj`. */
export function checkEdgeMask(layer: string, mask: tf.Tensor, adj: SparseAdjacency): void {
  if (mask.rank !== 1 || mask.shape[0] !== adj.numEdges) {
    throw new RangeError(
      `Cannot apply ${layer}: expected edgeMask of shape [${adj.numEdges}] (one weight per edge), ` +
        `got [${mask.shape}]`,
    );
  }
}

/**
 * `mask` on the edges of a layer adjacency laid out as `adj`'s non-loop edges in order, then one
 * self loop per node (GCN's `add_remaining_self_loops`, GAT's `remove_self_loops` +
 * `add_self_loops`): each non-loop edge keeps its weight and every loop gets 1 (PyG's explain
 * mode: a loop carries the node's own message).
 */
export function loopedEdgeMask(
  layer: string,
  adj: SparseAdjacency,
  mask: tf.Tensor1D,
): tf.Tensor1D {
  checkEdgeMask(layer, mask, adj);
  let index = looped.get(adj);
  if (!index) {
    const E = adj.numEdges;
    const ids: number[] = [];
    for (let e = 0; e < E; e++) if (adj.src[e] !== adj.dst[e]) ids.push(e);
    for (let v = 0; v < adj.numNodes; v++) ids.push(E);
    looped.set(adj, index = Int32Array.from(ids));
  }
  const ix = index;
  return tf.tidy(() => tf.gather(tf.concat([mask, tf.ones([1])]), ix) as tf.Tensor1D);
}

/**
 * `mask` on the edges of `prop`, the adjacency a layer propagates over: `mask` itself when the
 * layer propagates over `adj` as given, else {@linkcode loopedEdgeMask}.
 */
export function layerEdgeMask(
  layer: string,
  adj: SparseAdjacency,
  prop: SparseAdjacency,
  mask: tf.Tensor1D,
): tf.Tensor1D {
  if (prop !== adj) return loopedEdgeMask(layer, adj, mask);
  checkEdgeMask(layer, mask, adj);
  return mask;
}

/** `mask` times the layer adjacency's constant weights (1 where it has none). */
export function maskedWeights(prop: SparseAdjacency, mask: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => prop.edgeWeight ? tf.mul(tf.tensor1d(prop.edgeWeight), mask) : mask);
}
