/**
 * The comparison table of chapter 2.5: every model on every data set over several seeds, test
 * accuracy at the best validation epoch, as mean +- std.
 *
 * @module
 */
import { type ExperimentConfig, loadConfig } from "../config/experiment_config.ts";
import type { GraphDataset } from "../datasets/dataset.ts";
import { loadDataset, type LoadDatasetOptions } from "../datasets/load_dataset.ts";
import { canonicalModelName } from "../models/model.ts";
import { progressTarget } from "../train/progress.ts";
import { runSeeds } from "./_run_seeds.ts";
import { ReproduceProgress } from "./reproduce_progress.ts";

/** The paper's reported test accuracy (chapter 2.5), as fractions. */
export const PAPER_ACCURACY: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  gcn: { cora: 0.815, pubmed: 0.790, "ogbn-arxiv": 0.721 },
  gat: { cora: 0.830, pubmed: 0.795, "ogbn-arxiv": 0.734 },
  sage: { cora: 0.823, pubmed: 0.788, "ogbn-arxiv": 0.728 },
  adaptive: { cora: 0.847, pubmed: 0.809, "ogbn-arxiv": 0.746 },
};

/** `original`: each model's own paper's hyperparameters; `paper`: the uniform chapter 2.5 one. */
export type Protocol = "original" | "paper";

/** Options of {@linkcode reproduce}. */
export interface ReproduceOptions extends LoadDatasetOptions {
  /** Data sets to run; default `["cora", "citeseer"]`. */
  datasets?: string[];
  /** Models to run, by registry name or alias; default `["gcn", "gat", "sage"]`. */
  models?: string[];
  /** Seeds 0..seeds-1 (default 10). */
  seeds?: number;
  /** Which configs: each model's own paper's (`"original"`, default) or the paper's uniform ones (`"paper"`). */
  protocol?: Protocol;
  /** Directory of the config files (default the project's `configs/`). */
  configDir?: string;
  /** Backend override for every run. */
  backend?: ExperimentConfig["backend"];
  /**
   * One live line for the whole table, updated after each run (`run 13/60 · cora gat seed 2 ·
   * test 82.1% · elapsed 1m05s · ETA 4m10s`): one updating display in a notebook, a
   * carriage-return line on stderr in a terminal. `"auto"` (default) draws only in a notebook or
   * a terminal, `true` also to a non-terminal stderr, `false` never. The trainings themselves
   * never draw their per-epoch progress here.
   */
  progress?: boolean | "auto";
  /** Called after each run, e.g. to log it. */
  onRun?: (run: ReproduceRun) => void;
}

/** One training run of the table: one model on one data set with one seed. */
export interface ReproduceRun {
  /** Data set name. */
  dataset: string;
  /** Model name (or, in an ablation table, the variant's name). */
  model: string;
  /** The run's seed. */
  seed: number;
  /** Test accuracy with the weights of the selected epoch (a fraction). */
  testAccuracy: number;
  /** Validation accuracy of the selected epoch. */
  valAccuracy: number;
  /** The selected (1-based) epoch: best on validation. */
  bestEpoch: number;
  /** Epochs trained (fewer than configured when early stopping ended the run). */
  epochs: number;
  /** Wall-clock seconds of this run. */
  seconds: number;
}

/** One row of the comparison table. */
export interface ReproduceRow {
  /** Data set name. */
  dataset: string;
  /** Model name (or, in an ablation table, the variant's name). */
  model: string;
  /** Seeds `0..seeds-1` ran. */
  seeds: number;
  /** Fractions; `std` is the population standard deviation (numpy's default). */
  testAccuracy: { mean: number; std: number; runs: number[] };
  /** Mean validation accuracy of the selected epochs. */
  valAccuracy: { mean: number; std: number };
  /** Wall-clock seconds for all seeds. */
  seconds: number;
  /** The paper's figure for this cell, when it reports one. */
  paper?: number;
  /** Every seed's run, in seed order. */
  seedRuns: ReproduceRun[];
}

/** The whole table. */
export interface ReproduceResult {
  /** Where the configs came from. */
  protocol: Protocol;
  /** The backend the runs used. */
  backend: string;
  /** One row per data set and model, in run order. */
  rows: ReproduceRow[];
}

/**
 * Mean and population standard deviation.
 *
 * @example
 * ```ts
 * import { meanStd } from "./reproduce.ts";
 * const { mean, std } = meanStd([1, 3]);
 * if (mean !== 2 || std !== 1) throw new Error("unexpected");
 * ```
 */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * Path of the config file for a data set, model and protocol (a model alias resolved: `ours`
 * reads `<dataset>-adaptive.yaml`).
 *
 * @example
 * ```ts
 * import { configPath } from "./reproduce.ts";
 * if (configPath("configs", "original", "cora", "ours") !== "configs/cora-adaptive.yaml") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function configPath(
  dir: string,
  protocol: Protocol,
  dataset: string,
  model: string,
): string {
  return `${dir.replace(/\/$/, "")}/${protocol === "paper" ? "paper/" : ""}${dataset}-${
    canonicalModelName(model)
  }.yaml`;
}

const DEFAULT_CONFIG_DIR = new URL("../../configs/", import.meta.url).pathname;

/**
 * Trains every model on every data set for `seeds` seeds and tabulates test accuracy at the best
 * validation epoch (selection on validation only). Seed `s` of a pair is exactly
 * `runExperiment({ ...config, seed: s })`, so any single run can be repeated on its own.
 *
 * @example
 * ```ts
 * import { reproduce } from "./reproduce.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(
 *   `${dir}/csbm-mlp.yaml`,
 *   "dataset: csbm\nbackend: cpu\nmodel: { name: mlp }\ntrain: { epochs: 3 }\n",
 * );
 * const table = await reproduce({
 *   datasets: ["csbm"], models: ["mlp"], seeds: 2, configDir: dir, csbm: { numNodes: 60 },
 *   progress: false,
 * });
 * await Deno.remove(dir, { recursive: true });
 * const [row] = table.rows;
 * if (row.testAccuracy.runs.length !== 2 || row.seedRuns[1].seed !== 1) throw new Error("unexpected");
 * ```
 */
export async function reproduce(options: ReproduceOptions = {}): Promise<ReproduceResult> {
  const {
    datasets = ["cora", "citeseer"],
    models: givenModels = ["gcn", "gat", "sage"],
    seeds = 10,
    protocol = "original",
    configDir = DEFAULT_CONFIG_DIR,
    backend,
    progress: progressMode = "auto",
    onRun,
    ...loadOptions
  } = options;
  // Rows and configs use the registry name of an alias ("ours" -> "adaptive").
  const models = givenModels.map(canonicalModelName);
  if (!Number.isInteger(seeds) || seeds < 1) {
    throw new RangeError(`Cannot reproduce: seeds must be a positive integer, got ${seeds}`);
  }
  if (datasets.length === 0 || models.length === 0) {
    throw new RangeError(
      `Cannot reproduce: datasets and models must each name at least one, got ${datasets.length} ` +
        `data sets and ${models.length} models`,
    );
  }
  // Read every config first, so a missing one fails before hours of training.
  const configs = new Map<string, ExperimentConfig>();
  for (const dataset of datasets) {
    for (const model of models) {
      const path = configPath(configDir, protocol, dataset, model);
      const config = await loadConfig(path).catch((error: Error) => {
        throw new Error(
          `Cannot reproduce ${model} on ${dataset} (${protocol} protocol): ${error.message}`,
        );
      });
      configs.set(`${dataset}/${model}`, backend ? { ...config, backend } : config);
    }
  }
  const rows: ReproduceRow[] = [];
  let usedBackend = "unknown";
  const progress = new ReproduceProgress(datasets.length * models.length * seeds, {
    target: progressTarget(progressMode),
  });
  try {
    for (const dataset of datasets) {
      let data: GraphDataset | undefined;
      for (const model of models) {
        const config = configs.get(`${dataset}/${model}`)!;
        data ??= await loadDataset(config.dataset, loadOptions);
        const row = await runSeeds(config, { dataset, model, data, seeds, progress, onRun });
        usedBackend = row.backend;
        const paper = PAPER_ACCURACY[model]?.[dataset];
        rows.push({ ...row.row, ...(paper !== undefined && { paper }) });
      }
    }
  } finally {
    progress.done();
  }
  return { protocol, backend: usedBackend, rows };
}
