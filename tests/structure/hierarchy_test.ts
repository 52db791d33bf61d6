import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../lib/backend/set_backend.ts";
import { loadDataset } from "../../lib/datasets/load_dataset.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { createGraph, type Graph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import {
  type GranularityLevel,
  granularityLevels,
  hierarchyGraph,
} from "../../lib/structure/hierarchy.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "../_assert.ts";

/** Undirected neighbour lists (self loops dropped). */
function neighbours(graph: Graph): number[][] {
  const E = graph.edgeIndex.length / 2;
  const out: number[][] = Array.from({ length: graph.numNodes }, () => []);
  for (let e = 0; e < E; e++) {
    const u = graph.edgeIndex[e];
    const v = graph.edgeIndex[E + e];
    if (u === v) continue;
    out[u].push(v);
    out[v].push(u);
  }
  return out;
}

/**
 * Checks every invariant of a hierarchy against the original graph by brute force: sizes,
 * nesting, parents, connectivity of every cluster (BFS inside it) and the coarse graph's summed
 * edge weights.
 */
function checkLevels(graph: Graph, levels: GranularityLevel[]): void {
  const N = graph.numNodes;
  const nbr = neighbours(graph);
  let previous: Int32Array = Int32Array.from({ length: N }, (_, u) => u);
  let previousCount = N;
  levels.forEach((level, i) => {
    const { assignment, numClusters: K } = level;
    assertEquals(level.level, i + 1);
    assert(K < previousCount, `level ${i + 1} must shrink: ${K} >= ${previousCount}`);
    assertEquals(assignment.length, N);
    const sizes = new Int32Array(K);
    for (let u = 0; u < N; u++) sizes[assignment[u]]++;
    assertEquals(Array.from(level.sizes), Array.from(sizes), `sizes of level ${i + 1}`);
    assert(sizes.every((s) => s > 0), `empty cluster at level ${i + 1}`);
    assertEquals(level.parent.length, previousCount);
    for (let u = 0; u < N; u++) {
      assertEquals(level.parent[previous[u]], assignment[u], `parent of node ${u}`);
    }
    // Connectivity: a BFS from one member, staying inside the cluster, reaches all members.
    const seen = new Uint8Array(N);
    const reached = new Int32Array(K);
    for (let s = 0; s < N; s++) {
      const c = assignment[s];
      if (reached[c] > 0) continue;
      const queue = [s];
      seen[s] = 1;
      while (queue.length) {
        const u = queue.pop()!;
        reached[c]++;
        for (const v of nbr[u]) {
          if (!seen[v] && assignment[v] === c) {
            seen[v] = 1;
            queue.push(v);
          }
        }
      }
      assertEquals(reached[c], sizes[c], `cluster ${c} of level ${i + 1} is not connected`);
    }
    // Coarse graph: summed weights of the crossing original edges, one edge per ordered pair.
    const expected = new Map<string, number>();
    const E = graph.edgeIndex.length / 2;
    for (let e = 0; e < E; e++) {
      const a = assignment[graph.edgeIndex[e]];
      const b = assignment[graph.edgeIndex[E + e]];
      if (a === b) continue;
      const key = `${a},${b}`;
      expected.set(key, (expected.get(key) ?? 0) + (graph.edgeWeight?.[e] ?? 1));
    }
    const coarse = level.graph;
    assertEquals(coarse.numNodes, K);
    const CE = coarse.edgeIndex.length / 2;
    assertEquals(CE, expected.size, `coarse edges of level ${i + 1}`);
    for (let e = 0; e < CE; e++) {
      const key = `${coarse.edgeIndex[e]},${coarse.edgeIndex[CE + e]}`;
      const want = expected.get(key);
      assert(want !== undefined, `unexpected coarse edge ${key}`);
      assert(Math.abs(coarse.edgeWeight![e] - want) <= 1e-4 * want, `weight of ${key}`);
    }
    previous = assignment;
    previousCount = K;
  });
}

/** A graph with hubs, chains, a separate component and isolated nodes, with random weights. */
function mixedGraph(seed: number): Graph {
  const rng = createRng(seed);
  const src: number[] = [];
  const dst: number[] = [];
  const add = (u: number, v: number) => {
    src.push(u, v);
    dst.push(v, u);
  };
  for (let leaf = 1; leaf <= 12; leaf++) add(0, leaf); // a star around 0
  for (let u = 13; u < 40; u++) add(u, u - 1); // a chain hanging off the star
  for (let e = 0; e < 60; e++) add(rng.int(40), rng.int(40)); // random chords (some loops)
  for (let u = 41; u < 50; u++) add(u, 40 + rng.int(u - 40)); // a second component (a tree)
  // Nodes 50..52 are isolated; one directed-only edge 20 -> 45 would join components, so skip it.
  const edgeWeight = Float32Array.from(src, () => 0.5 + rng.next());
  return createGraph({ numNodes: 53, edgeIndex: [src, dst], edgeWeight });
}

Deno.test("granularityLevels() builds nested connected clusters with summed coarse edges", () => {
  for (const seed of [0, 1, 2]) {
    const graph = mixedGraph(seed);
    const levels = granularityLevels(graph, { levels: 5, ratio: 2, seed });
    assert(levels.length >= 3, `only ${levels.length} levels`);
    checkLevels(graph, levels);
    // Never across components: the last level keeps the 2 components and the 3 isolated nodes.
    assert(levels.at(-1)!.numClusters >= 5);
    for (const u of [50, 51, 52]) {
      assertEquals(levels.every((l) => l.sizes[l.assignment[u]] === 1), true, `isolated ${u}`);
    }
  }
  const data = csbm({ numNodes: 600, avgDegree: 6, seed: 3 });
  checkLevels(data.graph, granularityLevels(data.graph, { levels: 4, seed: 3 }));
});

Deno.test("granularityLevels() is deterministic for a seed", () => {
  const { graph } = csbm({ numNodes: 400, avgDegree: 6, seed: 1 });
  const run = (seed: number) =>
    granularityLevels(graph, { seed }).map((l) => Array.from(l.assignment).join()).join("|");
  assertEquals(run(7), run(7));
  assert(run(7) !== run(8), "different seeds should give different clusterings");
});

Deno.test("granularityLevels() halves the non-isolated nodes per pass and honours ratio", () => {
  const graph = mixedGraph(4);
  // ratio 2 means one pass: every non-isolated node ends in a cluster of >= 2 nodes.
  const [one] = granularityLevels(graph, { levels: 1, ratio: 2, seed: 0 });
  assert(one.numClusters <= 3 + Math.floor(50 / 2), `${one.numClusters} clusters`);
  const { graph: big } = csbm({ numNodes: 800, avgDegree: 8, seed: 2 });
  let previous = 800;
  for (const level of granularityLevels(big, { levels: 3, ratio: 6, seed: 0 })) {
    assert(level.numClusters <= previous / 6, `${level.numClusters} > ${previous} / 6`);
    previous = level.numClusters;
  }
});

Deno.test("granularityLevels() stops at levels, minClusters, or when nothing merges", () => {
  const path = createGraph({
    numNodes: 64,
    edgeIndex: [
      Array.from({ length: 63 }, (_, i) => i),
      Array.from({ length: 63 }, (_, i) => i + 1),
    ],
  });
  const capped = granularityLevels(path, { levels: 2, ratio: 2 });
  assertEquals(capped.length, 2);
  const toFew = granularityLevels(path, { levels: 20, minClusters: 10, ratio: 2 });
  assert(toFew.at(-1)!.numClusters <= 10);
  assert(toFew.at(-2)!.numClusters > 10);
  // Three disjoint edges: one level of three clusters, then nothing can merge.
  const pairs = createGraph({ numNodes: 6, edgeIndex: [[0, 2, 4], [1, 3, 5]] });
  const levels = granularityLevels(pairs, { levels: 5 });
  assertEquals(levels.map((l) => l.numClusters), [3]);
  assertEquals(Array.from(levels[0].assignment), [0, 0, 1, 1, 2, 2]);
  // No edges at all: no level.
  assertEquals(granularityLevels(createGraph({ numNodes: 3, edgeIndex: [[], []] })).length, 0);
});

Deno.test("granularityLevels() coarsens a star in one pass", () => {
  const leaves = Array.from({ length: 30 }, (_, i) => i + 1);
  const star = createGraph({ numNodes: 31, edgeIndex: [leaves.map(() => 0), leaves] });
  const [level] = granularityLevels(star, { levels: 1, ratio: 2 });
  assertEquals(level.numClusters, 1);
  assertEquals(Array.from(level.sizes), [31]);
});

Deno.test("granularityLevels() rejects bad options and weights", () => {
  const graph = createGraph({ numNodes: 2, edgeIndex: [[0], [1]] });
  const cases: [Record<string, number>, string][] = [
    [{ levels: 0 }, "levels must be a positive integer, got 0"],
    [{ minClusters: 0.5 }, "minClusters must be a positive integer, got 0.5"],
    [{ ratio: 1 }, "ratio must be a number > 1, got 1"],
  ];
  for (const [options, message] of cases) {
    assertThrows(() => granularityLevels(graph, options), {
      message: `Cannot build granularity levels: ${message}`,
    });
  }
  const negative = createGraph({
    numNodes: 2,
    edgeIndex: [[0], [1]],
    edgeWeight: new Float32Array([-1]),
  });
  assertThrows(() => granularityLevels(negative), {
    message:
      "Cannot build granularity levels: edgeWeight 0 must be finite and non-negative, got -1",
  });
});

Deno.test("granularityLevels() coarsens Cora into connected clusters quickly", async () => {
  const cacheDir = await Deno.makeTempDir({ prefix: "autoglm-hierarchy-" });
  const cora = await loadDataset("cora", { cacheDir });
  await Deno.remove(cacheDir, { recursive: true });
  granularityLevels(cora.graph, { seed: 1 }); // warm up the JIT
  const start = performance.now();
  const levels = granularityLevels(cora.graph, { seed: 0 });
  const ms = performance.now() - start;
  assertEquals(levels.length, 3);
  checkLevels(cora.graph, levels);
  // Cora has 78 connected components, so no level can have fewer clusters.
  assert(levels[2].numClusters >= 78);
  // Measured about 25 ms; the bound leaves room for a loaded machine.
  assert(ms < 500, `took ${ms.toFixed(0)} ms`);
});

// Path 0 - 1 - 2 - 3 (both ways, weights 1..3 and a self loop on 3), level 1 {0, 1}, {2}, {3},
// level 2 {0, 1, 2}, {3}.
const tiny = createGraph({
  numNodes: 4,
  edgeIndex: [[0, 1, 1, 2, 2, 3, 3], [1, 0, 2, 1, 3, 2, 3]],
  edgeWeight: new Float32Array([1, 1, 2, 2, 3, 3, 5]),
});
const tinyLevels = [
  { assignment: new Int32Array([0, 0, 1, 2]) },
  { assignment: new Int32Array([0, 0, 0, 1]) },
];

Deno.test("hierarchyGraph() adds one super-node per cluster with node-cluster edges", () => {
  const h = hierarchyGraph(tiny, tinyLevels);
  // Nodes: 0..3 original, 4..6 level 1, 7..8 level 2.
  assertEquals(h.graph.numNodes, 9);
  assertEquals(h.numOriginal, 4);
  assertEquals(h.numLevels, 2);
  assertEquals(Array.from(h.levelOffsets), [0, 4, 7, 9]);
  assertEquals(Array.from(h.granularity), [0, 0, 0, 0, 1, 1, 1, 2, 2]);
  assertEquals(Array.from(h.sizes), [1, 1, 1, 1, 2, 1, 1, 3, 1]);
  const E = h.graph.edgeIndex.length / 2;
  const edges = Array.from(
    { length: E },
    (_, e) => `${h.graph.edgeIndex[e]}>${h.graph.edgeIndex[E + e]}:${h.graph.edgeWeight![e]}`,
  );
  assertEquals(edges, [
    // the original edges, unchanged
    "0>1:1",
    "1>0:1",
    "1>2:2",
    "2>1:2",
    "2>3:3",
    "3>2:3",
    "3>3:5",
    // level 1: node -> cluster, then back
    "0>4:1",
    "1>4:1",
    "2>5:1",
    "3>6:1",
    "4>0:1",
    "4>1:1",
    "5>2:1",
    "6>3:1",
    // level 2: level-1 cluster -> parent, then back
    "4>7:1",
    "5>7:1",
    "6>8:1",
    "7>4:1",
    "7>5:1",
    "8>6:1",
  ]);
  // levelEdges: level-1 pairs (0,1), (1,2) and level-2 pair (0,1), both ways, after the rest.
  const withLevel = hierarchyGraph(tiny, tinyLevels, { levelEdges: true });
  const E2 = withLevel.graph.edgeIndex.length / 2;
  const extra = Array.from(
    { length: E2 - E },
    (_, i) => `${withLevel.graph.edgeIndex[E + i]}>${withLevel.graph.edgeIndex[E2 + E + i]}`,
  );
  assertEquals(extra, ["4>5", "5>4", "5>6", "6>5", "7>8", "8>7"]);
});

Deno.test("hierarchyGraph() liftFeatures() averages members, with gradients", async () => {
  await setBackend("cpu");
  const h = hierarchyGraph(tiny, tinyLevels);
  const x = tf.tensor2d([[1, -2], [3, 4], [5, 0], [7, 8]]);
  const lifted = h.liftFeatures(x);
  assertEquals(lifted.shape, [9, 2]);
  // Level 1: mean(x0, x1) = [2, 1], x2, x3; level 2: mean(x0, x1, x2) = [3, 2/3], x3.
  assertAllClose(lifted.dataSync(), [
    1,
    -2,
    3,
    4,
    5,
    0,
    7,
    8,
    2,
    1,
    5,
    0,
    7,
    8,
    3,
    2 / 3,
    7,
    8,
  ], { atol: 1e-6 });
  // d sum(lift(x) * R) / dx[u] = R[u] + Σ_levels R[cluster(u)] / size(cluster(u)).
  const r = Array.from({ length: 18 }, (_, i) => (i * 7) % 5 - 2);
  const [grad] = tf.grads((a: tf.Tensor) =>
    tf.sum(tf.mul(h.liftFeatures(a as tf.Tensor2D), tf.tensor2d(r, [9, 2])))
  )([x]);
  const R = (node: number, f: number) => r[node * 2 + f];
  const expected: number[] = [];
  const l1 = [4, 4, 5, 6];
  const l2 = [7, 7, 7, 8];
  for (let u = 0; u < 4; u++) {
    for (let f = 0; f < 2; f++) {
      expected.push(R(u, f) + R(l1[u], f) / h.sizes[l1[u]] + R(l2[u], f) / h.sizes[l2[u]]);
    }
  }
  assertAllClose(grad.dataSync(), expected, { atol: 1e-6 });
  assertThrows(() => h.liftFeatures(tf.zeros([3, 2])), {
    message:
      "Cannot lift features: expected h with 4 rows (one per original node), got shape [3,2]",
  });
});

Deno.test("hierarchyGraph() takes granularityLevels() output", () => {
  const { graph } = csbm({ numNodes: 300, avgDegree: 6, seed: 5 });
  const levels = granularityLevels(graph, { seed: 0 });
  const h = hierarchyGraph(graph, levels);
  assertEquals(h.numLevels, levels.length);
  for (const level of levels) {
    const from = h.levelOffsets[level.level];
    assertEquals(Array.from(h.sizes.subarray(from, from + level.numClusters)), [...level.sizes]);
  }
  // Every non-original node has exactly one parent edge upwards (except the top level).
  const E = h.graph.edgeIndex.length / 2;
  const up = new Int32Array(h.graph.numNodes);
  for (let e = 0; e < E; e++) {
    const s = h.graph.edgeIndex[e];
    if (h.granularity[h.graph.edgeIndex[E + e]] === h.granularity[s] + 1) up[s]++;
  }
  const top = h.levelOffsets[h.numLevels];
  assert(up.subarray(0, top).every((n) => n === 1));
  assert(up.subarray(top).every((n) => n === 0));
});

Deno.test("hierarchyGraph() rejects bad assignments", () => {
  const cases: [Int32Array[], string][] = [
    [[new Int32Array([0, 0, 1])], "levels[0].assignment has 3 entries for 4 nodes"],
    [
      [new Int32Array([0, 0, 2, 2])],
      "levels[0].assignment uses ids up to 2 but no node is in cluster 1",
    ],
    [[new Int32Array([0, -1, 0, 0])], "levels[0].assignment[1] is -1, expected a cluster id >= 0"],
    [
      [new Int32Array([0, 0, 1, 1]), new Int32Array([0, 1, 1, 1])],
      "levels do not nest: cluster 0 of levels[0] is split between clusters 0 and 1 of levels[1]",
    ],
  ];
  for (const [assignments, message] of cases) {
    assertThrows(
      () => hierarchyGraph(tiny, assignments.map((assignment) => ({ assignment }))),
      { message: `Cannot build hierarchy graph: ${message}` },
    );
  }
});

Deno.test("hierarchyGraph() keeps its lift when the levels are edited afterwards", async () => {
  await setBackend("cpu");
  const levels = tinyLevels.map((l) => ({ assignment: l.assignment.slice() }));
  const h = hierarchyGraph(tiny, levels);
  levels[0].assignment[3] = 0; // after building: the hierarchy keeps the levels it was built from
  const x = tf.tensor2d([[1, -2], [3, 4], [5, 0], [7, 8]]);
  const expected = hierarchyGraph(tiny, tinyLevels).liftFeatures(x).dataSync();
  assertEquals(Array.from(h.liftFeatures(x).dataSync()), Array.from(expected));
});
