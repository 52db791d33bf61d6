/**
 * Shared test graphs.
 *
 * @module
 */
import { createGraph, type Graph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";

/** A random directed multigraph with duplicates, self loops and weights (seeded). */
export function randomGraph(numNodes: number, numEdges: number, seed: number): Graph {
  const rng = createRng(seed);
  const src = Array.from({ length: numEdges }, () => rng.int(numNodes));
  const dst = Array.from({ length: numEdges }, () => rng.int(numNodes));
  const edgeWeight = Float32Array.from({ length: numEdges }, () => 1 + rng.int(4));
  return createGraph({ numNodes, edgeIndex: [src, dst], edgeWeight });
}

/** The edges of a graph as "s->t" strings, in order. */
export function edgeList(graph: Graph): string[] {
  const E = graph.edgeIndex.length / 2;
  return Array.from({ length: E }, (_, e) => `${graph.edgeIndex[e]}->${graph.edgeIndex[E + e]}`);
}
