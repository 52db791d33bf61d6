import * as tf from "@tensorflow/tfjs";
import { finiteDifferences as centralDifferences, rows } from "./_learner_fixtures.ts";
import {
  DENSE_MAX_NODES,
  DenseGraphLearner,
  denseToLearnedGraph,
} from "../../lib/structure/dense_graph_learner.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "../_assert.ts";
import { BACKENDS, randomTensor, useBackend } from "../nn/_fixtures.ts";

/** Float64 reference of the learner: softmax(relu(X W X^T + b)), rows, optionally masked. */
function referenceA(x: number[][], w: number[][], b: number, maskZeros: boolean): number[][] {
  const xw = x.map((xi) => w[0].map((_, c) => xi.reduce((s, v, k) => s + v * w[k][c], 0)));
  return xw.map((xwi, i) => {
    const s = x.map((xj) => Math.max(0, xwi.reduce((t, v, k) => t + v * xj[k], 0) + b));
    const keep = s.map((v) => !maskZeros || v > 0);
    if (!keep.some(Boolean)) return s.map((_, j) => (j === i ? 1 : 0));
    const e = s.map((v, j) => (keep[j] ? Math.exp(v) : 0));
    const z = e.reduce((p, q) => p + q, 0);
    return e.map((v) => v / z);
  });
}

/** A learner with W and b set to the given values. */
function learnerWith(w: number[][], b: number, maskZeros: boolean): DenseGraphLearner {
  const learner = new DenseGraphLearner({ inChannels: w.length, maskZeros });
  learner.weight.assign(tf.tensor2d(w));
  learner.bias!.assign(tf.scalar(b));
  return learner;
}

for (const backend of BACKENDS) {
  Deno.test(`DenseGraphLearner.forward() returns [N, N] rows summing to 1 on ${backend}`, async () => {
    await useBackend(backend);
    for (const maskZeros of [false, true]) {
      const learner = new DenseGraphLearner({ inChannels: 5, maskZeros, init: "glorot", seed: 3 });
      const a = learner.forward(randomTensor(1, [12, 5]));
      assertEquals(a.shape, [12, 12]);
      const values = a.dataSync();
      assert(values.every((v) => v >= 0 && Number.isFinite(v)), "entries must be finite, >= 0");
      assertAllClose(tf.sum(a, 1).dataSync(), new Array(12).fill(1), { atol: 1e-5 });
      // Without the mask no entry is 0 (exp(0) = 1 > 0); with it, the relu zeros are exact zeros.
      assertEquals(values.some((v) => v === 0), maskZeros, `zeros with maskZeros ${maskZeros}`);
    }
  });

  Deno.test(`DenseGraphLearner.forward() matches a hand computation on 3 x 2 on ${backend}`, async () => {
    await useBackend(backend);
    // X = [[1, 0], [0, 1], [1, 1]], W = [[1, 0.5], [-1, 2]], b = -0.5:
    // X W = [[1, 0.5], [-1, 2], [0, 2.5]]; X W X^T = [[1, 0.5, 1.5], [-1, 2, 1], [0, 2.5, 2.5]];
    // + b, relu: S = [[0.5, 0, 1], [0, 1.5, 0.5], [0, 2, 2]].
    const x = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
    const w = [[1, 0.5], [-1, 2]];
    const e = Math.E;
    const h = Math.sqrt(e); // e^0.5
    const plain = [
      [h, 1, e].map((v) => v / (h + 1 + e)),
      [1, e * h, h].map((v) => v / (1 + e * h + h)),
      [1, e * e, e * e].map((v) => v / (1 + 2 * e * e)),
    ];
    // Masked: the zeros of S leave the softmax; row 2 splits evenly between its two equal scores.
    const masked = [
      [h, 0, e].map((v) => v / (h + e)),
      [0, e * h, h].map((v) => v / (e * h + h)),
      [0, 0.5, 0.5],
    ];
    assertAllClose(learnerWith(w, -0.5, false).forward(x).dataSync(), plain.flat(), {
      atol: 1e-6,
    });
    assertAllClose(learnerWith(w, -0.5, true).forward(x).dataSync(), masked.flat(), {
      atol: 1e-6,
    });
    assertAllClose(
      learnerWith(w, -0.5, true).scores(x).dataSync(),
      [0.5, 0, 1, 0, 1.5, 0.5, 0, 2, 2],
      { atol: 1e-6 },
    );
  });
}

/** Central finite differences of `f` at `at`, one per entry. */
// The shared float64 helper, on plain arrays.
const finiteDifferences = (at: number[], f: (v: number[]) => number, step = 1e-5): number[] =>
  Array.from(centralDifferences((v) => f(Array.from(v)), at, step));

for (const backend of BACKENDS) {
  Deno.test(`DenseGraphLearner gradients w.r.t. W, b and X match finite differences on ${backend}`, async () => {
    await useBackend(backend);
    const [n, d, b0] = [6, 3, 0.1];
    const x = randomTensor(11, [n, d]);
    const r = randomTensor(12, [n, n]).dataSync(); // loss = sum(A * R)
    const x0 = Array.from(x.dataSync());
    for (const maskZeros of [false, true]) {
      const learner = new DenseGraphLearner({ inChannels: d, maskZeros, init: "glorot", seed: 4 });
      learner.bias!.assign(tf.scalar(b0));
      const w0 = Array.from(learner.weight.dataSync());
      const loss = (xs: number[], w: number[], b: number) =>
        referenceA(rows(xs, d), rows(w, d), b, maskZeros).flat()
          .reduce((s, v, i) => s + v * r[i], 0);
      // Finite differences only hold away from relu's kink (and the mask's jump) at 0.
      const pre = tf.add(tf.matMul(tf.matMul(x, learner.weight), x, false, true), b0).dataSync();
      assert(pre.some((v) => v < 0) && pre.every((v) => Math.abs(v) > 1e-2), "scores near 0");
      const f = (xt: tf.Tensor2D) => tf.sum(tf.mul(learner.forward(xt), tf.tensor2d(r, [n, n])));
      const { grads } = tf.variableGrads(() => f(x) as tf.Scalar, [learner.weight, learner.bias!]);
      const gradX = tf.grad((xt) => f(xt as tf.Tensor2D))(x);
      const fdW = finiteDifferences(w0, (w) => loss(x0, w, b0));
      const fdB = finiteDifferences([b0], ([b]) => loss(x0, w0, b));
      const fdX = finiteDifferences(x0, (xs) => loss(xs, w0, b0));
      const message = `maskZeros ${maskZeros}: `;
      assertAllClose(grads[learner.weight.name].dataSync(), fdW, { atol: 1e-4, message });
      assertAllClose(grads[learner.bias!.name].dataSync(), fdB, { atol: 1e-4, message });
      assertAllClose(gradX.dataSync(), fdX, { atol: 1e-4, message });
      assert(fdW.some((g) => Math.abs(g) > 1e-2), "the test needs a nonzero gradient");
    }
  });
}

Deno.test("DenseGraphLearner with maskZeros turns a row without positive scores into a self loop", async () => {
  await useBackend("cpu");
  // Node 2 has zero features, so its scores are all relu(0 + b) = 0 with b = 0: no kept entry.
  const x = tf.tensor2d([[1, 0], [0.5, 0.5], [0, 0]]);
  const learner = learnerWith([[1, 0], [0, 1]], 0, true);
  const a = learner.forward(x).arraySync();
  assertEquals(a[2], [0, 0, 1]);
  assertEquals(a[0][2], 0);
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.mul(learner.forward(x), randomTensor(3, [3, 3]))) as tf.Scalar,
    [learner.weight, learner.bias!],
  );
  for (const g of Object.values(grads)) {
    assert(g.dataSync().every(Number.isFinite), "gradients must be finite");
  }
  // Every score <= 0: the identity with maskZeros, the uniform matrix without.
  const negative = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
  assertEquals(learnerWith([[1, 0], [0, 1]], -10, true).forward(negative).arraySync(), [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]);
  assertAllClose(
    learnerWith([[1, 0], [0, 1]], -10, false).forward(negative).dataSync(),
    new Array(9).fill(1 / 3),
    { atol: 1e-6 },
  );
});

Deno.test("DenseGraphLearner initialises W = I / sqrt(d) or Glorot from the seed", () => {
  const identity = new DenseGraphLearner({ inChannels: 4 });
  assertAllClose(identity.weight.dataSync(), tf.mul(tf.eye(4), 0.5).dataSync());
  assertEquals(identity.namedParameters().map(([name]) => name), ["weight", "bias"]);
  assertEquals(identity.toString(), "DenseGraphLearner(4)");
  const a = new DenseGraphLearner({ inChannels: 4, init: "glorot", seed: 7, bias: false });
  const b = new DenseGraphLearner({ inChannels: 4, init: "glorot", seed: 7, maskZeros: true });
  const c = new DenseGraphLearner({ inChannels: 4, init: "glorot", seed: 8 });
  assertEquals(a.weight.dataSync(), b.weight.dataSync());
  assert(a.weight.dataSync().some((v, i) => v !== c.weight.dataSync()[i]), "seeds must differ");
  assertEquals(a.namedParameters().map(([name]) => name), ["weight"]);
  assertEquals(b.toString(), "DenseGraphLearner(4, maskZeros)");
});

Deno.test("DenseGraphLearner rejects too many nodes, naming the limit and the scalable learners", () => {
  assertEquals(DENSE_MAX_NODES, 5000);
  const learner = new DenseGraphLearner({ inChannels: 2 });
  assertThrows(
    () => learner.forward(tf.zeros([5001, 2]) as tf.Tensor2D),
    /5001 nodes exceed its limit of 5000 .*WeightedCosineLearner .*AnchorGraphLearner/,
  );
  const small = new DenseGraphLearner({ inChannels: 2, maxNodes: 3 });
  assertThrows(() => small.forward(tf.zeros([4, 2]) as tf.Tensor2D), /limit of 3/);
  assertEquals(small.forward(tf.zeros([3, 2]) as tf.Tensor2D).shape, [3, 3]);
});

Deno.test("DenseGraphLearner rejects bad options and inputs", () => {
  assertThrows(() => new DenseGraphLearner({ inChannels: 0 }), /inChannels must be a positive/);
  assertThrows(
    // @ts-expect-error: an unknown init
    () => new DenseGraphLearner({ inChannels: 2, init: "zeros" }),
    /init must be "identity" or "glorot", got zeros/,
  );
  const learner = new DenseGraphLearner({ inChannels: 2 });
  assertThrows(() => learner.forward(tf.zeros([3, 4]) as tf.Tensor2D), /expected x with 2 columns/);
});

for (const backend of BACKENDS) {
  Deno.test(`denseToLearnedGraph keeps the top-k entries per row with gradients to A on ${backend}`, async () => {
    await useBackend(backend);
    const a = tf.tensor2d([[0.1, 0.6, 0.3], [0, 0, 1], [0.4, 0.4, 0.2]]);
    const all = denseToLearnedGraph(a);
    // Every nonzero A[i, j] becomes the edge j -> i, rows in order, largest first, ties by j.
    assertEquals(Array.from(all.graph.edgeIndex), [1, 2, 0, 2, 0, 1, 2, 0, 0, 0, 1, 2, 2, 2]);
    assertAllClose(all.weights.dataSync(), [0.6, 0.3, 0.1, 1, 0.4, 0.4, 0.2]);
    const top = denseToLearnedGraph(a, { k: 1 });
    assertEquals(Array.from(top.graph.edgeIndex), [1, 2, 0, 0, 1, 2]);
    const g = tf.grad((m) => tf.sum(denseToLearnedGraph(m as tf.Tensor2D, { k: 1 }).weights))(a);
    assertEquals(Array.from(g.dataSync()), [0, 1, 0, 0, 0, 1, 1, 0, 0]);
    assertThrows(() => denseToLearnedGraph(a, { k: 0 }), /k must be a positive integer, got 0/);
    assertThrows(() => denseToLearnedGraph(tf.zeros([2, 3]) as tf.Tensor2D), /square a \[N, N\]/);
  });
}

Deno.test("DenseGraphLearner.forward() and its gradient leave no tensors behind", async () => {
  await useBackend("cpu");
  const x = randomTensor(1, [7, 3]);
  for (const maskZeros of [false, true]) {
    const learner = new DenseGraphLearner({ inChannels: 3, maskZeros, bias: true });
    learner.bias!.assign(tf.scalar(-0.5)); // some empty rows too
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.variableGrads(() => tf.sum(learner.forward(x)) as tf.Scalar, learner.parameters());
      learner.scores(x);
    });
    assertEquals(tf.memory().numTensors, before, `maskZeros ${maskZeros}`);
  }
});
