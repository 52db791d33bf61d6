/**
 * The tuning protocol of a fair comparison, read from one committed file
 * (`configs/search/comparison.yaml`): the budget every model gets, the one training-length rule,
 * each model's search space and the tables `compare` runs.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { type ExperimentConfig, parseConfig } from "../config/experiment_config.ts";
import type { GraphDataset } from "../datasets/dataset.ts";
import { repoPath } from "./_repo_path.ts";
import { parseSearchSpace, type SearchSpace } from "./search_space.ts";

/** The same budget for every model. */
export interface TuningBudget {
  /** Trials per study, trial 0 (the defaults) included. */
  trials: number;
  /** Seeds `0..selectionSeeds-1` score each trial (validation only). */
  selectionSeeds: number;
  /** Seeds `0..seeds-1` of the chosen config give the table's test accuracy. */
  seeds: number;
  /** Seed of the random sampler. */
  samplerSeed: number;
}

/** What `compare` runs for one table: every model on every data set. */
export interface ComparisonTable {
  /** Data set names, in table order. */
  datasets: string[];
  /** Model names, each with a search space in the protocol. */
  models: string[];
}

/** A parsed tuning protocol file. */
export interface TuningProtocol {
  /** The file it was read from. */
  source: string;
  /** The same budget for every model. */
  budget: TuningBudget;
  /** The training-length rule of every trial and final run, trial 0 included. */
  train: Pick<ExperimentConfig["train"], "epochs" | "patience" | "monitor">;
  /** Row-normalise the features, for every model. */
  normalizeFeatures: boolean;
  /** Each model's search space: the shared keys plus the model's own. */
  spaces: Readonly<Record<string, SearchSpace>>;
  /** The tables `compare --table <name>` runs. */
  tables: Readonly<Record<string, ComparisonTable>>;
}

/** The committed protocol file: `configs/search/comparison.yaml` (an absolute path). */
export const DEFAULT_TUNING_PROTOCOL: string = new URL(
  "../../configs/search/comparison.yaml",
  import.meta.url,
).pathname;

const TOP_KEYS = ["budget", "train", "normalizeFeatures", "shared", "models", "tables"];

/**
 * Checks a parsed protocol (the YAML of `configs/search/comparison.yaml`) and returns it typed.
 *
 * @param value the parsed YAML
 * @param source where it came from, for errors
 * @throws {Error} `Invalid tuning protocol <source>: ...` naming the key
 *
 * @example
 * ```ts
 * import { parseTuningProtocol } from "./tuning_protocol.ts";
 * const protocol = parseTuningProtocol({
 *   budget: { trials: 4, selectionSeeds: 2, seeds: 5, samplerSeed: 0 },
 *   train: { epochs: 300, patience: 50, monitor: "val_acc" },
 *   normalizeFeatures: true,
 *   shared: { "train.lr": { type: "float", low: 0.001, high: 0.05, log: true } },
 *   models: { gcn: {}, mlp: { "model.numLayers": { type: "categorical", choices: [2, 3] } } },
 *   tables: { small: { datasets: ["texas"], models: ["gcn", "mlp"] } },
 * });
 * if (Object.keys(protocol.spaces.mlp).join() !== "train.lr,model.numLayers") throw new Error();
 * ```
 */
export function parseTuningProtocol(value: unknown, source = "<object>"): TuningProtocol {
  const fail = (detail: string): never => {
    throw new Error(`Invalid tuning protocol ${source}: ${detail}`);
  };
  const mapping = (v: unknown, key: string): Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? v as Record<string, unknown>
      : fail(`${key} must be a mapping, got ${JSON.stringify(v) ?? "nothing"}`);
  const top = mapping(value, "the file");
  for (const key of Object.keys(top)) {
    if (!TOP_KEYS.includes(key)) {
      fail(`unknown key ${key} (expected one of ${TOP_KEYS.join(", ")})`);
    }
  }
  for (const key of TOP_KEYS) if (!(key in top)) fail(`missing key ${key}`);

  const budgetIn = mapping(top.budget, "budget");
  const budget = {} as Record<keyof TuningBudget, number>;
  for (const key of ["trials", "selectionSeeds", "seeds", "samplerSeed"] as const) {
    const v = budgetIn[key];
    const min = key === "samplerSeed" ? 0 : 1;
    if (!(Number.isInteger(v) && (v as number) >= min)) {
      fail(`budget.${key} must be an integer >= ${min}, got ${JSON.stringify(v) ?? "nothing"}`);
    }
    budget[key] = v as number;
  }
  const trainIn = mapping(top.train, "train");
  const extraTrain = Object.keys(trainIn).find((k) =>
    !["epochs", "patience", "monitor"].includes(k)
  );
  if (extraTrain) fail(`unknown key train.${extraTrain} (expected epochs, patience, monitor)`);
  // parseConfig checks the values and names the key.
  const checked = parseConfig({ dataset: "any", model: { name: "mlp" }, train: trainIn }, source);
  if (trainIn.epochs === undefined || trainIn.patience === undefined || !trainIn.monitor) {
    fail("train must set epochs, patience and monitor: one training-length rule for every model");
  }
  if (typeof top.normalizeFeatures !== "boolean") {
    fail(`normalizeFeatures must be true or false, got ${JSON.stringify(top.normalizeFeatures)}`);
  }
  const shared = parseSearchSpace(top.shared, `${source} (shared)`);
  const spaces: Record<string, SearchSpace> = {};
  for (const [model, own] of Object.entries(mapping(top.models, "models"))) {
    const ownSpace = own === null || Object.keys(mapping(own, `models.${model}`)).length === 0
      ? {}
      : parseSearchSpace(own, `${source} (models.${model})`);
    spaces[model] = { ...shared, ...ownSpace };
  }
  const tables: Record<string, ComparisonTable> = {};
  for (const [name, table] of Object.entries(mapping(top.tables, "tables"))) {
    const t = mapping(table, `tables.${name}`);
    for (const key of ["datasets", "models"] as const) {
      const list = t[key];
      if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === "string")) {
        fail(
          `tables.${name}.${key} must be a non-empty list of names, got ${JSON.stringify(list)}`,
        );
      }
    }
    const missing = (t.models as string[]).find((m) => !(m in spaces));
    if (missing) {
      fail(`tables.${name}.models names ${missing}, which has no search space in models`);
    }
    tables[name] = { datasets: t.datasets as string[], models: t.models as string[] };
  }
  const { epochs, patience, monitor } = checked.train;
  return {
    source,
    budget,
    train: { epochs, patience, monitor },
    normalizeFeatures: top.normalizeFeatures as boolean,
    spaces,
    tables,
  };
}

/**
 * Reads a tuning protocol file (default {@linkcode DEFAULT_TUNING_PROTOCOL}).
 *
 * @example
 * ```ts
 * import { loadTuningProtocol } from "./tuning_protocol.ts";
 * const protocol = await loadTuningProtocol();
 * if (!("adaptive" in protocol.spaces) || !protocol.tables.planetoid) throw new Error("unexpected");
 * ```
 */
export async function loadTuningProtocol(
  path: string = DEFAULT_TUNING_PROTOCOL,
): Promise<TuningProtocol> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(`Cannot read tuning protocol ${path}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new Error(`Cannot parse tuning protocol ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
  return parseTuningProtocol(value, repoPath(path));
}

/**
 * Trial 0 of a study: the model's library defaults (`{ model: { name } }` and nothing else, the
 * same for every data set) under the protocol's training-length rule, on the data set's split:
 * `per-seed` when it stores several (Geom-GCN's 10: seed s trains on split s), else its one
 * public split.
 *
 * @param protocol the tuning protocol
 * @param data the loaded data set (for its splits)
 * @param model a registry name
 * @returns a validated config with seed 0
 *
 * @example
 * ```ts
 * import { loadTuningProtocol, trialZeroConfig } from "./tuning_protocol.ts";
 * import { csbm } from "../datasets/synthetic.ts";
 * const protocol = await loadTuningProtocol();
 * const config = trialZeroConfig(protocol, csbm({ numNodes: 50, seed: 0 }), "gcn");
 * if (config.train.epochs !== protocol.train.epochs || config.model.hiddenChannels !== 16) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function trialZeroConfig(
  protocol: TuningProtocol,
  data: GraphDataset,
  model: string,
): ExperimentConfig {
  return parseConfig({
    dataset: data.name,
    split: { type: data.splits.length > 1 ? "per-seed" : "default" },
    model: { name: model },
    train: protocol.train,
    normalizeFeatures: protocol.normalizeFeatures,
  }, `trial 0 of ${data.name} ${model}`);
}
