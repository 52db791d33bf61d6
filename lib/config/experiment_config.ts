/**
 * Experiment configs: one YAML or JSON file names the data set, split, model, hyperparameters,
 * schedule and seed of a training run. Keys match {@linkcode ExperimentConfig}; unknown keys and
 * bad values are errors that name the key.
 *
 * @module
 */
import {
  ADAPTIVE_GNN_RANGES,
  type AdaptiveGNNOptions,
  type OptionRange,
  rangeViolation,
} from "../models/adaptive_gnn_options.ts";
import { canonicalModelName, MODEL_ALIASES, MODEL_NAMES, type ModelName } from "../models/model.ts";
import { parse as parseYaml } from "yaml";
import type { ScheduleConfig } from "../train/schedule.ts";
import { TRAIN_DEFAULTS } from "../train/train_options.ts";

/** Which split of the data set to train on. */
export type SplitConfig =
  | { type: "default" }
  | { type: "index"; index: number }
  /** The data set's stored split `seed mod splits`: seed s trains on fixed split s (Geom-GCN's 10). */
  | { type: "per-seed" }
  | { type: "stratified"; train: number; val: number; test: number }
  | { type: "random"; numTrainPerClass: number; numVal: number; numTest: number };

/**
 * Model section: the registry name plus its hyperparameters (channels in/out come from data). A
 * file may give an alias (`ours`); the parsed config holds the registry name (`adaptive`).
 */
export interface ModelSection extends AdaptiveGNNOptions {
  /** The registry name (`"gcn"`, `"gat"`, `"sage"`, `"mlp"`, `"adaptive"`); a file may give an alias. */
  name: ModelName;
  /** Hidden width (per head for GAT); default 16. */
  hiddenChannels: number;
  /** Number of layers; default 2. */
  numLayers: number;
  /** Dropout rate between layers, in [0, 1); default 0.5. */
  dropout: number;
  /** GAT: attention heads of the hidden layers. */
  heads?: number;
  /** GAT: attention heads of the output layer (averaged). */
  outHeads?: number;
  /** GAT: dropout on the attention coefficients; default `dropout`. */
  attentionDropout?: number;
  /** GraphSAGE: how neighbours are combined; default `"mean"`. */
  aggregation?: "mean" | "max" | "sum";
}

/** Training section. */
export interface TrainSection {
  /** Training epochs; default 200. */
  epochs: number;
  /** Adam's learning rate; default 0.01. */
  lr: number;
  /** L2 penalty, PyTorch Adam's `weight_decay`; default 5e-4. */
  weightDecay: number;
  /** Decay every parameter (`"all"`, default) or only the first layer's (`"first"`, Kipf & Welling). */
  weightDecayOn: "first" | "all";
  /** Stop after this many epochs without improvement; default: train all epochs. */
  patience?: number;
  /** What selects the best epoch: `"val_acc"` (default) or `"val_loss"`. */
  monitor: "val_loss" | "val_acc";
  /** The learning-rate schedule; default constant. */
  schedule: ScheduleConfig;
  /** Train on neighbour-sampled mini-batches of this many training nodes (needs `fanouts`). */
  batchSize?: number;
  /** Neighbours sampled per hop in mini-batch mode (e.g. `[25, 10]`; -1 takes all). */
  fanouts?: number[];
  /** Feature-column masking rate per epoch; default 0. */
  featureDropout?: number;
  /** DropEdge rate per epoch; default 0. */
  edgeDropout?: number;
}

/** A whole experiment. */
export interface ExperimentConfig {
  /** The data set's registry name (`loadDataset`). */
  dataset: string;
  /** Which split to train on; default the data set's `splits[0]`. */
  split: SplitConfig;
  /** The model and its hyperparameters. */
  model: ModelSection;
  /** The optimiser, schedule and epochs. */
  train: TrainSection;
  /** Row-normalise the features first, like PyG's `NormalizeFeatures`; default true. */
  normalizeFeatures: boolean;
  /** Seeds every random choice of the run; default 0. */
  seed: number;
  /** The TensorFlow.js backend (`setBackend`); default `"auto"`. */
  backend: "auto" | "wasm" | "cpu" | "webgpu" | "tensorflow";
}

type Spec =
  & (
    | { kind: "number"; min?: number; max?: number; integer?: boolean; above?: number }
    | { kind: "string" }
    | { kind: "boolean" }
    | { kind: "enum"; values: readonly string[] }
    | { kind: "list"; item: Spec }
    | { kind: "object"; fields: Record<string, Spec>; required?: readonly string[] }
    | { kind: "union"; tag: string; variants: Record<string, Record<string, Spec>> }
    | { kind: "range"; range: OptionRange }
  )
  & { optional?: boolean };

/** Marks a field of a union variant as optional (variant fields are required by default). */
const opt = (spec: Spec): Spec => ({ ...spec, optional: true });

const int = (min: number): Spec => ({ kind: "number", integer: true, min });
const fraction: Spec = { kind: "number", min: 0, max: 0.999 };
const positive: Spec = { kind: "number", above: 0 };

/** The schema of a model's option ranges: the model's own table, nested objects as objects. */
function rangeSpecs(ranges: object): Record<string, Spec> {
  return Object.fromEntries(
    Object.entries(ranges).map(([key, range]) => [
      key,
      "type" in range
        ? { kind: "range", range: range as OptionRange }
        : { kind: "object", fields: rangeSpecs(range) },
    ]),
  );
}

const SPLIT: Spec = {
  kind: "union",
  tag: "type",
  variants: {
    default: {},
    index: { index: int(0) },
    "per-seed": {},
    stratified: { train: fraction, val: fraction, test: fraction },
    random: { numTrainPerClass: int(1), numVal: int(0), numTest: int(0) },
  },
};

const SCHEDULE: Spec = {
  kind: "union",
  tag: "type",
  variants: {
    constant: {},
    step: { stepSize: int(1), gamma: positive },
    cosine: { tMax: opt(int(1)), etaMin: opt({ kind: "number", min: 0 }) },
    plateau: {
      factor: positive,
      patience: int(0),
      minLr: opt({ kind: "number", min: 0 }),
      monitor: opt({ kind: "enum", values: ["val_loss", "val_acc"] }),
      threshold: opt({ kind: "number", min: 0 }),
      cooldown: opt(int(0)),
    },
  },
};

const CONFIG: Spec = {
  kind: "object",
  required: ["dataset", "model"],
  fields: {
    dataset: { kind: "string" },
    split: SPLIT,
    model: {
      kind: "object",
      required: ["name"],
      fields: {
        name: { kind: "enum", values: [...MODEL_NAMES, ...Object.keys(MODEL_ALIASES)] },
        hiddenChannels: int(1),
        numLayers: int(1),
        dropout: fraction,
        heads: int(1),
        outHeads: int(1),
        attentionDropout: fraction,
        aggregation: { kind: "enum", values: ["mean", "max", "sum"] },
        // adaptive only (createModel rejects them for the other models, naming the key)
        ...rangeSpecs(ADAPTIVE_GNN_RANGES),
      },
    },
    train: {
      kind: "object",
      fields: {
        epochs: int(1),
        lr: positive,
        weightDecay: { kind: "number", min: 0 },
        weightDecayOn: { kind: "enum", values: ["first", "all"] },
        patience: int(0),
        monitor: { kind: "enum", values: ["val_loss", "val_acc"] },
        schedule: SCHEDULE,
        batchSize: int(1),
        fanouts: { kind: "list", item: int(1) },
        featureDropout: fraction,
        edgeDropout: fraction,
      },
    },
    normalizeFeatures: { kind: "boolean" },
    seed: int(0),
    backend: { kind: "enum", values: ["auto", "wasm", "cpu", "webgpu", "tensorflow"] },
  },
};

// The training defaults are the trainer's own table, so a config and train() agree.
const { epochs, lr, weightDecay, weightDecayOn, monitor, schedule, normalizeFeatures, seed } =
  TRAIN_DEFAULTS;
const DEFAULTS = {
  split: { type: "default" },
  model: { hiddenChannels: 16, numLayers: 2, dropout: 0.5 },
  train: { epochs, lr, weightDecay, weightDecayOn, monitor, schedule },
  normalizeFeatures,
  seed,
  backend: "auto",
} as const;

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "a list" : JSON.stringify(value);
}

function check(value: unknown, spec: Spec, key: string, source: string): void {
  const fail = (expected: string): never => {
    throw new Error(`Invalid config ${source}: ${key} must be ${expected}, got ${describe(value)}`);
  };
  switch (spec.kind) {
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) fail("a number");
      const n = value as number;
      if (spec.integer && !Number.isInteger(n)) fail("an integer");
      if (spec.min !== undefined && n < spec.min) fail(`>= ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) fail(`<= ${spec.max}`);
      if (spec.above !== undefined && n <= spec.above) fail(`> ${spec.above}`);
      return;
    }
    case "string":
      if (typeof value !== "string" || value === "") fail("a non-empty string");
      return;
    case "boolean":
      if (typeof value !== "boolean") fail("true or false");
      return;
    case "enum":
      if (!spec.values.includes(value as string)) fail(`one of ${spec.values.join(", ")}`);
      return;
    case "list":
      if (!Array.isArray(value) || value.length === 0) fail("a non-empty list");
      (value as unknown[]).forEach((item, i) => check(item, spec.item, `${key}[${i}]`, source));
      return;
    case "object":
      checkFields(value, spec.fields, spec.required ?? [], key, source);
      return;
    case "range": {
      const detail = rangeViolation(key, value, spec.range);
      if (detail) throw new Error(`Invalid config ${source}: ${detail}`);
      return;
    }
    case "union": {
      const tag = (value as Record<string, unknown> | null)?.[spec.tag];
      const variant = typeof tag === "string" ? spec.variants[tag] : undefined;
      if (!variant || !Object.hasOwn(spec.variants, tag as string)) {
        const names = Object.keys(spec.variants).join(", ");
        const at = key ? `${key}.${spec.tag}` : spec.tag;
        throw new Error(
          `Invalid config ${source}: ${at} must be one of ${names}, got ${describe(tag)}`,
        );
      }
      const { [spec.tag]: _tag, ...rest } = value as Record<string, unknown>;
      const required = Object.keys(variant).filter((k) => !variant[k].optional);
      checkFields(rest, variant, required, key, source);
    }
  }
}

function checkFields(
  value: unknown,
  fields: Record<string, Spec>,
  required: readonly string[],
  key: string,
  source: string,
): void {
  const prefix = key ? `${key}.` : "";
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(
      `Invalid config ${source}: ${key || "the file"} must be a mapping, got ${describe(value)}`,
    );
  }
  for (const [k, v] of Object.entries(value)) {
    if (!Object.hasOwn(fields, k)) {
      throw new Error(
        `Invalid config ${source}: unknown key ${prefix}${k} (expected one of ${
          Object.keys(fields).join(", ")
        })`,
      );
    }
    check(v, fields[k], `${prefix}${k}`, source);
  }
  for (const k of required) {
    if (!Object.hasOwn(value, k)) {
      throw new Error(`Invalid config ${source}: missing key ${prefix}${k}`);
    }
  }
}

/**
 * Validates a parsed config object and fills in defaults.
 *
 * @param value the parsed YAML/JSON
 * @param source where it came from, for error messages
 * @throws {Error} `Invalid config <source>: <key> must be ..., got ...` or `unknown key <key>`
 * @example
 * ```ts
 * import { parseConfig } from "./experiment_config.ts";
 * const config = parseConfig({ dataset: "cora", model: { name: "gcn" } });
 * if (config.train.epochs !== 200 || config.model.hiddenChannels !== 16) throw new Error("unexpected");
 * let message = "";
 * try { parseConfig({ dataset: "cora", model: { name: "gcn", hiden: 3 } }); } catch (e) {
 *   message = (e as Error).message;
 * }
 * if (!message.includes("unknown key model.hiden")) throw new Error(message);
 * ```
 */
export function parseConfig(value: unknown, source = "<object>"): ExperimentConfig {
  check(value, CONFIG, "", source);
  const v = value as Record<string, Record<string, unknown>>;
  return {
    ...DEFAULTS,
    ...v,
    model: { ...DEFAULTS.model, ...v.model, name: canonicalModelName(v.model.name as string) },
    train: { ...DEFAULTS.train, ...v.train },
  } as unknown as ExperimentConfig;
}

/**
 * Reads a `.yaml`, `.yml` or `.json` experiment config file.
 *
 * @example
 * ```ts
 * import { loadConfig } from "./experiment_config.ts";
 * const path = await Deno.makeTempFile({ suffix: ".yaml" });
 * await Deno.writeTextFile(path, "dataset: cora\nmodel:\n  name: gat\n  heads: 8\n");
 * const config = await loadConfig(path);
 * await Deno.remove(path);
 * if (config.model.heads !== 8) throw new Error("unexpected");
 * ```
 */
export async function loadConfig(path: string): Promise<ExperimentConfig> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new Error(`Cannot read config ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(`Cannot parse config ${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  return parseConfig(value, path);
}
