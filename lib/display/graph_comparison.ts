/**
 * A table that compares graphs on the same labelled nodes: how many edges, how many they share,
 * how homophilous they are, how spread each node's incoming weight is, and whether a few hubs
 * carry most of it. Made for an input graph next to the graphs a model learned from it.
 *
 * @module
 */
import type { Graph } from "../graph/graph.ts";
import { type Table, table } from "./table.ts";

/** What {@linkcode graphStatistics} measures on one graph (self loops apart from the edges). */
export interface GraphStatistics {
  /** Edges between distinct nodes with a nonzero weight. */
  edges: number;
  /** Their weights' range; `[1, 1]` for an unweighted graph, `[NaN, NaN]` without edges. */
  weights: [number, number];
  /** Share of those edges whose ends have the same class. */
  edgeHomophily: number;
  /**
   * The same, each edge weighted by its share of what its target receives (`w_ji / in_i`): of
   * what the nodes receive from others, the share that comes from their own class.
   */
  weightedHomophily: number;
  /**
   * Mean over the nodes that receive anything of `exp(H)`, `H` the entropy of the node's incoming
   * weights (self loop included) normalised to sum to 1: the number of equally weighted
   * neighbours the node's mix amounts to.
   */
  effectiveNeighbours: number;
  /** Mean over the same nodes of the self loop's share of the incoming weight. */
  selfWeight: number;
  /**
   * The largest total share one node sends: `max_j Σ_i w_ji / in_i`, `in_i` node i's incoming
   * weight; 1 is one full node's worth of messages, so far more than the typical degree shows a hub.
   */
  largestSent: number;
  /** Mean number of incoming edges (between distinct nodes) per node. */
  meanDegree: number;
  /** The largest number of incoming edges of a node. */
  maxDegree: number;
}

/**
 * The entropy (nats) of each node's incoming weights, normalised to sum to 1 (self loop
 * included): 0 for a node that receives from one node (or nothing), `ln d` for `d` equal weights.
 * Its exponential is the number of equally weighted neighbours a node's mix amounts to.
 *
 * @param graph any graph; an edge without `edgeWeight` weighs 1, zero weights are skipped
 * @returns one entropy per node
 *
 * @example
 * ```ts
 * import { incomingEntropy } from "./graph_comparison.ts";
 * import { createGraph } from "../graph/graph.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 0], [2, 2, 1]] });
 * const h = incomingEntropy(g);
 * if (h[2] !== Math.log(2) || h[1] !== 0 || h[0] !== 0) throw new Error(String(h));
 * ```
 */
export function incomingEntropy(graph: Graph): Float64Array {
  const E = graph.edgeIndex.length / 2;
  const weight = (e: number) => graph.edgeWeight?.[e] ?? 1;
  const incoming = new Float64Array(graph.numNodes);
  for (let e = 0; e < E; e++) incoming[graph.edgeIndex[E + e]] += weight(e);
  const entropy = new Float64Array(graph.numNodes);
  for (let e = 0; e < E; e++) {
    const w = weight(e);
    if (w === 0) continue;
    const t = graph.edgeIndex[E + e];
    const p = w / incoming[t];
    entropy[t] -= p * Math.log(p);
  }
  return entropy;
}

function labelsOf(graph: Graph, name: string): Int32Array {
  if (!graph.y) throw new RangeError(`Cannot compare graphs: ${name} has no labels (y)`);
  return graph.y;
}

/**
 * Measures one graph for {@linkcode graphComparisonTable}. A node's incoming weight includes its
 * self loop; an edge's weight is its `edgeWeight` entry, 1 without one.
 *
 * @param graph a graph with labels `y`
 * @returns the statistics
 * @throws {RangeError} when the graph has no labels
 *
 * @example
 * ```ts
 * import { graphStatistics } from "./graph_comparison.ts";
 * import { createGraph } from "../graph/graph.ts";
 * // Node 2 receives from 0 (same class) and from itself, half each; node 1 all from 0.
 * const g = createGraph({
 *   numNodes: 3, edgeIndex: [[0, 2, 0], [2, 2, 1]], edgeWeight: new Float32Array([1, 1, 2]),
 *   y: new Int32Array([0, 1, 0]),
 * });
 * const s = graphStatistics(g);
 * if (s.edges !== 2 || s.edgeHomophily !== 0.5 || s.weightedHomophily !== 1 / 3) throw new Error("h");
 * if (s.selfWeight !== 0.25 || s.largestSent !== 1.5 || s.maxDegree !== 1) throw new Error("w");
 * ```
 */
export function graphStatistics(graph: Graph): GraphStatistics {
  const y = labelsOf(graph, "the graph");
  const n = graph.numNodes;
  const E = graph.edgeIndex.length / 2;
  const weight = (e: number) => graph.edgeWeight?.[e] ?? 1;
  const incoming = new Float64Array(n);
  const self = new Float64Array(n);
  const degree = new Int32Array(n);
  let edges = 0, same = 0, min = Infinity, max = -Infinity;
  for (let e = 0; e < E; e++) {
    const w = weight(e);
    if (w === 0) continue;
    const s = graph.edgeIndex[e], t = graph.edgeIndex[E + e];
    incoming[t] += w;
    if (s === t) {
      self[t] += w;
      continue;
    }
    edges++;
    degree[t]++;
    min = Math.min(min, w);
    max = Math.max(max, w);
    if (y[s] === y[t]) same++;
  }
  const entropy = incomingEntropy(graph);
  const sent = new Float64Array(n);
  let shared = 0, sameShare = 0;
  for (let e = 0; e < E; e++) {
    const w = weight(e);
    if (w === 0) continue;
    const s = graph.edgeIndex[e], t = graph.edgeIndex[E + e];
    const p = w / incoming[t];
    sent[s] += p;
    if (s === t) continue;
    shared += p;
    if (y[s] === y[t]) sameShare += p;
  }
  let receivers = 0, spread = 0, selfShare = 0;
  for (let v = 0; v < n; v++) {
    if (incoming[v] === 0) continue;
    receivers++;
    spread += Math.exp(entropy[v]);
    selfShare += self[v] / incoming[v];
  }
  return {
    edges,
    weights: edges === 0 ? [NaN, NaN] : [min, max],
    edgeHomophily: same / edges,
    weightedHomophily: sameShare / shared,
    effectiveNeighbours: spread / receivers,
    selfWeight: selfShare / receivers,
    largestSent: Math.max(...sent),
    meanDegree: edges / n,
    maxDegree: Math.max(...degree),
  };
}

// The set of `source,target` pairs between distinct nodes with a nonzero weight.
function edgeKeys(graph: Graph): Set<string> {
  const E = graph.edgeIndex.length / 2;
  const keys = new Set<string>();
  for (let e = 0; e < E; e++) {
    const s = graph.edgeIndex[e], t = graph.edgeIndex[E + e];
    if (s !== t && (graph.edgeWeight?.[e] ?? 1) !== 0) keys.add(`${s},${t}`);
  }
  return keys;
}

/** Options of {@linkcode graphComparisonTable}. */
export interface GraphComparisonOptions {
  /** The table's title; the same-class share of all node pairs is appended. */
  title?: string;
  /** Decimals of the shares and means (default 3). */
  digits?: number;
}

/**
 * One row of {@linkcode graphStatistics} per graph, then a row for edges drawn without regard to
 * the labels (each share is then the same-class share of all pairs of distinct nodes). The second
 * column counts the edges each graph shares with the first.
 *
 * @param graphs the graphs by name, on the same labelled nodes, the reference first
 * @param options title and decimals
 * @returns a {@linkcode Table} with the columns `graph`, `edges`, `shared with <first>`,
 *   `weights`, `edge homophily`, `weighted homophily`, `effective neighbours`, `self weight`,
 *   `largest share sent`, `mean degree`, `max degree`
 * @throws {RangeError} when `graphs` is empty, a graph has no labels or the sizes differ
 *
 * @example
 * ```ts
 * import { graphComparisonTable } from "./graph_comparison.ts";
 * import { createGraph } from "../graph/graph.ts";
 * const y = new Int32Array([0, 0, 1, 1]);
 * const input = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 2], [1, 2, 3]], y });
 * const learned = createGraph({ numNodes: 4, edgeIndex: [[0, 2], [1, 3]], y });
 * const t = graphComparisonTable({ input, learned });
 * if (t.cells[1].slice(0, 3).join() !== "learned,2,2") throw new Error(String(t));
 * if (t.cells[2][0] !== "label-blind edges") throw new Error(String(t));
 * ```
 */
export function graphComparisonTable(
  graphs: Record<string, Graph>,
  options: GraphComparisonOptions = {},
): Table {
  const entries = Object.entries(graphs);
  if (entries.length === 0) throw new RangeError("Cannot compare graphs: graphs is empty");
  const [firstName, first] = entries[0];
  const y = labelsOf(first, firstName);
  for (const [name, g] of entries) {
    if (g.numNodes !== first.numNodes || labelsOf(g, name).length !== y.length) {
      throw new RangeError(
        `Cannot compare graphs: ${name} has ${g.numNodes} nodes, ${firstName} ${first.numNodes}`,
      );
    }
  }
  const n = first.numNodes;
  const counts = new Map<number, number>();
  for (const c of y) counts.set(c, (counts.get(c) ?? 0) + 1);
  const chance = [...counts.values()].reduce((s, k) => s + k * (k - 1), 0) / (n * (n - 1));
  const reference = edgeKeys(first);
  const shared = `shared with ${firstName}`;
  const rows: Record<string, unknown>[] = entries.map(([name, g], k) => {
    const s = graphStatistics(g);
    const [low, high] = s.weights;
    return {
      graph: name,
      edges: s.edges,
      [shared]: k === 0 ? "-" : [...edgeKeys(g)].filter((key) => reference.has(key)).length,
      weights: low === high ? String(low) : `${low.toPrecision(3)} to ${high.toPrecision(3)}`,
      "edge homophily": s.edgeHomophily,
      "weighted homophily": s.weightedHomophily,
      "effective neighbours": s.effectiveNeighbours,
      "self weight": s.selfWeight,
      "largest share sent": s.largestSent,
      "mean degree": s.meanDegree,
      "max degree": s.maxDegree,
    };
  });
  rows.push({
    graph: "label-blind edges",
    edges: "-",
    [shared]: "-",
    weights: "-",
    "edge homophily": chance,
    "weighted homophily": chance,
    "effective neighbours": "-",
    "self weight": "-",
    "largest share sent": "-",
    "mean degree": "-",
    "max degree": "-",
  });
  const title = options.title ?? "The graphs compared";
  return table(rows, {
    title: `${title} (same-class share of all node pairs: ${chance.toFixed(options.digits ?? 3)})`,
    digits: options.digits ?? 3,
  });
}
