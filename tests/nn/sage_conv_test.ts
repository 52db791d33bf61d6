import * as tf from "@tensorflow/tfjs";
import { SAGEConv } from "../../lib/nn/sage_conv.ts";
import type { Aggregation } from "../../lib/sparse/aggregate.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { assertEquals, assertThrows } from "../_assert.ts";
import {
  assertGradientsFlow,
  assertTensorClose,
  BACKENDS,
  denseAdjacency,
  randomGraph,
  randomizeParameters,
  randomSparse,
  randomTensor,
  useBackend,
} from "./_fixtures.ts";

/** Dense neighbour aggregation over A[v, u] (0 for nodes without incoming edges). */
function denseAggregate(a: tf.Tensor2D, x: tf.Tensor2D, reduce: Aggregation): tf.Tensor2D {
  const deg = tf.sum(a, 1, true);
  if (reduce === "sum") return tf.matMul(a, x);
  if (reduce === "mean") return tf.div(tf.matMul(a, x), tf.maximum(deg, 1));
  // max: x[u] where u -> v, -inf elsewhere, reduced over u; rows without neighbours give 0.
  const masked = tf.where(
    tf.expandDims(tf.notEqual(a, 0), 2),
    tf.expandDims(x, 0).tile([a.shape[0], 1, 1]),
    tf.fill([a.shape[0], a.shape[1], x.shape[1]], -1e30),
  );
  return tf.where(
    tf.greater(tf.tile(deg, [1, x.shape[1]]), 0),
    tf.max(masked, 1),
    0,
  ) as tf.Tensor2D;
}

for (const backend of BACKENDS) {
  for (const aggregation of ["mean", "sum", "max"] as const) {
    for (const [fin, fout] of [[7, 3], [3, 7]]) {
      Deno.test(`SAGEConv.forward() matches dense X W_1 + ${aggregation}(A, X) W_2 + b (${fin} -> ${fout}) on ${backend}`, async () => {
        await useBackend(backend);
        const g = randomGraph(9, 0.3, 41, true);
        const conv = new SAGEConv(fin, fout, { aggregation });
        randomizeParameters(conv, 42);
        const x = randomTensor(43, [9, fin]);
        const a = tf.cast(tf.notEqual(denseAdjacency(g), 0), "float32") as tf.Tensor2D;
        const expected = tf.add(
          tf.add(
            tf.matMul(x, conv.linR!.weight as tf.Tensor2D),
            tf.matMul(denseAggregate(a, x, aggregation), conv.linL.weight as tf.Tensor2D),
          ),
          conv.linL.bias!,
        );
        assertTensorClose(conv.forward(x, adjacency(g)), expected);
      });
    }
  }

  Deno.test(`SAGEConv.forward() with a CSR x equals the dense result on ${backend}`, async () => {
    await useBackend(backend);
    const adj = adjacency(randomGraph(9, 0.3, 44));
    const { csr, dense } = randomSparse(45, 9, 12);
    for (const aggregation of ["mean", "sum", "max"] as const) {
      for (const fout of [4, 20]) {
        const conv = new SAGEConv(12, fout, { aggregation });
        randomizeParameters(conv, 46);
        assertTensorClose(
          conv.forward(csr, adj),
          conv.forward(dense, adj),
          1e-5,
          `${aggregation}: `,
        );
      }
    }
  });
}

Deno.test("SAGEConv without root weight uses the neighbours only", () => {
  const g = randomGraph(8, 0.3, 47);
  const conv = new SAGEConv(4, 2, { rootWeight: false });
  randomizeParameters(conv, 48);
  const x = randomTensor(49, [8, 4]);
  const expected = tf.add(
    tf.matMul(denseAggregate(denseAdjacency(g), x, "mean"), conv.linL.weight as tf.Tensor2D),
    conv.linL.bias!,
  );
  assertTensorClose(conv.forward(x, adjacency(g)), expected);
  assertEquals(conv.namedParameters().map(([n]) => n), ["linL.weight", "linL.bias"]);
});

Deno.test("SAGEConv gradients reach lin_l and lin_r", () => {
  const g = randomGraph(8, 0.4, 50);
  const conv = new SAGEConv(5, 3);
  const x = randomTensor(51, [8, 5]);
  assertGradientsFlow(conv, () => conv.forward(x, adjacency(g)));
});

Deno.test("SAGEConv toString(), parameter names and errors", () => {
  const conv = new SAGEConv(16, 32);
  assertEquals(String(conv), "SAGEConv(16, 32, aggr=mean)");
  assertEquals(String(new SAGEConv(4, 2, { aggregation: "max" })), "SAGEConv(4, 2, aggr=max)");
  assertEquals(conv.namedParameters().map(([n, v]) => `${n}:${v.shape}`), [
    "linL.weight:16,32",
    "linL.bias:32",
    "linR.weight:16,32",
  ]);
  assertThrows(() => new SAGEConv(4, 2, { aggregation: "median" as Aggregation }), {
    message: 'Cannot create SAGEConv: aggregation must be one of mean, max, sum, got "median"',
  });
  assertThrows(
    () => conv.forward(tf.ones([3, 4]) as tf.Tensor2D, adjacency(randomGraph(3, 0.5, 1))),
    {
      message: "Cannot apply SAGEConv: expected x with 16 columns, got 4",
    },
  );
});
