/**
 * Induced subgraphs, like PyTorch Geometric's `torch_geometric.utils.subgraph` and
 * `Data.subgraph`.
 *
 * @module
 */
import type { Graph } from "./graph.ts";
import { inducedSubgraph } from "./_induced_subgraph.ts";

/** Options for {@linkcode subgraph}. */
export interface SubgraphOptions {
  /**
   * Renumber the kept nodes `0..n-1` in the order given and slice `x`/`y` to them (default true,
   * like `Data.subgraph`); with false, node ids, `numNodes`, `x` and `y` stay as they are and
   * only the edges are filtered (PyG's `subgraph(..., relabel_nodes=False)`).
   */
  relabel?: boolean;
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
