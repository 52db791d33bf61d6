import * as tf from "@tensorflow/tfjs";
import { GATConv } from "../../lib/nn/gat_conv.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
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

/**
 * Dense GAT: per head k, E_ij = LeakyReLU(a_src . h_j + a_dst . h_i) over the mask of edges
 * j -> i plus the diagonal, softmax over j, then alpha H; heads concatenated or averaged, + bias.
 */
function denseGat(conv: GATConv, x: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor2D {
  const { heads, concat } = conv.options;
  const C = conv.outChannels;
  const n = x.shape[0];
  const mask = tf.logicalOr(tf.notEqual(a, 0), tf.equal(tf.eye(n), 1));
  const h = tf.matMul(x, conv.lin.weight as tf.Tensor2D);
  const outs: tf.Tensor2D[] = [];
  for (let k = 0; k < heads; k++) {
    const hk = tf.slice(h, [0, k * C], [n, C]);
    const aSrc = tf.slice(conv.attSrc, [k, 0], [1, C]);
    const aDst = tf.slice(conv.attDst, [k, 0], [1, C]);
    const s = tf.matMul(hk, aSrc, false, true); // [n, 1]: a_src . h_j
    const t = tf.matMul(hk, aDst, false, true); // [n, 1]: a_dst . h_i
    const e = tf.leakyRelu(tf.add(t, tf.transpose(s)), 0.2); // e[i, j]
    const alpha = tf.softmax(tf.where(mask, e, tf.fill([n, n], -1e30)), 1);
    outs.push(tf.matMul(alpha, hk));
  }
  const out = concat ? tf.concat(outs, 1) : tf.div(tf.addN(outs), heads);
  return tf.add(out, conv.bias!) as tf.Tensor2D;
}

for (const backend of BACKENDS) {
  for (const [heads, concat] of [[1, true], [3, true], [3, false]] as const) {
    Deno.test(`GATConv.forward() matches dense masked attention (heads ${heads}, concat ${concat}) on ${backend}`, async () => {
      await useBackend(backend);
      const g = randomGraph(10, 0.3, 21);
      const conv = new GATConv(6, 4, { heads, concat });
      randomizeParameters(conv, 22);
      const x = randomTensor(23, [10, 6]);
      const out = conv.forward(x, adjacency(g));
      assertEquals(out.shape, [10, concat ? heads * 4 : 4]);
      assertTensorClose(out, denseGat(conv, x, denseAdjacency(g)));
    });
  }

  Deno.test(`GATConv.forward() with a CSR x equals the dense result on ${backend}`, async () => {
    await useBackend(backend);
    const g = randomGraph(9, 0.3, 24);
    const adj = adjacency(g);
    const { csr, dense } = randomSparse(25, 9, 11);
    const conv = new GATConv(11, 3, { heads: 2 });
    randomizeParameters(conv, 26);
    assertTensorClose(conv.forward(csr, adj), conv.forward(dense, adj));
  });
}

Deno.test("GATConv ignores edge weights and existing self loops count once", () => {
  const g = randomGraph(8, 0.3, 27, true);
  const conv = new GATConv(5, 2, { heads: 2 });
  randomizeParameters(conv, 28);
  const x = randomTensor(29, [8, 5]);
  const unweighted = adjacency({ numNodes: g.numNodes, edgeIndex: g.edgeIndex });
  assertTensorClose(conv.forward(x, adjacency(g)), conv.forward(x, unweighted));
  assertTensorClose(conv.forward(x, unweighted), denseGat(conv, x, denseAdjacency(g)));
});

Deno.test("GATConv attention dropout is active in training only and reproducible", () => {
  const g = randomGraph(10, 0.4, 30);
  const adj = adjacency(g);
  const conv = new GATConv(4, 3, { heads: 2, dropout: 0.5 });
  const x = randomTensor(31, [10, 4]);
  const evalOut = conv.forward(x, adj);
  assertTensorClose(conv.forward(x, adj, { training: false, rng: createRng(1) }), evalOut);
  const a = conv.forward(x, adj, { training: true, rng: createRng(2) });
  const b = conv.forward(x, adj, { training: true, rng: createRng(2) });
  assertEquals(Array.from(a.dataSync()), Array.from(b.dataSync()));
  assert(
    a.dataSync().some((v, i) => Math.abs(v - evalOut.dataSync()[i]) > 1e-4),
    "dropout changed nothing in training",
  );
  assertThrows(() => conv.forward(x, adj, { training: true }), {
    message: "Cannot apply dropout: training needs options.rng (a seeded generator from createRng)",
  });
});

Deno.test("GATConv gradients reach lin, both attention vectors and the bias", () => {
  const g = randomGraph(8, 0.4, 32);
  const conv = new GATConv(5, 3, { heads: 2 });
  const x = randomTensor(33, [8, 5]);
  assertGradientsFlow(conv, () => conv.forward(x, adjacency(g)));
});

Deno.test("GATConv toString(), parameter names and errors", () => {
  const conv = new GATConv(16, 8, { heads: 8 });
  assertEquals(String(conv), "GATConv(16, 8, heads=8)");
  assertEquals(conv.namedParameters().map(([n, v]) => `${n}:${v.shape}`), [
    "lin.weight:16,64",
    "attSrc:8,8",
    "attDst:8,8",
    "bias:64",
  ]);
  const mean = new GATConv(64, 7, { concat: false, heads: 2 });
  assertEquals(mean.bias!.shape, [7]);
  assertThrows(() => new GATConv(4, 2, { heads: 0 }), {
    message: "Cannot create GATConv: heads must be a positive integer, got 0",
  });
  assertThrows(() => new GATConv(4, 2, { dropout: 1 }), {
    message: "Cannot create GATConv: dropout must be in [0, 1), got 1",
  });
  assertThrows(
    () => conv.forward(tf.ones([3, 4]) as tf.Tensor2D, adjacency(randomGraph(3, 0.5, 1))),
    {
      message: "Cannot apply GATConv: expected x with 16 columns, got 4",
    },
  );
});
