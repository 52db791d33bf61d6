/**
 * Label homophily of a graph, like PyTorch Geometric's `torch_geometric.utils.homophily`.
 *
 * @module
 */
import { type Graph, numEdges } from "./graph.ts";

function labelsOf(graph: Graph, what: string): Int32Array {
  if (!graph.y) throw new RangeError(`Cannot compute ${what}: the graph has no labels y`);
  return graph.y;
}

/**
 * Edge homophily (Zhu et al., https://arxiv.org/abs/2006.11468; PyG `method="edge"`): the
 * fraction of edges whose two ends have the same label,
 * `|{(i, j) ∈ E : y_i = y_j}| / |E|`. Edges count as listed (an undirected edge stored both ways
 * counts twice, self loops count as homophilous). NaN for a graph without edges, as in PyG.
 *
 * @throws {RangeError} when the graph has no labels.
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { edgeHomophily } from "./homophily.ts";
 * const g = createGraph({
 *   numNodes: 3, edgeIndex: [[0, 1, 2, 0], [1, 2, 0, 2]], y: new Int32Array([0, 0, 1]),
 * });
 * if (edgeHomophily(g) !== 0.25) throw new Error("unexpected");
 * ```
 */
export function edgeHomophily(graph: Graph): number {
  const y = labelsOf(graph, "edge homophily");
  const E = numEdges(graph);
  let same = 0;
  for (let e = 0; e < E; e++) if (y[graph.edgeIndex[e]] === y[graph.edgeIndex[E + e]]) same++;
  return same / E;
}

/**
 * Node homophily (Pei et al., https://arxiv.org/abs/2002.05287; PyG `method="node"`): the mean
 * over all nodes of the fraction of a node's incoming edges that come from a node with the same
 * label. As in PyG, a node without incoming edges contributes 0 to the mean.
 *
 * @throws {RangeError} when the graph has no labels.
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { nodeHomophily } from "./homophily.ts";
 * const g = createGraph({
 *   numNodes: 3, edgeIndex: [[0, 1, 2], [1, 2, 1]], y: new Int32Array([0, 0, 1]),
 * });
 * // node 0: no in-edges -> 0; node 1: 1 of 2; node 2: 0 of 1
 * if (nodeHomophily(g) !== 0.5 / 3) throw new Error("unexpected");
 * ```
 */
export function nodeHomophily(graph: Graph): number {
  const y = labelsOf(graph, "node homophily");
  const E = numEdges(graph);
  const same = new Float64Array(graph.numNodes);
  const total = new Float64Array(graph.numNodes);
  for (let e = 0; e < E; e++) {
    const j = graph.edgeIndex[E + e];
    total[j]++;
    if (y[graph.edgeIndex[e]] === y[j]) same[j]++;
  }
  let sum = 0;
  for (let v = 0; v < graph.numNodes; v++) if (total[v] > 0) sum += same[v] / total[v];
  return sum / graph.numNodes;
}

/**
 * Class-insensitive edge homophily (Lim et al., https://arxiv.org/abs/2110.14446; PyG
 * `method="edge_insensitive"`), which does not reward a graph for having one large class:
 *
 * ```text
 * h_c = fraction of the edges into class-c nodes that come from class c (0 if none)
 * p_c = fraction of the nodes in class c
 * h   = Σ_c max(0, h_c - p_c) / (C - 1),   C = max(y) + 1
 * ```
 *
 * @throws {RangeError} when the graph has no labels or fewer than 2 classes.
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { classInsensitiveHomophily } from "./homophily.ts";
 * const g = createGraph({
 *   numNodes: 4, edgeIndex: [[0, 1, 2, 3], [1, 0, 3, 2]], y: new Int32Array([0, 0, 1, 1]),
 * });
 * if (classInsensitiveHomophily(g) !== 1) throw new Error("unexpected");
 * ```
 */
export function classInsensitiveHomophily(graph: Graph): number {
  const y = labelsOf(graph, "class-insensitive homophily");
  let C = 0;
  for (let i = 0; i < y.length; i++) C = Math.max(C, y[i] + 1);
  if (C < 2) {
    throw new RangeError(
      `Cannot compute class-insensitive homophily: expected at least 2 classes, got ${C}`,
    );
  }
  const E = numEdges(graph);
  const same = new Float64Array(C);
  const total = new Float64Array(C);
  const nodes = new Float64Array(C);
  for (let i = 0; i < y.length; i++) nodes[y[i]]++;
  for (let e = 0; e < E; e++) {
    const c = y[graph.edgeIndex[E + e]];
    total[c]++;
    if (y[graph.edgeIndex[e]] === c) same[c]++;
  }
  let h = 0;
  for (let c = 0; c < C; c++) {
    const hc = total[c] > 0 ? same[c] / total[c] : 0;
    h += Math.max(0, hc - nodes[c] / y.length);
  }
  return h / (C - 1);
}
