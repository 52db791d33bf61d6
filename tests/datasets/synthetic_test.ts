import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { csbm, randomGraph } from "../../lib/datasets/synthetic.ts";

function edgeHomophily(edgeIndex: Int32Array, y: Int32Array): number {
  const E = edgeIndex.length / 2;
  let same = 0;
  for (let e = 0; e < E; e++) if (y[edgeIndex[e]] === y[edgeIndex[E + e]]) same++;
  return same / E;
}

Deno.test("csbm() hits the requested homophily and average degree", () => {
  for (const homophily of [0.1, 0.5, 0.9]) {
    const d = csbm({ numNodes: 2000, numClasses: 5, avgDegree: 8, homophily, seed: 7 });
    const { graph } = d;
    assertEquals(graph.edgeIndex.length / 2 / graph.numNodes, 8);
    const h = edgeHomophily(graph.edgeIndex, graph.y);
    assert(Math.abs(h - homophily) < 0.03, `homophily ${h} for ${homophily}`);
    // balanced classes, no self loops, symmetric
    const counts = new Array(5).fill(0);
    for (const c of graph.y) counts[c]++;
    assertEquals(counts, [400, 400, 400, 400, 400]);
    const E = graph.edgeIndex.length / 2;
    for (let e = 0; e < E; e++) assert(graph.edgeIndex[e] !== graph.edgeIndex[E + e]);
  }
});

Deno.test("csbm() features carry the class signal and the split is stratified 70/15/15", () => {
  const d = csbm({ numNodes: 1000, numClasses: 2, featureDim: 16, featureSignal: 3, seed: 1 });
  const { x, y } = d.graph;
  // nearest class centroid (computed from the data) classifies most nodes when the signal is strong
  const centroid = [new Float64Array(16), new Float64Array(16)];
  for (let i = 0; i < 1000; i++) {
    for (let j = 0; j < 16; j++) centroid[y[i]][j] += x.data[i * 16 + j] / 500;
  }
  let correct = 0;
  for (let i = 0; i < 1000; i++) {
    const dist = centroid.map((c) => c.reduce((s, v, j) => s + (x.data[i * 16 + j] - v) ** 2, 0));
    if ((dist[0] < dist[1] ? 0 : 1) === y[i]) correct++;
  }
  assert(correct > 900, `nearest-centroid accuracy ${correct / 1000}`);
  const s = d.splits[0];
  assertEquals(s.train.length + s.val.length + s.test.length, 1000);
  assert(Math.abs(s.train.length - 700) <= 2);
  // The same seed gives the same graph, and the seed matters (else the equality proves nothing).
  assertEquals(csbm({ seed: 4 }).graph.edgeIndex, csbm({ seed: 4 }).graph.edgeIndex);
  assert(csbm({ seed: 4 }).graph.edgeIndex.join() !== csbm({ seed: 5 }).graph.edgeIndex.join());
  assertThrows(() => csbm({ homophily: 1.5 }), {
    message: "Cannot generate csbm: homophily must be in [0, 1], got 1.5",
  });
  assertThrows(
    () => csbm({ numNodes: 10, avgDegree: 9 }),
    /Cannot generate csbm: avgDegree 9 is too dense/,
  );
});

Deno.test("randomGraph() builds an ogbn-arxiv-sized graph in a few seconds", () => {
  const start = performance.now();
  const d = randomGraph({ seed: 2 });
  const seconds = (performance.now() - start) / 1000;
  const { graph } = d;
  assertEquals([graph.numNodes, graph.edgeIndex.length / 2, graph.x.cols, d.numClasses], [
    169343,
    1_170_000,
    128,
    40,
  ]);
  assert(seconds < 15, `took ${seconds} s`);
  const E = 1_170_000;
  const inDegree = new Int32Array(graph.numNodes);
  for (let e = 0; e < E; e++) {
    assert(graph.edgeIndex[e] !== graph.edgeIndex[E + e]);
    inDegree[graph.edgeIndex[E + e]]++;
  }
  // skewed in-degrees: the max is far above the mean (about 6.9)
  assert(inDegree.reduce((a, b) => Math.max(a, b)) > 50);
  const small = randomGraph({
    numNodes: 50,
    numEdges: 100,
    numFeatures: 3,
    numClasses: 2,
    seed: 5,
  });
  const again = (seed: number) =>
    randomGraph({ numNodes: 50, numEdges: 100, numFeatures: 3, numClasses: 2, seed }).graph;
  assertEquals(small.graph.edgeIndex, again(5).edgeIndex);
  assert(small.graph.edgeIndex.join() !== again(6).edgeIndex.join(), "seed 6 gave seed 5's graph");
});
