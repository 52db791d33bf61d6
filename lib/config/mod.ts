/**
 * Experiment configs (YAML or JSON): data set, split, model, hyperparameters, schedule and seed.
 * Keys match {@linkcode ExperimentConfig}; unknown keys and bad values are errors that name the
 * key, and every key left out takes its default (lib/train's `TRAIN_DEFAULTS`).
 *
 * @example
 * ```ts
 * import { parseConfig } from "./mod.ts";
 * const config = parseConfig({ dataset: "cora", model: { name: "ours" } });
 * if (config.model.name !== "adaptive" || config.train.epochs !== 200) throw new Error("unexpected");
 * ```
 *
 * @module
 */
export {
  type ExperimentConfig,
  loadConfig,
  type ModelSection,
  parseConfig,
  type SplitConfig,
  type TrainSection,
} from "./experiment_config.ts";
