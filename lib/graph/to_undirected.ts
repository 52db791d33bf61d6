/**
 * Making a graph undirected, like PyTorch Geometric's `torch_geometric.utils.to_undirected`.
 *
 * @module
 */
import { type Graph, numEdges } from "./graph.ts";
import { coalesce } from "./coalesce.ts";
import { withEdges } from "./_with_edges.ts";

export { coalesce } from "./coalesce.ts";

/**
 * Adds the reverse `(j, i)` of every edge `(i, j)` and then {@linkcode coalesce}s, like PyG's
 * `to_undirected` with its default `reduce="add"`. Weights follow PyG exactly: the weight of the
 * undirected edge `{i, j}` is `w(i, j) + w(j, i)` summed over all copies, so a self loop of weight
 * `w` (which is its own reverse) ends up with weight `2w`.
 *
 * @param graph The input graph (not modified).
 * @returns A new graph with sorted, duplicate-free, symmetric edges.
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { toUndirected } from "./to_undirected.ts";
 * const g = toUndirected(createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] }));
 * if (g.edgeIndex.join() !== "0,1,1,2,1,0,2,1") throw new Error("unexpected");
 * ```
 */
export function toUndirected(graph: Graph): Graph {
  const E = numEdges(graph);
  const { edgeIndex, edgeWeight } = graph;
  const both = new Int32Array(4 * E);
  both.set(edgeIndex.subarray(0, E), 0); // sources
  both.set(edgeIndex.subarray(E), E); // reversed: targets become sources
  both.set(edgeIndex.subarray(E), 2 * E); // targets
  both.set(edgeIndex.subarray(0, E), 3 * E);
  let weights: Float32Array | undefined;
  if (edgeWeight) {
    weights = new Float32Array(2 * E);
    weights.set(edgeWeight, 0);
    weights.set(edgeWeight, E);
  }
  return coalesce(withEdges(graph, both, weights));
}

/**
 * Whether every edge `(i, j)` has its reverse `(j, i)` with the same weight (PyG's
 * `is_undirected`; duplicate edges are summed first, as there).
 *
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { isUndirected } from "./to_undirected.ts";
 * if (!isUndirected(createGraph({ numNodes: 2, edgeIndex: [[0, 1], [1, 0]] }))) {
 *   throw new Error("unexpected");
 * }
 * if (isUndirected(createGraph({ numNodes: 2, edgeIndex: [[0], [1]] }))) throw new Error("unexpected");
 * ```
 */
export function isUndirected(graph: Graph): boolean {
  const c = coalesce(graph);
  const E = numEdges(c);
  // Swapping the rows of a coalesced symmetric edge list and coalescing again gives the same list.
  const swapped = new Int32Array(2 * E);
  swapped.set(c.edgeIndex.subarray(E), 0);
  swapped.set(c.edgeIndex.subarray(0, E), E);
  const r = coalesce(withEdges(c, swapped, c.edgeWeight));
  for (let i = 0; i < 2 * E; i++) if (r.edgeIndex[i] !== c.edgeIndex[i]) return false;
  if (c.edgeWeight) {
    for (let e = 0; e < E; e++) if (r.edgeWeight![e] !== c.edgeWeight[e]) return false;
  }
  return true;
}
