/**
 * Search spaces over config keys, as an Optuna user writes them with `suggest_categorical` and
 * `suggest_float`: a distribution per dotted config key (`train.lr`, `model.heads`), a seeded
 * random sampler, and the config a trial's values make.
 *
 * @module
 */
import { type ExperimentConfig, parseConfig } from "../config/experiment_config.ts";
import { createRng } from "../random/rng.ts";

/**
 * One hyperparameter's distribution. `categorical` picks one of `choices` (any YAML value; `null`
 * removes the key, e.g. "no learned graph"); `float` draws uniformly from `[low, high]`, or
 * log-uniformly with `log: true`, or from the grid `low, low + step, ..., high` with `step`.
 */
export type Distribution =
  | { type: "categorical"; choices: readonly unknown[] }
  | { type: "float"; low: number; high: number; log?: boolean; step?: number };

/** Dotted config keys (`train.*` or `model.*`) and their distributions, in sampling order. */
export type SearchSpace = Readonly<Record<string, Distribution>>;

/** One trial's values, by dotted config key. */
export type Params = Record<string, unknown>;

/** Draws a trial's values from a space. */
export interface Sampler {
  /** What the study record says about the sampler, e.g. `{ type: "random", seed: 0 }`. */
  readonly description: { type: string; seed: number };
  /** The values of trial `trial` (the same for the same sampler, space and trial number). */
  sample(space: SearchSpace, trial: number): Params;
}

/**
 * Keys a space must not vary: what the data set and the comparison fix (data, split, seed,
 * backend, the model itself) and the one training-length rule every model shares.
 */
const FIXED_KEYS = ["model.name", "train.epochs", "train.patience", "train.monitor"];

function describe(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

/**
 * Checks a parsed search space (e.g. a YAML mapping) and returns it typed.
 *
 * @param value `{ "<key>": { type: categorical, choices: [...] } | { type: float, low, high,
 *   log?, step? } }`
 * @param source where it came from, for errors
 * @throws {Error} `Invalid search space <source>: <key> ...` naming the key and what was expected
 *
 * @example
 * ```ts
 * import { parseSearchSpace } from "./search_space.ts";
 * const space = parseSearchSpace({
 *   "train.lr": { type: "float", low: 0.001, high: 0.1, log: true },
 *   "model.hiddenChannels": { type: "categorical", choices: [16, 32, 64] },
 * });
 * if (Object.keys(space).length !== 2) throw new Error("unexpected");
 * ```
 */
export function parseSearchSpace(value: unknown, source = "<object>"): SearchSpace {
  const fail = (detail: string): never => {
    throw new Error(`Invalid search space ${source}: ${detail}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(`expected a mapping of config keys to distributions, got ${describe(value)}`);
  }
  const space: Record<string, Distribution> = {};
  for (const [key, spec] of Object.entries(value as Record<string, unknown>)) {
    if (!/^(model|train)\.[A-Za-z]+(\.[A-Za-z]+)*$/.test(key)) {
      fail(`key ${key} must be a dotted model.* or train.* config key, e.g. train.lr`);
    }
    if (FIXED_KEYS.includes(key)) {
      fail(`key ${key} is fixed by the comparison, not searched (fixed: ${FIXED_KEYS.join(", ")})`);
    }
    const d = spec as Record<string, unknown> | null;
    if (typeof d !== "object" || d === null || Array.isArray(d)) {
      fail(`${key} must be a mapping with a type, got ${describe(spec)}`);
    }
    const allowed = d!.type === "categorical"
      ? ["type", "choices"]
      : d!.type === "float"
      ? ["type", "low", "high", "log", "step"]
      : fail(`${key}.type must be categorical or float, got ${describe(d!.type)}`);
    const extra = Object.keys(d!).find((k) => !allowed.includes(k));
    if (extra) fail(`unknown key ${key}.${extra} (expected one of ${allowed.join(", ")})`);
    if (d!.type === "categorical") {
      const choices = d!.choices;
      if (!Array.isArray(choices) || choices.length === 0) {
        fail(`${key}.choices must be a non-empty list, got ${describe(choices)}`);
      }
      space[key] = { type: "categorical", choices: choices as unknown[] };
      continue;
    }
    const { low, high, log = false, step } = d as Record<string, unknown>;
    for (const [name, v] of [["low", low], ["high", high]] as const) {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        fail(`${key}.${name} must be a number, got ${describe(v)}`);
      }
    }
    if (!((low as number) < (high as number))) {
      fail(`${key}.low must be below ${key}.high, got ${low} and ${high}`);
    }
    if (typeof log !== "boolean") fail(`${key}.log must be true or false, got ${describe(log)}`);
    if (log && !((low as number) > 0)) fail(`${key}.low must be > 0 with log: true, got ${low}`);
    if (step !== undefined) {
      if (!(typeof step === "number" && step > 0)) {
        fail(`${key}.step must be a positive number, got ${describe(step)}`);
      }
      if (log) fail(`${key} cannot have both log and step`);
    }
    space[key] = {
      type: "float",
      low: low as number,
      high: high as number,
      ...(log === true && { log: true }),
      ...(step !== undefined && { step: step as number }),
    };
  }
  if (Object.keys(space).length === 0) fail("it has no keys");
  return space;
}

// A 32-bit mix of the sampler seed and the trial number, so trial t's values do not depend on
// how many trials ran before it (a resumed or extended study draws the same trials).
function trialSeed(seed: number, trial: number): number {
  let h = Math.imul(seed ^ 0x85ebca6b, 0xcc9e2d51) ^ Math.imul(trial + 1, 0x1b873593);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function sampleOne(d: Distribution, u: number): unknown {
  if (d.type === "categorical") return d.choices[Math.floor(u * d.choices.length)];
  if (d.step !== undefined) {
    const steps = Math.floor((d.high - d.low) / d.step + 1e-9);
    return Number((d.low + Math.floor(u * (steps + 1)) * d.step).toPrecision(12));
  }
  const v = d.log
    ? Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low)))
    : d.low + u * (d.high - d.low);
  // Four significant digits keep the written configs readable (lr 0.00731, not 0.0073108...).
  return Math.min(d.high, Math.max(d.low, Number(v.toPrecision(4))));
}

/**
 * Random search, like Optuna's `RandomSampler(seed)`: every key is drawn independently, in the
 * space's order. Trial `t`'s values depend only on the seed and `t`, so the same seed gives the
 * same trials, and resuming or extending a study does not change the trials already run.
 *
 * @param seed the sampler's seed
 * @returns a {@linkcode Sampler}
 *
 * @example
 * ```ts
 * import { randomSampler } from "./search_space.ts";
 * const space = { "model.dropout": { type: "float" as const, low: 0, high: 0.8, step: 0.1 } };
 * const a = randomSampler(7).sample(space, 3);
 * const b = randomSampler(7).sample(space, 3);
 * if (a["model.dropout"] !== b["model.dropout"]) throw new Error("not deterministic");
 * ```
 */
export function randomSampler(seed: number): Sampler {
  if (!Number.isInteger(seed) || seed < 0) {
    throw new RangeError(
      `Cannot create randomSampler: seed must be a non-negative integer, got ${seed}`,
    );
  }
  return {
    description: { type: "random", seed },
    sample(space, trial) {
      if (!Number.isInteger(trial) || trial < 0) {
        throw new RangeError(`Cannot sample: trial must be a non-negative integer, got ${trial}`);
      }
      const rng = createRng(trialSeed(seed, trial));
      const params: Params = {};
      for (const [key, d] of Object.entries(space)) params[key] = sampleOne(d, rng.next());
      return params;
    },
  };
}

/**
 * The config a trial runs: `config` with each dotted key set to its value (`null` removes the
 * key), checked like a config file.
 *
 * @param config the base config (trial 0's)
 * @param params values by dotted key, e.g. from {@linkcode Sampler.sample}
 * @returns a new, validated config (`config` is not changed)
 * @throws {Error} `Invalid config trial <params>: ...` naming the key when a value is invalid
 *
 * @example
 * ```ts
 * import { applyParams } from "./search_space.ts";
 * import { parseConfig } from "../config/experiment_config.ts";
 * const base = parseConfig({ dataset: "cora", model: { name: "gcn" } });
 * const config = applyParams(base, { "train.lr": 0.005, "model.hiddenChannels": 64 });
 * if (config.train.lr !== 0.005 || config.model.hiddenChannels !== 64) throw new Error("unexpected");
 * if (base.train.lr !== 0.01) throw new Error("the base changed");
 * ```
 */
export function applyParams(config: ExperimentConfig, params: Params): ExperimentConfig {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(params)) {
    const path = key.split(".");
    let node = copy;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (next === undefined) node[part] = {};
      else if (typeof next !== "object" || next === null || Array.isArray(next)) {
        throw new Error(`Cannot apply ${key}: ${part} is ${describe(next)}, not a mapping`);
      }
      node = node[part] as Record<string, unknown>;
    }
    const last = path.at(-1)!;
    if (value === null) delete node[last];
    else node[last] = structuredClone(value);
  }
  return parseConfig(copy, `trial ${JSON.stringify(params)}`);
}
