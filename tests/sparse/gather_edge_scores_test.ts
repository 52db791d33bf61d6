import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { gatherEdgeScores } from "../../lib/sparse/gather_edge_scores.ts";
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

// Edges 0->1, 2->1, 1->1, 0->2.
const tiny = createGraph({ numNodes: 3, edgeIndex: [[0, 2, 1, 0], [1, 1, 1, 2]] });

testOnBackends("gatherEdgeScores() gives hand-computed scores and gradients", async () => {
  const adj = adjacency(tiny);
  const s = tf.tensor1d([1, 2, 3]);
  const t = tf.tensor1d([10, 20, 30]);
  assertAllClose(await values(gatherEdgeScores(adj, s, t)), [21, 23, 22, 31]);
  // ds[u] = out-degree of u (2, 1, 1); dt[v] = in-degree of v (0, 3, 1).
  const [gs, gt] = tf.grads((p: tf.Tensor, q: tf.Tensor) =>
    tf.sum(gatherEdgeScores(adj, p as tf.Tensor1D, q as tf.Tensor1D))
  )([s, t]);
  assertAllClose(await values(gs), [2, 1, 1]);
  assertAllClose(await values(gt), [0, 3, 1]);
});

testOnBackends("gatherEdgeScores() matches dense S s + T t with gradients", async (backend) => {
  const { nodes, graph: g, adj } = randomCase(backend, 31);
  const { S, T } = incidence(g);
  const rng = createRng(32);
  for (const shape of [[nodes, 3], [nodes]]) {
    const dense = (s: tf.Tensor, t: tf.Tensor) =>
      shape.length === 1
        ? tf.add(tf.dot(S, s), tf.dot(T, t))
        : tf.add(tf.matMul(S, s as tf.Tensor2D), tf.matMul(T, t as tf.Tensor2D));
    await assertMatchesDense(
      (s, t) => gatherEdgeScores(adj, s as tf.Tensor2D, t as tf.Tensor2D),
      dense,
      [randomTensor(rng, shape), randomTensor(rng, shape)],
      { label: `shape [${shape}]` },
    );
  }
});

testFiniteDifferenceGradients(
  "gatherEdgeScores",
  (adj, s, t) => gatherEdgeScores(adj, s as tf.Tensor2D, t as tf.Tensor2D),
  { edges: 12, graphSeed: 33, inputSeed: 34, shapes: [[6, 2], [6, 2]] },
);

testOnCpu("gatherEdgeScores() names the argument that does not match", () => {
  const adj = adjacency(tiny);
  assertThrows(
    () => gatherEdgeScores(adj, tf.zeros([3]) as tf.Tensor1D, tf.zeros([2]) as tf.Tensor1D),
    new RangeError("Cannot apply gatherEdgeScores: expected t with 3 rows, got 2"),
  );
  assertThrows(
    () =>
      gatherEdgeScores(
        adj,
        tf.zeros([3, 2]) as tf.Tensor2D,
        tf.zeros([3]) as unknown as tf.Tensor2D,
      ),
    new RangeError(
      "Cannot apply gatherEdgeScores: expected s and t with the same columns, got shapes [3, 2] and [3]",
    ),
  );
});
