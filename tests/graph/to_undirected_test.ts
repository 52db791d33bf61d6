import { assert, assertEquals } from "../_assert.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { isUndirected, toUndirected } from "../../lib/graph/to_undirected.ts";
import { edgeList, randomGraph } from "./_fixtures.ts";

Deno.test("toUndirected() adds reverse edges, sorted and without duplicates", () => {
  // Directed input with an edge already present both ways (1<->2) and a duplicate (0->1 twice).
  const g = createGraph({ numNodes: 4, edgeIndex: [[0, 0, 1, 2], [1, 1, 2, 1]] });
  assertEquals(edgeList(toUndirected(g)), ["0->1", "1->0", "1->2", "2->1"]);
});

Deno.test("toUndirected() sums weights of both directions and doubles self loops like PyG", () => {
  const g = createGraph({
    numNodes: 3,
    edgeIndex: [[0, 1, 2], [1, 0, 2]],
    edgeWeight: new Float32Array([1, 2, 5]),
  });
  const u = toUndirected(g);
  assertEquals(edgeList(u), ["0->1", "1->0", "2->2"]);
  assertEquals(Array.from(u.edgeWeight!), [3, 3, 10]);
});

Deno.test("toUndirected() keeps isolated nodes and node count", () => {
  const u = toUndirected(createGraph({ numNodes: 5, edgeIndex: [[3], [0]] }));
  assertEquals(u.numNodes, 5);
  assertEquals(edgeList(u), ["0->3", "3->0"]);
});

Deno.test("isUndirected() checks structure and weights", () => {
  const cases: [number[][], number[] | undefined, boolean][] = [
    [[[0, 1], [1, 0]], undefined, true],
    [[[0], [1]], undefined, false],
    [[[0, 1, 1], [1, 0, 0]], undefined, true], // duplicate reverse still undirected structurally
    [[[0, 1], [1, 0]], [1, 2], false],
    [[[0, 1, 2], [1, 0, 2]], [2, 2, 7], true],
  ];
  for (const [[src, dst], w, expected] of cases) {
    const g = createGraph({
      numNodes: 3,
      edgeIndex: [src, dst],
      ...(w && { edgeWeight: Float32Array.from(w) }),
    });
    assertEquals(isUndirected(g), expected, `edges ${src} -> ${dst}, weights ${w}`);
  }
});

Deno.test("toUndirected() output is undirected for a random multigraph", () => {
  const g = randomGraph(50, 400, 3);
  const u = toUndirected(g);
  assert(isUndirected(u));
  // Every input pair appears both ways.
  const edges = new Set(edgeList(u));
  const E = g.edgeIndex.length / 2;
  for (let e = 0; e < E; e++) {
    const [s, t] = [g.edgeIndex[e], g.edgeIndex[E + e]];
    assert(edges.has(`${s}->${t}`) && edges.has(`${t}->${s}`));
  }
});

Deno.test("transforms return new edge arrays and leave the input graph unchanged", async () => {
  const { coalesce } = await import("../../lib/graph/coalesce.ts");
  const loops = await import("../../lib/graph/self_loops.ts");
  const g = randomGraph(20, 60, 11);
  const edges = Array.from(g.edgeIndex);
  const weights = Array.from(g.edgeWeight!);
  const transforms = [
    coalesce,
    toUndirected,
    loops.removeSelfLoops,
    loops.addSelfLoops,
    loops.addRemainingSelfLoops,
  ];
  for (const transform of transforms) {
    const out = transform(g);
    assert(out.edgeIndex !== g.edgeIndex, `${transform.name} reused the edge index`);
    assert(out.edgeWeight !== g.edgeWeight, `${transform.name} reused the edge weights`);
  }
  assertEquals(Array.from(g.edgeIndex), edges);
  assertEquals(Array.from(g.edgeWeight!), weights);
});
