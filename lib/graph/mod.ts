/**
 * Graphs and their transforms: the {@linkcode Graph} type, feature matrices, and PyTorch
 * Geometric-style utilities (coalesce, toUndirected, self loops, gcnNorm, normalizeFeatures,
 * degree, subgraphs, homophily, summaries). Transforms return new graphs and never modify their
 * input.
 *
 * ```ts
 * import { createGraph, gcnNorm, graphSummary, toUndirected } from "./mod.ts";
 * const g = toUndirected(createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] }));
 * const { edgeWeight } = gcnNorm(g);
 * if (edgeWeight.length !== 7 || !graphSummary(g).isUndirected) throw new Error("unexpected");
 * ```
 *
 * @module
 */
export * from "./graph.ts";
export * from "./matrix.ts";
export * from "./coalesce.ts";
export { isUndirected, toUndirected } from "./to_undirected.ts";
export * from "./self_loops.ts";
export * from "./degree.ts";
export * from "./gcn_norm.ts";
export * from "./normalize_features.ts";
export * from "./select_rows.ts";
export * from "./subgraph.ts";
export * from "./k_hop_subgraph.ts";
export * from "./homophily.ts";
export * from "./graph_summary.ts";
