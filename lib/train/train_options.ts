/**
 * What the trainers share: the options common to `train` and `trainMultiTask`, and the one table
 * of training defaults, {@linkcode TRAIN_DEFAULTS}, that they, `predict` and experiment configs
 * (`parseConfig`, so `runExperiment` and `deno task train`) all read.
 *
 * @module
 */
import type { NodeSplit } from "../splits/split.ts";
import type { ProgressTarget } from "./progress.ts";
import type { Monitor, ScheduleConfig } from "./schedule.ts";

/** The shape of {@linkcode TRAIN_DEFAULTS}. */
export interface TrainDefaults {
  /** Training epochs. */
  readonly epochs: number;
  /** Adam's learning rate. */
  readonly lr: number;
  /** L2 penalty, PyTorch Adam's `weight_decay`. */
  readonly weightDecay: number;
  /** Which parameters the penalty applies to. */
  readonly weightDecayOn: "first" | "all";
  /** What selects the best epoch (and drives early stopping when `patience` is set). */
  readonly monitor: Monitor;
  /** The learning-rate schedule. */
  readonly schedule: Readonly<ScheduleConfig>;
  /** Whether features are row-normalised first. */
  readonly normalizeFeatures: boolean;
  /** The seed of every random choice. */
  readonly seed: number;
}

/**
 * The training defaults, in one place. `train()`, `trainMultiTask()` (all but `weightDecayOn`,
 * `schedule` and `monitor`, which it does not have or chooses per task), `predict()`
 * (`normalizeFeatures`) and `parseConfig()` (so `runExperiment()` and `deno task train`) all read
 * this table, so the same options in code and in a config train the same model.
 *
 * The values are what a PyTorch Geometric user expects from the Planetoid examples:
 *
 * - `epochs: 200`, `lr: 0.01`, `weightDecay: 5e-4`: Adam as in Kipf & Welling (ICLR 2017) and
 *   PyG's `examples/gcn.py`.
 * - `weightDecayOn: "all"`: the penalty on every parameter, as a PyG user writes
 *   `Adam(model.parameters(), lr=0.01, weight_decay=5e-4)`. Kipf & Welling decay the first
 *   layer only: `weightDecayOn: "first"` (what `configs/cora-gcn.yaml` sets).
 * - `monitor: "val_acc"`: the epoch with the best validation accuracy (ties: the lower validation
 *   loss) is kept and tested once, as PyG's examples select and this project's configs do.
 * - `schedule: { type: "constant" }`: no learning-rate schedule, as in both.
 * - `normalizeFeatures: true`: rows normalised like PyG's `NormalizeFeatures` transform, which its
 *   Planetoid examples apply. Turn it off for features that are not counts or frequencies.
 * - `seed: 0`: every random choice takes a seed.
 *
 * Early stopping (`patience`) is off by default: every epoch is trained, as in PyG's examples.
 *
 * @example
 * ```ts
 * import { TRAIN_DEFAULTS } from "./train_options.ts";
 * import { parseConfig } from "../config/experiment_config.ts";
 * const config = parseConfig({ dataset: "cora", model: { name: "gcn" } });
 * if (
 *   config.train.monitor !== TRAIN_DEFAULTS.monitor ||
 *   config.normalizeFeatures !== TRAIN_DEFAULTS.normalizeFeatures
 * ) {
 *   throw new Error("a config's defaults are the trainer's");
 * }
 * ```
 */
export const TRAIN_DEFAULTS: TrainDefaults = Object.freeze({
  epochs: 200,
  lr: 0.01,
  weightDecay: 5e-4,
  weightDecayOn: "all",
  monitor: "val_acc",
  schedule: Object.freeze({ type: "constant" }),
  normalizeFeatures: true,
  seed: 0,
});

/** The options `train()` and `trainMultiTask()` share; defaults in {@linkcode TRAIN_DEFAULTS}. */
export interface CommonTrainOptions {
  /** The node split to train, select and test on (default `dataset.splits[0]`). */
  split?: NodeSplit;
  /** Training epochs (default 200). */
  epochs?: number;
  /** Adam's learning rate (default 0.01). */
  lr?: number;
  /** L2 penalty, PyTorch Adam's `weight_decay` (default 5e-4). */
  weightDecay?: number;
  /** Seeds every random choice of the run (default 0): same seed, same backend, same history. */
  seed?: number;
  /** Row-normalise the features first, like PyG's `NormalizeFeatures` (default true). */
  normalizeFeatures?: boolean;
  /**
   * Progress line or notebook display (default `"auto"`: only in a terminal or notebook), or a
   * {@linkcode ProgressTarget} to draw to.
   */
  progress?: boolean | "auto" | ProgressTarget;
}
