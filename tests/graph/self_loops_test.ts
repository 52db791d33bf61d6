import { assertEquals, assertStrictEquals } from "../_assert.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import {
  addRemainingSelfLoops,
  addSelfLoops,
  countSelfLoops,
  removeSelfLoops,
} from "../../lib/graph/self_loops.ts";
import { edgeList } from "./_fixtures.ts";

const weighted = () =>
  createGraph({
    numNodes: 3,
    edgeIndex: [[0, 1, 1, 2, 1], [1, 1, 2, 0, 1]],
    edgeWeight: new Float32Array([1, 2, 3, 4, 5]),
    y: new Int32Array([0, 1, 2]),
  });

Deno.test("removeSelfLoops() drops loops and keeps other edges in order with weights", () => {
  const g = removeSelfLoops(weighted());
  assertEquals(edgeList(g), ["0->1", "1->2", "2->0"]);
  assertEquals(Array.from(g.edgeWeight!), [1, 3, 4]);
  assertEquals(Array.from(g.y!), [0, 1, 2]);
});

Deno.test("addSelfLoops() appends one loop per node, keeping existing ones", () => {
  const g = addSelfLoops(weighted(), { fillValue: 0.5 });
  assertEquals(edgeList(g).slice(5), ["0->0", "1->1", "2->2"]);
  assertEquals(Array.from(g.edgeWeight!), [1, 2, 3, 4, 5, 0.5, 0.5, 0.5]);
  assertEquals(countSelfLoops(g), 5);
});

Deno.test("addSelfLoops() without weights adds no weights", () => {
  const g = addSelfLoops(createGraph({ numNodes: 2, edgeIndex: [[0], [1]] }));
  assertEquals(edgeList(g), ["0->1", "0->0", "1->1"]);
  assertStrictEquals(g.edgeWeight, undefined);
});

Deno.test("addRemainingSelfLoops() gives each node exactly one loop, keeping old loop weights", () => {
  const g = addRemainingSelfLoops(weighted());
  assertEquals(edgeList(g), ["0->1", "1->2", "2->0", "0->0", "1->1", "2->2"]);
  // Node 1 had loops of weight 2 and 5: the last one wins, as with PyG's scatter assignment.
  assertEquals(Array.from(g.edgeWeight!), [1, 3, 4, 1, 5, 1]);
});
