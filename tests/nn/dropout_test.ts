import * as tf from "@tensorflow/tfjs";
import { dropout, reluDropout } from "../../lib/nn/dropout.ts";
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

for (const backend of BACKENDS) {
  Deno.test(`reluDropout() equals dropout(relu(h)) in values and gradients on ${backend}`, async () => {
    await useBackend(backend);
    const rng = createRng(8);
    const h = tf.tensor2d(Float32Array.from({ length: 30 * 20 }, () => rng.normal()), [30, 20]);
    const r = tf.tensor2d(Float32Array.from({ length: 30 * 20 }, () => rng.normal()), [30, 20]);
    const fused = (x: tf.Tensor) =>
      tf.sum(tf.mul(reluDropout(x as tf.Tensor2D, 0.4, { training: true, rng: createRng(3) }), r));
    const separate = (x: tf.Tensor) =>
      tf.sum(tf.mul(dropout(tf.relu(x), 0.4, { training: true, rng: createRng(3) }), r));
    const a = reluDropout(h, 0.4, { training: true, rng: createRng(3) }).dataSync();
    const b = dropout(tf.relu(h), 0.4, { training: true, rng: createRng(3) }).dataSync();
    assertEquals(Array.from(a), Array.from(b));
    assert(a.some((v) => v !== 0) && a.some((v, i) => v === 0 && h.dataSync()[i] > 0), "no mask");
    assertEquals(
      Array.from(tf.grad(fused)(h).dataSync()),
      Array.from(tf.grad(separate)(h).dataSync()),
    );
    assertEquals(Array.from(reluDropout(h, 0.4).dataSync()), Array.from(tf.relu(h).dataSync()));
  });

  Deno.test(`dropout() gradient is the mask of the forward pass over 1 - p on ${backend}`, async () => {
    await useBackend(backend);
    const rng = createRng(4);
    // Some zero entries: their mask is not visible in the output, only in the gradient.
    const x = tf.tensor2d(Float32Array.from({ length: 400 }, (_, i) => i % 5 ? rng.normal() : 0), [
      20,
      20,
    ]);
    const y = dropout(x, 0.5, { training: true, rng: createRng(9) }).dataSync();
    const g = tf.grad((t: tf.Tensor) =>
      tf.sum(dropout(t, 0.5, { training: true, rng: createRng(9) }))
    )(x).dataSync();
    const xs = x.dataSync();
    for (let i = 0; i < xs.length; i++) {
      assert(g[i] === 0 || g[i] === 2, `gradient ${i} is ${g[i]}`);
      if (xs[i] !== 0) {
        assertEquals(g[i] === 2, y[i] !== 0, `entry ${i}: gradient and output masks`);
      }
    }
    const zeroKept = Array.from(g).filter((v, i) => xs[i] === 0 && v === 2).length;
    // 80 zero entries, Bernoulli(0.5) each: 40 +- 4.5 (sigma); 4 sigma either way.
    assert(Math.abs(zeroKept - 40) <= 18, `kept ${zeroKept} of 80 zero entries`);
  });

  Deno.test(`dropout() of the same tensor is identical on every call on ${backend}`, async () => {
    await useBackend(backend);
    // Mostly zeros: from the second call on, dropout works over the cached nonzeros.
    const rng = createRng(2);
    const x = tf.tensor2d(Float32Array.from({ length: 3000 }, () => rng.next() < 0.03 ? 1 : 0), [
      30,
      100,
    ]);
    const runs = [1, 2, 3].map(() =>
      Array.from(dropout(x, 0.5, { training: true, rng: createRng(11) }).dataSync())
    );
    assertEquals(runs[1], runs[0]);
    assertEquals(runs[2], runs[0]);
    assert(runs[0].some((v) => v === 2) && runs[0].some((v, i) => v === 0 && x.dataSync()[i]), "");
  });
}
