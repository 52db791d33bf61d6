/**
 * Induced subgraphs, like PyTorch Geometric's `torch_geometric.utils.subgraph` and
 * `Data.subgraph`.
 *
 * @module
 */
import { type Graph, numEdges } from "./graph.ts";
import { selectRows } from "./select_rows.ts";
import { filterEdges, withEdges } from "./_with_edges.ts";

/** Options for {@linkcode subgraph}. */
export interface SubgraphOptions {
  /**
   * Renumber the kept nodes `0..n-1` in the order given and slice `x`/`y` to them (default true,
   * like `Data.subgraph`); with false, node ids, `numNodes`, `x` and `y` stay as they are and
   * only the edges are filtered (PyG's `subgraph(..., relabel_nodes=False)`).
   */
  relabel?: boolean;
}

/** An induced subgraph and which of the original edges it kept. */
export interface InducedSubgraph {
  readonly graph: Graph;
  /** `1` for every original edge with both ends in the node set. */
  readonly edgeMask: Uint8Array;
}

/**
 * The subgraph induced by `nodes`: the edges with both ends among them, in their original order
 * and with their weights; node `nodes[k]` becomes node `k` when relabelling, and its features and
 * label move with it (sparse `x` stays sparse).
 *
 * @throws {RangeError} when a node is out of range or repeated, or `nodes` is empty with relabel.
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { subgraph } from "./subgraph.ts";
 * const path = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 2], [1, 2, 3]] });
 * const sub = subgraph(path, [1, 2, 3]);
 * if (sub.numNodes !== 3 || sub.edgeIndex.join() !== "0,1,1,2") throw new Error("unexpected");
 * ```
 */
export function subgraph(
  graph: Graph,
  nodes: ArrayLike<number>,
  options: SubgraphOptions = {},
): Graph {
  return inducedSubgraph(graph, nodes, options.relabel ?? true, "take subgraph").graph;
}

/**
 * {@linkcode subgraph} plus the mask of kept edges; `action` names the caller in error messages.
 *
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { inducedSubgraph } from "./subgraph.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 2], [1, 2, 0]] });
 * const { edgeMask } = inducedSubgraph(g, [0, 1], true);
 * if (edgeMask.join() !== "1,0,0") throw new Error("unexpected");
 * ```
 */
export function inducedSubgraph(
  graph: Graph,
  nodes: ArrayLike<number>,
  relabel: boolean,
  action = "take subgraph",
): InducedSubgraph {
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
