/**
 * Node splits: the split type, random per-class splits (PyG `RandomNodeSplit`), stratified
 * splits, temporal splits, and checks and summaries of a split.
 *
 * @example
 * ```ts
 * import { stratifiedSplit, validateSplit } from "./mod.ts";
 * const y = new Int32Array([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
 * const split = stratifiedSplit(y, { train: 0.6, val: 0.2, test: 0.2 });
 * validateSplit(split, y.length);
 * if (split.train.length !== 6) throw new Error("unexpected");
 * ```
 *
 * @module
 */
export { indexToMask, maskToIndex, type NodeSplit } from "./split.ts";
export { randomNodeSplit, type RandomNodeSplitOptions } from "./random_node_split.ts";
export { stratifiedSplit, type StratifiedSplitOptions } from "./stratified_split.ts";
export { timeSplit, type TimeSplitOptions } from "./time_split.ts";
export { validateSplit } from "./validate_split.ts";
export { type SplitPartSummary, type SplitSummary, splitSummary } from "./split_summary.ts";
