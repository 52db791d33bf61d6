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
  assertThrows(
    () => validateSplit(split([0], [], [4]), 4),
    RangeError,
    "Invalid split toy: test[0] is 4, out of range [0, 4)",
  );
});

Deno.test("validateSplit() names the broken invariant, the part and the position", () => {
  const cases: [NodeSplit, string][] = [
    [split([0, 5], [], []), "Invalid split toy: train[1] is 5, out of range [0, 5)"],
    [split([], [-1], []), "Invalid split toy: val[0] is -1, out of range [0, 5)"],
    [
      { ...split([], [], []), train: [0, 1.5] as unknown as Int32Array },
      "Invalid split toy: train[1] is 1.5; node indices must be integers",
    ],
    [
      split([0, 2, 1], [], []),
      "Invalid split toy: train[2] is 1 after 2; parts must be sorted ascending (sort them first)",
    ],
    [split([], [], [3, 3]), "Invalid split toy: test[1] is 3 again; a part lists each node once"],
    // Parts may not overlap: a node in train and test would count in the test accuracy.
    [
      split([1, 2], [0], [2]),
      "Invalid split toy: test[0] is 2, which is also in train; parts must be disjoint",
    ],
    [
      { ...split([], [], []), val: undefined as unknown as Int32Array },
      "Invalid split toy: val must be an Int32Array of node indices, got undefined",
    ],
  ];
  for (const [s, message] of cases) {
    assertStrictEquals(assertThrows(() => validateSplit(s, 5), RangeError).message, message);
  }
});
