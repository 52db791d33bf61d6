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
import type { Protocol, ReproduceResult, ReproduceRow, ReproduceRun } from "./results.ts";

/** The paper's reported test accuracy (chapter 2.5), as fractions. */
export const PAPER_ACCURACY: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  gcn: { cora: 0.815, pubmed: 0.790, "ogbn-arxiv": 0.721 },
  gat: { cora: 0.830, pubmed: 0.795, "ogbn-arxiv": 0.734 },
  sage: { cora: 0.823, pubmed: 0.788, "ogbn-arxiv": 0.728 },
  adaptive: { cora: 0.847, pubmed: 0.809, "ogbn-arxiv": 0.746 },
};

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

const PROTOCOL_DIRS: Readonly<Record<Protocol, string>> = {
  original: "",
  paper: "paper/",
  tuned: "tuned/",
};

/**
 * Path of the config file for a data set, model and protocol: `<dir>/<dataset>-<model>.yaml`,
 * under `paper/` or `tuned/` for those protocols, a model alias resolved (`ours` reads
 * `<dataset>-adaptive.yaml`).
 *
 * @example
 * ```ts
 * import { configPath } from "./reproduce.ts";
 * if (configPath("configs/", "tuned", "cora", "gcn") !== "configs/tuned/cora-gcn.yaml") {
 *   throw new Error("unexpected");
 * }
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
  return `${dir.replace(/\/$/, "")}/${PROTOCOL_DIRS[protocol]}${dataset}-${
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
  // And load every data set: a missing data file (PubMed's allx, ogbn-arxiv's edges) fails here,
  // naming the file and where to put it.
  const data = new Map<string, GraphDataset>();
  for (const dataset of datasets) {
    data.set(
      dataset,
      await loadDataset(configs.get(`${dataset}/${models[0]}`)!.dataset, loadOptions),
    );
  }
  const rows: ReproduceRow[] = [];
  let usedBackend = "unknown";
  const progress = new ReproduceProgress(datasets.length * models.length * seeds, {
    target: progressTarget(progressMode),
  });
  try {
    for (const dataset of datasets) {
      for (const model of models) {
        const config = configs.get(`${dataset}/${model}`)!;
        const row = await runSeeds(config, {
          dataset,
          model,
          data: data.get(dataset)!,
          seeds,
          progress,
          onRun,
        });
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
