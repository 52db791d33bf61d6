import * as tf from "@tensorflow/tfjs";
import { createGraph, numEdges } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { aggregate } from "../../lib/sparse/aggregate.ts";
import { spmm } from "../../lib/sparse/spmm.ts";
import { assertAllClose, assertEquals, assertThrows } from "../_assert.ts";
import {
  assertMatchesDense,
  incidence,
  randomCase,
  randomTensor,
  testFiniteDifferenceGradients,
  testOnBackends,
  testOnCpu,
  values,
} from "./_fixtures.ts";

// Edges 0->2 (w 2), 1->2 (w 3), 2->0 (w 5), 0->0 (w 7); node 1 has no incoming edge.
const tiny = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 2, 0], [2, 2, 0, 0]] });
const x = [[1, 10], [100, 1000], [4, 40]];

testOnBackends("spmm() gives hand-computed values and gradients", async () => {
  const adj = adjacency(tiny);
  const xt = tf.tensor2d(x);
  const w = tf.tensor1d([2, 3, 5, 7]);
  // Unweighted: out[0] = x0 + x2, out[1] = 0, out[2] = x0 + x1.
  assertAllClose(await values(spmm(adj, xt)), [5, 50, 0, 0, 101, 1010]);
  // Weighted: out[0] = 5 x2 + 7 x0 = [27, 270]; out[2] = 2 x0 + 3 x1 = [302, 3020].
  assertAllClose(await values(spmm(adj, xt, w)), [27, 270, 0, 0, 302, 3020]);
  // d sum(out) / dx[u] = sum of weights of u's out-edges: u0: 2 + 7, u1: 3, u2: 5.
  // d sum(out) / dw_e = sum(x[src_e]): 11, 1100, 44, 11.
  const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(spmm(adj, a as tf.Tensor2D, b as tf.Tensor1D))
  )([xt, w]);
  assertAllClose(await values(gx), [9, 9, 3, 3, 5, 5]);
  assertAllClose(await values(gw), [11, 1100, 44, 11]);
});

testOnBackends("spmm() matches dense T^T diag(w) S x with gradients", async (backend) => {
  const { nodes, edges, graph: g, adj } = randomCase(backend, 1);
  const { S, T } = incidence(g);
  const rng = createRng(2);
  const xt = randomTensor(rng, [nodes, 5]);
  const w = randomTensor(rng, [edges]);
  await assertMatchesDense(
    (a, b) => spmm(adj, a as tf.Tensor2D, b as tf.Tensor1D),
    (a, b) => tf.matMul(T, tf.mul(tf.expandDims(b, 1), tf.matMul(S, a)), true),
    [xt, w],
    { label: "weighted" },
  );
  await assertMatchesDense(
    (a) => spmm(adj, a as tf.Tensor2D),
    (a) => tf.matMul(T, tf.matMul(S, a), true),
    [xt],
    { label: "unweighted" },
  );
  // Constant weights stored in the adjacency act like a weight tensor without its gradient.
  const wc = new Float32Array(await values(w));
  await assertMatchesDense(
    (a) => spmm(adjacency(g, wc), a as tf.Tensor2D),
    (a) => tf.matMul(T, tf.mul(tf.expandDims(w, 1), tf.matMul(S, a)), true),
    [xt],
    { label: "constant weights" },
  );
});

testOnBackends("spmm() is deterministic", async (backend) => {
  const { nodes, adj } = randomCase(backend, 3);
  const xt = randomTensor(createRng(4), [nodes, 3]) as tf.Tensor2D;
  assertEquals(await values(spmm(adj, xt)), await values(spmm(adj, xt)));
});

testFiniteDifferenceGradients(
  "spmm",
  (adj, a, b) => spmm(adj, a as tf.Tensor2D, b as tf.Tensor1D),
  { edges: 14, graphSeed: 5, inputSeed: 6, shapes: [[6, 3], [14]] },
);

testOnCpu("spmm() names the argument that does not match the graph", () => {
  const adj = adjacency(tiny);
  assertThrows(
    () => spmm(adj, tf.zeros([2, 2]) as tf.Tensor2D),
    new RangeError("Cannot apply spmm: expected x with 3 rows, got 2"),
  );
  assertThrows(
    () => spmm(adj, tf.zeros([3]) as unknown as tf.Tensor2D),
    new RangeError("Cannot apply spmm: expected x to be 2D, got shape [3]"),
  );
  assertThrows(
    () => spmm(adj, tf.zeros([3, 2], "int32") as tf.Tensor2D),
    new TypeError("Cannot apply spmm: expected x of dtype float32, got int32"),
  );
  assertThrows(
    () => spmm(adj, tf.zeros([3, 2]) as tf.Tensor2D, tf.ones([5]) as tf.Tensor1D),
    new RangeError("Cannot apply spmm: expected edgeWeight with 4 values, got 5"),
  );
});

testOnBackends("spmm() and aggregate() follow an in-place edit of the graph", async (backend) => {
  const { graph, nodes } = randomCase(backend, 31);
  const weighted = createGraph({
    numNodes: nodes,
    edgeIndex: graph.edgeIndex,
    edgeWeight: Float32Array.from({ length: numEdges(graph) }, (_, e) => 1 + (e % 3)),
  });
  const x = randomTensor(createRng(32), [nodes, 3]) as tf.Tensor2D;
  // Run once so that every cache (CSR views, device copies, mean weights) holds the old graph.
  await values(spmm(adjacency(weighted), x));
  await values(aggregate(adjacency(weighted), x, "mean"));
  const E = numEdges(weighted);
  weighted.edgeIndex[E] = nodes - 1; // edge 0 now ends at the last node
  weighted.edgeWeight![1] = 10;
  const fresh = createGraph({
    numNodes: nodes,
    edgeIndex: weighted.edgeIndex.slice(),
    edgeWeight: weighted.edgeWeight!.slice(),
  });
  assertAllClose(
    await values(spmm(adjacency(weighted), x)),
    await values(spmm(adjacency(fresh), x)),
    { atol: 0, message: "spmm: " },
  );
  assertAllClose(
    await values(aggregate(adjacency(weighted), x, "mean")),
    await values(aggregate(adjacency(fresh), x, "mean")),
    { atol: 0, message: "mean: " },
  );
});
