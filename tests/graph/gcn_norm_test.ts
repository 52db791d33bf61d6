import { assertAllClose, assertEquals } from "../_assert.ts";
import { createGraph, type Graph } from "../../lib/graph/graph.ts";
import { gcnNorm } from "../../lib/graph/gcn_norm.ts";
import { edgeList, randomGraph } from "./_fixtures.ts";

/** Dense `D^-1/2 Â D^-1/2` built directly from the definition (Â[target][source]). */
function denseReference(g: Graph, loops: boolean, fill: number): number[][] {
  const N = g.numNodes;
  const E = g.edgeIndex.length / 2;
  const a = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  const hasLoop = new Array<boolean>(N).fill(false);
  const loopWeight = new Array<number>(N).fill(fill);
  for (let e = 0; e < E; e++) {
    const [s, t, w] = [g.edgeIndex[e], g.edgeIndex[E + e], g.edgeWeight?.[e] ?? 1];
    if (s === t && loops) {
      hasLoop[s] = true;
      loopWeight[s] = w;
    } else a[t][s] += w;
  }
  if (loops) { for (let i = 0; i < N; i++) a[i][i] += loopWeight[i]; }
  const deg = a.map((row) => row.reduce((x, y) => x + y, 0));
  const dis = deg.map((d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
  return a.map((row, t) => row.map((v, s) => dis[t] * v * dis[s]));
}

/** Sums the normalised edge weights into a dense matrix (duplicates add up, as in message passing). */
function densify(numNodes: number, edgeIndex: Int32Array, w: Float32Array): number[][] {
  const E = edgeIndex.length / 2;
  const m = Array.from({ length: numNodes }, () => new Array<number>(numNodes).fill(0));
  for (let e = 0; e < E; e++) m[edgeIndex[E + e]][edgeIndex[e]] += w[e];
  return m;
}

Deno.test("gcnNorm() gives the hand-computed weights on a 4-node graph", () => {
  // Undirected path 0-1-2 plus isolated node 3; with loops the degrees are 2, 3, 2, 1.
  const g = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] });
  const { edgeIndex, edgeWeight } = gcnNorm(g);
  assertEquals(
    edgeList({ numNodes: 4, edgeIndex }),
    ["0->1", "1->0", "1->2", "2->1", "0->0", "1->1", "2->2", "3->3"],
  );
  const r6 = 1 / Math.sqrt(6);
  assertAllClose(edgeWeight, [r6, r6, r6, r6, 1 / 2, 1 / 3, 1 / 2, 1]);
});

Deno.test("gcnNorm() matches a dense D^-1/2 (A+I) D^-1/2 on a weighted multigraph", () => {
  const g = randomGraph(12, 40, 5);
  for (const [improved, fill] of [[false, 1], [true, 2]] as const) {
    const { edgeIndex, edgeWeight } = gcnNorm(g, { improved });
    assertAllClose(
      densify(12, edgeIndex, edgeWeight).flat(),
      denseReference(g, true, fill).flat(),
      { atol: 1e-6, message: `improved ${improved}: ` },
    );
  }
});

Deno.test("gcnNorm() without self loops leaves zero-degree nodes at weight 0, not NaN", () => {
  // Edge 0->1 only: node 0 has in-degree 0, so d^-1/2 is inf and is zeroed.
  const g = createGraph({ numNodes: 3, edgeIndex: [[0, 2], [1, 1]] });
  const { edgeIndex, edgeWeight } = gcnNorm(g, { addSelfLoops: false });
  assertEquals(Array.from(edgeIndex), Array.from(g.edgeIndex));
  assertAllClose(edgeWeight, [0, 0]);
  const dense = denseReference(g, false, 1).flat();
  assertAllClose(densify(3, edgeIndex, edgeWeight).flat(), dense);
});
