import * as tf from "@tensorflow/tfjs";
import { dropout } from "../../lib/nn/dropout.ts";
import { createRng } from "../../lib/random/rng.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { BACKENDS, randomSparse, useBackend } from "./_fixtures.ts";

for (const backend of BACKENDS) {
  Deno.test(`dropout() zeroes about rate of the entries and rescales the rest on ${backend}`, async () => {
    await useBackend(backend);
    const x = tf.ones([100, 100]) as tf.Tensor2D;
    const y = dropout(x, 0.3, { training: true, rng: createRng(1) }).dataSync();
    const kept = y.filter((v) => v !== 0);
    assert(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6), "kept entries must be 1 / (1 - p)");
    // 10000 Bernoulli(0.7) draws: the kept fraction is 0.7 +- 0.014 (3 sigma).
    assert(Math.abs(kept.length / y.length - 0.7) < 0.014, `kept ${kept.length}`);
  });

  Deno.test(`dropout() gives the same mask for the same seed on ${backend}`, async () => {
    await useBackend(backend);
    const x = tf.ones([20, 20]);
    const a = dropout(x, 0.5, { training: true, rng: createRng(5) }).dataSync();
    const b = dropout(x, 0.5, { training: true, rng: createRng(5) }).dataSync();
    const c = dropout(x, 0.5, { training: true, rng: createRng(6) }).dataSync();
    assertEquals(Array.from(a), Array.from(b));
    assert(Array.from(a).join() !== Array.from(c).join(), "different seeds gave the same mask");
  });
}

Deno.test("dropout() is the identity in evaluation and at rate 0", () => {
  const x = tf.ones([2, 2]);
  assert(dropout(x, 0.5) === x);
  assert(dropout(x, 0.5, { training: false, rng: createRng(0) }) === x);
  assert(dropout(x, 0, { training: true }) === x);
});

Deno.test("dropout() on a CSR matrix keeps it sparse, drops stored values and rescales", () => {
  const { csr } = randomSparse(2, 200, 100, 0.5);
  const out = dropout(csr, 0.25, { training: true, rng: createRng(3) });
  assertEquals(out.kind, "csr");
  assert(out.indptr === csr.indptr && out.indices === csr.indices, "structure must be shared");
  let kept = 0;
  for (let k = 0; k < csr.data.length; k++) {
    if (out.data[k] === 0) continue;
    kept++;
    assert(Math.abs(out.data[k] - csr.data[k] / 0.75) < 1e-5, `value ${k} not rescaled`);
  }
  const n = csr.data.length;
  const sigma = Math.sqrt(n * 0.75 * 0.25);
  assert(Math.abs(kept - 0.75 * n) < 4 * sigma, `kept ${kept} of ${n}`);
  const again = dropout(csr, 0.25, { training: true, rng: createRng(3) });
  assertEquals(Array.from(again.data), Array.from(out.data));
});

Deno.test("dropout() rejects bad rates and training without a generator", () => {
  const x = tf.ones([2, 2]);
  assertThrows(() => dropout(x, 1), {
    message: "Cannot apply dropout: rate must be in [0, 1), got 1",
  });
  assertThrows(() => dropout(x, -0.1), {
    message: "Cannot apply dropout: rate must be in [0, 1), got -0.1",
  });
  assertThrows(() => dropout(x, 0.5, { training: true }), {
    message: "Cannot apply dropout: training needs options.rng (a seeded generator from createRng)",
  });
});
