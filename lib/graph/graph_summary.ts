/**
 * One-call statistics of a graph, for data set tables and sanity checks.
 *
 * @module
 */
import { type Graph, numEdges, numFeatures } from "./graph.ts";
import { coalesce } from "./coalesce.ts";
import { countSelfLoops } from "./self_loops.ts";
import { isUndirected } from "./to_undirected.ts";
import { edgeHomophily } from "./homophily.ts";

/** What {@linkcode graphSummary} returns. */
export interface GraphSummary {
  /** Number of nodes. */
  readonly numNodes: number;
  /** Directed edges as stored (an undirected edge stored both ways counts twice, as in PyG). */
  readonly numEdges: number;
  /** Feature columns per node (0 without features). */
  readonly numFeatures: number;
  /** As given, else `max(y) + 1`, else 0 without labels. */
  readonly numClasses: number;
  /** `numEdges / numNodes` (mean in-degree = mean out-degree). */
  readonly avgDegree: number;
  /** Nodes with no edge to another node (PyG's `has_isolated_nodes`: self loops do not count). */
  readonly isolatedNodes: number;
  /** Edges `(i, i)`, duplicates included. */
  readonly selfLoops: number;
  /** Whether every edge `(i, j)` is stored with its reverse `(j, i)`. */
  readonly isUndirected: boolean;
  /** Whether some `(i, j)` is stored more than once. */
  readonly hasDuplicateEdges: boolean;
  /** {@linkcode edgeHomophily}, `undefined` without labels. */
  readonly edgeHomophily: number | undefined;
  /** Distinct non-loop edges over `N (N - 1)` possible directed ones (0 for one node). */
  readonly density: number;
  /** Fraction of non-zero feature entries (0 without features). */
  readonly featureDensity: number;
  /** Nodes per class (length `numClasses`; labels outside `[0, numClasses)` not counted). */
  readonly classCounts: number[];
}

/**
 * Summarises a graph's size, degree, structure, labels and feature sparsity.
 *
 * @param numClasses Number of classes, when known (e.g. `GraphDataset.numClasses`).
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { graphSummary } from "./graph_summary.ts";
 * const g = createGraph({
 *   numNodes: 3, edgeIndex: [[0, 1], [1, 0]], y: new Int32Array([0, 1, 1]),
 * });
 * const s = graphSummary(g);
 * if (s.isolatedNodes !== 1 || !s.isUndirected || s.classCounts.join() !== "1,2") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function graphSummary(graph: Graph, numClasses?: number): GraphSummary {
  const N = graph.numNodes;
  const E = numEdges(graph);
  const { edgeIndex, y, x } = graph;
  const touched = new Uint8Array(N);
  for (let e = 0; e < E; e++) {
    if (edgeIndex[e] !== edgeIndex[E + e]) {
      touched[edgeIndex[e]] = 1;
      touched[edgeIndex[E + e]] = 1;
    }
  }
  let isolatedNodes = 0;
  for (let v = 0; v < N; v++) if (!touched[v]) isolatedNodes++;
  const selfLoops = countSelfLoops(graph);
  const unique = numEdges(coalesce({ numNodes: N, edgeIndex }));
  const hasLoop = new Uint8Array(N);
  for (let e = 0; e < E; e++) if (edgeIndex[e] === edgeIndex[E + e]) hasLoop[edgeIndex[e]] = 1;
  const distinctLoops = hasLoop.reduce((a, b) => a + b, 0);
  let C = numClasses ?? 0;
  if (numClasses === undefined && y) {
    for (let i = 0; i < y.length; i++) {
      C = Math.max(C, y[i] + 1);
    }
  }
  const classCounts = new Array<number>(C).fill(0);
  if (y) { for (let i = 0; i < y.length; i++) if (y[i] >= 0 && y[i] < C) classCounts[y[i]]++; }
  let nonzero = 0;
  if (x) { for (let k = 0; k < x.data.length; k++) if (x.data[k] !== 0) nonzero++; }
  const cells = x ? x.rows * x.cols : 0;
  return {
    numNodes: N,
    numEdges: E,
    numFeatures: numFeatures(graph),
    numClasses: C,
    avgDegree: E / N,
    isolatedNodes,
    selfLoops,
    isUndirected: isUndirected(graph),
    hasDuplicateEdges: unique < E,
    edgeHomophily: y ? edgeHomophily(graph) : undefined,
    density: N > 1 ? (unique - distinctLoops) / (N * (N - 1)) : 0,
    featureDensity: cells > 0 ? nonzero / cells : 0,
    classCounts,
  };
}
