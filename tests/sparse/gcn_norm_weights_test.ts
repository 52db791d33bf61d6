import * as tf from "@tensorflow/tfjs";
import { gcnNorm } from "../../lib/graph/gcn_norm.ts";
import { createGraph, type Graph } from "../../lib/graph/graph.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { gcnNormWeights } from "../../lib/sparse/gcn_norm_weights.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "../_assert.ts";
import { testOnBackends, testOnCpu, values } from "./_fixtures.ts";

// 5 nodes: a duplicate edge (0 -> 1 twice), a self loop (2 -> 2) on a node with other in-edges,
// node 4 has no incoming edge.
const graph = createGraph({
  numNodes: 5,
  edgeIndex: [[0, 0, 1, 2, 3, 2, 1], [1, 1, 2, 2, 2, 3, 0]],
  edgeWeight: new Float32Array([0.5, 1.5, 2, 0.75, 1, 3, 0.25]),
});
const N = graph.numNodes;

/** Dense `[N, N]` matrix of an edge list: `M[v, u] += w_e` for `e = (u -> v)`. */
function dense(g: Pick<Graph, "edgeIndex">, w: ArrayLike<number>, extraLoops?: ArrayLike<number>) {
  const m = new Float64Array(N * N);
  const E = g.edgeIndex.length / 2;
  for (let e = 0; e < E; e++) m[g.edgeIndex[E + e] * N + g.edgeIndex[e]] += w[e];
  if (extraLoops) { for (let v = 0; v < N; v++) m[v * N + v] += extraLoops[v]; }
  return Array.from(m);
}

testOnBackends("gcnNormWeights() is gcnNorm for tensor weights, self loops included", async () => {
  const adj = adjacency({ numNodes: N, edgeIndex: graph.edgeIndex });
  const out = await values(gcnNormWeights(adj, tf.tensor1d(graph.edgeWeight!)));
  assertEquals(out.length, adj.numEdges + N);
  const host = gcnNorm(graph); // PyG's order: its loops come last
  const E = adj.numEdges;
  // Node 2 keeps its own loop: its added loop weighs 0.
  assertEquals(out[E + 2], 0);
  assertAllClose(dense(graph, out, out.slice(E)), dense(host, host.edgeWeight), { atol: 1e-6 });
});

testOnBackends("gcnNormWeights() without self loops gives isolated nodes weight 0", async () => {
  // Node 4 has no incoming edge and edge 6 ends at node 0, whose only in-edge it is.
  const adj = adjacency({ numNodes: N, edgeIndex: graph.edgeIndex });
  const w = tf.tensor1d(graph.edgeWeight!);
  const out = await values(gcnNormWeights(adj, w, { addSelfLoops: false }));
  const host = gcnNorm(graph, { addSelfLoops: false });
  assertAllClose(out, Array.from(host.edgeWeight), { atol: 1e-6 });
  const zero = await values(gcnNormWeights(adj, tf.zeros([adj.numEdges]), { addSelfLoops: false }));
  assertEquals(zero, new Array(adj.numEdges).fill(0));
});

testOnCpu(
  "gcnNormWeights() gradients match finite differences, with and without loops",
  async () => {
    const adj = adjacency({ numNodes: N, edgeIndex: graph.edgeIndex });
    const w0 = Array.from(graph.edgeWeight!);
    for (const addSelfLoops of [true, false]) {
      const r = tf.tensor1d(
        Array.from({ length: adj.numEdges + (addSelfLoops ? N : 0) }, (_, i) => 1 + (i % 4)),
      );
      const f = (w: tf.Tensor) =>
        tf.sum(tf.mul(gcnNormWeights(adj, w as tf.Tensor1D, { addSelfLoops }), r));
      const analytic = await values(tf.grad(f)(tf.tensor1d(w0)));
      const h = 1e-3;
      for (let e = 0; e < w0.length; e++) {
        const at = (d: number) =>
          f(tf.tensor1d(w0.map((v, i) => (i === e ? v + d : v)))).dataSync()[0];
        const numeric = (at(h) - at(-h)) / (2 * h);
        assert(
          Math.abs(analytic[e] - numeric) < 2e-3,
          `loops ${addSelfLoops}, edge ${e}: ${analytic[e]} vs ${numeric}`,
        );
      }
    }
  },
);

testOnCpu("gcnNormWeights() names a weight vector that does not match the edges", () => {
  const adj = adjacency(graph);
  assertThrows(
    () => gcnNormWeights(adj, tf.ones([3]) as tf.Tensor1D),
    RangeError,
    "Cannot apply gcnNormWeights: expected weights [7] (one per edge), got shape [3]",
  );
});
