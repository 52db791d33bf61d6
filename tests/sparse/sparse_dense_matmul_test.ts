import * as tf from "@tensorflow/tfjs";
import { type CsrMatrix, toDense } from "../../lib/graph/matrix.ts";
import { createRng } from "../../lib/random/rng.ts";
import { sparseDenseMatmul } from "../../lib/sparse/sparse_dense_matmul.ts";
import { assertAllClose, assertThrows } from "../_assert.ts";
import {
  assertMatchesDense,
  assertMatchesFiniteDifferences,
  BACKENDS,
  randomTensor,
  useBackend,
  values,
} from "./_fixtures.ts";

// X = [[0, 2, 0], [0, 0, 0], [3, 0, 1]]: row 1 is empty.
const tiny: CsrMatrix = {
  kind: "csr",
  rows: 3,
  cols: 3,
  indptr: new Int32Array([0, 1, 1, 3]),
  indices: new Int32Array([1, 0, 2]),
  data: new Float32Array([2, 3, 1]),
};

/** A seeded random CSR matrix with about `density` of its entries set (and some empty rows). */
function randomCsr(rows: number, cols: number, density: number, seed: number): CsrMatrix {
  const rng = createRng(seed);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let r = 0; r < rows; r++) {
    if (r % 5 !== 4) {
      for (let c = 0; c < cols; c++) {
        if (rng.next() < density) {
          indices.push(c);
          data.push(rng.normal());
        }
      }
    }
    indptr[r + 1] = indices.length;
  }
  return {
    kind: "csr",
    rows,
    cols,
    indptr,
    indices: Int32Array.from(indices),
    data: Float32Array.from(data),
  };
}

for (const backend of BACKENDS) {
  Deno.test(`sparseDenseMatmul() gives hand-computed values and gradients on ${backend}`, async () => {
    await useBackend(backend);
    const w = tf.tensor2d([[1, 10], [100, 1000], [5, 50]]);
    assertAllClose(await values(sparseDenseMatmul(tiny, w)), [200, 2000, 0, 0, 8, 80]);
    // d sum(X W) / dW[c] = column sum of X: 3, 2, 1.
    const grad = tf.grad((a: tf.Tensor) => tf.sum(sparseDenseMatmul(tiny, a as tf.Tensor2D)))(w);
    assertAllClose(await values(grad), [3, 3, 2, 2, 1, 1]);
  });

  Deno.test(`sparseDenseMatmul() matches dense tf.matMul with gradients on ${backend}`, async () => {
    await useBackend(backend);
    const [rows, cols] = backend === "webgpu" ? [6, 5] : [30, 40];
    const X = randomCsr(rows, cols, 0.2, 61);
    const Xd = tf.tensor2d(toDense(X).data, [rows, cols]);
    await assertMatchesDense(
      (a) => sparseDenseMatmul(X, a as tf.Tensor2D),
      (a) => tf.matMul(Xd, a as tf.Tensor2D),
      [randomTensor(createRng(62), [cols, 4])],
    );
  });
}

Deno.test("sparseDenseMatmul() gradients agree with finite differences", async () => {
  await useBackend("cpu");
  await assertMatchesFiniteDifferences(
    (a) => sparseDenseMatmul(randomCsr(5, 4, 0.5, 63), a as tf.Tensor2D),
    [randomTensor(createRng(64), [4, 3])],
  );
});

Deno.test("sparseDenseMatmul() names the argument that does not match", async () => {
  await useBackend("cpu");
  assertThrows(
    () => sparseDenseMatmul(tiny, tf.zeros([4, 2]) as tf.Tensor2D),
    new RangeError(
      "Cannot apply sparseDenseMatmul: expected w with 3 rows (the feature columns), got 4",
    ),
  );
  assertThrows(
    () => sparseDenseMatmul(tiny, tf.zeros([3]) as unknown as tf.Tensor2D),
    new RangeError("Cannot apply sparseDenseMatmul: expected w to be 2D, got shape [3]"),
  );
});

for (const backend of BACKENDS) {
  Deno.test(`sparseDenseMatmul() follows in-place edits of the CSR pattern on ${backend}`, async () => {
    await useBackend(backend);
    const x: CsrMatrix = { ...tiny, indptr: tiny.indptr.slice(), indices: tiny.indices.slice() };
    const w = tf.tensor2d([[1, 10], [100, 1000], [4, 40]]);
    const dense = (m: CsrMatrix) => tf.tensor2d(toDense(m).data, [3, 3]);
    // A first product caches the layout (and its device copies) of the old pattern.
    assertAllClose(await values(sparseDenseMatmul(x, w)), await values(tf.matMul(dense(x), w)));
    x.indices[0] = 2; // X[0] = [0, 0, 2]
    x.indptr[1] = 0; // and then row 0 is empty, row 1 holds that entry: X[1] = [0, 0, 2]
    assertAllClose(await values(sparseDenseMatmul(x, w)), await values(tf.matMul(dense(x), w)));
    assertAllClose(await values(sparseDenseMatmul(x, w)), [0, 0, 8, 80, 7, 70]);
    // The gradient X^T dY runs over the pattern grouped by column: it must be the new one too.
    const r = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const grad = tf.grad((v: tf.Tensor) =>
      tf.sum(tf.mul(sparseDenseMatmul(x, v as tf.Tensor2D), r))
    );
    const denseGrad = tf.grad((v: tf.Tensor) =>
      tf.sum(tf.mul(tf.matMul(dense(x), v as tf.Tensor2D), r))
    );
    assertAllClose(await values(grad(w)), await values(denseGrad(w)));
  });
}
