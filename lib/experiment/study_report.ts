/**
 * Showing tuning studies as an Optuna user knows them: the optimisation history of one study
 * (`plot_optimization_history`), and what each chosen config is.
 *
 * @module
 */
import { type Figure, FIGURE_STYLE } from "../display/figures.ts";
import { type Table, table } from "../display/table.ts";
import type { StudyRecord, TrialRecord } from "./study.ts";

const round = (x: number) => Math.round(1e4 * x) / 1e4;

function bestTrial(study: StudyRecord): TrialRecord {
  if (study.trials.length === 0) {
    throw new RangeError(`Cannot show study ${study.name}: it has no finished trials`);
  }
  const best = study.trials.find((t) => t.number === study.best) ??
    [...study.trials].sort((a, b) =>
      b.valAccuracy.mean - a.valAccuracy.mean || a.number - b.number
    )[0];
  return best;
}

// A value as a config holds it, short: numbers to 3 significant digits, objects as "key value".
function formatValue(value: unknown): string {
  if (value === undefined) return "default";
  if (value === null) return "none";
  if (typeof value === "number") return String(Number(value.toPrecision(3)));
  if (typeof value === "object") {
    return Object.entries(value).map(([k, v]) => `${k} ${formatValue(v)}`).join(", ");
  }
  return String(value);
}

// The value of a dotted key ("train.lr") in a trial: the sampled one, else its config's.
function valueOf(trial: TrialRecord, key: string): unknown {
  if (Object.hasOwn(trial.params, key)) return trial.params[key];
  let node: unknown = trial.config;
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

/** Options of {@linkcode studyHistoryFigure}. */
export interface StudyHistoryFigureOptions {
  /** The figure's title; default "<study name>: validation accuracy of each trial". */
  title?: string;
}

/**
 * A study's optimisation history, as Optuna's `plot_optimization_history` draws it: every trial's
 * score (the mean best validation accuracy over the selection seeds, with their std as an error
 * bar) in trial order, the best score so far as a step line, and the chosen trial marked. Trial 0
 * is the model's defaults.
 *
 * @param study a study record (`readStudy`, `readStudies`, or `runStudy(...).record`)
 * @param options the title
 * @returns a figure with the traces `trial`, `best so far` and `chosen trial`, in percent
 * @throws {RangeError} when the study has no finished trials
 *
 * @example
 * ```ts
 * import { studyHistoryFigure } from "./study_report.ts";
 * import { parseConfig } from "../config/experiment_config.ts";
 * const config = parseConfig({ dataset: "cora", model: { name: "gcn" } });
 * const trial = (number: number, score: number) => ({
 *   number, params: {}, config, valAccuracy: { mean: score, std: 0, runs: [score] },
 *   bestEpochs: [1], epochs: [1], seconds: 1,
 * });
 * const fig = studyHistoryFigure({
 *   format: "autoglm-study/1", name: "cora gcn", objective: "", sampler: { type: "random", seed: 0 },
 *   selectionSeeds: 1, base: config, space: {}, trials: [trial(0, 0.7), trial(1, 0.8), trial(2, 0.75)],
 *   best: 1,
 * });
 * if (JSON.stringify(fig.data[1].y) !== "[70,80,80]") throw new Error("best so far");
 * if (JSON.stringify(fig.data[2].x) !== "[1]") throw new Error("chosen");
 * ```
 */
export function studyHistoryFigure(
  study: StudyRecord,
  options: StudyHistoryFigureOptions = {},
): Figure {
  const best = bestTrial(study);
  const trials = [...study.trials].sort((a, b) => a.number - b.number);
  const x = trials.map((t) => t.number);
  const score = trials.map((t) => round(100 * t.valAccuracy.mean));
  let running = -Infinity;
  const bestSoFar = score.map((s) => running = Math.max(running, s));
  const hover = trials.map((t) =>
    t.number === 0
      ? "the model's defaults"
      : Object.entries(t.params).map(([k, v]) => `${k} ${formatValue(v)}`).join("<br>")
  );
  const [c0, c1, c2] = FIGURE_STYLE.colors;
  return {
    data: [
      {
        type: "scatter",
        mode: "markers",
        name: "trial",
        x,
        y: score,
        text: hover,
        marker: { color: c0, size: 8 },
        ...(study.selectionSeeds > 1 && {
          error_y: {
            type: "data",
            array: trials.map((t) => round(100 * t.valAccuracy.std)),
            visible: true,
          },
        }),
      },
      {
        type: "scatter",
        mode: "lines",
        name: "best so far",
        x,
        y: bestSoFar,
        line: { color: c1, shape: "hv" },
      },
      {
        type: "scatter",
        mode: "markers",
        name: "chosen trial",
        x: [best.number],
        y: [round(100 * best.valAccuracy.mean)],
        marker: { color: c2, size: 16, symbol: "star" },
      },
    ],
    layout: {
      title: { text: options.title ?? `${study.name}: validation accuracy of each trial` },
      font: FIGURE_STYLE.font,
      margin: FIGURE_STYLE.margin,
      height: 360,
      xaxis: { title: { text: "trial (0: the model's defaults)" }, dtick: 1 },
      yaxis: {
        title: {
          text: `validation accuracy (%), mean over ${study.selectionSeeds} seed` +
            (study.selectionSeeds === 1 ? "" : "s"),
        },
      },
    },
  };
}

/**
 * What each study chose: the trial, its score, and the value of every searched key in the chosen
 * config. The keys every study searches get a column each (`train.` and `model.` left off); a
 * model's own keys share the last column. "default" means the key was left to the model's
 * default (trial 0), "none" that the trial switched the part off.
 *
 * @param studies the studies, one row each (e.g. `readStudies(tunedTable)`)
 * @returns a {@linkcode Table} with the columns `dataset`, `model`, `chosen trial`,
 *   `val acc (%)`, one per shared key, then `own keys`
 * @throws {RangeError} when `studies` is empty or a study has no finished trials
 *
 * @example
 * ```ts
 * import { tunedConfigTable } from "./study_report.ts";
 * import { parseConfig } from "../config/experiment_config.ts";
 * const config = parseConfig({ dataset: "cora", model: { name: "mlp" } });
 * const t = tunedConfigTable([{
 *   format: "autoglm-study/1", name: "cora mlp", objective: "", sampler: { type: "random", seed: 0 },
 *   selectionSeeds: 1, base: config, best: 1,
 *   space: { "train.lr": { type: "float", low: 0.001, high: 0.1, log: true } },
 *   trials: [1].map((number) => ({
 *     number, params: { "train.lr": 0.004567 }, config,
 *     valAccuracy: { mean: 0.75, std: 0, runs: [0.75] }, bestEpochs: [1], epochs: [1], seconds: 1,
 *   })),
 * }]);
 * if (t.cells[0].join() !== "cora,mlp,1 of 1,75.0,0.00457,") throw new Error(String(t));
 * ```
 */
export function tunedConfigTable(studies: readonly StudyRecord[]): Table {
  if (studies.length === 0) throw new RangeError("Cannot tabulate tuned configs: no studies");
  const keys = studies.map((s) => Object.keys(s.space));
  const shared = keys[0].filter((k) => keys.every((list) => list.includes(k)));
  const short = (key: string) => key.replace(/^(train|model)\./, "");
  return table(
    studies.map((study) => {
      const best = bestTrial(study);
      const own = Object.keys(study.space).filter((k) => !shared.includes(k));
      return {
        dataset: study.base.dataset,
        model: study.base.model.name,
        "chosen trial": `${best.number} of ${study.trials.length}`,
        "val acc (%)": (100 * best.valAccuracy.mean).toFixed(1),
        ...Object.fromEntries(shared.map((k) => [short(k), formatValue(valueOf(best, k))])),
        "own keys": own.map((k) => `${short(k)}: ${formatValue(valueOf(best, k))}`).join("; "),
      };
    }),
    { title: "The chosen configs: each model's best trial on validation, and its values" },
  );
}
