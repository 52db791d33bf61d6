/**
 * Property checks shared by the split tests, written independently of lib/splits.
 *
 * @module
 */
import { assert } from "../_assert.ts";
import type { NodeSplit } from "../../lib/splits/split.ts";

/** Asserts each part is strictly ascending and no node is in two parts. */
export function assertSortedDisjoint(split: NodeSplit): void {
  const seen = new Set<number>();
  for (const part of ["train", "val", "test"] as const) {
    const index = Array.from(split[part]);
    index.forEach((v, k) => {
      assert(k === 0 || v > index[k - 1], `${part} not strictly ascending at ${k}`);
      assert(!seen.has(v), `node ${v} in two parts`);
      seen.add(v);
    });
  }
}

/** Number of members of each class among `index`. */
export function countClasses(index: Int32Array, y: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const i of index) counts[y[i]]++;
  return counts;
}

/** Labels with the given class sizes, interleaved deterministically (no lib code involved). */
export function labels(sizes: number[]): Int32Array {
  const y: number[] = [];
  sizes.forEach((n, c) => {
    for (let k = 0; k < n; k++) y.push(c);
  });
  // k * 7919 mod n visits every position once when n is not a multiple of the prime 7919.
  assert(y.length % 7919 !== 0, "pick another number of nodes");
  return Int32Array.from(y, (_, k) => y[(k * 7919) % y.length]);
}
