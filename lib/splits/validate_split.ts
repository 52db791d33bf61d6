/**
 * Checking a node split's invariants.
 *
 * @module
 */
import { checkSplit } from "./_check_split.ts";
import type { NodeSplit } from "./split.ts";

/**
 * Checks that every part of a split holds strictly ascending integer node indices in
 * `[0, numNodes)` (so no node twice) and that the parts are disjoint (no node is in two parts),
 * throwing an error that names the split, part and position otherwise. Parts may be empty. The
 * trainers run the same check on the split they train on, and require every part to be non-empty.
 *
 * @param split the split to check
 * @param numNodes the number of nodes of its graph
 * @throws {RangeError} `Invalid split <name>: <part>[<position>] is ...` on the first broken
 *   invariant.
 * @example
 * ```ts
 * import { validateSplit } from "./validate_split.ts";
 * const split = {
 *   name: "toy", train: new Int32Array([0, 1]), val: new Int32Array([1]), test: new Int32Array([]),
 * };
 * let message = "";
 * try { validateSplit(split, 3); } catch (e) { message = (e as Error).message; }
 * if (message !== "Invalid split toy: val[0] is 1, which is also in train; parts must be disjoint") {
 *   throw new Error(message);
 * }
 * ```
 */
export function validateSplit(split: NodeSplit, numNodes: number): void {
  checkSplit(split, numNodes, (detail) => {
    throw new RangeError(`Invalid split ${split.name}: ${detail}`);
  });
}
