/**
 * Adjacencies a layer derives from the raw one (GCN normalisation, GAT self loops), cached per
 * input adjacency object so a transductive graph is prepared once (PyG's `cached=True`). Keying on
 * the adjacency object is safe: an adjacency is a snapshot of its graph's arrays, and
 * `adjacency(graph)` returns a new one after the graph is edited in place.
 *
 * @module
 */
import type { Graph } from "../graph/graph.ts";
import { gcnNorm } from "../graph/gcn_norm.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";

const cache = new WeakMap<SparseAdjacency, Map<string, SparseAdjacency>>();

/** `build(adj)`, memoised per `adj` object and `key` when `cached` is true. */
export function derivedAdjacency(
  adj: SparseAdjacency,
  key: string,
  cached: boolean,
  build: (adj: SparseAdjacency) => SparseAdjacency,
): SparseAdjacency {
  if (!cached) return build(adj);
  let byKey = cache.get(adj);
  if (!byKey) cache.set(adj, byKey = new Map());
  let out = byKey.get(key);
  if (!out) byKey.set(key, out = build(adj));
  return out;
}

/** The adjacency's edges (and constant weights) as a {@linkcode Graph}. */
export function adjacencyGraph(adj: SparseAdjacency): Graph {
  return adj.graph;
}

/** An adjacency over a graph's edges with the given weights. */
export function graphAdjacency(graph: Graph, edgeWeight?: Float32Array): SparseAdjacency {
  return adjacency({ numNodes: graph.numNodes, edgeIndex: graph.edgeIndex }, edgeWeight);
}

/** GCN's propagation matrix `D^-1/2 (A + I) D^-1/2` over `adj`, memoised per adjacency. */
export function gcnAdjacency(
  adj: SparseAdjacency,
  addSelfLoops = true,
  cached = true,
): SparseAdjacency {
  return derivedAdjacency(adj, `gcn:${addSelfLoops}`, cached, (raw) => {
    const norm = gcnNorm(adjacencyGraph(raw), { addSelfLoops });
    return graphAdjacency({ numNodes: raw.numNodes, edgeIndex: norm.edgeIndex }, norm.edgeWeight);
  });
}
