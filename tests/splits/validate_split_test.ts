import { assertEquals, assertStrictEquals, assertThrows } from "../_assert.ts";
import type { NodeSplit } from "../../lib/splits/split.ts";
import { validateSplit } from "../../lib/splits/validate_split.ts";

const split = (train: number[], val: number[], test: number[]): NodeSplit => ({
  name: "toy",
  train: Int32Array.from(train),
  val: Int32Array.from(val),
  test: Int32Array.from(test),
});

Deno.test("validateSplit() accepts a valid split, including empty parts, and leaves it as is", () => {
  const cases: [NodeSplit, number][] = [
    [split([0, 2], [3], []), 5],
    [split([0], [], [4]), 5], // both ends of [0, 5)
    [split([], [], []), 0],
  ];
  for (const [s, numNodes] of cases) {
    const before = structuredClone(s);
    assertStrictEquals(validateSplit(s, numNodes), undefined);
    assertEquals(s, before);
  }
  // The same parts one node past the end are refused: the accepted cases sit on the boundary.
  assertThrows(() => validateSplit(split([0], [], [4]), 4), RangeError, "test index 4");
});

Deno.test("validateSplit() names the broken invariant", () => {
  const cases: [NodeSplit, string][] = [
    [
      split([0, 5], [], []),
      "Invalid split toy: train index 5 at position 1 is out of range [0, 5)",
    ],
    [split([], [-1], []), "Invalid split toy: val index -1 at position 0 is out of range [0, 5)"],
    [
      split([0, 2, 1], [], []),
      "Invalid split toy: train indices must be strictly ascending, got 1 after 2 at position 2",
    ],
    [
      split([], [], [3, 3]),
      "Invalid split toy: test indices must be strictly ascending, got 3 after 3 at position 1",
    ],
    [split([1, 2], [0], [2]), "Invalid split toy: node 2 is in both train and test"],
  ];
  for (const [s, message] of cases) {
    assertStrictEquals(assertThrows(() => validateSplit(s, 5), RangeError).message, message);
  }
});
