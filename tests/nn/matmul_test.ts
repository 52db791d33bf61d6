import * as tf from "@tensorflow/tfjs";
import { matmul } from "../../lib/nn/matmul.ts";
import { createRng } from "../../lib/random/rng.ts";
import { assertThrows } from "../_assert.ts";
import { assertTensorClose, BACKENDS, randomTensor, useBackend } from "./_fixtures.ts";

// tf.matMul and its own gradient are the oracle: dA = dY B^T, dB = A^T dY.
function assertMatchesTf(a: tf.Tensor2D, b: tf.Tensor2D, label: string): void {
  const r = randomTensor(7, [a.shape[0], b.shape[1]]);
  assertTensorClose(matmul(a, b), tf.matMul(a, b), 1e-4, `${label} values: `);
  const loss = (f: typeof matmul) => (x: tf.Tensor, y: tf.Tensor) =>
    tf.sum(tf.mul(f(x as tf.Tensor2D, y as tf.Tensor2D), r));
  const [da, db] = tf.grads(loss(matmul))([a, b]);
  const [ea, eb] = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]);
  assertTensorClose(da, ea, 1e-4, `${label} dA: `);
  assertTensorClose(db, eb, 1e-4, `${label} dB: `);
}

/** `[rows, cols]` with about 5% nonzeros, so matmul treats it as sparse from its second use. */
function mostlyZeros(seed: number, rows: number, cols: number): tf.Tensor2D {
  const rng = createRng(seed);
  const v = Float32Array.from({ length: rows * cols }, () => rng.next() < 0.05 ? rng.normal() : 0);
  return tf.tensor2d(v, [rows, cols]);
}

for (const backend of BACKENDS) {
  Deno.test(`matmul() matches tf.matMul values and gradients on ${backend}`, async () => {
    await useBackend(backend);
    assertMatchesTf(randomTensor(1, [37, 19]), randomTensor(2, [19, 11]), "dense");
    assertMatchesTf(randomTensor(3, [1, 5]), randomTensor(4, [5, 1]), "vectors");
  });

  Deno.test(`matmul() on a mostly-zero input matches tf.matMul on every use on ${backend}`, async () => {
    await useBackend(backend);
    const a = mostlyZeros(5, 60, 200);
    const b = randomTensor(6, [200, 9]);
    // First use: dense product; later uses: over the nonzeros. All must agree with tf.matMul.
    for (let use = 1; use <= 3; use++) assertMatchesTf(a, b, `use ${use}`);
  });
}

Deno.test("matmul() rejects shapes that do not chain", () => {
  // tf.matMul's own check, as documented on matmul().
  assertThrows(
    () => matmul(tf.ones([2, 3]) as tf.Tensor2D, tf.ones([2, 3]) as tf.Tensor2D),
    Error,
    "inner shapes (3) and (2) of Tensors with shapes 2,3 and 2,3",
  );
});
