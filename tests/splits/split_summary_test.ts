import { assertAllClose, assertEquals, assertStrictEquals } from "../_assert.ts";
import { splitSummary } from "../../lib/splits/split_summary.ts";

Deno.test("splitSummary() counts nodes and class proportions per part", () => {
  const y = Int32Array.from([0, 0, 1, 2, 2, 2, 1, 0, -1, 1]);
  const s = splitSummary(
    {
      name: "toy",
      train: Int32Array.from([0, 1, 2, 3]),
      val: Int32Array.from([4, 5]),
      test: Int32Array.from([]),
    },
    y,
    3,
  );
  assertStrictEquals(s.name, "toy");
  assertStrictEquals(s.numNodes, 10);
  assertStrictEquals(s.unassigned, 4);
  assertEquals(s.parts.map((p) => p.part), ["train", "val", "test"]);
  assertEquals(s.parts.map((p) => p.count), [4, 2, 0]);
  assertAllClose(s.parts.map((p) => p.fraction), [0.4, 0.2, 0]);
  assertEquals(s.parts[0].classCounts, [2, 1, 1]);
  assertAllClose(s.parts[0].classProportions, [0.5, 0.25, 0.25]);
  assertEquals(s.parts[1].classCounts, [0, 0, 2]);
  assertEquals(s.parts[2].classProportions, [0, 0, 0]);
  // 9 labelled nodes: 3 of class 0, 3 of class 1, 3 of class 2.
  assertAllClose(s.overallProportions, [1 / 3, 1 / 3, 1 / 3]);
});
