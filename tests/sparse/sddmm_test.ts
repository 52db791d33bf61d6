import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { sddmm } from "../../lib/sparse/sddmm.ts";
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

// Edges 0->1, 2->1, 1->1.
const tiny = createGraph({ numNodes: 3, edgeIndex: [[0, 2, 1], [1, 1, 1]] });

testOnBackends("sddmm() gives hand-computed scores and gradients", async () => {
  const adj = adjacency(tiny);
  const a = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
  const b = tf.tensor2d([[0, 0], [1, 10], [0, 0]]);
  // dot(a[u], b[1]) for u = 0, 2, 1: 21, 65, 43.
  assertAllClose(await values(sddmm(adj, a, b)), [21, 65, 43]);
  // d sum / da[u] = b[1] for each of u's out-edges; d sum / db[1] = a0 + a2 + a1 = [9, 12].
  const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) =>
    tf.sum(sddmm(adj, p as tf.Tensor2D, q as tf.Tensor2D))
  )([a, b]);
  assertAllClose(await values(ga), [1, 10, 1, 10, 1, 10]);
  assertAllClose(await values(gb), [0, 0, 9, 12, 0, 0]);
});

testOnBackends("sddmm() matches dense sum((S a) * (T b), 1) with gradients", async (backend) => {
  const { nodes, graph: g } = randomCase(backend, 21);
  const { S, T } = incidence(g);
  const rng = createRng(22);
  await assertMatchesDense(
    (a, b) => sddmm(adjacency(g), a as tf.Tensor2D, b as tf.Tensor2D),
    (a, b) => tf.sum(tf.mul(tf.matMul(S, a), tf.matMul(T, b)), 1),
    [randomTensor(rng, [nodes, 4]), randomTensor(rng, [nodes, 4])],
  );
});

testFiniteDifferenceGradients(
  "sddmm",
  (adj, a, b) => sddmm(adj, a as tf.Tensor2D, b as tf.Tensor2D),
  { edges: 12, graphSeed: 23, inputSeed: 24, shapes: [[6, 3], [6, 3]] },
);

testOnCpu("sddmm() names the argument that does not match", () => {
  const adj = adjacency(tiny);
  assertThrows(
    () => sddmm(adj, tf.zeros([4, 2]) as tf.Tensor2D, tf.zeros([3, 2]) as tf.Tensor2D),
    new RangeError("Cannot apply sddmm: expected a with 3 rows, got 4"),
  );
  assertThrows(
    () => sddmm(adj, tf.zeros([3, 2]) as tf.Tensor2D, tf.zeros([3, 5]) as tf.Tensor2D),
    new RangeError(
      "Cannot apply sddmm: expected a and b with the same columns, got shapes [3, 2] and [3, 5]",
    ),
  );
});
