import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { sddmm } from "../../lib/sparse/sddmm.ts";
import { assertAllClose, assertThrows } from "../_assert.ts";
import {
  assertMatchesDense,
  assertMatchesFiniteDifferences,
  BACKENDS,
  incidence,
  randomGraph,
  randomTensor,
  sizeFor,
  useBackend,
  values,
} from "./_fixtures.ts";

// Edges 0->1, 2->1, 1->1.
const tiny = createGraph({ numNodes: 3, edgeIndex: [[0, 2, 1], [1, 1, 1]] });

for (const backend of BACKENDS) {
  Deno.test(`sddmm() gives hand-computed scores and gradients on ${backend}`, async () => {
    await useBackend(backend);
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

  Deno.test(`sddmm() matches dense sum((S a) * (T b), 1) with gradients on ${backend}`, async () => {
    await useBackend(backend);
    const { nodes, edges } = sizeFor(backend);
    const g = randomGraph(nodes, edges, 21);
    const { S, T } = incidence(g);
    const rng = createRng(22);
    await assertMatchesDense(
      (a, b) => sddmm(adjacency(g), a as tf.Tensor2D, b as tf.Tensor2D),
      (a, b) => tf.sum(tf.mul(tf.matMul(S, a), tf.matMul(T, b)), 1),
      [randomTensor(rng, [nodes, 4]), randomTensor(rng, [nodes, 4])],
    );
  });
}

Deno.test("sddmm() gradients agree with finite differences", async () => {
  await useBackend("cpu");
  const adj = adjacency(randomGraph(6, 12, 23));
  const rng = createRng(24);
  await assertMatchesFiniteDifferences(
    (a, b) => sddmm(adj, a as tf.Tensor2D, b as tf.Tensor2D),
    [randomTensor(rng, [6, 3]), randomTensor(rng, [6, 3])],
  );
});

Deno.test("sddmm() names the argument that does not match", async () => {
  await useBackend("cpu");
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
