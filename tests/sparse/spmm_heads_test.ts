import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { spmmHeads } from "../../lib/sparse/spmm_heads.ts";
import { assertAllClose, assertThrows } from "../_assert.ts";
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

// Edges 0->2, 1->2, 2->0, 0->0; two heads of two columns each.
const tiny = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 2, 0], [2, 2, 0, 0]] });
const x = [[1, 2, 3, 4], [10, 20, 30, 40], [100, 200, 300, 400]];
const w = [[1, 2], [3, 4], [5, 6], [7, 8]];

testOnBackends("spmmHeads() gives hand-computed values and gradients", async () => {
  const adj = adjacency(tiny);
  const xt = tf.tensor2d(x);
  const wt = tf.tensor2d(w);
  // out[0] = w[2] x2 + w[3] x0 per head: head 0: 5 [100, 200] + 7 [1, 2] = [507, 1014];
  // head 1: 6 [300, 400] + 8 [3, 4] = [1824, 2432]. out[2] = w[0] x0 + w[1] x1: head 0:
  // [1, 2] + 3 [10, 20] = [31, 62]; head 1: 2 [3, 4] + 4 [30, 40] = [126, 168]. out[1] = 0.
  assertAllClose(await values(spmmHeads(adj, xt, wt)), [
    ...[507, 1014, 1824, 2432],
    ...[0, 0, 0, 0],
    ...[31, 62, 126, 168],
  ]);
  // d sum(out) / dx[u, head h] = sum of w[e, h] over u's out-edges: u0: edges 0, 3 -> [8, 10];
  // u1: edge 1 -> [3, 4]; u2: edge 2 -> [5, 6]. d sum(out) / dw[e, h] = sum of x[src_e, head h].
  const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(spmmHeads(adj, a as tf.Tensor2D, b as tf.Tensor2D))
  )([xt, wt]);
  assertAllClose(await values(gx), [8, 8, 10, 10, 3, 3, 4, 4, 5, 5, 6, 6]);
  assertAllClose(await values(gw), [3, 7, 30, 70, 300, 700, 3, 7]);
});

testOnBackends("spmmHeads() matches a dense reference per head", async (backend) => {
  const { nodes, edges, graph: g, adj } = randomCase(backend, 1);
  const { S, T } = incidence(g);
  const rng = createRng(2);
  // C = 5 exercises both the 4-wide and the leftover columns.
  for (const [H, C] of [[3, 5], [2, 8], [1, 6]]) {
    const xt = randomTensor(rng, [nodes, H * C]);
    const wt = randomTensor(rng, [edges, H]);
    const dense = (a: tf.Tensor, b: tf.Tensor) =>
      tf.concat(
        Array.from({ length: H }, (_, h) => {
          const xh = tf.slice(a, [0, h * C], [nodes, C]);
          const wh = tf.slice(b, [0, h], [edges, 1]);
          return tf.matMul(T, tf.mul(wh, tf.matMul(S, xh)), true);
        }),
        1,
      );
    await assertMatchesDense(
      (a, b) => spmmHeads(adj, a as tf.Tensor2D, b as tf.Tensor2D),
      dense,
      [xt, wt],
      { label: `H=${H} C=${C}` },
    );
  }
});

testFiniteDifferenceGradients(
  "spmmHeads",
  (adj, a, b) => spmmHeads(adj, a as tf.Tensor2D, b as tf.Tensor2D),
  { edges: 14, graphSeed: 5, inputSeed: 6, shapes: [[6, 6], [14, 2]] },
);

testOnCpu("spmmHeads() names the argument that does not match", () => {
  const adj = adjacency(tiny);
  assertThrows(
    () => spmmHeads(adj, tf.zeros([3, 5]) as tf.Tensor2D, tf.ones([4, 2]) as tf.Tensor2D),
    new RangeError(
      "Cannot apply spmmHeads: expected x columns (5) to be a multiple of the 2 heads in weights",
    ),
  );
  assertThrows(
    () => spmmHeads(adj, tf.zeros([3, 4]) as tf.Tensor2D, tf.ones([3, 2]) as tf.Tensor2D),
    new RangeError("Cannot apply spmmHeads: expected weights with 4 rows, got 3"),
  );
  assertThrows(
    () => spmmHeads(adj, tf.zeros([2, 4]) as tf.Tensor2D, tf.ones([4, 2]) as tf.Tensor2D),
    new RangeError("Cannot apply spmmHeads: expected x with 3 rows, got 2"),
  );
});
