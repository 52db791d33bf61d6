/**
 * Training runs from configs; the chapter 2.5 comparison table over seeds, run with one live
 * progress line and shown as tables and grouped bars next to the paper; ablations; and the fair
 * comparison: hyperparameter studies selected on validation only, the same budget for every model;
 * recorded results read back with the commands that wrote them, the studies behind them, and what
 * a run of the adaptive model learned.
 *
 * @module
 */
export * from "./run_experiment.ts";
export * from "./results.ts";
export * from "./reproduce.ts";
export * from "./reproduce_progress.ts";
export * from "./comparison.ts";
export * from "./ablation.ts";
export * from "./search_space.ts";
export * from "./study.ts";
export * from "./tuning_protocol.ts";
export * from "./compare.ts";
export * from "./recorded.ts";
export * from "./study_report.ts";
export * from "./run_summary.ts";
export * from "./inspect_adaptive.ts";
