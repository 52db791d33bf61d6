/**
 * Training runs from configs, and the chapter 2.5 comparison table over seeds.
 *
 * @module
 */
export * from "./run_experiment.ts";
export * from "./reproduce.ts";
