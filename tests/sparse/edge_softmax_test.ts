import * as tf from "@tensorflow/tfjs";
import { createGraph, type Graph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { edgeSoftmax } from "../../lib/sparse/edge_softmax.ts";
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

// Edges 0->1, 2->1, 1->1 (one group of three) and 1->0 (alone).
const tiny = createGraph({ numNodes: 3, edgeIndex: [[0, 2, 1, 1], [1, 1, 1, 0]] });

/**
 * Dense masked softmax: `M = T T^T` marks edge pairs with the same target; for edge e the logits
 * are the scores of the edges in its group (others masked to -1e9), `alpha_e = exp(s_e - lse_e)`.
 */
function denseSoftmax(g: Graph): (s: tf.Tensor) => tf.Tensor {
  const { T } = incidence(g);
  const same = tf.greater(tf.matMul(T, T, false, true), 0); // [E, E]
  return (s) => {
    const s2 = s.rank === 1 ? tf.expandDims(s, 1) : s; // [E, H]
    const H = s2.shape[1]!;
    const mask = tf.tile(tf.expandDims(same, 2), [1, 1, H]);
    const logits = tf.where(
      mask,
      tf.tile(tf.expandDims(s2, 0), [s2.shape[0], 1, 1]),
      tf.fill(mask.shape, -1e9),
    );
    const alpha = tf.exp(tf.sub(s2, tf.logSumExp(logits, 1)));
    return s.rank === 1 ? tf.squeeze(alpha, [1]) : alpha;
  };
}

testOnBackends("edgeSoftmax() gives hand-computed weights and gradients", async () => {
  const adj = adjacency(tiny);
  // Scores ln 1, ln 2, ln 5 into node 1 give 1/8, 2/8, 5/8; the lone edge gets 1.
  const s = tf.tensor1d([0, Math.log(2), Math.log(5), 1000]);
  assertAllClose(await values(edgeSoftmax(adj, s)), [0.125, 0.25, 0.625, 1], { atol: 1e-6 });
  // Loss = alpha_0: d/ds_j = a_0 ([j = 0] - a_j) = [7/64, -2/64, -5/64] and 0 for the lone edge.
  const grad = tf.grad((t: tf.Tensor) =>
    tf.sum(tf.mul(edgeSoftmax(adj, t as tf.Tensor1D), tf.tensor1d([1, 0, 0, 0])))
  )(s);
  assertAllClose(await values(grad), [7 / 64, -2 / 64, -5 / 64, 0], { atol: 1e-6 });
});

testOnBackends("edgeSoftmax() matches a dense masked softmax with gradients", async (backend) => {
  const { edges, graph: g, adj } = randomCase(backend, 41);
  const rng = createRng(42);
  for (const shape of [[edges], [edges, 2]]) {
    await assertMatchesDense(
      (s) => edgeSoftmax(adj, s as tf.Tensor2D),
      denseSoftmax(g),
      [tf.mul(randomTensor(rng, shape), 3)],
      { label: `shape [${shape}]` },
    );
  }
});

testOnCpu("edgeSoftmax() stays finite for huge scores", async () => {
  const alpha = edgeSoftmax(adjacency(tiny), tf.tensor1d([1e30, 1e30, -1e30, 3e38]));
  assertAllClose(await values(alpha), [0.5, 0.5, 0, 1]);
});

testFiniteDifferenceGradients(
  "edgeSoftmax",
  (adj, s) => edgeSoftmax(adj, s as tf.Tensor2D),
  { nodes: 5, edges: 12, graphSeed: 43, inputSeed: 44, shapes: [[12, 2]] },
);

testOnCpu("edgeSoftmax() names the argument that does not match", () => {
  assertThrows(
    () => edgeSoftmax(adjacency(tiny), tf.zeros([3]) as tf.Tensor1D),
    new RangeError("Cannot apply edgeSoftmax: expected scores with 4 rows, got 3"),
  );
});
