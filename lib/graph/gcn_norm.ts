/**
 * The symmetric GCN edge normalisation, like PyTorch Geometric's `gcn_norm`.
 *
 * @module
 */
import { type Graph, numEdges } from "./graph.ts";
import { addRemainingSelfLoops } from "./self_loops.ts";

/** Options for {@linkcode gcnNorm}. */
export interface GcnNormOptions {
  /** Add a self loop to every node that has none first (default true). */
  addSelfLoops?: boolean;
  /** Use weight 2 instead of 1 for the added loops, `A + 2I` (default false; PyG's `improved`). */
  improved?: boolean;
}

/** Normalised edges: the edge list (with added loops) and one weight per edge. */
export interface NormalizedEdges {
  /** The `[2, E']` edge index, row-major as in {@linkcode Graph}, with the added self loops. */
  readonly edgeIndex: Int32Array;
  /** `w'_ij = d_i^-1/2 · ŵ_ij · d_j^-1/2`, one per edge of `edgeIndex`. */
  readonly edgeWeight: Float32Array;
}

/**
 * Computes the edge weights of `D^-1/2 (A + I) D^-1/2` (Kipf & Welling,
 * https://arxiv.org/abs/1609.02907) exactly as PyG's `gcn_norm` does for an edge list:
 *
 * ```text
 * Â = A + fill I        (add_remaining_self_loops: fill = 2 if improved else 1;
 *                        nodes that already have a loop keep its weight)
 * d_j = Σ_{(i,j) ∈ E} ŵ_ij     (degree over targets, weighted; missing weights are 1)
 * w'_ij = d_i^-1/2 · ŵ_ij · d_j^-1/2,   with d^-1/2 = 0 where d = 0
 * ```
 *
 * Edge order follows `addRemainingSelfLoops`: the non-loop edges in order, then one loop per node.
 *
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { gcnNorm } from "./gcn_norm.ts";
 * // 0 - 1 undirected: each node has degree 2 with its loop, so every weight is 1/2.
 * const { edgeWeight } = gcnNorm(createGraph({ numNodes: 2, edgeIndex: [[0, 1], [1, 0]] }));
 * if (edgeWeight.join() !== "0.5,0.5,0.5,0.5") throw new Error("unexpected");
 * ```
 */
export function gcnNorm(graph: Graph, options: GcnNormOptions = {}): NormalizedEdges {
  const { addSelfLoops = true, improved = false } = options;
  const E0 = numEdges(graph);
  let g: Graph = graph.edgeWeight ? graph : { ...graph, edgeWeight: new Float32Array(E0).fill(1) };
  if (addSelfLoops) g = addRemainingSelfLoops(g, { fillValue: improved ? 2 : 1 });
  const E = numEdges(g);
  const { edgeIndex } = g;
  const w = g.edgeWeight!;
  const deg = new Float64Array(g.numNodes);
  for (let e = 0; e < E; e++) deg[edgeIndex[E + e]] += w[e];
  for (let v = 0; v < deg.length; v++) {
    const inv = 1 / Math.sqrt(deg[v]);
    deg[v] = inv === Infinity ? 0 : inv;
  }
  const out = new Float32Array(E);
  for (let e = 0; e < E; e++) out[e] = deg[edgeIndex[e]] * w[e] * deg[edgeIndex[E + e]];
  return { edgeIndex, edgeWeight: out };
}
