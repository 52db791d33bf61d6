/**
 * Training runs from configs, and the chapter 2.5 comparison table over seeds: running it with
 * one live progress line, and showing it as tables and grouped bars next to the paper.
 *
 * @module
 */
export * from "./run_experiment.ts";
export * from "./reproduce.ts";
export * from "./reproduce_progress.ts";
export * from "./comparison.ts";
export * from "./ablation.ts";
