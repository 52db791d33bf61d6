/**
 * One row of a comparison table: one config trained over seeds 0..n-1.
 *
 * @module
 */
import type { ExperimentConfig } from "../config/experiment_config.ts";
import type { GraphDataset } from "../datasets/dataset.ts";
import { meanStd, type ReproduceRow, type ReproduceRun } from "./results.ts";
import type { ReproduceProgress } from "./reproduce_progress.ts";
import { runExperiment } from "./run_experiment.ts";

/** What {@linkcode runSeeds} labels its runs with and reports to. */
export interface RunSeedsOptions {
  /** Labels of the row. */
  dataset: string;
  model: string;
  data: GraphDataset;
  seeds: number;
  progress?: ReproduceProgress;
  onRun?: (run: ReproduceRun) => void;
}

/**
 * One row of a comparison: `config` trained with seeds `0..seeds-1` (seed `s` is exactly
 * `runExperiment({ ...config, seed: s })`), test accuracy at the best validation epoch.
 */
export async function runSeeds(
  config: ExperimentConfig,
  options: RunSeedsOptions,
): Promise<{ row: ReproduceRow; backend: string }> {
  const { dataset, model, data, seeds, progress, onRun } = options;
  const started = performance.now();
  const seedRuns: ReproduceRun[] = [];
  let backend = "unknown";
  for (let seed = 0; seed < seeds; seed++) {
    const t0 = performance.now();
    const run = await runExperiment({ ...config, seed }, { dataset: data, progress: false });
    run.model.dispose();
    backend = run.backend;
    const done: ReproduceRun = {
      dataset,
      model,
      seed,
      testAccuracy: run.result.test.accuracy,
      valAccuracy: run.result.bestValAcc,
      bestEpoch: run.result.bestEpoch,
      epochs: run.result.history.length,
      seconds: (performance.now() - t0) / 1000,
    };
    seedRuns.push(done);
    progress?.update(done);
    onRun?.(done);
  }
  const row: ReproduceRow = {
    dataset,
    model,
    seeds,
    testAccuracy: {
      ...meanStd(seedRuns.map((r) => r.testAccuracy)),
      runs: seedRuns.map((r) => r.testAccuracy),
    },
    valAccuracy: meanStd(seedRuns.map((r) => r.valAccuracy)),
    seconds: (performance.now() - started) / 1000,
    seedRuns,
  };
  return { row, backend };
}
