/**
 * Node splits: the split type, random per-class splits (PyG `RandomNodeSplit`), stratified
 * splits, temporal splits, and checks and summaries of a split.
 *
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
export * from "./split.ts";
export * from "./random_node_split.ts";
export * from "./stratified_split.ts";
export * from "./time_split.ts";
export * from "./validate_split.ts";
export * from "./split_summary.ts";
