/**
 * The recorded-results format: runs, rows and tables of test accuracy over seeds, as `reproduce`,
 * `ablate` and `compare` return and save them (`--out` files) and the chapter 2 notebook reads
 * them (`notebooks/data/*.json`).
 *
 * @module
 */

/**
 * Where a table's configs come from: `original`, each model's own paper's hyperparameters
 * (`configs/`); `paper`, the uniform chapter 2.5 ones (`configs/paper/`); `tuned`, the configs
 * `compare` chose on validation with the same search budget for every model (`configs/tuned/`).
 */
export type Protocol = "original" | "paper" | "tuned";

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
  /** The config file the row ran (tables written by `compare`: the tuned config). */
  config?: string;
  /** The study record the config was chosen from (tables written by `compare`). */
  study?: string;
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
 * import { meanStd } from "./results.ts";
 * const { mean, std } = meanStd([1, 3]);
 * if (mean !== 2 || std !== 1) throw new Error("unexpected");
 * ```
 */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}
