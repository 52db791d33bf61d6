import { assertEquals, assertStrictEquals, assertThrows } from "../_assert.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { kHopSubgraph } from "../../lib/graph/k_hop_subgraph.ts";
import { edgeList } from "./_fixtures.ts";

// Directed path 0 -> 1 -> 2 -> 3 -> 4 -> 5.
const directed = createGraph({
  numNodes: 6,
  edgeIndex: [[0, 1, 2, 3, 4], [1, 2, 3, 4, 5]],
  y: Int32Array.from([0, 1, 2, 3, 4, 5]),
});

Deno.test("kHopSubgraph() follows edges into the seeds (flow source_to_target)", () => {
  const r = kHopSubgraph(directed, 3, 2);
  // Nodes that reach 3 in <= 2 hops: 1, 2 (and 3 itself); 4 and 5 are downstream, not included.
  assertEquals(Array.from(r.subset), [1, 2, 3]);
  assertEquals(Array.from(r.mapping), [2]);
  assertEquals(Array.from(r.edgeMask), [0, 1, 1, 0, 0]);
  assertEquals(edgeList(r.graph), ["0->1", "1->2"]);
  assertEquals(Array.from(r.graph.y!), [1, 2, 3]);
});

Deno.test("kHopSubgraph() on an undirected path and several seeds", () => {
  const undirected = createGraph({
    numNodes: 6,
    edgeIndex: [[0, 1, 1, 2, 2, 3, 3, 4, 4, 5], [1, 0, 2, 1, 3, 2, 4, 3, 5, 4]],
  });
  const r = kHopSubgraph(undirected, [5, 0], 1);
  assertEquals(Array.from(r.subset), [0, 1, 4, 5]);
  assertEquals(Array.from(r.mapping), [3, 0]);
  assertEquals(edgeList(r.graph), ["0->1", "1->0", "2->3", "3->2"]);
  assertEquals(Array.from(kHopSubgraph(undirected, 2, 0).subset), [2]);
  assertEquals(Array.from(kHopSubgraph(undirected, 2, 10).subset), [0, 1, 2, 3, 4, 5]);
});

Deno.test("kHopSubgraph() keeps all edges between subset nodes, like PyG's directed=False", () => {
  // 1 -> 0 and 0 -> 1 plus 2 -> 0: from seed 0 in one hop the subset is {0, 1, 2}, and the edge
  // 0 -> 1 (not followed, it points away from the seed) is still kept.
  const g = createGraph({ numNodes: 3, edgeIndex: [[1, 0, 2], [0, 1, 0]] });
  const r = kHopSubgraph(g, 0, 1);
  assertEquals(Array.from(r.edgeMask), [1, 1, 1]);
});

Deno.test("kHopSubgraph() with relabel false keeps ids", () => {
  const r = kHopSubgraph(directed, 3, 1, { relabel: false });
  assertStrictEquals(r.graph.numNodes, 6);
  assertEquals(edgeList(r.graph), ["2->3"]);
});

Deno.test("kHopSubgraph() rejects bad arguments", () => {
  assertThrows(() => kHopSubgraph(directed, 6, 1), {
    message: "Cannot take k-hop subgraph: seed node 6 is out of range [0, 6)",
  });
  assertThrows(() => kHopSubgraph(directed, 0, -1), {
    message: "Cannot take k-hop subgraph: numHops must be a non-negative integer, got -1",
  });
});

Deno.test("kHopSubgraph() follows an in-place edit of the edges", () => {
  const graph = createGraph({ numNodes: 4, edgeIndex: [[0, 1], [1, 2]] });
  assertEquals(Array.from(kHopSubgraph(graph, 2, 1).subset), [1, 2]);
  graph.edgeIndex[1] = 3; // 1 -> 2 becomes 3 -> 2
  assertEquals(Array.from(kHopSubgraph(graph, 2, 1).subset), [2, 3]);
});
