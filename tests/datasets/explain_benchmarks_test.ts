import { assert, assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import { baShapes, treeCycles } from "../../lib/datasets/explain_benchmarks.ts";
import { loadDataset } from "../../lib/datasets/load_dataset.ts";
import type { GraphDataset } from "../../lib/datasets/dataset.ts";
import { isUndirected } from "../../lib/graph/to_undirected.ts";
import { validateDataset } from "../../lib/datasets/validate_dataset.ts";

/** Neighbour sets from the (symmetric) edge list. */
function neighbours(d: GraphDataset): Set<number>[] {
  const { numNodes, edgeIndex } = d.graph;
  const E = edgeIndex.length / 2;
  const adj = Array.from({ length: numNodes }, () => new Set<number>());
  for (let e = 0; e < E; e++) adj[edgeIndex[e]].add(edgeIndex[E + e]);
  return adj;
}

function classCounts(d: GraphDataset): number[] {
  const counts = new Array(d.numClasses).fill(0);
  for (const c of d.graph.y) counts[c]++;
  return counts;
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** The motif's own edges (both ways) as "u-v" strings with local node ids, sorted. */
function motifEdges(d: GraphDataset, k: number, first: number): string[] {
  const gt = d.groundTruth!;
  const E = d.graph.edgeIndex.length / 2;
  const out: string[] = [];
  for (let e = 0; e < E; e++) {
    if (gt.edgeMotif[e] === k) {
      out.push(`${d.graph.edgeIndex[e] - first}-${d.graph.edgeIndex[E + e] - first}`);
    }
  }
  return out.sort();
}

Deno.test("baShapes() has PyG's sizes, classes and an 80/10/10 split", () => {
  const d = baShapes();
  assertEquals(d.name, "ba-shapes");
  assertEquals(d.graph.numNodes, 700);
  assertEquals(d.numClasses, 4);
  assertEquals(classCounts(d), [300, 160, 160, 80]);
  assertEquals(d.graph.x.rows, 700);
  assertEquals(d.graph.x.cols, 10);
  assert(d.graph.x.data.every((v) => v === 1), "features must be constant ones");
  // base m (n - m) = 1475, 80 houses x 6, 80 joins = 2035 undirected; + round(1 %) = 20 random
  assertEquals(d.graph.edgeIndex.length / 2, 2 * (2035 + 20));
  assert(isUndirected(d.graph), "edges must be undirected");
  const split = d.splits[0];
  assertEquals([split.train.length, split.val.length, split.test.length], [560, 70, 70]);
  validateDataset(d);
});

Deno.test("baShapes() base graph is Barabasi-Albert with m edges per new node", () => {
  const m = 5;
  const d = baShapes({ randomEdgeFraction: 0, numMotifs: 1, seed: 3 });
  const adj = neighbours(d);
  const base = 300;
  let baseEdges = 0;
  for (let u = 0; u < base; u++) {
    for (const v of adj[u]) if (v < base && u < v) baseEdges++;
  }
  assertEquals(baseEdges, m * (base - m));
  // every node from m on joins exactly m earlier base nodes when it arrives
  for (let u = m; u < base; u++) {
    const earlier = [...adj[u]].filter((v) => v < u).length;
    assertEquals(earlier, m, `node ${u} joins ${earlier} earlier nodes`);
  }
  // preferential attachment: the early nodes become hubs
  const degrees = adj.slice(0, base).map((s) => s.size);
  assert(Math.max(...degrees) >= 4 * m, `max degree ${Math.max(...degrees)} shows no hub`);
});

Deno.test("baShapes() houses are a 5-cycle with a roof chord, joined once to a distinct base node", () => {
  const d = baShapes({ randomEdgeFraction: 0 });
  const adj = neighbours(d);
  const gt = d.groundTruth!;
  // the house of PyG's HouseMotif: square 0-1-2-3 plus roof 4 on 0 and 1
  const house = ["0-1", "0-3", "0-4", "1-2", "1-4", "2-3"];
  const expected = [...house, ...house.map((p) => p.split("-").reverse().join("-"))].sort();
  const anchors = new Set<number>();
  for (let k = 0; k < 80; k++) {
    const first = 300 + 5 * k;
    assertEquals(motifEdges(d, k, first), expected, `house ${k}`);
    assertEquals([...d.graph.y.subarray(first, first + 5)], [1, 1, 2, 2, 3]);
    // exactly one edge leaves the house, to a base node
    const outside: number[] = [];
    for (let i = first; i < first + 5; i++) {
      assertEquals(gt.nodeMotif[i], k);
      for (const v of adj[i]) if (v < first || v >= first + 5) outside.push(v);
    }
    assertEquals(outside.length, 1, `house ${k} has ${outside.length} outside edges`);
    assert(outside[0] < 300, `house ${k} joins node ${outside[0]}, not a base node`);
    anchors.add(outside[0]);
  }
  assertEquals(anchors.size, 80, "each house must join a distinct base node");
});

Deno.test("treeCycles() is a balanced binary tree of depth 8 plus 80 six-cycles", () => {
  const d = treeCycles({ randomEdgeFraction: 0 });
  assertEquals(d.graph.numNodes, 511 + 480);
  assertEquals(d.numClasses, 2);
  assertEquals(d.classNames, ["tree", "cycle"]);
  assertEquals(classCounts(d), [511, 480]);
  assertEquals(d.graph.edgeIndex.length / 2, 2 * (510 + 480 + 80));
  const adj = neighbours(d);
  for (let child = 1; child < 511; child++) {
    assert(adj[child].has((child - 1) >> 1), `tree node ${child} lost its parent`);
  }
  // the tree part has 510 edges: only the parent links
  let treeEdges = 0;
  for (let u = 0; u < 511; u++) for (const v of adj[u]) if (v < 511 && u < v) treeEdges++;
  assertEquals(treeEdges, 510);
  const cycle = Array.from({ length: 6 }, (_, i) => [`${i}-${(i + 1) % 6}`, `${(i + 1) % 6}-${i}`])
    .flat().sort();
  for (let k = 0; k < 80; k++) assertEquals(motifEdges(d, k, 511 + 6 * k), cycle, `cycle ${k}`);
  assertEquals(d.splits[0].train.length + d.splits[0].val.length + d.splits[0].test.length, 991);
});

Deno.test("ground truth masks agree with the graph", () => {
  for (const d of [baShapes(), treeCycles(), baShapes({ seed: 7, numMotifs: 10 })]) {
    const gt = d.groundTruth!;
    const { edgeIndex, numNodes } = d.graph;
    const E = edgeIndex.length / 2;
    assertEquals(gt.edgeMask.length, E);
    assertEquals(gt.edgeMotif.length, E);
    assertEquals(gt.nodeMask.length, numNodes);
    for (let i = 0; i < numNodes; i++) {
      // the motif nodes are exactly the nodes with a motif class
      assertEquals(gt.nodeMask[i], d.graph.y[i] > 0 ? 1 : 0, `${d.name} node ${i}`);
      assertEquals(gt.nodeMotif[i] >= 0 ? 1 : 0, gt.nodeMask[i]);
    }
    for (let e = 0; e < E; e++) {
      const [u, v] = [edgeIndex[e], edgeIndex[E + e]];
      assertEquals(gt.edgeMask[e], gt.edgeMotif[e] >= 0 ? 1 : 0);
      if (gt.edgeMask[e]) {
        // a motif edge joins two nodes of its own motif
        assertEquals([gt.nodeMotif[u], gt.nodeMotif[v]], [gt.edgeMotif[e], gt.edgeMotif[e]]);
      }
    }
    // houses and six-cycles both have 6 undirected edges, stored both ways
    assertEquals(sum(gt.edgeMask), 12 * gt.numMotifs, d.name);
  }
});

Deno.test("random edges are added, never duplicate an edge and never count as motif edges", () => {
  const clean = baShapes({ randomEdgeFraction: 0 });
  const noisy = baShapes({ randomEdgeFraction: 0.2 });
  assertEquals(noisy.graph.edgeIndex.length / 2 - clean.graph.edgeIndex.length / 2, 2 * 407);
  assertEquals(sum(noisy.groundTruth!.edgeMask), sum(clean.groundTruth!.edgeMask));
  const E = noisy.graph.edgeIndex.length / 2;
  const seen = new Set<string>();
  for (let e = 0; e < E; e++) {
    const [u, v] = [noisy.graph.edgeIndex[e], noisy.graph.edgeIndex[E + e]];
    assert(u !== v, "no self loops");
    assert(!seen.has(`${u}-${v}`), `duplicate edge ${u}-${v}`);
    seen.add(`${u}-${v}`);
  }
});

Deno.test("explainer benchmarks are deterministic per seed and differ across seeds", () => {
  for (const make of [baShapes, treeCycles]) {
    const a = make({ seed: 4 });
    const b = make({ seed: 4 });
    const c = make({ seed: 5 });
    assertEquals(a.graph.edgeIndex, b.graph.edgeIndex);
    assertEquals(a.groundTruth!.edgeMask, b.groundTruth!.edgeMask);
    assertEquals(a.splits[0].train, b.splits[0].train);
    assert(a.graph.edgeIndex.join() !== c.graph.edgeIndex.join(), `${a.name}: seeds 4, 5 agree`);
    assert(a.splits[0].test.join() !== c.splits[0].test.join(), `${a.name}: same split`);
  }
});

Deno.test("loadDataset() builds ba-shapes and tree-cycles with their options", async () => {
  const d = await loadDataset("BA_Shapes", { seed: 2, params: { numMotifs: 3, numBaseNodes: 20 } });
  assertEquals(d.graph.numNodes, 35);
  assertEquals(
    d.graph.edgeIndex,
    baShapes({ seed: 2, numMotifs: 3, numBaseNodes: 20 }).graph.edgeIndex,
  );
  const t = await loadDataset("tree-cycles", { treeCycles: { depth: 2, numMotifs: 1 } });
  assertEquals(t.graph.numNodes, 13);
  assert(t.groundTruth !== undefined);
});

Deno.test("explainer benchmarks reject bad options naming them", async () => {
  const cases: [() => unknown, string][] = [
    [
      () => baShapes({ numMotifs: 0 }),
      "Cannot generate ba-shapes: numMotifs must be an integer in [1, 300], got 0",
    ],
    [
      () => baShapes({ numMotifs: 301 }),
      "Cannot generate ba-shapes: numMotifs must be an integer in [1, 300], got 301",
    ],
    [
      () => baShapes({ baseEdgesPerNode: 2.5 }),
      "Cannot generate ba-shapes: baseEdgesPerNode must be an integer >= 1, got 2.5",
    ],
    [
      () => baShapes({ numBaseNodes: 5 }),
      "Cannot generate ba-shapes: numBaseNodes must be an integer >= 6, got 5",
    ],
    [
      () => baShapes({ randomEdgeFraction: -0.1 }),
      "Cannot generate ba-shapes: randomEdgeFraction must be a number >= 0, got -0.1",
    ],
    [
      () => baShapes({ featureDim: 0 }),
      "Cannot generate ba-shapes: featureDim must be an integer >= 1, got 0",
    ],
    [
      () => baShapes({ seed: Number.NaN }),
      "Cannot generate ba-shapes: seed must be a number, got null",
    ],
    [
      () => baShapes({ numMotif: 3 } as never),
      'Cannot generate ba-shapes: unknown option "numMotif"; known: numBaseNodes,',
    ],
    [
      () => treeCycles({ depth: 0 }),
      "Cannot generate tree-cycles: depth must be an integer in [1, 20], got 0",
    ],
    [
      () => treeCycles({ cycleSize: 2 }),
      "Cannot generate tree-cycles: cycleSize must be an integer >= 3, got 2",
    ],
    [
      () => treeCycles({ depth: 1, numMotifs: 1, randomEdgeFraction: 5 }),
      "Cannot generate tree-cycles: randomEdgeFraction 5 asks for 45 random edges, too many",
    ],
  ];
  for (const [run, message] of cases) assertThrows(run, RangeError, message);
  await assertRejects(
    () => loadDataset("ba-shapes", { params: { depth: 3 } }),
    RangeError,
    'Cannot generate ba-shapes: unknown option "depth"',
  );
});
