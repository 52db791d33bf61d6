/**
 * What every model shares: the {@linkcode Model} type, its {@linkcode ModelConfig} and the
 * defaults and checks applied to a config.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, Module, NodeFeatures } from "../nn/module.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import type { Aggregation } from "../sparse/aggregate.ts";

/** The registry names of the models: the one list configs, the CLI and {@linkcode createModel} use. */
export const MODEL_NAMES = ["mlp", "gcn", "gat", "sage", "adaptive"] as const;

/** One of {@linkcode MODEL_NAMES}. */
export type ModelName = typeof MODEL_NAMES[number];

/**
 * Other names accepted wherever a model name is read (createModel, config files, the CLI's
 * `--models`): `"ours"`, the paper's name for what `"adaptive"` reproduces.
 */
export const MODEL_ALIASES: Readonly<Record<string, ModelName>> = { ours: "adaptive" };

/**
 * The registry name `name` stands for: an alias of {@linkcode MODEL_ALIASES} resolved, any other
 * name unchanged (unknown names included: {@linkcode createModel} rejects those).
 *
 * @example
 * ```ts
 * import { canonicalModelName } from "./model.ts";
 * if (canonicalModelName("ours") !== "adaptive" || canonicalModelName("gcn") !== "gcn") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function canonicalModelName(name: string): string {
  return Object.hasOwn(MODEL_ALIASES, name) ? MODEL_ALIASES[name] : name;
}

/** Hyperparameters of a model; see each model for how it uses them. */
export interface ModelConfig {
  /** Input feature count `F_in`. */
  inChannels: number;
  /** Hidden width (for GAT: per head). */
  hiddenChannels: number;
  /** Number of classes `C`. */
  outChannels: number;
  /** Number of layers (default 2); layers between the first and last map hidden to hidden. */
  numLayers?: number;
  /** Dropout before every layer, in `[0, 1)` (default 0.5; 0.6 for GAT, as in its paper). */
  dropout?: number;
  /** GAT: attention heads of the hidden layers (default 8). */
  heads?: number;
  /** GAT: attention heads of the output layer, averaged (default 1). */
  outHeads?: number;
  /** GAT: dropout on the attention coefficients (default: `dropout`). */
  attentionDropout?: number;
  /** GraphSAGE: neighbour aggregation (default `"mean"`). */
  aggregation?: Aggregation;
  /** Seed of the Glorot initialisation (default 0). */
  seed?: number;
}

/** A node-classification model: maps features and the raw adjacency to logits `[N, C]`. */
export type Model = Module & {
  /** Logits `[N, outChannels]`; dropout is active only with `options.training`. */
  forward(x: NodeFeatures, adj: SparseAdjacency, options?: ForwardOptions): tf.Tensor2D;
  /** The registry name, e.g. `"gcn"`. */
  readonly name: string;
  /** The config with every default filled in. */
  readonly config: ModelConfig;
  /** The first layer's parameters (Kipf & Welling apply weight decay to these only). */
  firstLayerParameters(): tf.Variable[];
};

const AGGREGATIONS: readonly Aggregation[] = ["mean", "max", "sum"];

// Every key of ModelConfig (the compiler keeps the list complete), so that a misspelt one is an error.
const CONFIG_KEYS = Object.keys(
  {
    inChannels: 0,
    hiddenChannels: 0,
    outChannels: 0,
    numLayers: 0,
    dropout: 0,
    heads: 0,
    outHeads: 0,
    attentionDropout: 0,
    aggregation: 0,
    seed: 0,
  } satisfies Record<keyof ModelConfig, 0>,
);

/**
 * Fills in the defaults of `config` for model `name` and checks every value.
 *
 * @param name the model the config is for (used in errors and for GAT's dropout default)
 * @param config the hyperparameters
 * @returns the complete config
 * @throws {RangeError} naming the first invalid or unknown key
 *
 * @example
 * ```ts
 * import { resolveConfig } from "./model.ts";
 * const c = resolveConfig("gcn", { inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * if (c.numLayers !== 2 || c.dropout !== 0.5) throw new Error("unexpected defaults");
 * ```
 */
export function resolveConfig(name: string, config: ModelConfig): Required<ModelConfig> {
  const dropout = config.dropout ?? (name === "gat" ? 0.6 : 0.5);
  const full: Required<ModelConfig> = {
    inChannels: config.inChannels,
    hiddenChannels: config.hiddenChannels,
    outChannels: config.outChannels,
    numLayers: config.numLayers ?? 2,
    dropout,
    heads: config.heads ?? 8,
    outHeads: config.outHeads ?? 1,
    attentionDropout: config.attentionDropout ?? dropout,
    aggregation: config.aggregation ?? "mean",
    seed: config.seed ?? 0,
  };
  const fail = (detail: string): never => {
    throw new RangeError(`Cannot create model "${name}": ${detail}`);
  };
  const unknown = Object.keys(config).find((key) => !CONFIG_KEYS.includes(key));
  if (unknown) fail(`unknown key ${unknown} (expected one of ${CONFIG_KEYS.join(", ")})`);
  for (
    const key of [
      "inChannels",
      "hiddenChannels",
      "outChannels",
      "numLayers",
      "heads",
      "outHeads",
    ] as const
  ) {
    const v = full[key];
    if (!(Number.isInteger(v) && v > 0)) fail(`${key} must be a positive integer, got ${v}`);
  }
  for (const key of ["dropout", "attentionDropout"] as const) {
    const v = full[key];
    if (!(v >= 0 && v < 1)) fail(`${key} must be in [0, 1), got ${v}`);
  }
  if (!AGGREGATIONS.includes(full.aggregation)) {
    fail(`aggregation must be one of ${AGGREGATIONS.join(", ")}, got "${full.aggregation}"`);
  }
  if (!Number.isFinite(full.seed)) fail(`seed must be a finite number, got ${full.seed}`);
  return full;
}
