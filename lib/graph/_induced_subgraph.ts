/**
 * Internal helper of `subgraph` and `kHopSubgraph`: the subgraph induced by a node set and the mask
 * of the edges it kept.
 *
 * @module
 */
import { type Graph, numEdges } from "./graph.ts";
import { selectRows } from "./select_rows.ts";
import { filterEdges, withEdges } from "./_with_edges.ts";

/**
 * `subgraph` plus the mask of kept edges (for `kHopSubgraph`); `action` names the caller in error
 * messages.
 */
export function inducedSubgraph(
  graph: Graph,
  nodes: ArrayLike<number>,
  relabel: boolean,
  action = "take subgraph",
): { graph: Graph; edgeMask: Uint8Array } {
  const N = graph.numNodes;
  const newId = new Int32Array(N).fill(-1);
  for (let k = 0; k < nodes.length; k++) {
    const v = nodes[k];
    if (!(Number.isInteger(v) && v >= 0 && v < N)) {
      throw new RangeError(
        `Cannot ${action}: node ${v} at position ${k} is out of range [0, ${N})`,
      );
    }
    if (newId[v] >= 0) {
      throw new RangeError(
        `Cannot ${action}: node ${v} is listed twice (positions ${newId[v]} and ${k})`,
      );
    }
    newId[v] = k;
  }
  if (relabel && nodes.length === 0) {
    throw new RangeError(`Cannot ${action}: no nodes given (a graph needs at least one node)`);
  }
  const E = numEdges(graph);
  const { edgeIndex } = graph;
  const edgeMask = new Uint8Array(E);
  for (let e = 0; e < E; e++) {
    edgeMask[e] = newId[edgeIndex[e]] >= 0 && newId[edgeIndex[E + e]] >= 0 ? 1 : 0;
  }
  const kept = filterEdges(graph, edgeMask);
  if (!relabel) return { graph: kept, edgeMask };
  const ei = kept.edgeIndex;
  for (let i = 0; i < ei.length; i++) ei[i] = newId[ei[i]];
  const out: { -readonly [K in keyof Graph]: Graph[K] } = withEdges(kept, ei, kept.edgeWeight);
  out.numNodes = nodes.length;
  if (graph.x) out.x = selectRows(graph.x, nodes);
  if (graph.y) {
    const y = new Int32Array(nodes.length);
    for (let k = 0; k < nodes.length; k++) y[k] = graph.y[nodes[k]];
    out.y = y;
  }
  return { graph: out, edgeMask };
}
