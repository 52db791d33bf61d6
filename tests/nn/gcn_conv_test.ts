import * as tf from "@tensorflow/tfjs";
import { GATConv } from "../../lib/nn/gat_conv.ts";
import { GCNConv } from "../../lib/nn/gcn_conv.ts";
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

/** Dense D^-1/2 Â D^-1/2 with Â = A whose diagonal is 1 where A had no loop (PyG's gcn_norm). */
function denseGcnNorm(a: tf.Tensor2D): tf.Tensor2D {
  const n = a.shape[0];
  const eye = tf.eye(n);
  const hasLoop = tf.notEqual(tf.mul(a, eye), 0);
  const aHat = tf.where(tf.logicalAnd(tf.equal(eye, 1), tf.logicalNot(hasLoop)), eye, a);
  const dInvSqrt = tf.rsqrt(tf.sum(aHat, 1)); // every node has a loop, so degrees are > 0
  return tf.mul(tf.mul(tf.expandDims(dInvSqrt, 1), aHat), tf.expandDims(dInvSqrt, 0));
}

for (const backend of BACKENDS) {
  for (const [fin, fout] of [[7, 3], [3, 7]]) {
    Deno.test(`GCNConv.forward() matches dense D^-1/2 (A + I) D^-1/2 X W + b (${fin} -> ${fout}) on ${backend}`, async () => {
      await useBackend(backend);
      for (const weighted of [false, true]) {
        const g = randomGraph(9, 0.3, 4, weighted);
        const conv = new GCNConv(fin, fout);
        randomizeParameters(conv, 5);
        const x = randomTensor(6, [9, fin]);
        const expected = tf.add(
          tf.matMul(tf.matMul(denseGcnNorm(denseAdjacency(g)), x), conv.weight as tf.Tensor2D),
          conv.bias!,
        );
        assertTensorClose(conv.forward(x, adjacency(g)), expected, 1e-5, `weighted ${weighted}: `);
      }
    });
  }

  Deno.test(`GCNConv.forward() with a CSR x equals the dense result on ${backend}`, async () => {
    await useBackend(backend);
    const g = randomGraph(9, 0.3, 7);
    const adj = adjacency(g);
    const { csr, dense } = randomSparse(8, 9, 12);
    for (const fout of [4, 20]) {
      const conv = new GCNConv(12, fout);
      randomizeParameters(conv, 9);
      assertTensorClose(conv.forward(csr, adj), conv.forward(dense, adj));
    }
  });
}

Deno.test("GCNConv with normalize false propagates over A as is, without self loops", () => {
  const g = randomGraph(8, 0.3, 10, true);
  const conv = new GCNConv(5, 2, { normalize: false, bias: false });
  const x = randomTensor(11, [8, 5]);
  const expected = tf.matMul(tf.matMul(denseAdjacency(g), x), conv.weight as tf.Tensor2D);
  assertTensorClose(conv.forward(x, adjacency(g)), expected);
  assertEquals(conv.namedParameters().map(([n]) => n), ["weight"]);
});

Deno.test("GCNConv with addSelfLoops false normalises A without loops", () => {
  const g = randomGraph(8, 0.4, 12);
  const a = denseAdjacency(g);
  const conv = new GCNConv(4, 2, { addSelfLoops: false, bias: false });
  const x = randomTensor(13, [8, 4]);
  const deg = tf.sum(a, 1);
  const dInv = tf.where(tf.greater(deg, 0), tf.rsqrt(deg), tf.zerosLike(deg));
  const norm = tf.mul(tf.mul(tf.expandDims(dInv, 1), a), tf.expandDims(dInv, 0));
  assertTensorClose(
    conv.forward(x, adjacency(g)),
    tf.matMul(tf.matMul(norm, x), conv.weight as tf.Tensor2D),
  );
});

Deno.test("GCNConv caches the normalised adjacency per input adjacency unless cached is false", () => {
  const g = randomGraph(6, 0.4, 14);
  const adj = adjacency(g);
  const cached = new GCNConv(3, 2);
  assert(cached.propagationAdjacency(adj) === cached.propagationAdjacency(adj));
  assert(new GCNConv(3, 2).propagationAdjacency(adj) === cached.propagationAdjacency(adj));
  const copy = adjacency({ ...g, edgeIndex: g.edgeIndex.slice() }); // another graph, same edges
  assert(cached.propagationAdjacency(copy) !== cached.propagationAdjacency(adj));
  const fresh = new GCNConv(3, 2, { cached: false });
  assert(fresh.propagationAdjacency(adj) !== fresh.propagationAdjacency(adj));
});

Deno.test("GCNConv and GATConv follow an in-place edit of the graph through adjacency()", async () => {
  await useBackend("cpu");
  const g = randomGraph(6, 0.4, 16, true);
  const x = randomTensor(17, [6, 3]);
  for (const conv of [new GCNConv(3, 2), new GATConv(3, 2, { heads: 2 })]) {
    randomizeParameters(conv, 18);
    const before = conv.propagationAdjacency(adjacency(g));
    assert(conv.propagationAdjacency(adjacency(g)) === before, `${conv}: unchanged graph, cached`);
    conv.forward(x, adjacency(g)).dispose();
    const E = g.edgeIndex.length / 2;
    const saved = [g.edgeIndex[0], g.edgeWeight![0]];
    // Edge 0 gets another source (neither its old one nor its target) and another weight.
    const next = (saved[0] + 1) % 6;
    g.edgeIndex[0] = next === g.edgeIndex[E] ? (next + 1) % 6 : next;
    g.edgeWeight![0] = 9;
    const fresh = { ...g, edgeIndex: g.edgeIndex.slice(), edgeWeight: g.edgeWeight!.slice() };
    assert(conv.propagationAdjacency(adjacency(g)) !== before, `${conv}: edited graph, rebuilt`);
    assertTensorClose(conv.forward(x, adjacency(g)), conv.forward(x, adjacency(fresh)), 0);
    [g.edgeIndex[0], g.edgeWeight![0]] = saved;
  }
});

Deno.test("GCNConv gradients reach the weight and bias", () => {
  const g = randomGraph(8, 0.3, 15);
  const conv = new GCNConv(5, 3);
  const x = randomTensor(16, [8, 5]);
  assertGradientsFlow(conv, () => conv.forward(x, adjacency(g)));
});

Deno.test("GCNConv toString(), parameter names and errors", () => {
  const conv = new GCNConv(16, 32);
  assertEquals(String(conv), "GCNConv(16, 32)");
  assertEquals(conv.namedParameters().map(([n, v]) => `${n}:${v.shape}`), [
    "weight:16,32",
    "bias:32",
  ]);
  const adj = adjacency(randomGraph(4, 0.5, 1));
  assertThrows(() => conv.forward(tf.ones([4, 12]) as tf.Tensor2D, adj), {
    message: "Cannot apply GCNConv: expected x with 16 columns, got 12",
  });
  assertThrows(() => conv.forward(tf.ones([5, 16]) as tf.Tensor2D, adj), {
    message: "Cannot apply GCNConv: expected x with 4 rows (one per node), got 5",
  });
  assertThrows(() => new GCNConv(16, 1.5), {
    message: "Cannot create GCNConv: outChannels must be a positive integer, got 1.5",
  });
});
