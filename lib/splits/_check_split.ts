/**
 * The invariants of a node split, checked in one pass over its parts; shared by
 * {@linkcode validateSplit}, the loaders and the trainers, which put their own action in front.
 *
 * @module
 */
import type { NodeSplit } from "./split.ts";

const PARTS = ["train", "val", "test"] as const;

/**
 * Reports the first broken invariant of `split` through `fail`, naming the part and position:
 * each part lists integer node indices in `[0, numNodes)`, strictly ascending (so no node twice),
 * and the parts are disjoint.
 */
export function checkSplit(
  split: NodeSplit,
  numNodes: number,
  fail: (detail: string) => never,
): void {
  if (!(Number.isInteger(numNodes) && numNodes >= 0)) {
    fail(`numNodes must be a non-negative integer, got ${numNodes}`);
  }
  const owner = new Int8Array(numNodes).fill(-1);
  PARTS.forEach((part, p) => {
    const index = split[part] as ArrayLike<number> | undefined;
    if (typeof index !== "object" || index === null || typeof index.length !== "number") {
      fail(`${part} must be an Int32Array of node indices, got ${index}`);
    }
    for (let k = 0; k < index.length; k++) {
      const v = index[k];
      const at = `${part}[${k}] is ${v}`;
      if (!Number.isInteger(v)) fail(`${at}; node indices must be integers`);
      if (v < 0 || v >= numNodes) fail(`${at}, out of range [0, ${numNodes})`);
      if (k > 0 && v === index[k - 1]) fail(`${at} again; a part lists each node once`);
      if (k > 0 && v < index[k - 1]) {
        fail(`${at} after ${index[k - 1]}; parts must be sorted ascending (sort them first)`);
      }
      if (owner[v] >= 0) fail(`${at}, which is also in ${PARTS[owner[v]]}; parts must be disjoint`);
      owner[v] = p;
    }
  });
}
