/**
 * Multi-task training shown per task: each task's loss or weight per epoch, one panel per task and
 * one line per run (e.g. per loss weighting).
 *
 * @module
 */
import { type Figure, FIGURE_STYLE } from "./figures.ts";
import { subplots } from "./subplots.ts";

/** One multi-task training run: `trainMultiTask`'s history fits. */
export interface MultiTaskHistory {
  /** The legend entry, e.g. the weighting. */
  label: string;
  /** One record per epoch with each task's unweighted loss and its weight. */
  history: readonly {
    epoch: number;
    losses: Readonly<Record<string, number>>;
    weights: Readonly<Record<string, number>>;
  }[];
}

/** Options of {@linkcode multiTaskCurves}. */
export interface MultiTaskCurvesOptions {
  /** What to plot: each task's unweighted loss, or its weight. */
  of: "losses" | "weights";
  /** The tasks, one panel each; default the keys of the first record. */
  tasks?: readonly string[];
  /** Log y axes (default true: losses and weights span decades). */
  log?: boolean;
  /** The figure's title. */
  title?: string;
}

/**
 * One panel per task side by side, one line per run, values to 4 significant digits (enough for a
 * plot, and small to store).
 *
 * @param runs the runs, in legend order
 * @param options losses or weights, tasks, log axes, title
 * @returns a figure with `tasks × runs` traces, task by task, each run's traces named by its label
 * @throws {RangeError} when there are no runs or a run has no history
 *
 * @example
 * ```ts
 * import { multiTaskCurves } from "./multitask_curves.ts";
 * const record = (epoch: number, loss: number) =>
 *   ({ epoch, losses: { a: loss, b: 2 * loss }, weights: { a: 1, b: 1 } });
 * const fig = multiTaskCurves([{ label: "fixed", history: [record(1, 0.123456), record(2, 0.1)] }], {
 *   of: "losses",
 * });
 * if (fig.data.length !== 2 || JSON.stringify(fig.data[1].y) !== "[0.2469,0.2]") throw new Error("y");
 * ```
 */
export function multiTaskCurves(
  runs: readonly MultiTaskHistory[],
  options: MultiTaskCurvesOptions,
): Figure {
  if (runs.length === 0) throw new RangeError("Cannot plot multi-task curves: runs is empty");
  const empty = runs.find((r) => r.history.length === 0);
  if (empty) {
    throw new RangeError(`Cannot plot multi-task curves: run ${empty.label} has no history`);
  }
  const { of, log = true } = options;
  const tasks = options.tasks ?? Object.keys(runs[0].history[0][of]);
  return subplots(
    tasks.map((task, k) => ({
      title: task,
      x: "epoch",
      y: of === "losses" ? "loss" : "weight",
      log,
      traces: runs.map(({ label, history }, i) => ({
        type: "scatter",
        mode: "lines",
        name: label,
        legendgroup: label,
        showlegend: k === 0,
        line: { color: FIGURE_STYLE.colors[i % FIGURE_STYLE.colors.length] },
        x: history.map((e) => e.epoch),
        y: history.map((e) => Number(e[of][task].toPrecision(4))),
      })),
    })),
    {
      title: options.title ?? `Each task's ${of === "losses" ? "loss" : "weight"} per epoch`,
      direction: "columns",
      height: 360,
    },
  );
}
