/**
 * Adjacency matrices of the same nodes side by side, grouped by class: how an input graph and a
 * learned one (or several learned ones) connect the classes.
 *
 * @module
 */
import type { Graph } from "../graph/graph.ts";
import { createRng } from "../random/rng.ts";
import { adjacencyHeatmap, type Figure, FIGURE_STYLE } from "./figures.ts";
import { subplots } from "./subplots.ts";

/** Options of {@linkcode adjacencyComparison}. */
export interface AdjacencyComparisonOptions {
  /** The class of every node: nodes are grouped by it, with a line between the groups. */
  labels: ArrayLike<number>;
  /** The nodes to show (any order); default `perClass` nodes of every class. */
  nodes?: ArrayLike<number>;
  /** Without `nodes`: how many nodes of each class to show (default 12; fewer if it has fewer). */
  perClass?: number;
  /**
   * Without `nodes`: draw each class's nodes at random with this seed (classes in label order);
   * default its first by id.
   */
  seed?: number;
  /** Class names for the ticks, one per class; default `"0"`, `"1"`, ... */
  classNames?: readonly string[];
  /** The figure's title. */
  title?: string;
  /**
   * Show each target node's incoming weights as shares of their total, `w_ji / Σ_k w_ki` (what
   * the node receives from each source, as in `D⁻¹A`), so graphs of different scales compare;
   * default false: the weights as stored.
   */
  normalize?: boolean;
  /** Decimals of the weights shown (default 3: enough for colours, and small to store). */
  digits?: number;
  /** The top of the shared colour scale; default the largest weight shown. */
  zmax?: number;
  /** Height in pixels (default 500). */
  height?: number;
}

// The graph with each target's incoming weights divided by their sum (self loops included).
function normalized(graph: Graph): Graph {
  const E = graph.edgeIndex.length / 2;
  const incoming = new Float64Array(graph.numNodes);
  for (let e = 0; e < E; e++) incoming[graph.edgeIndex[E + e]] += graph.edgeWeight?.[e] ?? 1;
  const edgeWeight = new Float32Array(E);
  for (let e = 0; e < E; e++) {
    const total = incoming[graph.edgeIndex[E + e]];
    edgeWeight[e] = total === 0 ? 0 : (graph.edgeWeight?.[e] ?? 1) / total;
  }
  return { numNodes: graph.numNodes, edgeIndex: graph.edgeIndex, edgeWeight };
}

// The nodes to show, ordered by class, then by id.
function shownNodes(options: AdjacencyComparisonOptions, numNodes: number): Int32Array {
  const { labels, nodes, perClass = 12, seed } = options;
  if (labels.length !== numNodes) {
    throw new RangeError(
      `Cannot compare adjacencies: labels has ${labels.length} entries, the graphs ${numNodes} nodes`,
    );
  }
  let chosen: number[];
  if (nodes) {
    chosen = Array.from(nodes);
  } else {
    if (!(Number.isInteger(perClass) && perClass >= 1)) {
      throw new RangeError(
        `Cannot compare adjacencies: perClass must be a positive integer, got ${perClass}`,
      );
    }
    const rng = seed === undefined ? undefined : createRng(seed);
    const byClass = new Map<number, number[]>();
    for (let v = 0; v < numNodes; v++) {
      const members = byClass.get(labels[v]) ?? [];
      members.push(v);
      byClass.set(labels[v], members);
    }
    // Classes in label order, so a seeded draw does not depend on which class comes first.
    chosen = [...byClass].sort(([a], [b]) => a - b).flatMap(([, members]) =>
      (rng ? rng.shuffle(members) : members).slice(0, perClass)
    );
  }
  return Int32Array.from(chosen).sort((u, v) => labels[u] - labels[v] || u - v);
}

/**
 * Heatmaps of several graphs' adjacency on the same nodes, side by side, the nodes grouped by
 * class (then by id) with a grey line between the classes and one tick naming each class: weight
 * that stays inside a class falls in the blocks on the diagonal. Cell `(source, target)` holds the
 * summed weight of the edges `source -> target` (1 per edge without `edgeWeight`); one colour scale
 * from 0 serves every panel.
 *
 * @param graphs the graphs by panel title, on the same node set, e.g.
 *   `{ "input graph": data.graph, "learned graph": learned }`
 * @param options the labels, which nodes, class names, title
 * @returns a figure with one heatmap trace per graph, named after it
 * @throws {RangeError} when `graphs` is empty, the graphs differ in size, or `labels` does not
 *   match them
 *
 * @example
 * ```ts
 * import { adjacencyComparison } from "./adjacency_comparison.ts";
 * import { createGraph } from "../graph/graph.ts";
 * const input = createGraph({ numNodes: 3, edgeIndex: [[0, 1], [2, 2]] });
 * const learned = createGraph({
 *   numNodes: 3, edgeIndex: [[0, 2], [1, 0]], edgeWeight: new Float32Array([0.25, 0.5]),
 * });
 * const fig = adjacencyComparison({ input, learned }, { labels: [1, 0, 1] });
 * // Ordered by class: node 1 (class 0), then nodes 0 and 2 (class 1); rows are sources.
 * if (JSON.stringify(fig.data[0].x) !== '["1","0","2"]') throw new Error("order");
 * if (JSON.stringify(fig.data[1].z) !== "[[0,0,0],[0.25,0,0],[0,0.5,0]]") throw new Error("z");
 * ```
 */
export function adjacencyComparison(
  graphs: Record<string, Graph>,
  options: AdjacencyComparisonOptions,
): Figure {
  const entries = Object.entries(graphs);
  if (entries.length === 0) throw new RangeError("Cannot compare adjacencies: graphs is empty");
  const numNodes = entries[0][1].numNodes;
  const other = entries.find(([, g]) => g.numNodes !== numNodes);
  if (other) {
    throw new RangeError(
      `Cannot compare adjacencies: ${other[0]} has ${other[1].numNodes} nodes, ` +
        `${entries[0][0]} ${numNodes}`,
    );
  }
  const { labels, classNames, digits = 3 } = options;
  const nodes = shownNodes(options, numNodes);
  const scale = 10 ** digits;
  const heat = entries.map(([, g]) =>
    (adjacencyHeatmap(options.normalize ? normalized(g) : g, nodes).data[0].z as number[][]).map((
      row,
    ) => row.map((w) => Math.round(scale * w) / scale))
  );
  const ids = Array.from(nodes, String);
  const starts = [...nodes.keys()].filter((i) =>
    i === 0 || labels[nodes[i]] !== labels[nodes[i - 1]]
  );
  const ends = [...starts.slice(1), nodes.length];
  const ticks = {
    type: "category",
    tickmode: "array",
    tickvals: starts.map((s, k) => ids[Math.floor((s + ends[k] - 1) / 2)]),
    ticktext: starts.map((s) => classNames?.[labels[nodes[s]]] ?? String(labels[nodes[s]])),
    automargin: true,
  };
  const fig = subplots(
    entries.map(([name], k) => ({
      title: name,
      x: "target node, by class",
      y: "source node, by class",
      traces: [{
        type: "heatmap",
        name,
        z: heat[k],
        x: ids,
        y: ids,
        coloraxis: "coloraxis",
        hovertemplate: "%{y} -> %{x}: %{z}<extra></extra>",
      }],
      xaxis: ticks,
      // Class names label the first panel's rows only: beside the next panel they would collide.
      yaxis: { ...ticks, autorange: "reversed", ...(k > 0 && { showticklabels: false }) },
    })),
    {
      title: options.title ?? "Adjacency by class",
      direction: "columns",
      height: options.height ?? 500,
    },
  );
  const zmax = options.zmax ?? Math.max(...heat.flat(2), 0);
  const shapes = entries.flatMap((_, k) => {
    const a = k === 0 ? "" : String(k + 1);
    const end = nodes.length - 0.5;
    return starts.slice(1).flatMap((s) =>
      [
        { x0: s - 0.5, x1: s - 0.5, y0: -0.5, y1: end },
        { x0: -0.5, x1: end, y0: s - 0.5, y1: s - 0.5 },
      ].map((line) => ({
        type: "line",
        xref: `x${a}`,
        yref: `y${a}`,
        ...line,
        line: { color: "#999999", width: 1 },
      }))
    );
  });
  fig.layout = {
    ...fig.layout,
    shapes,
    coloraxis: {
      colorscale: FIGURE_STYLE.heatmapScale,
      cmin: 0,
      cmax: zmax > 0 ? zmax : 1,
      colorbar: { title: { text: "weight" } },
    },
  };
  return fig;
}
