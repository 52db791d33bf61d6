/**
 * Dense float64 references of an anchor graph and a hand-made one, shared by the anchor learner's,
 * the anchor step's, the regularisers' and AdaptiveGNN's tests.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../../lib/graph/graph.ts";
import type { AnchorGraph } from "../../lib/structure/types.ts";

/** Dense float64 `R` `[N, m]` of an anchor graph with the given weights (duplicates add up). */
export function denseR(r: AnchorGraph, w: ArrayLike<number>): Float64Array {
  const n = r.graph.numNodes;
  const m = r.anchors.length;
  const column = new Map(Array.from(r.anchors, (a, i) => [a, i]));
  const out = new Float64Array(n * m);
  const E = r.graph.edgeIndex.length / 2;
  for (let e = 0; e < E; e++) {
    out[r.graph.edgeIndex[e] * m + column.get(r.graph.edgeIndex[E + e])!] += w[e];
  }
  return out;
}

/** `A = R Λ^-1 R^T` in float64, `[N, N]` (empty anchor columns contribute nothing). */
export function denseA(rd: Float64Array, n: number, m: number): Float64Array {
  const lambda = new Float64Array(m);
  for (let i = 0; i < n; i++) for (let a = 0; a < m; a++) lambda[a] += rd[i * m + a];
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let a = 0; a < m; a++) if (lambda[a] > 0) s += rd[i * m + a] * rd[j * m + a] / lambda[a];
      out[i * n + j] = s;
    }
  }
  return out;
}

/**
 * A hand-made anchor graph: 6 nodes, anchors 1, 4 and 5; node 3 has no anchor and anchor 5 no
 * node, so both degree guards are exercised; node 0 reaches both used anchors.
 */
export function handAnchorGraph(): { r: AnchorGraph; w: number[] } {
  const src = [0, 0, 1, 2, 4, 5, 2];
  const dst = [1, 4, 1, 4, 4, 1, 1];
  const w = [0.5, 1.5, 1, 2, 0.25, 0.75, 0.3];
  return {
    r: {
      graph: createGraph({ numNodes: 6, edgeIndex: [src, dst] }),
      weights: tf.tensor1d(w),
      anchors: new Int32Array([1, 4, 5]),
    },
    w,
  };
}
