/**
 * Pure Plotly figure builders: each returns a plain `{ data, layout }` object (no DOM, no plotly
 * import) that a notebook front end can draw and a test can inspect.
 *
 * @module
 */

import type { Graph } from "../graph/graph.ts";

/** One Plotly trace, e.g. `{ type: "bar", x: [...], y: [...] }`. */
export type PlotlyTrace = Record<string, unknown>;

/** A Plotly figure as JSON: what `Plotly.newPlot(div, data, layout)` takes. */
export interface Figure {
  /** The traces, drawn in order. */
  data: PlotlyTrace[];
  /** Axes, titles, size and the other `layout` settings. */
  layout: Record<string, unknown>;
}

/** Style defaults every builder shares; colours cycle by series / label. */
export const FIGURE_STYLE = {
  colors: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"],
  bandOpacity: 0.2,
  font: { family: "sans-serif", size: 12 },
  margin: { l: 60, r: 20, t: 50, b: 50 },
  height: 400,
  // Explicit: plotly.js's named "Blues" runs dark to light, which paints zeros dark.
  heatmapScale: [
    [0, "#f7fbff"],
    [0.25, "#c6dbef"],
    [0.5, "#6baed6"],
    [0.75, "#2171b5"],
    [1, "#08306b"],
  ],
} as const;

/** A training history: one run's per-epoch metrics. */
export interface TrainingHistory {
  /** The legend entry; runs with the same label form one band with `band`. */
  label: string;
  /** One record per epoch (`TrainResult.history` fits). */
  records: {
    epoch: number;
    trainLoss: number;
    valLoss: number;
    valAcc: number;
    trainAcc: number;
  }[];
}

/** Options for {@link trainingCurves}. */
export interface TrainingCurvesOptions {
  /** Draw runs sharing a label as a mean line inside a min-max band; default false. */
  band?: boolean;
  /** The figure's title; default none. */
  title?: string;
}

/** Options for {@link groupedBars}. */
export interface GroupedBarsOptions {
  /** The figure's title; default none. */
  title?: string;
  /** The y axis title; default none. */
  yTitle?: string;
}

/** One bar of {@link groupedBars}: `series` picks the colour, `group` the x position. */
export interface BarRow {
  /** The x position (e.g. the data set). */
  group: string;
  /** The colour and legend entry (e.g. the model). */
  series: string;
  /** The bar's height. */
  mean: number;
  /** An error bar of +- `std`; default none. */
  std?: number;
}

function color(i: number): string {
  return FIGURE_STYLE.colors[i % FIGURE_STYLE.colors.length];
}

function rgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
}

function baseLayout(title: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    title: { text: title },
    font: FIGURE_STYLE.font,
    margin: FIGURE_STYLE.margin,
    height: FIGURE_STYLE.height,
    ...extra,
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const CURVES = [
  { key: "trainLoss", name: "train loss", axis: 1, dash: "dash" },
  { key: "valLoss", name: "val loss", axis: 1, dash: "solid" },
  { key: "trainAcc", name: "train acc", axis: 2, dash: "dash" },
  { key: "valAcc", name: "val acc", axis: 2, dash: "solid" },
] as const;

/**
 * Loss (left) and accuracy (right) against epoch, one colour per label. With `band: true`, runs
 * sharing a label become a mean line inside a min-max band (lower bound, then upper bound filled
 * with `fill: "tonexty"`, then the mean).
 *
 * @param histories one entry per run; several runs may share a label
 * @param options `band` to aggregate runs of a label
 * @returns a two-subplot figure
 *
 * @example
 * ```ts
 * import { trainingCurves } from "./figures.ts";
 * const rec = (epoch: number, loss: number) =>
 *   ({ epoch, trainLoss: loss, valLoss: loss, trainAcc: 1 - loss, valAcc: 1 - loss });
 * const fig = trainingCurves([
 *   { label: "gcn", records: [rec(1, 0.9), rec(2, 0.5)] },
 *   { label: "gcn", records: [rec(1, 0.7), rec(2, 0.3)] },
 * ], { band: true });
 * const mean = fig.data.find((t) => t.name === "gcn val loss")!;
 * if (JSON.stringify(mean.y) !== "[0.8,0.4]") throw new Error(JSON.stringify(mean.y));
 * ```
 */
export function trainingCurves(
  histories: TrainingHistory[],
  options: TrainingCurvesOptions = {},
): Figure {
  if (histories.length === 0) {
    throw new RangeError("Cannot plot training curves: histories is empty");
  }
  histories.forEach((h, i) => {
    if (h.records.length === 0) {
      throw new RangeError(`Cannot plot training curves: run ${i} (${h.label}) has no records`);
    }
  });
  const data: PlotlyTrace[] = [];
  const axes = (axis: number) =>
    axis === 1 ? { xaxis: "x", yaxis: "y" } : { xaxis: "x2", yaxis: "y2" };
  [...groupBy(histories, (h) => h.label)].forEach(([label, runs], li) => {
    const c = color(li);
    for (const curve of CURVES) {
      const line = { color: c, dash: curve.dash };
      if (options.band && runs.length > 1) {
        const byEpoch = groupBy(runs.flatMap((r) => r.records), (r) => String(r.epoch));
        const epochs = [...byEpoch.keys()].map(Number).sort((a, b) => a - b);
        const values = epochs.map((e) => byEpoch.get(String(e))!.map((r) => r[curve.key]));
        const stat = (f: (v: number[]) => number) => values.map(f);
        const common = { type: "scatter", mode: "lines", x: epochs, ...axes(curve.axis) };
        data.push(
          {
            ...common,
            name: `${label} ${curve.name} min`,
            y: stat((v) => Math.min(...v)),
            line: { width: 0 },
            showlegend: false,
            hoverinfo: "skip",
          },
          {
            ...common,
            name: `${label} ${curve.name} max`,
            y: stat((v) => Math.max(...v)),
            line: { width: 0 },
            fill: "tonexty",
            fillcolor: rgba(c, FIGURE_STYLE.bandOpacity),
            showlegend: false,
            hoverinfo: "skip",
          },
          {
            ...common,
            name: `${label} ${curve.name}`,
            line,
            y: stat((v) => v.reduce((s, x) => s + x, 0) / v.length),
          },
        );
      } else {
        runs.forEach((run, ri) => {
          data.push({
            type: "scatter",
            mode: "lines",
            name: runs.length > 1 ? `${label} #${ri} ${curve.name}` : `${label} ${curve.name}`,
            x: run.records.map((r) => r.epoch),
            y: run.records.map((r) => r[curve.key]),
            line,
            ...axes(curve.axis),
          });
        });
      }
    }
  });
  return {
    data,
    layout: baseLayout(options.title ?? "Training curves", {
      xaxis: { domain: [0, 0.45], title: { text: "epoch" } },
      yaxis: { anchor: "x", title: { text: "loss" } },
      xaxis2: { domain: [0.55, 1], title: { text: "epoch" } },
      yaxis2: { anchor: "x2", title: { text: "accuracy" } },
    }),
  };
}

/**
 * A grouped bar chart: one bar trace per series, groups on the x axis, `std` as error bars.
 *
 * @param rows one bar each; a missing (group, series) pair leaves a gap
 * @param options title and y-axis title
 * @returns a `barmode: "group"` figure
 *
 * @example
 * ```ts
 * import { groupedBars } from "./figures.ts";
 * const fig = groupedBars([
 *   { group: "cora", series: "gcn", mean: 0.81, std: 0.01 },
 *   { group: "cora", series: "mlp", mean: 0.58, std: 0.02 },
 * ], { title: "Accuracy", yTitle: "test accuracy" });
 * if (fig.data.length !== 2 || (fig.data[1].y as number[])[0] !== 0.58) throw new Error("bad");
 * ```
 */
export function groupedBars(rows: BarRow[], options: GroupedBarsOptions = {}): Figure {
  if (rows.length === 0) throw new RangeError("Cannot plot grouped bars: rows is empty");
  rows.forEach((r, i) => {
    if (!Number.isFinite(r.mean) || (r.std !== undefined && !Number.isFinite(r.std))) {
      throw new RangeError(
        `Cannot plot grouped bars: row ${i} (${r.group}, ${r.series}) has a non-finite mean or std`,
      );
    }
  });
  const groups = [...new Set(rows.map((r) => r.group))];
  const data = [...groupBy(rows, (r) => r.series)].map(([series, list], i): PlotlyTrace => {
    const at = groups.map((g) => list.find((r) => r.group === g));
    const trace: PlotlyTrace = {
      type: "bar",
      name: series,
      x: groups,
      y: at.map((r) => r?.mean ?? null),
      marker: { color: color(i) },
    };
    if (list.some((r) => r.std !== undefined)) {
      trace.error_y = { type: "data", array: at.map((r) => r?.std ?? 0), visible: true };
    }
    return trace;
  });
  return {
    data,
    layout: baseLayout(options.title ?? "", {
      barmode: "group",
      yaxis: { title: { text: options.yTitle ?? "" } },
    }),
  };
}

/**
 * A confusion-matrix heatmap: rows are true classes (top to bottom), columns predicted classes.
 *
 * @param matrix square counts, `matrix[true][predicted]`
 * @param labels class names; default `"0"`, `"1"`, ...
 * @returns a heatmap figure with the counts written in the cells
 *
 * @example
 * ```ts
 * import { confusionHeatmap } from "./figures.ts";
 * const fig = confusionHeatmap([[5, 1], [2, 7]], ["cat", "dog"]);
 * if ((fig.data[0].z as number[][])[1][1] !== 7) throw new Error("bad z");
 * ```
 */
export function confusionHeatmap(matrix: number[][], labels?: readonly string[]): Figure {
  const n = matrix.length;
  if (n === 0) throw new RangeError("Cannot plot confusion matrix: matrix is empty");
  matrix.forEach((row, i) => {
    if (row.length !== n) {
      throw new RangeError(
        `Cannot plot confusion matrix: row ${i} has ${row.length} entries (expected ${n})`,
      );
    }
  });
  if (labels && labels.length !== n) {
    throw new RangeError(
      `Cannot plot confusion matrix: labels has ${labels.length} names (expected ${n})`,
    );
  }
  const names = labels ?? matrix.map((_, i) => String(i));
  return {
    data: [{
      type: "heatmap",
      z: matrix.map((row) => [...row]),
      x: names,
      y: names,
      colorscale: FIGURE_STYLE.heatmapScale,
      texttemplate: "%{z}",
    }],
    layout: baseLayout("Confusion matrix", {
      // automargin: long class names get room instead of running into the title.
      xaxis: { title: { text: "predicted" }, type: "category", automargin: true },
      yaxis: { title: { text: "true" }, type: "category", autorange: "reversed", automargin: true },
    }),
  };
}

/**
 * Nodes per class as bars; with counts per split, one bar trace per split, grouped.
 *
 * @param counts counts per class, or `{ split: countsPerClass }`
 * @param labels class names; default `"0"`, `"1"`, ...
 * @returns a bar figure
 *
 * @example
 * ```ts
 * import { classDistribution } from "./figures.ts";
 * const fig = classDistribution({ train: [3, 1], test: [6, 2] });
 * if (fig.data.length !== 2 || fig.data[1].name !== "test") throw new Error("bad");
 * ```
 */
export function classDistribution(
  counts: ArrayLike<number> | Record<string, ArrayLike<number>>,
  labels?: readonly string[],
): Figure {
  const splits: [string, ArrayLike<number>][] =
    "length" in counts && typeof counts.length === "number"
      ? [["nodes", counts as ArrayLike<number>]]
      : Object.entries(counts as Record<string, ArrayLike<number>>);
  if (splits.length === 0 || splits[0][1].length === 0) {
    throw new RangeError("Cannot plot class distribution: counts is empty");
  }
  const k = splits[0][1].length;
  for (const [name, c] of splits) {
    if (c.length !== k) {
      throw new RangeError(
        `Cannot plot class distribution: split ${name} has ${c.length} classes (expected ${k})`,
      );
    }
  }
  if (labels && labels.length !== k) {
    throw new RangeError(
      `Cannot plot class distribution: labels has ${labels.length} names (expected ${k})`,
    );
  }
  const x = labels ?? Array.from({ length: k }, (_, i) => String(i));
  return {
    data: splits.map(([name, c], i) => ({
      type: "bar",
      name,
      x,
      y: Array.from(c),
      marker: { color: color(i) },
    })),
    layout: baseLayout("Class distribution", {
      barmode: "group",
      showlegend: splits.length > 1,
      xaxis: { title: { text: "class" }, type: "category" },
      yaxis: { title: { text: "nodes" } },
    }),
  };
}

/**
 * How many nodes have each degree, on log-log axes. Degree 0 cannot sit on a log axis, so those
 * nodes are left out and counted in the title.
 *
 * @param degrees degree per node, e.g. from `degree(graph)`
 * @returns a marker scatter with `x` the distinct degrees (ascending) and `y` their node counts
 *
 * @example
 * ```ts
 * import { degreeDistribution } from "./figures.ts";
 * const fig = degreeDistribution(new Int32Array([1, 1, 2, 0]));
 * if (JSON.stringify(fig.data[0].y) !== "[2,1]") throw new Error("bad counts");
 * ```
 */
export function degreeDistribution(degrees: Int32Array): Figure {
  if (degrees.length === 0) {
    throw new RangeError("Cannot plot degree distribution: degrees is empty");
  }
  let max = 0;
  for (let i = 0; i < degrees.length; i++) {
    if (degrees[i] < 0) {
      throw new RangeError(
        `Cannot plot degree distribution: degrees[${i}] is ${degrees[i]} (expected >= 0)`,
      );
    }
    if (degrees[i] > max) max = degrees[i];
  }
  const freq = new Float64Array(max + 1);
  for (let i = 0; i < degrees.length; i++) freq[degrees[i]]++;
  const x: number[] = [];
  const y: number[] = [];
  for (let d = 1; d <= max; d++) {
    if (freq[d] > 0) {
      x.push(d);
      y.push(freq[d]);
    }
  }
  const note = freq[0] > 0 ? ` (${freq[0]} nodes with degree 0 not shown)` : "";
  return {
    data: [{ type: "scatter", mode: "markers", name: "nodes", x, y, marker: { color: color(0) } }],
    layout: baseLayout(`Degree distribution${note}`, {
      xaxis: { type: "log", title: { text: "degree" } },
      yaxis: { type: "log", title: { text: "nodes" } },
    }),
  };
}

/**
 * The adjacency matrix of a node subset as a heatmap: `z[i][j]` sums the weights (1 without
 * `edgeWeight`) of edges from `nodes[i]` to `nodes[j]`.
 *
 * @param graph any graph
 * @param nodes node ids to show, in order; default the first 100 nodes
 * @returns a heatmap figure
 *
 * @example
 * ```ts
 * import { adjacencyHeatmap } from "./figures.ts";
 * import { createGraph } from "../graph/graph.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 2], [1, 0]] });
 * const z = adjacencyHeatmap(g).data[0].z as number[][];
 * if (z[0][1] !== 1 || z[2][0] !== 1 || z[1][0] !== 0) throw new Error("bad z");
 * ```
 */
export function adjacencyHeatmap(graph: Graph, nodes?: Int32Array): Figure {
  const subset = nodes ??
    Int32Array.from({ length: Math.min(100, graph.numNodes) }, (_, i) => i);
  if (subset.length === 0) throw new RangeError("Cannot plot adjacency: no nodes to show");
  const pos = new Int32Array(graph.numNodes).fill(-1);
  subset.forEach((v, i) => {
    if (v < 0 || v >= graph.numNodes) {
      throw new RangeError(
        `Cannot plot adjacency: nodes[${i}] is ${v} (expected 0..${graph.numNodes - 1})`,
      );
    }
    if (pos[v] >= 0) throw new RangeError(`Cannot plot adjacency: node ${v} is listed twice`);
    pos[v] = i;
  });
  const k = subset.length;
  const z = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const e = graph.edgeIndex.length / 2;
  for (let j = 0; j < e; j++) {
    const s = pos[graph.edgeIndex[j]];
    const t = pos[graph.edgeIndex[e + j]];
    if (s >= 0 && t >= 0) z[s][t] += graph.edgeWeight?.[j] ?? 1;
  }
  const names = Array.from(subset, String);
  return {
    data: [{ type: "heatmap", z, x: names, y: names, colorscale: FIGURE_STYLE.heatmapScale }],
    layout: baseLayout(`Adjacency of ${k} of ${graph.numNodes} nodes`, {
      xaxis: { title: { text: "target" }, type: "category" },
      yaxis: { title: { text: "source" }, type: "category", autorange: "reversed" },
    }),
  };
}

/** Titles for {@link titled}: the figure's and, optionally, each axis's. */
export interface FigureTitles {
  /** The figure's title. */
  title: string;
  /** The x axis title; default unchanged. */
  x?: string;
  /** The y axis title; default unchanged. */
  y?: string;
}

/**
 * A copy of a figure with a new title and, where given, new axis titles; other layout keys stay.
 * Builders give generic titles ("Class distribution"); a notebook says what its figure shows.
 *
 * @param fig any {@link Figure}
 * @param titles the figure title and optional `x` / `y` axis titles
 * @returns a new figure sharing `fig.data`
 *
 * @example
 * ```ts
 * import { classDistribution, titled } from "./figures.ts";
 * const fig = titled(classDistribution([3, 5]), { title: "Cora classes", y: "nodes" });
 * const yaxis = fig.layout.yaxis as { title: { text: string } };
 * if (yaxis.title.text !== "nodes") throw new Error("axis title not set");
 * ```
 */
export function titled(fig: Figure, titles: FigureTitles): Figure {
  const layout: Record<string, unknown> = { ...fig.layout, title: { text: titles.title } };
  for (const [axis, text] of [["xaxis", titles.x], ["yaxis", titles.y]] as const) {
    if (text !== undefined) {
      layout[axis] = { ...(fig.layout[axis] as Record<string, unknown>), title: { text } };
    }
  }
  return { data: fig.data, layout };
}

function pointCount(trace: PlotlyTrace): number {
  const values = trace.type === "heatmap" ? trace.z : trace.y ?? trace.x;
  return Array.isArray(values) ? values.length : 0;
}

/**
 * A `text/plain` summary of a figure: its title, then one line per trace.
 *
 * @param fig any {@link Figure}
 * @returns e.g. `Figure "Accuracy": 1 trace\n  bar "gcn": 2 points`
 *
 * @example
 * ```ts
 * import { describeFigure, groupedBars } from "./figures.ts";
 * const text = describeFigure(groupedBars([{ group: "a", series: "s", mean: 1 }], { title: "T" }));
 * if (text !== 'Figure "T": 1 trace\n  bar "s": 1 point') throw new Error(text);
 * ```
 */
export function describeFigure(fig: Figure): string {
  const title = (fig.layout.title as { text?: string } | undefined)?.text ?? "";
  const n = fig.data.length;
  const lines = [`Figure "${title}": ${n} trace${n === 1 ? "" : "s"}`];
  for (const trace of fig.data) {
    const points = pointCount(trace);
    const unit = trace.type === "heatmap" ? "row" : "point";
    lines.push(
      `  ${trace.type ?? "scatter"} "${trace.name ?? ""}": ${points} ${unit}${
        points === 1 ? "" : "s"
      }`,
    );
  }
  return lines.join("\n");
}
