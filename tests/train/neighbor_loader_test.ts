import { createGraph } from "../../lib/graph/graph.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import { NeighborLoader } from "../../lib/train/neighbor_loader.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";

// Edges (source -> target): 1->0, 2->0, 3->1, 4->3, 5->2, 0->5.
const chain = createGraph({
  numNodes: 6,
  edgeIndex: [[1, 2, 3, 4, 5, 0], [0, 0, 1, 3, 2, 5]],
  edgeWeight: new Float32Array([10, 20, 30, 40, 50, 60]),
  x: denseMatrix(Float32Array.from({ length: 12 }, (_, i) => i), 6, 2),
  y: new Int32Array([0, 1, 2, 3, 4, 5]),
});

Deno.test("NeighborLoader behaviour: full fanouts give the k-hop incoming neighbourhood", () => {
  const loader = new NeighborLoader(chain, { inputNodes: [0], fanouts: [-1, -1], shuffle: false });
  const batches = [...loader];
  assertEquals(batches.length, 1);
  const b = batches[0];
  // Hop 1 adds 1, 2 (in-neighbours of 0); hop 2 adds 3 (of 1) and 5 (of 2); 4 is three hops away.
  assertEquals(Array.from(b.nodes), [0, 1, 2, 3, 5]);
  assertEquals(b.numSeeds, 1);
  // Relabelled edges 1->0, 2->0, 3->1, 5(=4)->2, messages flowing towards the seed.
  assertEquals(Array.from(b.graph.edgeIndex), [1, 2, 3, 4, 0, 0, 1, 2]);
  assertEquals(Array.from(b.graph.edgeWeight!), [10, 20, 30, 50]);
  assertEquals(Array.from(b.x!.data), [0, 1, 2, 3, 4, 5, 6, 7, 10, 11]);
  assertEquals(Array.from(b.y!), [0, 1, 2, 3, 5]);
  assertEquals([b.adjacency.numNodes, b.adjacency.numEdges], [5, 4]);
  // Per hop: the seed, then 1 and 2 (2 edges into 0), then 3 and 5 (2 edges into 1 and 2).
  assertEquals([b.numSampledNodes, b.numSampledEdges], [[1, 2, 2], [2, 2]]);
});

Deno.test("NeighborLoader behaviour: one hop per fanout entry, seeds first", () => {
  const loader = new NeighborLoader(chain, {
    inputNodes: [3, 0],
    fanouts: [-1],
    shuffle: false,
    batchSize: 2,
  });
  const [b] = [...loader];
  assertEquals(Array.from(b.nodes), [3, 0, 4, 1, 2]);
  assertEquals(b.numSeeds, 2);
});

Deno.test("NeighborLoader behaviour: samples fanout neighbours uniformly without replacement", () => {
  const K = 10;
  const star = createGraph({
    numNodes: K + 1,
    edgeIndex: [Array.from({ length: K }, (_, i) => i + 1), new Array(K).fill(0)],
  });
  const loader = new NeighborLoader(star, { inputNodes: [0], fanouts: [3], seed: 7 });
  const counts = new Array(K + 1).fill(0);
  const passes = 2000;
  for (let p = 0; p < passes; p++) {
    for (const b of loader) {
      assertEquals(b.nodes.length, 4);
      assertEquals(new Set(b.nodes).size, 4);
      assertEquals(Array.from(b.graph.edgeIndex.subarray(3)), [0, 0, 0]);
      for (const v of b.nodes.subarray(1)) counts[v]++;
    }
  }
  // Each neighbour is picked with probability 3/10: mean 600, sd ~20.5; allow 5 sd.
  for (let v = 1; v <= K; v++) assert(Math.abs(counts[v] - 600) < 103, `node ${v}: ${counts[v]}`);
});

Deno.test("NeighborLoader behaviour: batches cover the input once per pass, deterministic per seed", () => {
  const n = 50;
  const ring = createGraph({
    numNodes: n,
    edgeIndex: [
      [...Array.from({ length: n }, (_, i) => i), ...Array.from({ length: n }, (_, i) => i)],
      [
        ...Array.from({ length: n }, (_, i) => (i + 1) % n),
        ...Array.from({ length: n }, (_, i) => (i + 7) % n),
      ],
    ],
  });
  const input = Array.from({ length: 30 }, (_, i) => i);
  const run = (seed: number) => {
    const loader = new NeighborLoader(ring, {
      inputNodes: input,
      fanouts: [1, 1],
      batchSize: 8,
      seed,
    });
    assertEquals(loader.length, 4);
    return [0, 1].map(() => [...loader].map((b) => Array.from(b.nodes).join()));
  };
  const a = run(3);
  assertEquals(run(3), a);
  assert(JSON.stringify(run(4)) !== JSON.stringify(a));
  assert(a[0].join("|") !== a[1].join("|"), "each pass reshuffles");
  const loader = new NeighborLoader(ring, {
    inputNodes: input,
    fanouts: [1],
    batchSize: 8,
    seed: 3,
  });
  const seeds = [...loader].flatMap((b) => Array.from(b.nodes.subarray(0, b.numSeeds)));
  assertEquals(seeds.length, 30);
  assertEquals([...seeds].sort((x, y) => x - y), input);
  assert(seeds.join() !== input.join(), "shuffled");
});

Deno.test("NeighborLoader rejects invalid options naming the option", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ fanouts: [] }, "fanouts must be a non-empty array (one entry per hop)"],
    [{ fanouts: [2, 0] }, "fanouts[1] must be a positive integer or -1, got 0"],
    [{ fanouts: [2], batchSize: 0 }, "batchSize must be a positive integer, got 0"],
    [{ fanouts: [2], inputNodes: [0, 6] }, "inputNodes[1] is 6, out of range [0, 6)"],
  ];
  for (const [options, message] of cases) {
    assertThrows(
      () => new NeighborLoader(chain, { inputNodes: [0], ...options } as never),
      { message: `Cannot create NeighborLoader: ${message}` },
    );
  }
});

Deno.test("NeighborLoader samples the graph's current edges after an in-place edit", () => {
  const graph = createGraph({ numNodes: 6, edgeIndex: chain.edgeIndex.slice() });
  const loader = new NeighborLoader(graph, { inputNodes: [0], fanouts: [-1], shuffle: false });
  assertEquals(Array.from([...loader][0].nodes), [0, 1, 2]);
  graph.edgeIndex[1] = 4; // 2 -> 0 becomes 4 -> 0
  assertEquals(Array.from([...loader][0].nodes), [0, 1, 4]);
});

Deno.test("NeighborLoader behaviour: a sampled batch counts its nodes and edges per hop", () => {
  // A star: 1..8 point to 0, and 9..16 point to 1.
  const star = createGraph({
    numNodes: 17,
    edgeIndex: [
      [
        ...Array.from({ length: 8 }, (_, i) => i + 1),
        ...Array.from({ length: 8 }, (_, i) => i + 9),
      ],
      [...new Array(8).fill(0), ...new Array(8).fill(1)],
    ],
  });
  const loader = new NeighborLoader(star, { inputNodes: [0], fanouts: [3, 2], seed: 4 });
  const [b] = [...loader];
  const [seeds, hop1, hop2] = b.numSampledNodes;
  assertEquals([seeds, hop1, b.numSampledEdges[0]], [1, 3, 3]);
  // Hop 2 samples 2 in-neighbours of node 1 when hop 1 drew it, none of the others.
  const drewOne = Array.from(b.nodes.subarray(1, 4)).includes(1);
  assertEquals([hop2, b.numSampledEdges[1]], drewOne ? [2, 2] : [0, 0]);
  assertEquals(seeds + hop1 + hop2, b.graph.numNodes);
  assertEquals(b.numSampledEdges[0] + b.numSampledEdges[1], b.graph.edgeIndex.length / 2);
});
