import { assertEquals, assertThrows } from "../_assert.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { degree } from "../../lib/graph/degree.ts";

const g = createGraph({ numNodes: 4, edgeIndex: [[0, 0, 1, 1, 3], [1, 1, 2, 1, 1]] });

Deno.test("degree() counts incoming edges by default, with duplicates and loops", () => {
  assertEquals(Array.from(degree(g)), [0, 4, 1, 0]);
  assertEquals(Array.from(degree(g, { direction: "in" })), [0, 4, 1, 0]);
});

Deno.test("degree() counts outgoing edges with direction out", () => {
  assertEquals(Array.from(degree(g, { direction: "out" })), [2, 2, 0, 1]);
});

Deno.test("degree() rejects an unknown direction", () => {
  assertThrows(
    () => degree(g, { direction: "both" as "in" }),
    { message: 'Cannot compute degree: direction must be "in" or "out", got both' },
  );
});
