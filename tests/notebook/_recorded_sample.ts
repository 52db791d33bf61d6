/**
 * Guarding recorded results (tests/README.md, rule (a)) without training them all again: a
 * deterministic sample of their runs, re-run and compared for equality, and one trial of a tuning
 * study re-run for its recorded validation accuracy.
 *
 * The sample is chosen from the recorded files alone, with a fixed seed, so it is the same on
 * every machine: first, the cheapest seed-0 runs (by recorded seconds) that together cover every
 * file and every model (an ablation's variants count as its models); then runs of other seeds,
 * drawn at random, while their recorded seconds fit the budget; at least one such run is always
 * taken, so a seed other than 0 is always checked.
 *
 * @module
 */
import { resolve } from "node:path";
import { type ExperimentConfig, loadConfig } from "../../lib/config/mod.ts";
import { type GraphDataset, loadDataset } from "../../lib/datasets/mod.ts";
import {
  ADAPTIVE_GNN_ABLATIONS,
  configPath,
  type RecordedResult,
  type ReproduceRow,
  runExperiment,
  type StudyRecord,
  type TrialRecord,
  type ValidationRun,
  validationRun,
} from "../../lib/experiment/mod.ts";
import { canonicalModelName } from "../../lib/models/mod.ts";
import { createRng } from "../../lib/random/rng.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** One recorded run picked for a re-run. */
export interface SampledRun {
  /** The file it was recorded in, and the row. */
  file: RecordedResult;
  row: ReproduceRow;
  /** The seed of the run. */
  seed: number;
  /** What the file records for it. */
  testAccuracy: number;
  /** How long it took when it was recorded. */
  seconds: number;
}

/** Options of {@linkcode sampleRecordedRuns}. */
export interface SampleOptions {
  /** Seed of the draw (fixed in each test, so the sample is the same everywhere). */
  seed: number;
  /** Recorded seconds the extra runs (seeds other than 0) may add to the covering runs. */
  budgetSeconds: number;
}

const modelKey = (file: RecordedResult, row: ReproduceRow) =>
  file.config === undefined ? `model ${canonicalModelName(row.model)}` : `variant ${row.model}`;

/**
 * The sample: covering seed-0 runs first (every file, every model), cheapest first, then random
 * runs of other seeds within the budget (at least one).
 *
 * @example
 * ```ts
 * import { sampleRecordedRuns } from "./_recorded_sample.ts";
 * const run = (seed: number, seconds: number) => ({
 *   dataset: "cora", model: "gcn", seed, testAccuracy: 0.8, valAccuracy: 0.8, bestEpoch: 1,
 *   epochs: 1, seconds,
 * });
 * const row = (model: string, seconds: number) => ({
 *   dataset: "cora", model, seeds: 2, testAccuracy: { mean: 0.8, std: 0, runs: [0.8, 0.8] },
 *   valAccuracy: { mean: 0.8, std: 0 }, seconds: 2 * seconds,
 *   seedRuns: [run(0, seconds), run(1, seconds)],
 * });
 * const file = { path: "f.json", protocol: "original" as const, backend: "wasm",
 *   rows: [row("gcn", 1), row("gat", 5)] };
 * const sample = sampleRecordedRuns([file], { seed: 0, budgetSeconds: 0 });
 * const picked = sample.map((s) => `${s.row.model} ${s.seed}`);
 * if (picked.slice(0, 2).join() !== "gcn 0,gat 0" || sample.length !== 3) throw new Error(picked.join());
 * ```
 */
export function sampleRecordedRuns(
  files: readonly RecordedResult[],
  options: SampleOptions,
): SampledRun[] {
  const rng = createRng(options.seed);
  const runs = files.flatMap((file) =>
    file.rows.flatMap((row) =>
      row.testAccuracy.runs.map((testAccuracy, seed) => ({
        file,
        row,
        seed,
        testAccuracy,
        seconds: row.seedRuns[seed].seconds,
      }))
    )
  );
  // Random order first, so that equal costs are broken by the seed, then cheapest first.
  const byCost = rng.shuffle([...runs]).sort((a, b) => a.seconds - b.seconds);
  const needed = new Set(runs.flatMap((r) => [`file ${r.file.path}`, modelKey(r.file, r.row)]));
  const chosen: SampledRun[] = [];
  for (const r of byCost) {
    if (r.seed !== 0) continue;
    const keys = [`file ${r.file.path}`, modelKey(r.file, r.row)];
    if (keys.some((k) => needed.has(k))) {
      chosen.push(r);
      keys.forEach((k) => needed.delete(k));
    }
  }
  const others = rng.shuffle(runs.filter((r) => r.seed !== 0));
  let spent = 0;
  for (const r of others) {
    if (spent + r.seconds <= options.budgetSeconds) {
      chosen.push(r);
      spent += r.seconds;
    }
  }
  if (others.length > 0 && !chosen.some((r) => r.seed !== 0)) {
    chosen.push(others.reduce((a, b) => (b.seconds < a.seconds ? b : a)));
  }
  return chosen;
}

/** The config a recorded row ran with, for a seed: as `reproduce`, `ablate` or `compare` ran it. */
export async function recordedConfig(
  file: RecordedResult,
  row: ReproduceRow,
  seed: number,
): Promise<ExperimentConfig> {
  if (file.config !== undefined) {
    // Files recorded before issue 11 name the adaptive model's configs by its alias "ours".
    const path = file.config.replace(/-ours(-full)?\.yaml$/, "-adaptive$1.yaml");
    const config = await loadConfig(resolve(ROOT, path));
    const variant = ADAPTIVE_GNN_ABLATIONS[row.model];
    if (!variant) throw new Error(`${file.path}: unknown ablation variant "${row.model}"`);
    return { ...config, model: variant(config.model), seed };
  }
  const path = row.config !== undefined
    ? resolve(ROOT, row.config)
    : configPath(`${ROOT}configs/`, file.protocol, row.dataset, row.model);
  return { ...await loadConfig(path), seed };
}

/** What a re-run gave, next to what was recorded. */
export interface Rerun extends SampledRun {
  /** The re-run's test accuracy. */
  rerun: number;
  /** Its wall-clock seconds here. */
  rerunSeconds: number;
}

/** Re-runs every sampled run (one data set load each), in order. */
export async function rerunSample(sample: readonly SampledRun[]): Promise<Rerun[]> {
  const data = new Map<string, GraphDataset>();
  const out: Rerun[] = [];
  for (const s of sample) {
    if (!data.has(s.row.dataset)) data.set(s.row.dataset, await loadDataset(s.row.dataset));
    const config = await recordedConfig(s.file, s.row, s.seed);
    const t0 = performance.now();
    const run = await runExperiment(config, { dataset: data.get(s.row.dataset), progress: false });
    run.model.dispose();
    out.push({
      ...s,
      rerun: run.result.test.accuracy,
      rerunSeconds: (performance.now() - t0) / 1000,
    });
  }
  return out;
}

/** A trial picked for a re-run. */
export interface SampledTrial {
  study: StudyRecord;
  trial: TrialRecord;
}

/**
 * One trial of one study, drawn with the seed among the trials whose recorded seconds (all their
 * selection seeds) fit `budgetSeconds`; the cheapest trial when none does.
 */
export function sampleTrial(
  studies: readonly StudyRecord[],
  options: SampleOptions,
): SampledTrial {
  const all = studies.flatMap((study) => study.trials.map((trial) => ({ study, trial })));
  if (all.length === 0) throw new Error("Cannot sample a trial: the studies have none");
  const fitting = all.filter((t) => t.trial.seconds <= options.budgetSeconds);
  if (fitting.length === 0) {
    return all.reduce((a, b) => (b.trial.seconds < a.trial.seconds ? b : a));
  }
  return fitting[createRng(options.seed).int(fitting.length)];
}

/** Re-runs every selection seed of a trial, validation only, as the study ran it. */
export async function rerunTrial({ study, trial }: SampledTrial): Promise<ValidationRun[]> {
  const data = await loadDataset(study.base.dataset);
  const runs: ValidationRun[] = [];
  for (let seed = 0; seed < study.selectionSeeds; seed++) {
    runs.push(await validationRun({ ...trial.config, seed }, data));
  }
  return runs;
}
