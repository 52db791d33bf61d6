/**
 * Internal helper: a copy of a graph with a new edge list, node data carried over.
 *
 * @module
 */
import { type Graph, numEdges } from "./graph.ts";

/** Returns `graph` with `edgeIndex`/`edgeWeight` replaced (no weight when `edgeWeight` is undefined). */
export function withEdges(graph: Graph, edgeIndex: Int32Array, edgeWeight?: Float32Array): Graph {
  const out: { -readonly [K in keyof Graph]: Graph[K] } = { ...graph, edgeIndex };
  if (edgeWeight) out.edgeWeight = edgeWeight;
  else delete out.edgeWeight;
  return out;
}

/** Keeps the edges with `keep[e] = 1`, in order, with their weights. */
export function filterEdges(graph: Graph, keep: Uint8Array): Graph {
  const E = numEdges(graph);
  let M = 0;
  for (let e = 0; e < E; e++) M += keep[e];
  const out = new Int32Array(2 * M);
  const weights = graph.edgeWeight ? new Float32Array(M) : undefined;
  for (let e = 0, j = 0; e < E; e++) {
    if (!keep[e]) continue;
    out[j] = graph.edgeIndex[e];
    out[M + j] = graph.edgeIndex[E + e];
    if (weights) weights[j] = graph.edgeWeight![e];
    j++;
  }
  return withEdges(graph, out, weights);
}
