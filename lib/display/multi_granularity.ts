/**
 * Multi-granularity propagation (chapter 2.3) shown: the levels a coarsening builds, and how
 * information from one node spreads over the hierarchy for several dampings `alpha`.
 *
 * @module
 */
import type { Graph } from "../graph/graph.ts";
import type { GranularityLevel, HierarchyGraph } from "../structure/hierarchy.ts";
import type { SpreadingTrace } from "../structure/multi_granularity.ts";
import { type Figure, FIGURE_STYLE } from "./figures.ts";
import { subplots } from "./subplots.ts";
import { type Table, table } from "./table.ts";

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Options of {@linkcode hierarchyTable}. */
export interface HierarchyTableOptions {
  /** The hierarchy graph built from the levels, whose size the title states. */
  hierarchy?: HierarchyGraph;
  /** The table's title (default "Granularity levels"). */
  title?: string;
}

/**
 * One row per granularity level: level 0 (the graph's own nodes), then every coarse level's
 * clusters, their sizes in original nodes (smallest, largest, median) and the coarse graph's
 * edges.
 *
 * @param graph the original graph
 * @param levels what `granularityLevels(graph, ...)` returned
 * @param options the hierarchy graph and the title
 * @returns a {@linkcode Table} with the columns `level`, `nodes`, `cluster sizes`, `edges`
 *
 * @example
 * ```ts
 * import { hierarchyTable } from "./multi_granularity.ts";
 * import { createGraph } from "../graph/graph.ts";
 * import { granularityLevels } from "../structure/hierarchy.ts";
 * const path = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 1, 2, 2, 3], [1, 0, 2, 1, 3, 2]] });
 * const levels = granularityLevels(path, { levels: 1, seed: 0 });
 * const t = hierarchyTable(path, levels);
 * if (t.cells[0].join() !== "0,4,1,6") throw new Error(String(t));
 * if (t.cells[1][1] !== String(levels[0].numClusters)) throw new Error(String(t));
 * ```
 */
export function hierarchyTable(
  graph: Graph,
  levels: readonly GranularityLevel[],
  options: HierarchyTableOptions = {},
): Table {
  const edges = (g: Graph) => g.edgeIndex.length / 2;
  const { hierarchy } = options;
  const title = (options.title ?? "Granularity levels") +
    (hierarchy
      ? `; hierarchy graph: ${hierarchy.graph.numNodes} nodes, ${edges(hierarchy.graph)} edges`
      : "");
  return table([
    { level: 0, nodes: graph.numNodes, "cluster sizes": "1", edges: edges(graph) },
    ...levels.map((l) => {
      const sizes = Array.from(l.sizes);
      return {
        level: l.level,
        nodes: l.numClusters,
        "cluster sizes": `${Math.min(...sizes)} to ${Math.max(...sizes)}, median ${median(sizes)}`,
        edges: edges(l.graph),
      };
    }),
  ], { title });
}

/** One damping's spreading, for {@linkcode spreadingFigure} and {@linkcode spreadingTable}. */
export interface SpreadingRun {
  /** The damping `alpha` it ran with. */
  alpha: number;
  /** What `simulateSpreading` returned. */
  trace: SpreadingTrace;
}

/** Options of {@linkcode spreadingFigure}. */
export interface SpreadingFigureOptions {
  /** The figure's title. */
  title?: string;
}

/**
 * Two panels over the steps, one line per `alpha`: the total information left, and the
 * information held by the original nodes (level 0).
 *
 * @param runs one spreading per damping, in legend order
 * @param options the title
 * @returns a stacked figure with traces named `α = <alpha>`, on `y` (total) and `y2` (level 0)
 * @throws {RangeError} when `runs` is empty
 *
 * @example
 * ```ts
 * import { spreadingFigure } from "./multi_granularity.ts";
 * import { createGraph } from "../graph/graph.ts";
 * import { granularityLevels, hierarchyGraph } from "../structure/hierarchy.ts";
 * import { simulateSpreading } from "../structure/multi_granularity.ts";
 * const path = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 1, 2, 2, 3], [1, 0, 2, 1, 3, 2]] });
 * const h = hierarchyGraph(path, granularityLevels(path, { levels: 1, seed: 0 }));
 * const runs = [0, 1].map((alpha) => ({
 *   alpha, trace: simulateSpreading(h, { alpha, steps: 3, sources: [0] }),
 * }));
 * const fig = spreadingFigure(runs);
 * if (fig.data.length !== 4 || fig.data[2].yaxis !== "y2") throw new Error("traces");
 * ```
 */
export function spreadingFigure(
  runs: readonly SpreadingRun[],
  options: SpreadingFigureOptions = {},
): Figure {
  if (runs.length === 0) throw new RangeError("Cannot plot spreading: runs is empty");
  const panel = (
    title: string,
    values: (trace: SpreadingTrace) => Float64Array,
    legend: boolean,
  ) => ({
    title,
    range: [0, 1.05] as [number, number],
    traces: runs.map(({ alpha, trace }, i) => {
      const y = Array.from(values(trace));
      return {
        type: "scatter",
        mode: "lines",
        name: `α = ${alpha}`,
        legendgroup: String(alpha),
        showlegend: legend,
        x: y.map((_, t) => t),
        y,
        line: { color: FIGURE_STYLE.colors[i % FIGURE_STYLE.colors.length] },
      };
    }),
  });
  return subplots([
    panel("total information", (t) => t.total, true),
    panel("at level 0", (t) => t.byLevel[0], false),
  ], { title: options.title ?? "Spreading over the hierarchy, one line per α", x: "step t" });
}

/**
 * The information left after the last step, per `alpha`: in total and at each level.
 *
 * @param runs one spreading per damping
 * @returns a {@linkcode Table} with the columns `α`, `exp(−α)`, `total at t = <steps>`, `level 0`, ...
 *
 * @example
 * ```ts
 * import { spreadingTable } from "./multi_granularity.ts";
 * const trace = { information: [], total: new Float64Array([1, 1]), byLevel: [new Float64Array([1, 0.5])] };
 * const t = spreadingTable([{ alpha: 0, trace }]);
 * if (t.cells[0].join() !== "0,1.0000,1.0000,0.5000") throw new Error(String(t));
 * ```
 */
export function spreadingTable(runs: readonly SpreadingRun[]): Table {
  if (runs.length === 0) throw new RangeError("Cannot tabulate spreading: runs is empty");
  const steps = runs[0].trace.total.length - 1;
  return table(
    runs.map(({ alpha, trace }) => ({
      α: String(alpha),
      "exp(−α)": Math.exp(-alpha).toFixed(4),
      [`total at t = ${steps}`]: trace.total[steps].toFixed(4),
      ...Object.fromEntries(trace.byLevel.map((held, g) => [`level ${g}`, held[steps].toFixed(4)])),
    })),
    { title: `Information after ${steps} steps, by level` },
  );
}
