/**
 * Checking a node split's invariants.
 *
 * @module
 */
import type { NodeSplit } from "./split.ts";

/**
 * Checks that every part of a split holds strictly ascending node indices in `[0, numNodes)` and
 * that no node is in two parts, throwing an error that names the split, part and node otherwise.
 *
 * @throws {RangeError} on the first broken invariant.
 * @example
 * ```ts
 * import { validateSplit } from "./validate_split.ts";
 * const split = {
 *   name: "toy", train: new Int32Array([0, 1]), val: new Int32Array([1]), test: new Int32Array([]),
 * };
 * let message = "";
 * try { validateSplit(split, 3); } catch (e) { message = (e as Error).message; }
 * if (message !== "Invalid split toy: node 1 is in both train and val") throw new Error(message);
 * ```
 */
export function validateSplit(split: NodeSplit, numNodes: number): void {
  const owner = new Int8Array(numNodes).fill(-1);
  const names = ["train", "val", "test"] as const;
  names.forEach((part, p) => {
    const index = split[part];
    for (let k = 0; k < index.length; k++) {
      const i = index[k];
      if (!(i >= 0 && i < numNodes)) {
        throw new RangeError(
          `Invalid split ${split.name}: ${part} index ${i} at position ${k} is out of range [0, ${numNodes})`,
        );
      }
      if (k > 0 && i <= index[k - 1]) {
        throw new RangeError(
          `Invalid split ${split.name}: ${part} indices must be strictly ascending, got ${i} after ${
            index[k - 1]
          } at position ${k}`,
        );
      }
      if (owner[i] >= 0) {
        throw new RangeError(
          `Invalid split ${split.name}: node ${i} is in both ${names[owner[i]]} and ${part}`,
        );
      }
      owner[i] = p;
    }
  });
}
