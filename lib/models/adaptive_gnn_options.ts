/**
 * The options of `AdaptiveGNN`: their types, defaults and value ranges, and the check
 * that applies the ranges. The config schema (lib/config/experiment_config.ts) checks a config
 * file's `model` section with the same ranges, so both report a bad value alike.
 *
 * @module
 */

/** What `AdaptiveGNN` adds to the shared model hyperparameters. */
export interface AdaptiveGNNOptions {
  /** Dropout on the input features (default 0.5). */
  inputDropout?: number;
  /** DropNode rate: each sample drops whole nodes before propagating (default 0.5). */
  dropNode?: number;
  /** Random propagations per training step, tied by the consistency loss (default 4). */
  samples?: number;
  /** Propagation steps K (default 8). */
  steps?: number;
  /**
   * Teleport (restart) probability beta of `h_t = (1 - beta) P h_{t-1} + beta h_0`; without it the
   * output is the mixed-order mean `1/(K+1) sum_k P^k h_0` (default: mixed-order).
   */
  teleport?: number;
  /** Weight of the consistency loss between the samples (default 1). */
  consistency?: number;
  /** Sharpening temperature of the samples' mean prediction (default 0.5). */
  temperature?: number;
  /** Learn a kNN (or node-anchor) graph from the node representations and mix it in (default: off). */
  learnedGraph?: LearnedGraphConfig;
  /** Weights of the joint objective's graph terms (chapter 2.1; default all 0). */
  regularization?: RegularizationConfig;
  /** Propagate also over a coarsening hierarchy (chapter 2.3; default: off). */
  multiGranularity?: MultiGranularityConfig;
}

/** Hyperparameters of `AdaptiveGNN`; every field but the channels has a default. */
export interface AdaptiveGNNConfig extends AdaptiveGNNOptions {
  /** Input feature count `F_in`. */
  inChannels: number;
  /** Width of the encoded and propagated representations. */
  hiddenChannels: number;
  /** Number of classes `C`. */
  outChannels: number;
  /** Seed of the initialisation, of the anchors and of the hierarchy (default 0). */
  seed?: number;
  /** Dropout on the propagated hidden representation (default 0.5). */
  dropout?: number;
}

/** The learned graph of `AdaptiveGNN` (chapters 2.1, 2.2). */
export interface LearnedGraphConfig {
  /**
   * Anchor nodes m: learn node-anchor affinities R `[N, m]` (IDGL's anchor graph) instead of a kNN
   * graph over all node pairs, so the learned graph costs `O(N m)` instead of `O(N^2)`; `k` then
   * counts anchors per node (default: off; at most N, at least `k`).
   */
  anchors?: number;
  /** Neighbours per node of the kNN graph, or anchors per node with `anchors` (default 10). */
  k?: number;
  /** Heads of the weighted-cosine metric (default 4). */
  heads?: number;
  /** Initial share lambda of the learned graph in `(1 - lambda) Â_input + lambda Â_learned` (default 0.3). */
  mix?: number;
  /** Learn lambda too (default true). */
  learnMix?: boolean;
  /** Rebuild the graph's edges from the current representations every this many epochs (default 20). */
  refreshEvery?: number;
  /**
   * Co-evolution (chapter 2.2, default true): each rebuild starts from the encoded features `h_0`,
   * then rebuilds from the representations propagated over the new graph, round after round. With
   * false, each rebuild (on the same `refreshEvery` schedule) builds the graph once from `h_0`, the
   * encoder's current output, without propagating or iterating.
   */
  coEvolution?: boolean;
  /** Co-evolution: rebuild-and-propagate rounds per refresh, at most (default 3). */
  maxIterations?: number;
  /** Co-evolution stops when the graph changes less than this (relative Frobenius; default 0.05). */
  tolerance?: number;
}

/** `lambda R(A) + gamma S(A, X)` of chapter 2.1 on the learned graph. */
export interface RegularizationConfig {
  /** Weight of the L1 sparsity term (default 0). */
  sparsity?: number;
  /** Weight of the log-degree barrier against isolated nodes (default 0). */
  connectivity?: number;
  /** Weight gamma of the feature smoothness `tr(X^T L X)` (default 0). */
  smoothness?: number;
}

/** Multi-granularity propagation of chapter 2.3. */
export interface MultiGranularityConfig {
  /** Damping `exp(-alpha |g_u - g_v|)` per level crossed (default 1). */
  alpha?: number;
  /** Coarse levels of the hierarchy (default 2). */
  levels?: number;
  /** Share of the multi-granularity branch in the output (default 0.5). */
  weight?: number;
}

/** The parts of {@linkcode AdaptiveGNNConfig} that are off unless given. */
export type AdaptiveGNNOptionalParts =
  | "teleport"
  | "learnedGraph"
  | "regularization"
  | "multiGranularity";

/** {@linkcode AdaptiveGNNConfig} with every default filled in (the optional parts as given). */
export type ResolvedAdaptiveGNNConfig =
  & Required<Omit<AdaptiveGNNConfig, AdaptiveGNNOptionalParts>>
  & Pick<AdaptiveGNNConfig, AdaptiveGNNOptionalParts>;

/** The defaults of {@linkcode AdaptiveGNNConfig}'s always-on settings. */
export const ADAPTIVE_GNN_DEFAULTS = {
  inputDropout: 0.5,
  dropout: 0.5,
  dropNode: 0.5,
  samples: 4,
  steps: 8,
  consistency: 1,
  temperature: 0.5,
  seed: 0,
} as const;

/** {@linkcode LearnedGraphConfig} with every default filled in (`anchors` stays optional). */
export type LearnedGraphSettings =
  & Required<Omit<LearnedGraphConfig, "anchors">>
  & Pick<LearnedGraphConfig, "anchors">;

/** The defaults of {@linkcode LearnedGraphConfig}. */
export const LEARNED_GRAPH_DEFAULTS: Readonly<LearnedGraphSettings> = {
  k: 10,
  heads: 4,
  mix: 0.3,
  learnMix: true,
  refreshEvery: 20,
  coEvolution: true,
  maxIterations: 3,
  tolerance: 0.05,
};

/** The defaults of {@linkcode MultiGranularityConfig}. */
export const MULTI_GRANULARITY_DEFAULTS: Readonly<Required<MultiGranularityConfig>> = {
  alpha: 1,
  levels: 2,
  weight: 0.5,
};

/**
 * The values an option accepts: integers from `min`, finite numbers within optional bounds
 * (inclusive unless marked exclusive), or booleans.
 */
export type OptionRange =
  | { readonly type: "integer"; readonly min: number }
  | {
    readonly type: "number";
    readonly min?: number;
    readonly max?: number;
    readonly exclusiveMin?: boolean;
    readonly exclusiveMax?: boolean;
  }
  | { readonly type: "boolean" };

type RangesOf<T> = { readonly [K in keyof T]-?: OptionRange };

/** The range of every {@linkcode AdaptiveGNNOptions} key, nested as the options are. */
export type AdaptiveGNNRanges =
  & RangesOf<Omit<AdaptiveGNNOptions, "learnedGraph" | "regularization" | "multiGranularity">>
  & {
    readonly learnedGraph: RangesOf<LearnedGraphConfig>;
    readonly regularization: RangesOf<RegularizationConfig>;
    readonly multiGranularity: RangesOf<MultiGranularityConfig>;
  };

const POSITIVE_INTEGER: OptionRange = { type: "integer", min: 1 };
const FRACTION: OptionRange = { type: "number", min: 0, max: 1, exclusiveMax: true };
const NON_NEGATIVE: OptionRange = { type: "number", min: 0 };
const BOOLEAN: OptionRange = { type: "boolean" };

/**
 * The value range of every `AdaptiveGNN` option: the one table both the constructor and
 * the config schema check.
 *
 * @example
 * ```ts
 * import { ADAPTIVE_GNN_RANGES, describeRange } from "./adaptive_gnn_options.ts";
 * if (describeRange(ADAPTIVE_GNN_RANGES.dropNode) !== "in [0, 1)") throw new Error("unexpected");
 * ```
 */
export const ADAPTIVE_GNN_RANGES: AdaptiveGNNRanges = {
  inputDropout: FRACTION,
  dropNode: FRACTION,
  samples: POSITIVE_INTEGER,
  steps: POSITIVE_INTEGER,
  teleport: { type: "number", min: 0, exclusiveMin: true, max: 1 },
  consistency: NON_NEGATIVE,
  temperature: { type: "number", min: 0, exclusiveMin: true },
  learnedGraph: {
    anchors: POSITIVE_INTEGER,
    k: POSITIVE_INTEGER,
    heads: POSITIVE_INTEGER,
    mix: { type: "number", min: 0, exclusiveMin: true, max: 1, exclusiveMax: true },
    learnMix: BOOLEAN,
    refreshEvery: POSITIVE_INTEGER,
    coEvolution: BOOLEAN,
    maxIterations: POSITIVE_INTEGER,
    tolerance: NON_NEGATIVE,
  },
  regularization: { sparsity: NON_NEGATIVE, connectivity: NON_NEGATIVE, smoothness: NON_NEGATIVE },
  multiGranularity: {
    alpha: NON_NEGATIVE,
    levels: POSITIVE_INTEGER,
    weight: { type: "number", min: 0, max: 1 },
  },
};

// The shared hyperparameters the model checks itself (lib/models/model.ts checks them for the others).
const SHARED_RANGES: Readonly<Record<string, OptionRange>> = {
  inChannels: POSITIVE_INTEGER,
  hiddenChannels: POSITIVE_INTEGER,
  outChannels: POSITIVE_INTEGER,
  dropout: FRACTION,
  seed: { type: "number" },
};

/**
 * How an error states a range: `a positive integer`, `in [0, 1)`, `a finite number >= 0`, ...
 *
 * @example
 * ```ts
 * import { describeRange } from "./adaptive_gnn_options.ts";
 * const text = describeRange({ type: "number", min: 0, exclusiveMin: true, max: 1 });
 * if (text !== "in (0, 1]") throw new Error(text);
 * ```
 */
export function describeRange(range: OptionRange): string {
  if (range.type === "boolean") return "true or false";
  if (range.type === "integer") {
    return range.min === 1 ? "a positive integer" : `an integer >= ${range.min}`;
  }
  const { min, max, exclusiveMin, exclusiveMax } = range;
  if (min !== undefined && max !== undefined) {
    return `in ${exclusiveMin ? "(" : "["}${min}, ${max}${exclusiveMax ? ")" : "]"}`;
  }
  if (min !== undefined) return `a finite number ${exclusiveMin ? ">" : ">="} ${min}`;
  if (max !== undefined) return `a finite number ${exclusiveMax ? "<" : "<="} ${max}`;
  return "a finite number";
}

function inRange(value: unknown, range: OptionRange): boolean {
  if (range.type === "boolean") return typeof value === "boolean";
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (range.type === "integer") return Number.isInteger(value) && value >= range.min;
  const { min, max, exclusiveMin, exclusiveMax } = range;
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) return false;
  return max === undefined || (exclusiveMax ? value < max : value <= max);
}

function show(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  return typeof value === "string" || (typeof value === "object" && value !== null)
    ? JSON.stringify(value)
    : String(value);
}

/**
 * `"<key> must be <range>, got <value>"` when `value` is outside `range`, else undefined: the
 * wording of both the constructor's and the config schema's errors.
 *
 * @param key the option's name as the error shows it (e.g. `learnedGraph.k`)
 * @param value the given value
 * @param range what the option accepts
 * @returns the error detail, or undefined for a valid value
 *
 * @example
 * ```ts
 * import { ADAPTIVE_GNN_RANGES, rangeViolation } from "./adaptive_gnn_options.ts";
 * const detail = rangeViolation("samples", 0, ADAPTIVE_GNN_RANGES.samples);
 * if (detail !== "samples must be a positive integer, got 0") throw new Error(detail);
 * if (rangeViolation("samples", 2, ADAPTIVE_GNN_RANGES.samples) !== undefined) throw new Error();
 * ```
 */
export function rangeViolation(
  key: string,
  value: unknown,
  range: OptionRange,
): string | undefined {
  return inRange(value, range)
    ? undefined
    : `${key} must be ${describeRange(range)}, got ${show(value)}`;
}

/**
 * Fills in the defaults of an `AdaptiveGNN` config and checks every value against
 * {@linkcode ADAPTIVE_GNN_RANGES} (and `learnedGraph.k <= learnedGraph.anchors`).
 *
 * @param config the hyperparameters
 * @returns the config with the defaults of {@linkcode ADAPTIVE_GNN_DEFAULTS}
 * @throws {RangeError} `Cannot create model "adaptive": <key> must be ..., got ...`
 *
 * @example
 * ```ts
 * import { resolveAdaptiveGNNConfig } from "./adaptive_gnn_options.ts";
 * const c = resolveAdaptiveGNNConfig({ inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * if (c.samples !== 4 || c.steps !== 8) throw new Error("unexpected defaults");
 * let message = "";
 * try {
 *   resolveAdaptiveGNNConfig({ inChannels: 4, hiddenChannels: 8, outChannels: 2, steps: 0 });
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * if (message !== 'Cannot create model "adaptive": steps must be a positive integer, got 0') {
 *   throw new Error(message);
 * }
 * ```
 */
export function resolveAdaptiveGNNConfig(config: AdaptiveGNNConfig): ResolvedAdaptiveGNNConfig {
  const resolved = { ...ADAPTIVE_GNN_DEFAULTS, ...config };
  const fail = (detail: string): never => {
    throw new RangeError(`Cannot create model "adaptive": ${detail}`);
  };
  const check = (key: string, value: unknown, range: OptionRange) => {
    const detail = value === undefined ? undefined : rangeViolation(key, value, range);
    if (detail) fail(detail);
  };
  const values = resolved as Record<string, unknown>;
  for (const [key, range] of Object.entries(SHARED_RANGES)) check(key, values[key], range);
  for (const [key, range] of Object.entries(ADAPTIVE_GNN_RANGES)) {
    if ("type" in range) {
      check(key, values[key], range as OptionRange);
      continue;
    }
    const part = values[key];
    if (part === undefined) continue;
    if (typeof part !== "object" || part === null || Array.isArray(part)) {
      fail(`${key} must be an object, got ${show(part)}`);
    }
    for (const [field, fieldRange] of Object.entries(range as Record<string, OptionRange>)) {
      check(`${key}.${field}`, (part as Record<string, unknown>)[field], fieldRange);
    }
  }
  const g = resolved.learnedGraph;
  const k = g?.k ?? LEARNED_GRAPH_DEFAULTS.k;
  if (g?.anchors !== undefined && k > g.anchors) {
    fail(`learnedGraph.k must be at most learnedGraph.anchors (${g.anchors}), got ${k}`);
  }
  return resolved;
}
