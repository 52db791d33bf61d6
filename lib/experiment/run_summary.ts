/**
 * One training run at a glance: what ran, where, for how long, and what it reached.
 *
 * @module
 */
import { type Table, table } from "../display/table.ts";
import type { ExperimentRun } from "./run_experiment.ts";

/** Options of {@linkcode runSummaryTable}. */
export interface RunSummaryOptions {
  /** The table's title; default "<model> on <data set>, seed <seed>". */
  title?: string;
  /** More rows, `{ quantity: value }`, after the standard ones (e.g. a learned share). */
  extra?: Record<string, unknown>;
}

const pct = (x: number) => (100 * x).toFixed(1);

/**
 * A `quantity` / `value` table of a run: backend, model, split, epochs trained, the best
 * validation epoch and its accuracy, test accuracy (with the count of test nodes it is), test
 * macro-F1 and training time; percentages to one decimal.
 *
 * @param run what `runExperiment` returned
 * @param options title and extra rows
 * @returns a {@linkcode Table}
 *
 * @example
 * ```ts
 * import { runSummaryTable } from "./run_summary.ts";
 * import { runExperiment } from "./run_experiment.ts";
 * import { parseConfig } from "../config/experiment_config.ts";
 * const config = parseConfig({
 *   dataset: "csbm", backend: "cpu", model: { name: "mlp" }, train: { epochs: 3 },
 * });
 * const run = await runExperiment(config, { csbm: { numNodes: 60, seed: 1 }, progress: false });
 * const t = runSummaryTable(run, { extra: { "checkpoint": "none" } });
 * const value = (q: string) => t.cells.find((row) => row[0] === q)?.[1];
 * if (value("epochs trained") !== "3" || value("checkpoint") !== "none") throw new Error(String(t));
 * run.model.dispose();
 * ```
 */
export function runSummaryTable(run: ExperimentRun, options: RunSummaryOptions = {}): Table {
  const { result, split } = run;
  const tested = split.test.length;
  const rows: Record<string, unknown> = {
    backend: run.backend,
    model: String(run.model),
    split: `${split.name}: ${split.train.length} train / ${split.val.length} validation / ` +
      `${tested} test nodes`,
    "epochs trained": result.history.length,
    "best epoch (highest validation accuracy)": result.bestEpoch,
    "validation accuracy at the best epoch (%)": pct(result.bestValAcc),
    "test accuracy (%)": `${pct(result.test.accuracy)} (${
      Math.round(result.test.accuracy * tested)
    } of ${tested} test nodes)`,
    "test macro-F1 (%)": pct(result.test.macroF1),
    "training time (s)": result.seconds.toFixed(1),
    ...options.extra,
  };
  return table(
    Object.entries(rows).map(([quantity, value]) => ({ quantity, value: String(value) })),
    {
      title: options.title ??
        `${run.config.model.name} on ${run.dataset.name}, seed ${run.config.seed}`,
    },
  );
}
