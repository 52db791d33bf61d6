/**
 * Graphs and their transforms: the {@linkcode Graph} type (COO `edgeIndex`, optional edge
 * weights, features and labels), feature matrices, CSR views, and PyTorch Geometric-style
 * utilities (coalesce, toUndirected, self loops, gcnNorm, normalizeFeatures, degree, subgraphs,
 * homophily, summaries). Transforms return new graphs and never modify their input.
 *
 * The top-level module re-exports all of this except the CSR views and the edge-list accessors
 * (`csrByTarget`, `csrBySource`, `sources`, `targets`) and `countSelfLoops`.
 *
 * @example
 * ```ts
 * import { createGraph, gcnNorm, graphSummary, toUndirected } from "./mod.ts";
 * const g = toUndirected(createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] }));
 * const { edgeWeight } = gcnNorm(g);
 * if (edgeWeight.length !== 7 || !graphSummary(g).isUndirected) throw new Error("unexpected");
 * ```
 *
 * @module
 */
export {
  createGraph,
  csrBySource,
  csrByTarget,
  type CsrView,
  type Graph,
  type GraphInit,
  numEdges,
  numFeatures,
  sources,
  targets,
  validateGraph,
} from "./graph.ts";
export { type CsrMatrix, type DenseMatrix, denseMatrix, type Matrix, toDense } from "./matrix.ts";
export { selectRows } from "./select_rows.ts";
export { coalesce } from "./coalesce.ts";
export { isUndirected, toUndirected } from "./to_undirected.ts";
export {
  addRemainingSelfLoops,
  addSelfLoops,
  countSelfLoops,
  removeSelfLoops,
  type SelfLoopOptions,
} from "./self_loops.ts";
export { degree, type DegreeOptions } from "./degree.ts";
export { gcnNorm, type GcnNormOptions, type NormalizedEdges } from "./gcn_norm.ts";
export { normalizeFeatures } from "./normalize_features.ts";
export { subgraph, type SubgraphOptions } from "./subgraph.ts";
export { type KHopSubgraph, kHopSubgraph, type KHopSubgraphOptions } from "./k_hop_subgraph.ts";
export { classInsensitiveHomophily, edgeHomophily, nodeHomophily } from "./homophily.ts";
export { type GraphSummary, graphSummary } from "./graph_summary.ts";
