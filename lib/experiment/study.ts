/**
 * Hyperparameter studies selected on validation only, as an Optuna user knows them: a search
 * space, a seeded sampler, `trials` trials each scored by the mean best validation accuracy over
 * the selection seeds, and a study file written after every trial, so an interrupted study
 * resumes where it stopped. No trial ever evaluates on the test nodes.
 *
 * @module
 */
import type { ExperimentConfig } from "../config/experiment_config.ts";
import type { GraphDataset } from "../datasets/dataset.ts";
import { loadDataset, type LoadDatasetOptions } from "../datasets/load_dataset.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";
import { createModel } from "../models/create_model.ts";
import { progressTarget } from "../train/progress.ts";
import { ReproduceProgress } from "./reproduce_progress.ts";
import { meanStd } from "./results.ts";
import {
  applyParams,
  type Params,
  randomSampler,
  type Sampler,
  type SearchSpace,
} from "./search_space.ts";
import { runExperiment } from "./run_experiment.ts";
import { canonicalJson } from "./_canonical_json.ts";

/** What a trial learns from one training run: validation numbers only. */
export interface ValidationRun {
  /** Validation accuracy of the best validation epoch. */
  valAccuracy: number;
  /** That (1-based) epoch. */
  bestEpoch: number;
  /** Epochs trained. */
  epochs: number;
  /** Wall-clock seconds of the run. */
  seconds: number;
}

/** Trains `config` (its `seed` set to the selection seed) on `data` and reports validation only. */
export type TrialRunner = (config: ExperimentConfig, data: GraphDataset) => Promise<ValidationRun>;

/** One finished trial, as the study file stores it. */
export interface TrialRecord {
  /** 0 is the base config (the model's defaults); the others are sampled. */
  number: number;
  /** The sampled values by dotted key (`{}` for trial 0). */
  params: Params;
  /** The config the trial ran, with `seed` 0 (selection seed `s` runs it with `seed: s`). */
  config: ExperimentConfig;
  /** Best validation accuracy of each selection seed; `mean` is the trial's score. */
  valAccuracy: { mean: number; std: number; runs: number[] };
  /** Best epoch of each selection seed. */
  bestEpochs: number[];
  /** Epochs trained by each selection seed. */
  epochs: number[];
  /** Wall-clock seconds of all its runs. */
  seconds: number;
}

/** The study file: everything needed to check, resume and re-read a study. */
export interface StudyRecord {
  /** The file format and its version. */
  format: "autoglm-study/1";
  /** E.g. `"cora gcn"`. */
  name: string;
  /** In words: what each trial's score is. */
  objective: string;
  /** The sampler that drew trials 1 and up. */
  sampler: Sampler["description"];
  /** Seeds `0..selectionSeeds-1` score each trial. */
  selectionSeeds: number;
  /** Trial 0's config; every other trial is it with its `params` applied. */
  base: ExperimentConfig;
  /** What trials 1 and up vary. */
  space: SearchSpace;
  /** Finished trials, by number. */
  trials: TrialRecord[];
  /** Number of the best finished trial. */
  best?: number;
  /** When the file was last written. */
  date?: string;
}

/** One selection seed's run of a trial, for progress and logs. */
export interface TrialRun extends ValidationRun {
  /** The study's name. */
  study: string;
  /** The trial's number. */
  trial: number;
  /** The selection seed. */
  seed: number;
}

/** Options of {@linkcode runStudy}. */
export interface StudyOptions extends LoadDatasetOptions {
  /** Trials including trial 0, the base config (default 12). */
  trials?: number;
  /**
   * Seeds `0..selectionSeeds-1` of every trial (default 3). With `split: { type: per-seed }`
   * seed `s` trains on stored split `s`.
   */
  selectionSeeds?: number;
  /** Default `randomSampler(0)`. */
  sampler?: Sampler;
  /**
   * The study file (JSON), written after every trial. When it exists, its finished trials are
   * kept and not run again; it must be a study of the same base, space, sampler and seeds.
   */
  storage?: string;
  /** Label of the study in progress and logs (default `"<dataset> <model>"`). */
  name?: string;
  /** The data set, when already loaded (default: load `base.dataset`). */
  dataset?: GraphDataset;
  /** Trains one run and reports validation only (default {@linkcode validationRun}). */
  runner?: TrialRunner;
  /** One live line for all runs of the study (default `"auto"`), as in `reproduce`. */
  progress?: boolean | "auto";
  /** Called after each selection seed's run. */
  onRun?: (run: TrialRun) => void;
  /** Called after each trial, once it is saved. */
  onTrial?: (trial: TrialRecord) => void;
}

/** What {@linkcode runStudy} returns. */
export interface StudyResult {
  /** The trials `0..trials-1`, best first (ties: the lower number first). */
  trials: TrialRecord[];
  /** The trial with the best score. */
  best: TrialRecord;
  /** The best trial's config, with `seed` 0. */
  bestConfig: ExperimentConfig;
  /** What the study file holds. */
  record: StudyRecord;
}

/**
 * The default {@linkcode TrialRunner}: `runExperiment` with `evaluateTest: false`, so the run
 * never touches the test nodes; its validation numbers are exactly those of a full run.
 *
 * @example
 * ```ts
 * import { validationRun } from "./study.ts";
 * import { parseConfig } from "../config/experiment_config.ts";
 * import { csbm } from "../datasets/synthetic.ts";
 * const config = parseConfig({ dataset: "csbm", backend: "cpu", model: { name: "mlp" }, train: { epochs: 3 } });
 * const run = await validationRun(config, csbm({ numNodes: 60, seed: 1 }));
 * if (run.epochs !== 3 || "testAccuracy" in run) throw new Error("unexpected");
 * ```
 */
export async function validationRun(
  config: ExperimentConfig,
  data: GraphDataset,
): Promise<ValidationRun> {
  const started = performance.now();
  const run = await runExperiment(config, { dataset: data, progress: false, evaluateTest: false });
  run.model.dispose();
  return {
    valAccuracy: run.result.bestValAcc,
    bestEpoch: run.result.bestEpoch,
    epochs: run.result.history.length,
    seconds: (performance.now() - started) / 1000,
  };
}

function checkModel(config: ExperimentConfig, data: GraphDataset, label: string): void {
  const { name, ...hyper } = config.model;
  try {
    createModel(name, {
      ...hyper,
      inChannels: data.graph.x.cols,
      outChannels: data.numClasses,
    }).dispose();
  } catch (e) {
    throw new Error(`Cannot run ${label}: ${(e as Error).message}`, { cause: e });
  }
}

function rank(trials: readonly TrialRecord[]): TrialRecord[] {
  return [...trials].sort((a, b) => b.valAccuracy.mean - a.valAccuracy.mean || a.number - b.number);
}

/**
 * Reads a study file written by {@linkcode runStudy} (Optuna's `load_study`), e.g. to resume it
 * or to show its trials.
 *
 * @param path the study file
 * @returns the record, or undefined when the file does not exist
 * @throws {Error} `Cannot read study <path>: ...` when it is not a study file
 *
 * @example
 * ```ts
 * import { readStudy } from "./study.ts";
 * if (await readStudy("/nonexistent/study.json") !== undefined) throw new Error("unexpected");
 * ```
 */
export async function readStudy(path: string): Promise<StudyRecord | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new Error(`Cannot read study ${path}: ${(e as Error).message}`);
  }
  let record: StudyRecord;
  try {
    record = JSON.parse(text);
  } catch (e) {
    throw new Error(`Cannot read study ${path}: not JSON (${(e as Error).message})`);
  }
  if (record?.format !== "autoglm-study/1" || !Array.isArray(record.trials)) {
    throw new Error(
      `Cannot read study ${path}: format must be "autoglm-study/1" with a trials list`,
    );
  }
  return record;
}

/**
 * Runs a study: trial 0 is `base` as it is, trial `t > 0` is `base` with the sampler's values for
 * `t`; every trial trains seeds `0..selectionSeeds-1` and scores the mean of their best
 * validation accuracies. Trials are chosen on that score only: no trial evaluates on, prints or
 * stores test accuracy. With `storage`, every finished trial is saved at once (atomically) and a
 * re-run skips the trials the file already has.
 *
 * @param base trial 0's config (e.g. the model's library defaults)
 * @param space what the other trials vary
 * @param options budget, sampler, study file, data
 * @returns all trials best first, the best config and the study record
 * @throws {RangeError} for a bad budget; {@linkcode readStudy}'s errors; `Cannot resume study
 *   <path>: ...` when the file is a different study
 *
 * @example
 * ```ts
 * import { runStudy } from "./study.ts";
 * import { parseConfig } from "../config/experiment_config.ts";
 * const base = parseConfig({ dataset: "csbm", backend: "cpu", model: { name: "mlp" }, train: { epochs: 3 } });
 * const study = await runStudy(base, {
 *   "train.lr": { type: "float", low: 0.001, high: 0.1, log: true },
 * }, { trials: 3, selectionSeeds: 2, csbm: { numNodes: 60 }, progress: false });
 * if (study.trials.length !== 3 || study.best !== study.trials[0]) throw new Error("unexpected");
 * if (JSON.stringify(study.record).includes("test")) throw new Error("a trial saw the test set");
 * ```
 */
export async function runStudy(
  base: ExperimentConfig,
  space: SearchSpace,
  options: StudyOptions = {},
): Promise<StudyResult> {
  const {
    trials = 12,
    selectionSeeds = 3,
    sampler = randomSampler(0),
    storage,
    name = `${base.dataset} ${base.model.name}`,
    dataset,
    runner = validationRun,
    progress: progressMode = "auto",
    onRun,
    onTrial,
    ...loadOptions
  } = options;
  for (const [key, value] of [["trials", trials], ["selectionSeeds", selectionSeeds]] as const) {
    if (!(Number.isInteger(value) && value >= 1)) {
      throw new RangeError(
        `Cannot run study ${name}: ${key} must be a positive integer, got ${value}`,
      );
    }
  }
  // Every trial's config first: a value the config rejects fails before any training.
  const configs = Array.from({ length: trials }, (_, t) => {
    const params = t === 0 ? {} : sampler.sample(space, t);
    return { params, config: { ...(t === 0 ? base : applyParams(base, params)), seed: 0 } };
  });
  const record: StudyRecord = {
    format: "autoglm-study/1",
    name,
    objective: `mean best validation accuracy over ${
      selectionSeeds === 1 ? "seed 0" : `seeds 0-${selectionSeeds - 1}`
    }`,
    sampler: sampler.description,
    selectionSeeds,
    base,
    space,
    trials: [],
  };
  const stored = storage ? await readStudy(storage) : undefined;
  if (stored) {
    for (const key of ["base", "space", "sampler", "selectionSeeds"] as const) {
      if (canonicalJson(stored[key]) !== canonicalJson(record[key])) {
        throw new Error(
          `Cannot resume study ${storage}: its ${key} differs from this study's (choose another ` +
            "study file, or delete this one to start over)",
        );
      }
    }
    record.trials = stored.trials;
  }
  const done = new Map(record.trials.map((t) => [t.number, t]));
  const toRun = configs.map((_, t) => t).filter((t) => !done.has(t));
  const data = toRun.length > 0 ? dataset ?? await loadDataset(base.dataset, loadOptions) : dataset;
  // And every trial's model, once: a value the model rejects (e.g. more kNN neighbours than
  // anchors) fails now, not hours into the study.
  for (const t of toRun) checkModel(configs[t].config, data!, `${name} trial ${t}`);
  const progress = toRun.length > 0
    ? new ReproduceProgress(toRun.length * selectionSeeds, { target: progressTarget(progressMode) })
    : undefined;
  try {
    for (const t of toRun) {
      const { params, config } = configs[t];
      const runs: ValidationRun[] = [];
      for (let seed = 0; seed < selectionSeeds; seed++) {
        const run = await runner({ ...config, seed }, data!);
        const valAccuracy = run.valAccuracy;
        runs.push({
          valAccuracy,
          bestEpoch: run.bestEpoch,
          epochs: run.epochs,
          seconds: run.seconds,
        });
        progress?.update(
          `${name} trial ${t} of ${trials} seed ${seed} · val ${(100 * valAccuracy).toFixed(1)}%`,
        );
        onRun?.({ study: name, trial: t, seed, ...runs.at(-1)! });
      }
      const scores = runs.map((r) => r.valAccuracy);
      const trial: TrialRecord = {
        number: t,
        params,
        config,
        valAccuracy: { ...meanStd(scores), runs: scores },
        bestEpochs: runs.map((r) => r.bestEpoch),
        epochs: runs.map((r) => r.epochs),
        seconds: runs.reduce((a, r) => a + r.seconds, 0),
      };
      done.set(t, trial);
      record.trials = [...done.values()].sort((a, b) => a.number - b.number);
      record.best = rank(record.trials)[0].number;
      if (storage) {
        await writeFileAtomic(
          storage,
          JSON.stringify({ ...record, date: new Date().toISOString() }, null, 2) + "\n",
        );
      }
      onTrial?.(trial);
    }
  } finally {
    progress?.done();
  }
  const ranked = rank(configs.map((_, t) => done.get(t)!));
  const best = ranked[0];
  record.best = best.number;
  return { trials: ranked, best, bestConfig: { ...best.config, seed: 0 }, record };
}
