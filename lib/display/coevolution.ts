/**
 * The co-evolution of a learned graph (chapter 2.2): how much it changes at every rebuild and in
 * every round of a rebuild, how homophilous it becomes, and its share in propagation.
 *
 * @module
 */
import { type Figure, FIGURE_STYLE, type PlotlyTrace } from "./figures.ts";
import { subplots } from "./subplots.ts";
import { type Table, table } from "./table.ts";

/** One rebuild of the learned graph, as `coEvolutionRebuilds` reads it from a training run. */
export interface GraphRebuild {
  /** The epoch the rebuild ran before (1-based). */
  epoch: number;
  /** Co-evolution rounds it took. */
  rounds: number;
  /** The relative change of its last round; undefined for the very first graph of a run. */
  change?: number;
  /** The learned graph's share in propagation after the epoch. */
  share: number;
  /** Edges of the rebuilt graph. */
  edges: number;
  /** Its edge homophily. */
  homophily: number;
  /** Validation accuracy after the epoch. */
  valAcc: number;
}

/** The co-evolution settings a figure or table states (`learnedGraph` of the model's config). */
export interface CoEvolutionSettings {
  /** A rebuild settles when its change falls below this. */
  tolerance: number;
  /** Epochs between rebuilds. */
  refreshEvery?: number;
  /** The most rounds of one rebuild. */
  maxIterations?: number;
}

/** Options of {@linkcode coEvolutionFigure}. */
export interface CoEvolutionFigureOptions extends CoEvolutionSettings {
  /** The input graph's edge homophily, drawn as a reference line. */
  inputHomophily?: number;
  /** The figure's title. */
  title?: string;
}

const line = (name: string, x: number[], y: (number | null)[], color: string): PlotlyTrace => ({
  type: "scatter",
  mode: "lines+markers",
  name,
  x,
  y,
  line: { color },
});

const level = (name: string, x: number[], value: number): PlotlyTrace => ({
  type: "scatter",
  mode: "lines",
  name,
  x: [x[0], x.at(-1)],
  y: [value, value],
  line: { color: "#999999", dash: "dash" },
});

/**
 * Three panels over the epochs of the rebuilds: the change of each rebuild's last round against
 * the tolerance, the rebuilt graph's edge homophily (against the input graph's), and the learned
 * graph's share in propagation.
 *
 * @param rebuilds the rebuilds of one run, in order
 * @param options the tolerance, the input graph's homophily, the title
 * @returns a stacked figure with traces `graph change (last round)`, `tolerance`,
 *   `learned graph`, `input graph` (with `inputHomophily`) and `learned share`
 * @throws {RangeError} when there are no rebuilds
 *
 * @example
 * ```ts
 * import { coEvolutionFigure } from "./coevolution.ts";
 * const fig = coEvolutionFigure([
 *   { epoch: 1, rounds: 1, share: 0.5, edges: 10, homophily: 0.3, valAcc: 0.4 },
 *   { epoch: 21, rounds: 2, change: 0.02, share: 0.6, edges: 12, homophily: 0.5, valAcc: 0.6 },
 * ], { tolerance: 0.05 });
 * const change = fig.data.find((t) => t.name === "graph change (last round)")!;
 * if (JSON.stringify(change.y) !== "[null,0.02]") throw new Error(JSON.stringify(change.y));
 * ```
 */
export function coEvolutionFigure(
  rebuilds: readonly GraphRebuild[],
  options: CoEvolutionFigureOptions,
): Figure {
  if (rebuilds.length === 0) throw new RangeError("Cannot plot co-evolution: no rebuilds");
  const x = rebuilds.map((r) => r.epoch);
  const [c0, c1, c2] = FIGURE_STYLE.colors;
  return subplots([
    {
      title: "graph change",
      traces: [
        line("graph change (last round)", x, rebuilds.map((r) => r.change ?? null), c0),
        level("tolerance", x, options.tolerance),
      ],
    },
    {
      title: "edge homophily",
      traces: [
        line("learned graph", x, rebuilds.map((r) => r.homophily), c1),
        ...(options.inputHomophily === undefined
          ? []
          : [level("input graph", x, options.inputHomophily)]),
      ],
      range: [0, 1],
    },
    {
      title: "learned share λ_mix",
      traces: [line("learned share", x, rebuilds.map((r) => r.share), c2)],
      range: [0, 1],
    },
  ], {
    title: options.title ?? "Co-evolution: the learned graph at each rebuild",
    x: "epoch of the rebuild",
  });
}

/** Options of {@linkcode coEvolutionRoundsFigure}. */
export interface CoEvolutionRoundsOptions {
  /** Drawn as a reference line. */
  tolerance: number;
  /** The figure's title. */
  title?: string;
}

/**
 * The change of every co-evolution round of a run, in order, each rebuild's rounds joined by a
 * line (`AdaptiveGNN.coEvolutionTrace`): how fast each rebuild converges.
 *
 * @param rounds the rounds in run order, `{ epoch, round, change }`
 * @param options the tolerance and title
 * @returns a figure with one `legendgroup: "rounds"` trace per rebuild, then `tolerance`
 * @throws {RangeError} when there are no rounds
 *
 * @example
 * ```ts
 * import { coEvolutionRoundsFigure } from "./coevolution.ts";
 * const fig = coEvolutionRoundsFigure([
 *   { epoch: 21, round: 2, change: 0.3 }, { epoch: 21, round: 3, change: 0.04 },
 *   { epoch: 41, round: 2, change: 0.1 },
 * ], { tolerance: 0.05 });
 * if (fig.data.length !== 3 || JSON.stringify(fig.data[1].x) !== "[3]") throw new Error("x");
 * ```
 */
export function coEvolutionRoundsFigure(
  rounds: readonly { epoch: number; round: number; change: number }[],
  options: CoEvolutionRoundsOptions,
): Figure {
  if (rounds.length === 0) throw new RangeError("Cannot plot co-evolution rounds: no rounds");
  const epochs = [...new Set(rounds.map((r) => r.epoch))];
  const data: PlotlyTrace[] = epochs.map((epoch, i) => {
    const own = rounds.map((r, k) => ({ ...r, k: k + 1 })).filter((r) => r.epoch === epoch);
    return {
      type: "scatter",
      mode: "lines+markers",
      name: "the rounds of one rebuild",
      showlegend: i === 0,
      legendgroup: "rounds",
      x: own.map((r) => r.k),
      y: own.map((r) => r.change),
      text: own.map((r) => `rebuild before epoch ${r.epoch}, round ${r.round}`),
      line: { color: FIGURE_STYLE.colors[0] },
    };
  });
  data.push(level("tolerance", [1, rounds.length], options.tolerance));
  return {
    data,
    layout: {
      title: {
        text: options.title ??
          `Co-evolution trace: the graph change of each of ${rounds.length} rounds`,
      },
      font: FIGURE_STYLE.font,
      margin: FIGURE_STYLE.margin,
      height: FIGURE_STYLE.height,
      xaxis: { title: { text: "co-evolution round, over the run" } },
      yaxis: { title: { text: "graph change ‖A_new − A_old‖_F / ‖A_old‖_F" } },
    },
  };
}

/**
 * One row per rebuild: its rounds, the change of its last round, the learned share, the rebuilt
 * graph's edges and edge homophily, and the validation accuracy after the epoch; the title says
 * how many rebuilds settled below the tolerance.
 *
 * @param rebuilds the rebuilds of one run, in order
 * @param settings the tolerance, and the schedule to state in the title
 * @returns a {@linkcode Table}
 *
 * @example
 * ```ts
 * import { coEvolutionTable } from "./coevolution.ts";
 * const t = coEvolutionTable([
 *   { epoch: 21, rounds: 2, change: 0.02, share: 0.6, edges: 12, homophily: 0.5, valAcc: 0.6 },
 * ], { tolerance: 0.05, refreshEvery: 20, maxIterations: 3 });
 * if (!t.title!.endsWith("; 1 of them settled below the tolerance")) throw new Error(t.title);
 * if (t.cells[0][2] !== "0.0200") throw new Error(String(t));
 * ```
 */
export function coEvolutionTable(
  rebuilds: readonly GraphRebuild[],
  settings: CoEvolutionSettings,
): Table {
  const settled = rebuilds.filter((r) => r.change !== undefined && r.change < settings.tolerance);
  const schedule = [
    settings.refreshEvery === undefined ? "" : `every ${settings.refreshEvery} epochs`,
    settings.maxIterations === undefined ? "" : `at most ${settings.maxIterations} rounds`,
    `tolerance ${settings.tolerance}`,
  ].filter((s) => s !== "").join(", ");
  return table(
    rebuilds.map((r) => ({
      "rebuilt before epoch": r.epoch,
      rounds: r.rounds,
      "graph change, last round": r.change === undefined ? "-" : r.change.toFixed(4),
      "learned share λ_mix": r.share.toFixed(4),
      "learned edges": r.edges,
      "edge homophily": r.homophily.toFixed(4),
      "val acc after the epoch (%)": (100 * r.valAcc).toFixed(1),
    })),
    {
      title: `Co-evolution: ${rebuilds.length} rebuilds (${schedule}); ${settled.length} of ` +
        "them settled below the tolerance",
    },
  );
}
