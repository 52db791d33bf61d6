import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { randomNodeSplit } from "../../lib/splits/random_node_split.ts";
import { assertSortedDisjoint, countClasses, labels } from "./_checks.ts";

const y = labels([50, 30, 8, 40]); // class 2 is smaller than numTrainPerClass + numValPerClass

Deno.test("randomNodeSplit() takes numTrainPerClass per class, then numVal and numTest", () => {
  const s = randomNodeSplit(y, { numTrainPerClass: 5, numVal: 20, numTest: 30, seed: 1 });
  assertSortedDisjoint(s);
  assertEquals(countClasses(s.train, y, 4), [5, 5, 5, 5]);
  assertEquals([s.val.length, s.test.length], [20, 30]);
  assertEquals(s.name, "random-5-20-30");
});

Deno.test("randomNodeSplit() with numTest rest puts every other node in test", () => {
  const s = randomNodeSplit(y, { numTrainPerClass: 5, numVal: 20, numTest: "rest" });
  assertSortedDisjoint(s);
  assertEquals(s.train.length + s.val.length + s.test.length, y.length);
  assertEquals(s.test.length, y.length - 20 - 20);
});

Deno.test("randomNodeSplit() with numValPerClass draws val per class, capped by class size", () => {
  const s = randomNodeSplit(y, { numTrainPerClass: 5, numValPerClass: 5, numTest: "rest" });
  assertSortedDisjoint(s);
  assertEquals(countClasses(s.train, y, 4), [5, 5, 5, 5]);
  assertEquals(countClasses(s.val, y, 4), [5, 5, 3, 5]);
  assertEquals(countClasses(s.test, y, 4), [40, 20, 0, 30]);
  assertEquals(s.name, "random-5-5");
});

Deno.test("randomNodeSplit() puts all of a too-small class into train, as PyG does", () => {
  const s = randomNodeSplit(y, { numTrainPerClass: 10, numVal: 0, numTest: "rest" });
  assertEquals(countClasses(s.train, y, 4), [10, 10, 8, 10]);
});

Deno.test("randomNodeSplit() leaves unlabelled nodes out", () => {
  const withUnlabelled = Int32Array.from([0, -1, 1, 0, -1, 1, 0, 1]);
  const s = randomNodeSplit(withUnlabelled, { numTrainPerClass: 1, numVal: 2, numTest: "rest" });
  for (const part of [s.train, s.val, s.test]) for (const i of part) assert(withUnlabelled[i] >= 0);
  assertEquals(s.train.length + s.val.length + s.test.length, 6);
});

Deno.test("randomNodeSplit() is deterministic for a seed and varies across seeds", () => {
  const a = randomNodeSplit(y, { numTrainPerClass: 5, numVal: 20, numTest: 30, seed: 7 });
  const b = randomNodeSplit(y, { numTrainPerClass: 5, numVal: 20, numTest: 30, seed: 7 });
  const c = randomNodeSplit(y, { numTrainPerClass: 5, numVal: 20, numTest: 30, seed: 8 });
  assertEquals(a, b);
  assert(a.train.join() !== c.train.join(), "seeds 7 and 8 gave the same training set");
});

Deno.test("randomNodeSplit() accepts fractions for numVal and numTest", () => {
  const s = randomNodeSplit(y, { numTrainPerClass: 5, numVal: 0.1, numTest: 0.5 });
  assertEquals([s.val.length, s.test.length], [13, 64]); // round(0.1 * 128), round(0.5 * 128)
});

Deno.test("randomNodeSplit() rejects bad options", () => {
  assertThrows(() => randomNodeSplit(y, { numTrainPerClass: 5, numVal: 100, numTest: 50 }), {
    message:
      "Cannot split nodes: numVal 100 + numTest 50 exceed the 108 labelled nodes left after training",
  });
  assertThrows(() => randomNodeSplit(y, { numTrainPerClass: -1 }), {
    message: "Cannot split nodes: numTrainPerClass must be a non-negative integer, got -1",
  });
  assertThrows(() => randomNodeSplit(y, { numVal: 2.5 }), {
    message: "Cannot split nodes: numVal must be a non-negative integer, got 2.5",
  });
});
