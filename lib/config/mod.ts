/**
 * Experiment configs (YAML or JSON): data set, split, model, hyperparameters, schedule and seed.
 *
 * @module
 */
export * from "./experiment_config.ts";
