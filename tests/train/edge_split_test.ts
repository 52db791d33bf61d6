import { createGraph, type Graph } from "../../lib/graph/graph.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import { toUndirected } from "../../lib/graph/to_undirected.ts";
import { createRng } from "../../lib/random/rng.ts";
import { numPairs, sampleNegativeEdges, splitEdges } from "../../lib/train/edge_split.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";

/** A seeded undirected random graph on `n` nodes with about `m` distinct edges, plus self loops. */
function randomUndirected(n: number, m: number, seed: number): Graph {
  const rng = createRng(seed);
  const src: number[] = [], dst: number[] = [];
  for (let k = 0; k < m; k++) {
    const u = rng.int(n), v = rng.int(n);
    if (u !== v) src.push(u), dst.push(v);
  }
  src.push(0, 3), dst.push(0, 3); // self loops
  const x = denseMatrix(Float32Array.from({ length: n * 2 }, (_, i) => i), n, 2);
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  return toUndirected(createGraph({ numNodes: n, edgeIndex: [src, dst], x, y }));
}

const key = (u: number, v: number) => `${Math.min(u, v)}-${Math.max(u, v)}`;

function pairKeys(pairs: Int32Array): string[] {
  const P = numPairs(pairs);
  return Array.from({ length: P }, (_, k) => key(pairs[k], pairs[P + k]));
}

function edgeKeys(g: Graph): Set<string> {
  const E = g.edgeIndex.length >> 1;
  const out = new Set<string>();
  for (let e = 0; e < E; e++) {
    if (g.edgeIndex[e] !== g.edgeIndex[E + e]) out.add(key(g.edgeIndex[e], g.edgeIndex[E + e]));
  }
  return out;
}

function directedEdges(g: Graph): string[] {
  const E = g.edgeIndex.length >> 1;
  return Array.from({ length: E }, (_, e) => `${g.edgeIndex[e]}>${g.edgeIndex[E + e]}`);
}

Deno.test("splitEdges() holds out both directions of undirected edges and keeps the rest", () => {
  const g = randomUndirected(60, 200, 3);
  const all = edgeKeys(g);
  const M = all.size;
  const s = splitEdges(g, { val: 0.1, test: 0.2, seed: 7 });
  assertEquals(s.undirected, true);
  assertEquals(numPairs(s.valPositive), Math.floor(0.1 * M));
  assertEquals(numPairs(s.testPositive), Math.floor(0.2 * M));
  assertEquals(
    numPairs(s.trainPositive),
    M - Math.floor(0.1 * M) - Math.floor(0.2 * M),
  );
  const val = pairKeys(s.valPositive), test = pairKeys(s.testPositive);
  const trainPos = pairKeys(s.trainPositive);
  // The three parts partition the distinct edges, each listed once.
  assertEquals([...trainPos, ...val, ...test].sort(), [...all].sort());
  // The message-passing graph has exactly the training edges, in both directions, and no held-out
  // edge in either direction; self loops stay.
  const held = new Set([...val, ...test]);
  const kept = directedEdges(s.trainGraph);
  for (const d of kept) {
    const [u, v] = d.split(">").map(Number);
    assert(!held.has(key(u, v)), `held-out edge ${d} is in trainGraph`);
    assert(kept.includes(`${v}>${u}`), `reverse of ${d} is missing`);
  }
  assertEquals([...edgeKeys(s.trainGraph)].sort(), [...trainPos].sort());
  assert(kept.includes("0>0") && kept.includes("3>3"));
  // Every input edge not held out survives, in the input order (with its duplicates).
  const expected = directedEdges(g).filter((d) => {
    const [u, v] = d.split(">").map(Number);
    return !held.has(key(u, v));
  });
  assertEquals(kept, expected);
  // Features and labels come along.
  assertEquals(s.trainGraph.x, g.x);
  assertEquals(s.trainGraph.y, g.y);
});

Deno.test("splitEdges() samples val/test negatives that are distinct non-edges", () => {
  const g = randomUndirected(40, 150, 5);
  const all = edgeKeys(g);
  const s = splitEdges(g, { val: 0.1, test: 0.1, seed: 2 });
  const vn = pairKeys(s.valNegative), tn = pairKeys(s.testNegative);
  assertEquals(vn.length, numPairs(s.valPositive));
  assertEquals(tn.length, numPairs(s.testPositive));
  const both = [...vn, ...tn];
  assertEquals(new Set(both).size, both.length, "negatives repeat");
  for (const k of both) {
    assert(!all.has(k), `negative ${k} is an edge`);
    const [u, v] = k.split("-");
    assert(u !== v, `negative ${k} is a self loop`);
  }
});

Deno.test("splitEdges() is deterministic per seed", () => {
  const g = randomUndirected(50, 150, 1);
  const a = splitEdges(g, { seed: 4 });
  const b = splitEdges(g, { seed: 4 });
  const c = splitEdges(g, { seed: 5 });
  assertEquals(a.valPositive, b.valPositive);
  assertEquals(a.testNegative, b.testNegative);
  assertEquals(a.trainGraph.edgeIndex, b.trainGraph.edgeIndex);
  assert(a.testPositive.join() !== c.testPositive.join(), "seeds 4 and 5 gave the same split");
});

Deno.test("splitEdges() on a directed graph holds out single directions", () => {
  // 0 -> 1 and 1 -> 0 are two directed edges; as directed pairs they are split independently.
  const src = Array.from({ length: 40 }, (_, i) => i % 20);
  const dst = Array.from({ length: 40 }, (_, i) => (i < 20 ? (i + 1) % 20 : (i + 19) % 20));
  const g = createGraph({ numNodes: 20, edgeIndex: [src, dst] });
  const s = splitEdges(g, { val: 0.25, test: 0.25, seed: 0, undirected: false });
  assertEquals(s.undirected, false);
  assertEquals(numPairs(s.valPositive), 10);
  assertEquals(numPairs(s.testPositive), 10);
  assertEquals(s.trainGraph.edgeIndex.length / 2, 20);
  const kept = new Set(directedEdges(s.trainGraph));
  const P = numPairs(s.valPositive);
  for (let k = 0; k < P; k++) {
    assert(!kept.has(`${s.valPositive[k]}>${s.valPositive[P + k]}`));
  }
  // Negatives avoid every directed edge of the input.
  const edges = new Set(directedEdges(g));
  const N = numPairs(s.valNegative);
  for (let k = 0; k < N; k++) {
    assert(!edges.has(`${s.valNegative[k]}>${s.valNegative[N + k]}`));
  }
});

Deno.test("splitEdges() explains when there are too few edges or bad fractions", () => {
  const tiny = toUndirected(createGraph({ numNodes: 4, edgeIndex: [[0, 1, 2], [1, 2, 3]] }));
  assertThrows(
    () => splitEdges(tiny),
    /Cannot split edges: 3 undirected edges \(self loops aside\) are too few for val 0.05 and test 0.1: got 3 train, 0 val and 0 test edges/,
  );
  assertThrows(() => splitEdges(tiny, { val: 1.5 }), /val must be in \[0, 1\), got 1.5/);
  assertThrows(() => splitEdges(tiny, { val: 0.6, test: 0.5 }), /val \+ test must be below 1/);
  // val 0 and test 0 are allowed: nothing is held out.
  const none = splitEdges(tiny, { val: 0, test: 0 });
  assertEquals(numPairs(none.valPositive) + numPairs(none.testNegative), 0);
  assertEquals(none.trainGraph.edgeIndex, tiny.edgeIndex);
  // A complete graph has no negatives to sample.
  const src: number[] = [], dst: number[] = [];
  for (let u = 0; u < 5; u++) for (let v = 0; v < 5; v++) if (u !== v) src.push(u), dst.push(v);
  const complete = createGraph({ numNodes: 5, edgeIndex: [src, dst] });
  assertThrows(
    () => splitEdges(complete, { val: 0.2, test: 0.2 }),
    /Cannot sample 4 negative edges: the graph on 5 nodes has only 0 unordered node pairs without an edge/,
  );
});

Deno.test("sampleNegativeEdges() takes every free pair when asked for all of them", () => {
  // Path 0-1-2-3 (undirected): the free unordered pairs are {0,2}, {0,3}, {1,3}.
  const g = toUndirected(createGraph({ numNodes: 4, edgeIndex: [[0, 1, 2], [1, 2, 3]] }));
  const neg = sampleNegativeEdges(g, 3, createRng(1), { undirected: true });
  assertEquals(pairKeys(neg).sort(), ["0-2", "0-3", "1-3"]);
  // Directed: 12 ordered pairs minus 6 edges leaves 6.
  const directed = sampleNegativeEdges(g, 6, createRng(1));
  assertEquals(numPairs(directed), 6);
  // exclude removes further pairs (keys u * N + v with u < v when undirected).
  const two = sampleNegativeEdges(g, 2, createRng(3), {
    undirected: true,
    exclude: new Set([0 * 4 + 2]),
  });
  assertEquals(pairKeys(two).sort(), ["0-3", "1-3"]);
  assertThrows(
    () => sampleNegativeEdges(g, 4, createRng(1), { undirected: true }),
    /Cannot sample 4 negative edges: the graph on 4 nodes has only 3 unordered node pairs/,
  );
  assertThrows(() => sampleNegativeEdges(g, -1, createRng(1)), /count must be a non-negative/);
});

Deno.test("sampleNegativeEdges() draws distinct non-edges by rejection on sparse graphs", () => {
  const g = randomUndirected(200, 400, 9);
  const all = edgeKeys(g);
  const neg = sampleNegativeEdges(g, 500, createRng(2), { undirected: true });
  const keys = pairKeys(neg);
  assertEquals(new Set(keys).size, 500);
  for (const k of keys) assert(!all.has(k), `negative ${k} is an edge`);
  assertEquals(neg, sampleNegativeEdges(g, 500, createRng(2), { undirected: true }));
});

Deno.test("sampleNegativeEdges() avoids the graph's current edges after an in-place edit", () => {
  // 3 nodes, every ordered pair but 2 -> 0 is an edge: the one free pair is the only negative.
  const graph = createGraph({ numNodes: 3, edgeIndex: [[0, 0, 1, 1, 2], [1, 2, 0, 2, 1]] });
  assertEquals(Array.from(sampleNegativeEdges(graph, 1, createRng(0))), [2, 0]);
  graph.edgeIndex[4] = 0; // 2 -> 1 becomes 2 -> 0: now 2 -> 1 is the free pair
  assertEquals(Array.from(sampleNegativeEdges(graph, 1, createRng(0))), [2, 1]);
});
