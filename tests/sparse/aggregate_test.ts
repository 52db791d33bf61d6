import * as tf from "@tensorflow/tfjs";
import { createGraph, type Graph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { aggregate, type Aggregation } from "../../lib/sparse/aggregate.ts";
import { assertAllClose, assertThrows } from "../_assert.ts";
import {
  assertMatchesDense,
  assertMatchesFiniteDifferences,
  incidence,
  randomCase,
  randomGraph,
  randomTensor,
  testOnBackends,
  testOnCpu,
  values,
} from "./_fixtures.ts";

// Edges 0->2, 1->2, 1->2 (duplicate), 2->0; node 1 has no incoming edge.
const tiny = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [2, 2, 2, 0]] });
const x = [[1, 9], [5, 2], [7, 7]];

/**
 * Dense references: `C = T^T S` counts edges `u -> v`; sum = `C x`, mean = `C x / rowsum(C)`. Max
 * masks `x[u]` by `C[v, u] > 0` and takes the max over `u` (duplicates do not change a max, and
 * with distinct sources tf.max's gradient goes to the single max like ours); no in-edges give 0.
 */
function dense(g: Graph, reduce: Aggregation): (x: tf.Tensor) => tf.Tensor {
  const { S, T } = incidence(g);
  const C = tf.matMul(T, S, true); // [N, N]
  const deg = tf.sum(C, 1, true);
  if (reduce === "sum") return (x) => tf.matMul(C, x);
  if (reduce === "mean") return (x) => tf.div(tf.matMul(C, x), tf.maximum(deg, 1));
  const has = tf.expandDims(tf.greater(C, 0), 2); // [N, N, 1]
  return (x) => {
    const [N, F] = x.shape as [number, number];
    const masked = tf.where(
      tf.tile(has, [1, 1, F]),
      tf.tile(tf.expandDims(x, 0), [N, 1, 1]),
      tf.fill([N, N, F], -1e9),
    );
    return tf.where(tf.tile(tf.greater(deg, 0), [1, F]), tf.max(masked, 1), tf.zeros([N, F]));
  };
}

testOnBackends("aggregate() gives hand-computed values and gradients", async () => {
  const adj = adjacency(tiny);
  const xt = tf.tensor2d(x);
  const cases: [Aggregation, number[], number[]][] = [
    // Node 2 gets x0 + 2 x1, node 0 gets x2; dx = out-degree (1, 2, 1) per row.
    ["sum", [7, 7, 0, 0, 11, 13], [1, 1, 2, 2, 1, 1]],
    // Node 2 averages three messages: dx0 = 1/3, dx1 = 2/3, dx2 = 1.
    ["mean", [7, 7, 0, 0, 11 / 3, 13 / 3], [1 / 3, 1 / 3, 2 / 3, 2 / 3, 1, 1]],
    // Node 2: max(1, 5) = 5 from x1, max(9, 2) = 9 from x0; node 0 copies x2.
    ["max", [7, 7, 0, 0, 5, 9], [0, 1, 1, 0, 1, 1]],
  ];
  for (const [reduce, want, wantGrad] of cases) {
    assertAllClose(await values(aggregate(adj, xt, reduce)), want, {
      atol: 1e-6,
      message: `${reduce}: `,
    });
    const grad = tf.grad((a: tf.Tensor) => tf.sum(aggregate(adj, a as tf.Tensor2D, reduce)))(xt);
    assertAllClose(await values(grad), wantGrad, { atol: 1e-6, message: `${reduce} grad: ` });
  }
});

testOnBackends("aggregate() matches dense sum, mean and max with gradients", async (backend) => {
  const { nodes, graph: g, adj } = randomCase(backend, 51);
  const xt = randomTensor(createRng(52), [nodes, 3]);
  for (const reduce of ["sum", "mean", "max"] as const) {
    await assertMatchesDense(
      (a) => aggregate(adj, a as tf.Tensor2D, reduce),
      dense(g, reduce),
      [xt],
      { label: reduce },
    );
  }
});

testOnCpu("aggregate() gradients agree with finite differences", async () => {
  const adj = adjacency(randomGraph(6, 14, 53));
  const xt = randomTensor(createRng(54), [6, 2]);
  for (const reduce of ["mean", "max"] as const) {
    // max is piecewise linear; random normal entries are far enough apart that h = 1e-3 does
    // not change which neighbour wins.
    await assertMatchesFiniteDifferences((a) => aggregate(adj, a as tf.Tensor2D, reduce), [xt], {
      h: reduce === "max" ? 1e-3 : 1e-2,
    });
  }
});

testOnCpu("aggregate() rejects an unknown reduction and a mismatched x", () => {
  const adj = adjacency(tiny);
  assertThrows(
    () => aggregate(adj, tf.zeros([3, 1]) as tf.Tensor2D, "min" as Aggregation),
    new RangeError("Cannot apply aggregate: expected reduce to be one of sum, mean, max, got min"),
  );
  assertThrows(
    () => aggregate(adj, tf.zeros([4, 1]) as tf.Tensor2D, "sum"),
    new RangeError("Cannot apply aggregate: expected x with 3 rows, got 4"),
  );
});

testOnBackends("aggregate() max sends a tie's gradient to the first edge", async () => {
  // Edges 1->2 then 0->2 carry equal values: edge 0 (from node 1) comes first and wins.
  const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[1, 0], [2, 2]] }));
  const grad = tf.grad((a: tf.Tensor) => tf.sum(aggregate(adj, a as tf.Tensor2D, "max")))(
    tf.tensor2d([[4], [4], [0]]),
  );
  assertAllClose(await values(grad), [0, 1, 0]);
});
