import * as tf from "@tensorflow/tfjs";
import { type CsrMatrix, denseMatrix, toDense } from "../../lib/graph/matrix.ts";
import { rocAuc } from "../../lib/metrics/roc_auc.ts";
import { createRng } from "../../lib/random/rng.ts";
import {
  dotProductScores,
  featureReconstructionLoss,
  gatherRows,
  labelledPairs,
  linkAuc,
  linkPredictionLoss,
  maskNodes,
  maskRows,
} from "../../lib/train/aux_tasks.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "../_assert.ts";
import { BACKENDS, useBackend } from "../nn/_fixtures.ts";

/** Seeded z `[n, d]` as nested float64 arrays and a tensor. */
function randomZ(n: number, d: number, seed: number) {
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
  return { rows, tensor: tf.tensor2d(rows) };
}

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
const softplus = (s: number) => Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s)));
const sigmoid = (s: number) => 1 / (1 + Math.exp(-s));

// Pairs (0,1), (2,3), (1,1), (4,0) positive; (0,2), (3,4) negative.
const POS = new Int32Array([0, 2, 1, 4, 1, 3, 1, 0]);
const NEG = new Int32Array([0, 3, 2, 4]);

/** The link loss of POS/NEG in float64, and its gradient w.r.t. z by hand. */
function linkLossByHand(z: number[][]) {
  const pairs: [number, number, number][] = [[0, 1, 1], [2, 3, 1], [1, 1, 1], [4, 0, 1], [
    0,
    2,
    0,
  ], [3, 4, 0]];
  const grad = z.map((r) => r.map(() => 0));
  let loss = 0;
  for (const [u, v, y] of pairs) {
    const s = dot(z[u], z[v]);
    loss += softplus(s) - y * s;
    // d(softplus(s) - y s)/ds = sigmoid(s) - y; ds/dz_u = z_v, ds/dz_v = z_u.
    const g = (sigmoid(s) - y) / pairs.length;
    z[u].forEach((_, k) => {
      grad[u][k] += g * z[v][k];
      grad[v][k] += g * z[u][k];
    });
  }
  return { loss: loss / pairs.length, grad };
}

for (const backend of BACKENDS) {
  Deno.test(`dotProductScores() is z_u · z_v per pair, with its gradient (${backend})`, async () => {
    await useBackend(backend);
    const { rows, tensor: z } = randomZ(5, 3, 1);
    const s = dotProductScores(z, POS);
    assertAllClose(
      s.dataSync(),
      [[0, 1], [2, 3], [1, 1], [4, 0]].map(([u, v]) => dot(rows[u], rows[v])),
      {
        atol: 1e-5,
      },
    );
    // ∂(Σ_p c_p s_p)/∂z_u = Σ_{p=(u,v)} c_p z_v + Σ_{p=(v,u)} c_p z_v.
    const c = [1, -2, 0.5, 3];
    const [g] = tf.grads((zz: tf.Tensor) =>
      tf.sum(tf.mul(dotProductScores(zz as tf.Tensor2D, POS), tf.tensor1d(c)))
    )([z]);
    const expected = rows.map((r) => r.map(() => 0));
    [[0, 1], [2, 3], [1, 1], [4, 0]].forEach(([u, v], p) => {
      rows[u].forEach((_, k) => {
        expected[u][k] += c[p] * rows[v][k];
        expected[v][k] += c[p] * rows[u][k];
      });
    });
    assertAllClose(g.dataSync(), expected.flat(), { atol: 1e-5 });
    assertEquals(dotProductScores(z, new Int32Array(0)).shape, [0]);
  });

  Deno.test(`linkPredictionLoss() is the mean BCE of the logits, with its gradient (${backend})`, async () => {
    await useBackend(backend);
    const { rows, tensor: z } = randomZ(5, 3, 2);
    const lp = labelledPairs(POS, NEG);
    assertEquals(lp.labels.dataSync().join(), "1,1,1,1,0,0");
    const byHand = linkLossByHand(rows);
    assertAllClose(linkPredictionLoss(z, lp).dataSync(), [byHand.loss], { atol: 1e-5 });
    const [g] = tf.grads((zz: tf.Tensor) => linkPredictionLoss(zz as tf.Tensor2D, lp))([z]);
    assertAllClose(g.dataSync(), byHand.grad.flat(), { atol: 1e-5 });
    // Central finite differences of the float64 loss agree with the hand gradient.
    const h = 1e-6;
    const fd = rows.flatMap((r, i) =>
      r.map((_, k) => {
        const plus = rows.map((q) => [...q]), minus = rows.map((q) => [...q]);
        plus[i][k] += h;
        minus[i][k] -= h;
        return (linkLossByHand(plus).loss - linkLossByHand(minus).loss) / (2 * h);
      })
    );
    assertAllClose(byHand.grad.flat(), fd, { atol: 1e-6 });
  });
}

Deno.test("linkPredictionLoss() and dotProductScores() reject bad pairs", async () => {
  await useBackend("cpu");
  const z = tf.zeros([3, 2]) as tf.Tensor2D;
  assertThrows(
    () => dotProductScores(z, new Int32Array([0, 5])),
    /Cannot score pairs: pair 0 has node 5, out of range \[0, 3\) for z with 3 rows/,
  );
  assertThrows(() => dotProductScores(z, new Int32Array([0, 1, 2])), /flat \[2, P\] array/);
  assertThrows(
    () => linkPredictionLoss(z, labelledPairs(new Int32Array(0), new Int32Array(0))),
    /there are no pairs/,
  );
});

Deno.test("linkAuc() is rocAuc of the dot-product scores", async () => {
  await useBackend("cpu");
  const { rows, tensor: z } = randomZ(6, 4, 3);
  const scores = [[0, 1], [2, 3], [1, 1], [4, 0], [0, 2], [3, 4]].map(([u, v]) =>
    dot(rows[u], rows[v])
  );
  const auc = linkAuc(z, POS, NEG);
  assertAllClose([auc], [rocAuc([1, 1, 1, 1, 0, 0], scores)], { atol: 1e-12 });
  // Equal scores tie (AUC 1/2); a positive above the negative gives 1.
  const same = tf.tensor2d([[1], [1], [1], [1]]);
  assertEquals(linkAuc(same, new Int32Array([0, 1]), new Int32Array([2, 3])), 0.5);
  const apart = tf.tensor2d([[1], [1], [-1], [1]]);
  assertEquals(linkAuc(apart, new Int32Array([0, 1]), new Int32Array([2, 3])), 1);
  assertThrows(
    () => linkAuc(z, POS, new Int32Array(0)),
    /need positive and negative pairs, got 4 and 0/,
  );
});

Deno.test("maskNodes() draws round(rate * N) distinct sorted nodes per seed", () => {
  const a = maskNodes(100, 0.2, createRng(1));
  assertEquals(a.length, 20);
  assertEquals(new Set(a).size, 20);
  assertEquals([...a], [...a].sort((x, y) => x - y));
  assertEquals(a, maskNodes(100, 0.2, createRng(1)));
  assert(a.join() !== maskNodes(100, 0.2, createRng(2)).join());
  assertEquals(maskNodes(3, 0.01, createRng(0)).length, 1);
  assertThrows(() => maskNodes(10, 0, createRng(0)), /rate must be in \(0, 1\], got 0/);
  assertThrows(() => maskNodes(0, 0.5, createRng(0)), /numNodes must be a positive integer/);
});

Deno.test("maskRows() zeroes rows of dense and CSR features alike", async () => {
  await useBackend("cpu");
  const values = new Float32Array([1, 0, 2, 0, 0, 3, 4, 5, 0, 0, 0, 6]);
  const dense = denseMatrix(values, 4, 3);
  // The same matrix in CSR form.
  const csr: CsrMatrix = {
    kind: "csr",
    rows: 4,
    cols: 3,
    indptr: new Int32Array([0, 2, 3, 5, 6]),
    indices: new Int32Array([0, 2, 2, 0, 1, 2]),
    data: new Float32Array([1, 2, 3, 4, 5, 6]),
  };
  assertEquals(toDense(csr).data, values);
  const rows = new Int32Array([0, 2]);
  const expected = [0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 6];
  assertEquals(Array.from(maskRows(dense, rows).data), expected);
  const maskedCsr = maskRows(csr, rows);
  assertEquals(maskedCsr.kind, "csr");
  assertEquals(Array.from(toDense(maskedCsr).data), expected);
  assertEquals(Array.from(dense.data), Array.from(values), "input was modified");
  assertThrows(() => maskRows(dense, new Int32Array([4])), /row 4 is out of range \[0, 4\)/);
});

for (const backend of BACKENDS) {
  Deno.test(`gatherRows() equals tf.gather in values and gradients (${backend})`, async () => {
    await useBackend(backend);
    const { tensor: h } = randomZ(5, 3, 4);
    // Repeated rows and more rows than h has: the gradient adds up.
    const rows = new Int32Array([4, 0, 4, 2, 1, 4, 3]);
    const ref = tf.gather(h, tf.tensor1d(rows, "int32"));
    assertAllClose(gatherRows(h, rows).dataSync(), ref.dataSync(), { atol: 1e-6 });
    const w = tf.tensor2d(Array.from({ length: 21 }, (_, i) => i - 10), [7, 3]);
    const [g] = tf.grads((x: tf.Tensor) => tf.sum(tf.mul(gatherRows(x as tf.Tensor2D, rows), w)))([
      h,
    ]);
    // Each selected row's weight flows back to its source row (tf.gather's gradient has no
    // wasm kernel, so the scatter-add is done here by hand).
    const wv = w.arraySync();
    const expected = [0, 1, 2, 3, 4].map(() => [0, 0, 0]);
    rows.forEach((r, k) => wv[k].forEach((v, c) => expected[r][c] += v));
    assertAllClose(g.dataSync(), expected.flat(), { atol: 1e-5 });
    assertThrows(() => gatherRows(h, new Int32Array([5])), /rows\[0\] is 5, out of range \[0, 5\)/);
  });
}

Deno.test("featureReconstructionLoss() is the mean squared error", async () => {
  await useBackend("cpu");
  const decoded = tf.tensor2d([[1, 2], [3, 4]]);
  const target = tf.tensor2d([[1, 0], [0, 4]]);
  // (0 + 4 + 9 + 0) / 4
  assertAllClose(featureReconstructionLoss(decoded, target).dataSync(), [13 / 4]);
  const [g] = tf.grads((d: tf.Tensor) => featureReconstructionLoss(d as tf.Tensor2D, target))([
    decoded,
  ]);
  // 2 (x̂ - x) / (M F)
  assertAllClose(g.dataSync(), [0, 1, 1.5, 0]);
  assertThrows(
    () => featureReconstructionLoss(decoded, tf.zeros([2, 3]) as tf.Tensor2D),
    /decoded has shape \[2,2\] but target has \[2,3\]/,
  );
});

Deno.test("gatherRows() and dotProductScores() follow in-place edits of their index arrays", async () => {
  await useBackend("cpu");
  const h = tf.tensor2d([[1, 0], [0, 2], [3, 3]]);
  const rows = new Int32Array([2, 0]);
  assertEquals(gatherRows(h, rows).arraySync(), [[3, 3], [1, 0]]);
  rows[1] = 1;
  assertEquals(gatherRows(h, rows).arraySync(), [[3, 3], [0, 2]]);
  const pairs = new Int32Array([0, 1, 2, 2]); // 0 · 2 and 1 · 2
  assertEquals(Array.from(dotProductScores(h, pairs).dataSync()), [3, 6]);
  pairs[0] = 2; // 2 · 2
  assertEquals(Array.from(dotProductScores(h, pairs).dataSync()), [18, 6]);
});
