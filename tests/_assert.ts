/**
 * The one place tests import assertions from: switching to `@std/assert` is a one-line change.
 *
 * @module
 */
export {
  deepEqual as assertEquals,
  equal as assertStrictEquals,
  match as assertMatch,
  ok as assert,
  rejects as assertRejects,
  throws as assertThrows,
} from "node:assert/strict";

/** Asserts two numeric arrays have the same length and agree elementwise within `atol`. */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { atol = 1e-6, message = "" }: { atol?: number; message?: string } = {},
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${message}length ${actual.length} != expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= atol)) {
      throw new Error(
        `${message}index ${i}: ${actual[i]} != expected ${expected[i]} (atol ${atol})`,
      );
    }
  }
}

/** Absolute path of the shared data-set mirror beside the checkout (`../shared/datasets`). */
export const SHARED_DATASETS = new URL("../../shared/datasets/", import.meta.url).pathname;
