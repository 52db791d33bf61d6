/**
 * `deno task compare --table planetoid|heterophilous`: the fair comparison of one table. Every
 * model gets the same tuning budget (configs/search/comparison.yaml), selected on validation
 * only; the chosen configs go to `configs/tuned/`, the studies to `notebooks/data/tuning/`, and
 * the chosen configs' results over seeds 0-9 to `notebooks/data/tuned-<table>.json`.
 *
 * @module
 */
import { compare } from "../experiment/compare.ts";
import { loadTuningProtocol, type TuningBudget } from "../experiment/tuning_protocol.ts";
import type { FetchOptions } from "../io/fetch.ts";
import { runReporting, saveAndPrint } from "./_comparison_output.ts";

const pct = (x: number) => (100 * x).toFixed(1);

/** Options of {@linkcode compareCommand}, as parsed from the command line. */
export interface CompareCommandOptions extends FetchOptions, Partial<TuningBudget> {
  /** A table of the protocol file (`planetoid`, `heterophilous`). */
  table?: string;
  /** Instead of (or narrowing) a table: these data sets and models. */
  datasets?: string[];
  models?: string[];
  /** The protocol file (default `configs/search/comparison.yaml`). */
  search?: string;
  /** Study folder (default `notebooks/data/tuning`). */
  studies?: string;
  /** Tuned-config folder (default `configs/tuned`). */
  tuned?: string;
  /** Results file (default `notebooks/data/tuned-<table>.json`, or `results/compare.json`). */
  out?: string;
  backend?: string;
  json?: boolean;
  /** ogbn-arxiv: the folder of OGB's arxiv.zip (raw/, split/). */
  root?: string;
  /** The command line, for the tuned configs' header. */
  commandLine?: string;
}

/**
 * Runs the command; returns the exit code.
 *
 * @throws {Error} `Cannot compare: ...` naming the option, before any training, for an unknown
 *   table, a model without a search space or a missing data file
 *
 * @example
 * ```ts ignore
 * import { compareCommand } from "./compare_command.ts";
 * await compareCommand({ table: "planetoid" });
 * ```
 */
export async function compareCommand(options: CompareCommandOptions): Promise<number> {
  const protocol = await loadTuningProtocol(...(options.search ? [options.search] : []));
  const { table: tableName } = options;
  const table = tableName === undefined ? undefined : protocol.tables[tableName];
  if (tableName !== undefined && !table) {
    throw new Error(
      `Cannot compare: --table must be one of ${
        Object.keys(protocol.tables).join(", ")
      } (the tables of ${protocol.source}), got "${tableName}"`,
    );
  }
  const datasets = options.datasets ?? table?.datasets;
  const models = options.models ?? table?.models;
  if (!datasets || !models) {
    throw new Error(
      "Cannot compare: give --table <name> or both --datasets and --models (e.g. --table planetoid)",
    );
  }
  const budget: TuningBudget = {
    trials: options.trials ?? protocol.budget.trials,
    selectionSeeds: options.selectionSeeds ?? protocol.budget.selectionSeeds,
    seeds: options.seeds ?? protocol.budget.seeds,
    samplerSeed: options.samplerSeed ?? protocol.budget.samplerSeed,
  };
  const { mirror, cacheDir, root } = options;
  const live = Deno.stderr.isTerminal();
  // A log line must not land on top of the live progress line.
  const log = (line: string) => console.error(`${live ? "\r\x1b[K" : ""}${line}`);
  const result = await compare(datasets, models, {
    protocol,
    ...budget,
    ...(options.studies && { studyDir: options.studies }),
    ...(options.tuned && { tunedDir: options.tuned }),
    ...(options.backend && { backend: options.backend as never }),
    ...(mirror && { mirror }),
    ...(cacheDir && { cacheDir }),
    ...(root && { root }),
    command: options.commandLine ?? "deno task compare",
    ...runReporting(),
    ...(!live && {
      onTrialRun: (run) =>
        log(`${run.study} trial ${run.trial} seed ${run.seed}: val acc ${pct(run.valAccuracy)}%`),
    }),
    onStudy: (dataset, model, study) =>
      log(
        `${dataset} ${model}: chose trial ${study.best.number} of ${study.trials.length} (mean ` +
          `val acc ${pct(study.best.valAccuracy.mean)}%)`,
      ),
  });
  const path = options.out ??
    (tableName && !options.datasets && !options.models
      ? `notebooks/data/tuned-${tableName}.json`
      : "results/compare.json");
  await saveAndPrint(result, path, options.json, {
    tuning: { protocol: protocol.source, ...budget },
  });
  return 0;
}
