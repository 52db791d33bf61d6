import { assertEquals, assertStrictEquals, assertThrows } from "../_assert.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { type CsrMatrix, denseMatrix, toDense } from "../../lib/graph/matrix.ts";
import { subgraph } from "../../lib/graph/subgraph.ts";
import { edgeList } from "./_fixtures.ts";

// Path 0-1-2-3-4 stored both ways, weights = 10 * source + target, x = node id, y = id % 2.
const path = createGraph({
  numNodes: 5,
  edgeIndex: [[0, 1, 1, 2, 2, 3, 3, 4], [1, 0, 2, 1, 3, 2, 4, 3]],
  edgeWeight: Float32Array.from([1, 10, 12, 21, 23, 32, 34, 43]),
  x: denseMatrix(Float32Array.from([0, 1, 2, 3, 4]), 5, 1),
  y: Int32Array.from([0, 1, 0, 1, 0]),
});

Deno.test("subgraph() keeps edges inside the node set and relabels in the given order", () => {
  const g = subgraph(path, [3, 1, 2]);
  assertStrictEquals(g.numNodes, 3);
  // 3 -> 0, 1 -> 1, 2 -> 2
  assertEquals(edgeList(g), ["1->2", "2->1", "2->0", "0->2"]);
  assertEquals(Array.from(g.edgeWeight!), [12, 21, 23, 32]);
  assertEquals(Array.from(g.x!.data), [3, 1, 2]);
  assertEquals(Array.from(g.y!), [1, 1, 0]);
});

Deno.test("subgraph() with relabel false keeps ids and node data", () => {
  const g = subgraph(path, [0, 1, 4], { relabel: false });
  assertStrictEquals(g.numNodes, 5);
  assertEquals(edgeList(g), ["0->1", "1->0"]);
  assertStrictEquals(g.x, path.x);
});

Deno.test("subgraph() keeps sparse features sparse", () => {
  const x: CsrMatrix = {
    kind: "csr",
    rows: 3,
    cols: 3,
    indptr: new Int32Array([0, 1, 1, 3]),
    indices: new Int32Array([2, 0, 1]),
    data: new Float32Array([7, 8, 9]),
  };
  const g = subgraph(createGraph({ numNodes: 3, edgeIndex: [[0], [2]], x }), [2, 0]);
  assertStrictEquals(g.x!.kind, "csr");
  assertEquals(Array.from(toDense(g.x!).data), [8, 9, 0, 0, 0, 7]);
  assertEquals(edgeList(g), ["1->0"]);
});

Deno.test("subgraph() rejects bad node lists", () => {
  assertThrows(() => subgraph(path, [1, 5]), {
    message: "Cannot take subgraph: node 5 at position 1 is out of range [0, 5)",
  });
  assertThrows(() => subgraph(path, [2, 1, 2]), {
    message: "Cannot take subgraph: node 2 is listed twice (positions 0 and 2)",
  });
  assertThrows(() => subgraph(path, []), {
    message: "Cannot take subgraph: no nodes given (a graph needs at least one node)",
  });
});
