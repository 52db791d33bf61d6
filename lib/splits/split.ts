/**
 * The node split type: named index sets for training, validation and test.
 *
 * @module
 */

/**
 * A train/validation/test split of a graph's nodes: three disjoint parts, each a strictly
 * ascending array of node indices (`validateSplit` checks it; the trainers check the split they
 * train on).
 */
export interface NodeSplit {
  /** A short name: `"public"`, `"random-20-30"`, `"stratified-70-15-15"`, `"geom-gcn-3"`, `"time"`. */
  readonly name: string;
  /** Training node indices. */
  readonly train: Int32Array;
  /** Validation node indices (model selection uses these only). */
  readonly val: Int32Array;
  /** Test node indices (reported once, never used for selection). */
  readonly test: Int32Array;
}

/**
 * A boolean mask of length `numNodes` with `true` at the given indices (PyG's `train_mask`).
 *
 * @example
 * ```ts
 * import { indexToMask } from "./split.ts";
 * if (indexToMask(new Int32Array([1]), 3).join() !== "0,1,0") throw new Error("unexpected");
 * ```
 */
export function indexToMask(index: Int32Array, numNodes: number): Uint8Array {
  const mask = new Uint8Array(numNodes);
  for (const i of index) mask[i] = 1;
  return mask;
}

/**
 * The indices where a mask is set, ascending.
 *
 * @example
 * ```ts
 * import { maskToIndex } from "./split.ts";
 * if (maskToIndex([0, 1, 1]).join() !== "1,2") throw new Error("unexpected");
 * ```
 */
export function maskToIndex(mask: ArrayLike<number | boolean>): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) out.push(i);
  return Int32Array.from(out);
}
