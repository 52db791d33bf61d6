/**
 * Dense float64 references of an anchor graph, shared by the anchor learner's, the anchor step's and AdaptiveGNN's tests.
 *
 * @module
 */
import type { AnchorGraph } from "../../lib/structure/anchor_learner.ts";

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
