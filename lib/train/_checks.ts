/**
 * The checks `train()`, `trainMultiTask()` and `predict()` share: option names and values, the
 * split, and the model against the data. Each reports through `fail`, which puts the caller's
 * action in front (`Cannot train gcn on cora: option lr must be a positive number, got 0`).
 *
 * @module
 */
import type { Fail } from "../graph/_check_graph.ts";
import type { GraphDataset } from "../datasets/dataset.ts";
import { checkSplit } from "../splits/_check_split.ts";
import type { NodeSplit } from "../splits/split.ts";
import type { TrainableModel } from "./trainable_model.ts";
import { type CommonTrainOptions, TRAIN_DEFAULTS } from "./train_options.ts";

export type { Fail };

/** A `fail` that throws `RangeError("Cannot <action>: <detail>")`. */
export function failure(action: string): Fail {
  return (detail) => {
    throw new RangeError(`Cannot ${action}: ${detail}`);
  };
}

/** The names of {@linkcode CommonTrainOptions} (the compiler keeps the list complete). */
export const COMMON_OPTION_NAMES: readonly string[] = Object.keys(
  {
    split: 0,
    epochs: 0,
    lr: 0,
    weightDecay: 0,
    seed: 0,
    normalizeFeatures: 0,
    progress: 0,
  } satisfies Record<keyof CommonTrainOptions, 0>,
);

/** Rejects option names not in `known`: a misspelt option would otherwise be ignored silently. */
export function checkOptionNames(options: object, known: readonly string[], fail: Fail): void {
  if (typeof options !== "object" || options === null) {
    fail(`options must be an object, got ${options}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) fail(`unknown option ${key} (expected one of ${known.join(", ")})`);
  }
}

/** The options of {@linkcode CommonTrainOptions} that change results, defaults filled in. */
export interface CommonSettings {
  epochs: number;
  lr: number;
  weightDecay: number;
  seed: number;
  normalizeFeatures: boolean;
}

/** Fills in {@linkcode TRAIN_DEFAULTS} and checks each value of the common options. */
export function resolveCommonOptions(o: CommonTrainOptions, fail: Fail): CommonSettings {
  const {
    epochs = TRAIN_DEFAULTS.epochs,
    lr = TRAIN_DEFAULTS.lr,
    weightDecay = TRAIN_DEFAULTS.weightDecay,
    seed = TRAIN_DEFAULTS.seed,
    normalizeFeatures = TRAIN_DEFAULTS.normalizeFeatures,
    progress,
  } = o;
  if (!(Number.isInteger(epochs) && epochs > 0)) {
    fail(`option epochs must be a positive integer, got ${epochs}`);
  }
  if (!(Number.isFinite(lr) && lr > 0)) fail(`option lr must be a positive number, got ${lr}`);
  if (!(Number.isFinite(weightDecay) && weightDecay >= 0)) {
    fail(`option weightDecay must be a non-negative number, got ${weightDecay}`);
  }
  if (!Number.isFinite(seed)) fail(`option seed must be a finite number, got ${seed}`);
  if (typeof normalizeFeatures !== "boolean") {
    fail(
      `option normalizeFeatures must be true or false, got ${JSON.stringify(normalizeFeatures)}`,
    );
  }
  if (
    !(progress === undefined || typeof progress === "boolean" || progress === "auto" ||
      (typeof progress === "object" && progress !== null && "kind" in progress))
  ) {
    fail(`option progress must be true, false, "auto" or a ProgressTarget, got ${progress}`);
  }
  return { epochs, lr, weightDecay, seed, normalizeFeatures };
}

/**
 * The split to train on (`split`, else the data set's first), checked against the graph (see
 * `validateSplit`: integer, in range, ascending, disjoint parts), with no empty part.
 */
export function resolveSplit(
  dataset: GraphDataset,
  split: NodeSplit | undefined,
  fail: Fail,
): NodeSplit {
  const chosen = split ?? dataset.splits?.[0];
  if (!chosen) fail("option split is not given and the data set has no splits");
  checkSplit(chosen, dataset.graph.numNodes, (detail) => fail(`split ${chosen.name}: ${detail}`));
  for (const part of ["train", "val", "test"] as const) {
    if (chosen[part].length === 0) fail(`split ${chosen.name} has no ${part} nodes`);
  }
  return chosen;
}

/**
 * Checks the model's `config.inChannels` (and, with `classes`, `outChannels`) against the data,
 * when the model states them: a mismatch would otherwise surface as a tensor shape error.
 */
export function checkModelFits(
  model: TrainableModel,
  dataset: GraphDataset,
  fail: Fail,
  { classes = true } = {},
): void {
  const config = model.config as { inChannels?: unknown; outChannels?: unknown } | undefined;
  const cols = dataset.graph.x.cols;
  if (typeof config?.inChannels === "number" && config.inChannels !== cols) {
    fail(
      `the model takes ${config.inChannels} input features (inChannels) but x has ${cols} columns`,
    );
  }
  const C = dataset.numClasses;
  if (classes && typeof config?.outChannels === "number" && config.outChannels !== C) {
    fail(
      `the model has ${config.outChannels} outputs (outChannels) but the data set has ${C} classes`,
    );
  }
}
