/**
 * A fair, blind comparison: every model gets the same tuning protocol and budget, selected on
 * validation only, and the chosen configs are then run over the table's seeds. The engine behind
 * `deno task compare`.
 *
 * @module
 */
import { stringify as toYaml } from "yaml";
import type { ExperimentConfig } from "../config/experiment_config.ts";
import type { GraphDataset } from "../datasets/dataset.ts";
import { loadDataset, type LoadDatasetOptions } from "../datasets/load_dataset.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";
import { progressTarget } from "../train/progress.ts";
import { repoFile, repoPath } from "./_repo_path.ts";
import { runSeeds } from "./_run_seeds.ts";
import { PAPER_ACCURACY } from "./reproduce.ts";
import { ReproduceProgress } from "./reproduce_progress.ts";
import type { ReproduceResult, ReproduceRow, ReproduceRun } from "./results.ts";
import { randomSampler } from "./search_space.ts";
import { readStudy, runStudy, type StudyResult, type TrialRun } from "./study.ts";
import {
  loadTuningProtocol,
  trialZeroConfig,
  type TuningBudget,
  type TuningProtocol,
} from "./tuning_protocol.ts";

/** Options of {@linkcode compare}. */
export interface CompareOptions extends LoadDatasetOptions, Partial<TuningBudget> {
  /** The protocol (default: `loadTuningProtocol()`, the committed file). */
  protocol?: TuningProtocol;
  /** Folder of the study files `<dataset>-<model>.json` (default `notebooks/data/tuning/`). */
  studyDir?: string;
  /** Folder of the chosen configs `<dataset>-<model>.yaml` (default `configs/tuned/`). */
  tunedDir?: string;
  /** Backend of every run (default: trial 0's, `auto`). */
  backend?: ExperimentConfig["backend"];
  /** How the comparison was started, for the tuned configs' header (e.g. the command line). */
  command?: string;
  /** One live line for all studies and final runs (default `"auto"`), as in `reproduce`. */
  progress?: boolean | "auto";
  /** Called after each selection seed's run of a trial (validation only). */
  onTrialRun?: (run: TrialRun) => void;
  /** Called after each study, before its final runs. */
  onStudy?: (dataset: string, model: string, study: StudyResult) => void;
  /** Called after each final run (test accuracy of the chosen config). */
  onRun?: (run: ReproduceRun) => void;
}

/** How a tuned config was chosen, for the header of its file. */
export interface TunedConfigProvenance {
  /** The chosen trial's number, of `trials`. */
  trial: number;
  /** Trials in the study. */
  trials: number;
  /** Its score: the mean best validation accuracy over the selection seeds. */
  valAccuracy: number;
  /** Seeds `0..selectionSeeds-1` scored each trial. */
  selectionSeeds: number;
  /** Seed of the random sampler. */
  samplerSeed: number;
  /** The tuning protocol file. */
  protocol: string;
  /** The study file. */
  study: string;
  /** The command that ran the comparison. */
  command: string;
  /** `YYYY-MM-DD`. */
  date: string;
}

// "seed 0" or "seeds 0-2".
function seedRange(seeds: number): string {
  return seeds === 1 ? "seed 0" : `seeds 0-${seeds - 1}`;
}

// The order a person writes a config in (parseConfig's result starts with the defaults).
function ordered(config: ExperimentConfig): ExperimentConfig {
  const { dataset, split, model, train, normalizeFeatures, seed, backend } = config;
  const { name, ...hyper } = model;
  return { dataset, split, model: { name, ...hyper }, train, normalizeFeatures, seed, backend };
}

/**
 * The tuned config file: the chosen config under a header that says how it was chosen.
 *
 * @param config the chosen config
 * @param how the study it came from
 * @returns YAML text that `loadConfig` reads back to `config`
 *
 * @example
 * ```ts
 * import { tunedConfigText } from "./compare.ts";
 * import { parseConfig } from "../config/experiment_config.ts";
 * import { parse } from "yaml";
 * const config = parseConfig({ dataset: "cora", model: { name: "gcn" } });
 * const text = tunedConfigText(config, {
 *   trial: 3, trials: 12, valAccuracy: 0.8, selectionSeeds: 3, samplerSeed: 0,
 *   protocol: "configs/search/comparison.yaml", study: "notebooks/data/tuning/cora-gcn.json",
 *   command: "deno task compare --table planetoid", date: "2026-12-01",
 * });
 * if (!text.includes("#   deno task compare --table planetoid\n")) throw new Error(text);
 * if (JSON.stringify(parseConfig(parse(text))) !== JSON.stringify(config)) throw new Error(text);
 * ```
 */
export function tunedConfigText(config: ExperimentConfig, how: TunedConfigProvenance): string {
  const header = [
    `Chosen on validation only by the fair comparison (lib/experiment/compare.ts), ${how.date}:`,
    `  ${how.command}`,
    `Trial ${how.trial} of ${how.trials}, the best mean validation accuracy over ` +
    `${seedRange(how.selectionSeeds)} (${(100 * how.valAccuracy).toFixed(2)}%).`,
    `Trial 0 is the model's defaults; the others are random search (sampler seed ${how.samplerSeed})`,
    `over ${how.protocol}. No trial evaluated on the test nodes.`,
    `Every trial: ${how.study}.`,
  ];
  return header.map((line) => `# ${line}\n`).join("") + toYaml(ordered(config));
}

/**
 * Runs the fair comparison: for every data set and model, a study of the protocol's budget
 * (trial 0 is the model's library defaults, the others are sampled from its search space, each
 * scored by the mean best validation accuracy over the selection seeds), the chosen config
 * written to `<tunedDir>/<dataset>-<model>.yaml`, then that config over seeds `0..seeds-1`.
 * The study files are resumable: a re-run skips the trials they already hold. Every data set and
 * every trial's config are checked before any training.
 *
 * @param datasets data set names
 * @param models model names with a search space in the protocol
 * @param options budget overrides, folders, progress
 * @returns the table, `protocol: "tuned"`, each row naming its config and study file; the same
 *   format as `reproduce`'s, for `comparisonTable` and the chapter 2 notebook
 *
 * @example
 * ```ts
 * import { compare } from "./compare.ts";
 * import { loadTuningProtocol } from "./tuning_protocol.ts";
 * const committed = await loadTuningProtocol();
 * // A short training rule, to keep the example quick.
 * const protocol = { ...committed, train: { epochs: 5, patience: 5, monitor: "val_acc" as const } };
 * const dir = await Deno.makeTempDir();
 * const table = await compare(["csbm"], ["mlp"], {
 *   protocol, trials: 2, selectionSeeds: 1, seeds: 2, backend: "cpu", csbm: { numNodes: 60 },
 *   studyDir: dir, tunedDir: dir, progress: false,
 * });
 * await Deno.remove(dir, { recursive: true });
 * if (table.protocol !== "tuned" || table.rows[0].seedRuns.length !== 2) throw new Error("unexpected");
 * ```
 */
export async function compare(
  datasets: string[],
  models: string[],
  options: CompareOptions = {},
): Promise<ReproduceResult> {
  const {
    protocol: given,
    trials,
    selectionSeeds,
    seeds,
    samplerSeed,
    studyDir = repoFile("notebooks/data/tuning"),
    tunedDir = repoFile("configs/tuned"),
    backend,
    command = "compare()",
    progress: progressMode = "auto",
    onTrialRun,
    onStudy,
    onRun,
    ...loadOptions
  } = options;
  const protocol = given ?? await loadTuningProtocol();
  const budget: TuningBudget = {
    trials: trials ?? protocol.budget.trials,
    selectionSeeds: selectionSeeds ?? protocol.budget.selectionSeeds,
    seeds: seeds ?? protocol.budget.seeds,
    samplerSeed: samplerSeed ?? protocol.budget.samplerSeed,
  };
  for (const [key, value] of Object.entries(budget)) {
    const min = key === "samplerSeed" ? 0 : 1;
    if (!(Number.isInteger(value) && value >= min)) {
      throw new RangeError(`Cannot compare: ${key} must be an integer >= ${min}, got ${value}`);
    }
  }
  if (datasets.length === 0 || models.length === 0) {
    throw new RangeError(
      `Cannot compare: datasets and models must each name at least one, got ${datasets.length} ` +
        `data sets and ${models.length} models`,
    );
  }
  const unknown = models.find((m) => !Object.hasOwn(protocol.spaces, m));
  if (unknown) {
    throw new RangeError(
      `Cannot compare: ${protocol.source} has no search space for model "${unknown}" (it has ${
        Object.keys(protocol.spaces).join(", ")
      })`,
    );
  }
  // Every data set first: a missing file fails before hours of training, naming it.
  const data = new Map<string, GraphDataset>();
  for (const dataset of datasets) data.set(dataset, await loadDataset(dataset, loadOptions));
  const studyPath = (d: string, m: string) => `${studyDir.replace(/\/$/, "")}/${d}-${m}.json`;
  const finished = async (d: string, m: string) =>
    (await readStudy(studyPath(d, m)))?.trials.filter((t) => t.number < budget.trials).length ?? 0;
  let total = 0;
  let resumed = 0;
  for (const d of datasets) {
    for (const m of models) {
      total += budget.trials * budget.selectionSeeds + budget.seeds;
      resumed += (await finished(d, m)) * budget.selectionSeeds;
    }
  }
  const progress = new ReproduceProgress(total, { target: progressTarget(progressMode) });
  progress.skip(resumed);
  const date = new Date().toISOString().slice(0, 10);
  const rows: ReproduceRow[] = [];
  let usedBackend = "unknown";
  try {
    for (const dataset of datasets) {
      const graphData = data.get(dataset)!;
      for (const model of models) {
        const zero = trialZeroConfig(protocol, graphData, model);
        const base = backend ? { ...zero, backend } : zero;
        const storage = studyPath(dataset, model);
        const study = await runStudy(base, protocol.spaces[model], {
          trials: budget.trials,
          selectionSeeds: budget.selectionSeeds,
          sampler: randomSampler(budget.samplerSeed),
          storage,
          name: `${dataset} ${model}`,
          dataset: graphData,
          progress: false,
          onRun: (run) => {
            progress.update(
              `${run.study} trial ${run.trial} of ${budget.trials} seed ${run.seed} · val ${
                (100 * run.valAccuracy).toFixed(1)
              }%`,
            );
            onTrialRun?.(run);
          },
        });
        onStudy?.(dataset, model, study);
        const tunedPath = `${tunedDir.replace(/\/$/, "")}/${dataset}-${model}.yaml`;
        await writeFileAtomic(
          tunedPath,
          tunedConfigText(study.bestConfig, {
            trial: study.best.number,
            trials: budget.trials,
            valAccuracy: study.best.valAccuracy.mean,
            selectionSeeds: budget.selectionSeeds,
            samplerSeed: budget.samplerSeed,
            protocol: repoPath(protocol.source),
            study: repoPath(storage),
            command,
            date,
          }),
        );
        const final = await runSeeds(study.bestConfig, {
          dataset,
          model,
          data: graphData,
          seeds: budget.seeds,
          progress,
          onRun,
        });
        usedBackend = final.backend;
        const paper = PAPER_ACCURACY[model]?.[dataset];
        rows.push({
          ...final.row,
          ...(paper !== undefined && { paper }),
          config: repoPath(tunedPath),
          study: repoPath(storage),
        });
      }
    }
  } finally {
    progress.done();
  }
  return { protocol: "tuned", backend: usedBackend, rows };
}
