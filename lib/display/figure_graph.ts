/**
 * Node-link drawings of graphs and 2-D embedding scatters, as pure Plotly figures.
 *
 * @module
 */

import type { Graph } from "../graph/graph.ts";
import { type Figure, FIGURE_STYLE, type PlotlyTrace } from "./figures.ts";
import { forceLayout } from "./force_layout.ts";

/** Options for {@link graphFigure}. */
export interface GraphFigureOptions {
  /** `[x, y]` per node; default {@link forceLayout} with its default options. */
  positions?: Float32Array;
  /** Class or prediction per node, one legend entry per value; default `graph.y`. */
  colorBy?: Int32Array;
  /** Name of each class value; default the value itself. */
  labels?: readonly string[];
  /** The id shown on hover per node, e.g. `kHopSubgraph(...).subset`; default `0..n-1`. */
  nodeIds?: ArrayLike<number>;
  /** The figure's title; default none. */
  title?: string;
}

/** Options for {@link embeddingScatter}. */
export interface EmbeddingScatterOptions {
  /** Name of each class value; default the value itself. */
  labels?: readonly string[];
  /** The figure's title; default none. */
  title?: string;
}

function color(i: number): string {
  return FIGURE_STYLE.colors[i % FIGURE_STYLE.colors.length];
}

function layout(title: string, hideAxes: boolean): Record<string, unknown> {
  const axis = hideAxes ? { showgrid: false, zeroline: false, showticklabels: false } : {};
  return {
    title: { text: title },
    font: FIGURE_STYLE.font,
    margin: FIGURE_STYLE.margin,
    height: FIGURE_STYLE.height,
    hovermode: "closest",
    xaxis: { ...axis },
    yaxis: { ...axis, scaleanchor: "x" },
  };
}

/** One marker trace per distinct value of `colorBy` (ascending), or a single "nodes" trace. */
function nodeTraces(
  points: ArrayLike<number>,
  colorBy: Int32Array | undefined,
  labels: readonly string[] | undefined,
  what: string,
  nodeIds?: ArrayLike<number>,
): PlotlyTrace[] {
  const n = points.length >> 1;
  if (nodeIds && nodeIds.length !== n) {
    throw new RangeError(
      `Cannot plot ${what}: nodeIds has ${nodeIds.length} values (expected ${n})`,
    );
  }
  if (colorBy && colorBy.length !== n) {
    throw new RangeError(
      `Cannot plot ${what}: colorBy has ${colorBy.length} values (expected ${n})`,
    );
  }
  const classes = colorBy ? [...new Set(colorBy)].sort((a, b) => a - b) : [0];
  return classes.map((c, ci) => {
    const x: number[] = [];
    const y: number[] = [];
    const text: string[] = [];
    for (let i = 0; i < n; i++) {
      if (colorBy && colorBy[i] !== c) continue;
      x.push(points[2 * i]);
      y.push(points[2 * i + 1]);
      text.push(`node ${nodeIds ? nodeIds[i] : i}`);
    }
    return {
      type: "scatter",
      mode: "markers",
      name: colorBy ? labels?.[c] ?? String(c) : "nodes",
      x,
      y,
      text,
      marker: { color: color(c >= 0 ? c : ci), size: 6 },
    };
  });
}

/**
 * A node-link drawing: one grey line trace holding every edge (segments separated by `null`),
 * then one marker trace per class so the legend lists the classes. Each unordered node pair is
 * drawn once, so a symmetric edge index gives one segment per undirected edge; self-loops are left
 * out.
 *
 * @param graph any graph
 * @param options positions, colouring, class names and title
 * @returns a scatter figure with equal axis scales and hidden axes
 * @throws {RangeError} when `positions` or `colorBy` do not match the node count
 *
 * @example
 * ```ts
 * import { graphFigure } from "./figure_graph.ts";
 * import { createGraph } from "../graph/graph.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1], [1, 0, 2]] });
 * const fig = graphFigure(g, { colorBy: new Int32Array([0, 1, 1]), labels: ["a", "b"] });
 * const edges = fig.data[0].x as (number | null)[];
 * if (edges.filter((v) => v === null).length !== 2) throw new Error("expected 2 segments");
 * if (fig.data.length !== 3 || fig.data[2].name !== "b") throw new Error("expected 2 classes");
 * ```
 */
export function graphFigure(graph: Graph, options: GraphFigureOptions = {}): Figure {
  const n = graph.numNodes;
  const positions = options.positions ?? forceLayout(graph);
  if (positions.length !== 2 * n) {
    throw new RangeError(
      `Cannot plot graph: positions has ${positions.length} values (expected 2 * ${n} nodes)`,
    );
  }
  const e = graph.edgeIndex.length >> 1;
  const seen = new Set<number>();
  const ex: (number | null)[] = [];
  const ey: (number | null)[] = [];
  for (let m = 0; m < e; m++) {
    const u = graph.edgeIndex[m];
    const v = graph.edgeIndex[e + m];
    if (u === v) continue;
    const key = Math.min(u, v) * n + Math.max(u, v);
    if (seen.has(key)) continue;
    seen.add(key);
    ex.push(positions[2 * u], positions[2 * v], null);
    ey.push(positions[2 * u + 1], positions[2 * v + 1], null);
  }
  const edgeTrace: PlotlyTrace = {
    type: "scatter",
    mode: "lines",
    name: "edges",
    x: ex,
    y: ey,
    line: { color: "#999999", width: 0.5 },
    hoverinfo: "skip",
    showlegend: false,
  };
  const colorBy = options.colorBy ?? graph.y;
  const title = options.title ?? `Graph (${n} nodes, ${seen.size} edges)`;
  return {
    data: [edgeTrace, ...nodeTraces(positions, colorBy, options.labels, "graph", options.nodeIds)],
    layout: layout(title, true),
  };
}

/**
 * A 2-D embedding (e.g. `pca(...).projection` with `k = 2`, or `umap(...).embedding`) as a
 * marker scatter, one trace per class.
 *
 * @param points `[n, 2]` row-major coordinates: a Float32Array, Float64Array or number array
 * @param colorBy class or prediction per point; without it, a single trace
 * @param options class names and title
 * @returns a scatter figure with equal axis scales
 * @throws {RangeError} when `points` has an odd length or `colorBy` does not match it
 *
 * @example
 * ```ts
 * import { embeddingScatter } from "./figure_graph.ts";
 * const fig = embeddingScatter(new Float32Array([0, 0, 1, 1, 2, 0]), new Int32Array([1, 0, 1]));
 * if (fig.data.length !== 2 || JSON.stringify(fig.data[1].x) !== "[0,2]") throw new Error("bad");
 * ```
 */
export function embeddingScatter(
  points: ArrayLike<number>,
  colorBy?: Int32Array,
  options: EmbeddingScatterOptions = {},
): Figure {
  if (points.length % 2 !== 0) {
    throw new RangeError(
      `Cannot plot embedding: points has ${points.length} values (expected [n, 2])`,
    );
  }
  return {
    data: nodeTraces(points, colorBy, options.labels, "embedding"),
    layout: layout(options.title ?? `Embedding of ${points.length >> 1} points`, false),
  };
}
