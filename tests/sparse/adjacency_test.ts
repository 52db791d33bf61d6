import { createGraph } from "../../lib/graph/graph.ts";
import { adjacency, SparseAdjacency } from "../../lib/sparse/adjacency.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";

// Edges 0->2 (w 2), 1->2 (w 3), 2->0 (w 5), 0->0 (w 7).
const tiny = createGraph({
  numNodes: 3,
  edgeIndex: [[0, 1, 2, 0], [2, 2, 0, 0]],
  edgeWeight: new Float32Array([2, 3, 5, 7]),
});

Deno.test("adjacency() builds both CSR views and reorders weights to match", () => {
  const adj = adjacency(tiny);
  assert(adj instanceof SparseAdjacency);
  assertEquals([adj.numNodes, adj.numEdges, String(adj)], [
    3,
    4,
    "SparseAdjacency(3, 4, weighted)",
  ]);
  // Into 0: edges 2 (from 2) and 3 (from 0); into 1: none; into 2: edges 0, 1.
  assertEquals(Array.from(adj.byTarget.indptr), [0, 2, 2, 4]);
  assertEquals(Array.from(adj.byTarget.neighbors), [2, 0, 0, 1]);
  assertEquals(Array.from(adj.weightByTarget!), [5, 7, 2, 3]);
  // Out of 0: edges 0 (to 2), 3 (to 0); out of 1: edge 1; out of 2: edge 2.
  assertEquals(Array.from(adj.bySource.indptr), [0, 2, 3, 4]);
  assertEquals(Array.from(adj.bySource.neighbors), [2, 0, 2, 0]);
  assertEquals(Array.from(adj.weightBySource!), [2, 7, 3, 5]);
  assertEquals(Array.from(adj.inDegree), [2, 0, 2]);
  assertEquals(adjacency(tiny, undefined).edgeWeight, tiny.edgeWeight);
  assertEquals(
    String(adjacency({ numNodes: 3, edgeIndex: tiny.edgeIndex })),
    "SparseAdjacency(3, 4)",
  );
});

Deno.test("adjacency() rejects bad weights and edges", () => {
  assertThrows(
    () => adjacency(tiny, new Float32Array(3)),
    new RangeError("Cannot build adjacency: expected edgeWeight with 4 values, got 3"),
  );
  assertThrows(
    () => adjacency(tiny, new Float32Array([1, NaN, 1, 1])),
    new RangeError("Cannot build adjacency: edgeWeight 1 is not finite (NaN)"),
  );
  assertThrows(
    () => adjacency({ numNodes: 2, edgeIndex: new Int32Array([0, 1, 1, 2]) }),
    new RangeError("Cannot build adjacency: edgeIndex target 2 of edge 1 is out of range [0, 2)"),
  );
});

Deno.test("adjacency() returns one shared adjacency per edge index and weights", () => {
  assert(adjacency(tiny) === adjacency(tiny), "same graph, same adjacency");
  const unweighted = adjacency({ numNodes: 3, edgeIndex: tiny.edgeIndex });
  assert(unweighted !== adjacency(tiny), "other weights, other adjacency");
  assert(unweighted.edgeWeight === undefined);
  assert(unweighted === adjacency({ numNodes: 3, edgeIndex: tiny.edgeIndex }));
  const copy = { ...tiny, edgeIndex: tiny.edgeIndex.slice() };
  assert(adjacency(copy) !== adjacency(tiny), "another edge index array, another adjacency");
});

Deno.test("SparseAdjacency.reversed is A^T: edges reversed in order, weights kept, built once", () => {
  const adj = adjacency(tiny);
  const back = adj.reversed;
  assertEquals(Array.from(back.src), [2, 2, 0, 0]);
  assertEquals(Array.from(back.dst), [0, 1, 2, 0]);
  assertEquals(back.edgeWeight, tiny.edgeWeight);
  // Its targets are A's sources: what A^T x sums is what A's transpose pass sums.
  assertEquals(Array.from(back.byTarget.indptr), Array.from(adj.bySource.indptr));
  assertEquals(Array.from(back.weightByTarget!), Array.from(adj.weightBySource!));
  assert(adj.reversed === back, "built once per adjacency");
  assertEquals(Array.from(back.reversed.src), Array.from(adj.src));
});

Deno.test("adjacency() rebuilds after an in-place edit of the edge index or weights; the old one keeps its snapshot", () => {
  const graph = createGraph({
    numNodes: 3,
    edgeIndex: [[0, 1, 2, 0], [2, 2, 0, 0]],
    edgeWeight: new Float32Array([2, 3, 5, 7]),
  });
  const before = adjacency(graph);
  assert(adjacency(graph) === before, "unchanged arrays: the same adjacency");
  graph.edgeIndex[5] = 1; // edge 1 now goes 1 -> 1
  const edited = adjacency(graph);
  assert(edited !== before, "an edited edge index builds a new adjacency");
  assertEquals(Array.from(edited.byTarget.indptr), [0, 2, 3, 4]);
  assertEquals(Array.from(edited.dst), [2, 1, 0, 0]);
  assert(adjacency(graph) === edited, "and caches it");
  // The first adjacency is a snapshot: its arrays and CSR views still describe the old graph.
  assertEquals(Array.from(before.dst), [2, 2, 0, 0]);
  assertEquals(Array.from(before.byTarget.indptr), [0, 2, 2, 4]);
  assertEquals(Array.from(before.reversed.src), [2, 2, 0, 0]);
  graph.edgeWeight![0] = 11;
  const reweighted = adjacency(graph);
  assert(reweighted !== edited, "edited weights build a new adjacency");
  assertEquals(Array.from(reweighted.edgeWeight!), [11, 3, 5, 7]);
  assertEquals(Array.from(edited.edgeWeight!), [2, 3, 5, 7]);
  assertEquals(Array.from(adjacency(graph).graph.edgeIndex), Array.from(graph.edgeIndex));
});
