import * as tf from "@tensorflow/tfjs";
import { Adam } from "../../lib/train/optimizer.ts";
import { assertAllClose, assertThrows } from "../_assert.ts";
import { useCpu } from "./_fixtures.ts";

/**
 * PyTorch's documented Adam (torch.optim.Adam, amsgrad=False) in float64, for a loss whose
 * gradient is `c` (linear loss sum(c * w)), with L2 weight decay g = c + wd * w.
 */
function referenceAdam(
  w0: number[],
  c: number[],
  { lr, wd, steps, b1 = 0.9, b2 = 0.999, eps = 1e-8 }: {
    lr: number;
    wd: number;
    steps: number;
    b1?: number;
    b2?: number;
    eps?: number;
  },
): number[] {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < w.length; i++) {
      const g = c[i] + wd * w[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      const mHat = m[i] / (1 - b1 ** t);
      const vHat = v[i] / (1 - b2 ** t);
      w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
    }
  }
  return w;
}

Deno.test("Adam behaviour matches PyTorch's update with L2 weight decay", async () => {
  await useCpu();
  const w0 = [1, -2, 0.5];
  const c = [0.3, -1, 2];
  const w = tf.variable(tf.tensor1d(w0));
  const opt = new Adam([w], { lr: 0.05, weightDecay: 0.1 });
  const cT = tf.tensor1d(c);
  for (let t = 0; t < 5; t++) opt.step(() => tf.sum(tf.mul(w, cT))).dispose();
  assertAllClose(w.dataSync(), referenceAdam(w0, c, { lr: 0.05, wd: 0.1, steps: 5 }), {
    atol: 1e-5,
  });
  opt.dispose();
  tf.dispose([w, cT]);
});

Deno.test("Adam behaviour: first step moves each weight by lr, decay only on chosen weights", async () => {
  await useCpu();
  // Step 1: m_hat = g, v_hat = g^2, so the update is lr * g / (|g| + eps) = lr * sign(g).
  const a = tf.variable(tf.tensor1d([1, 1]));
  const b = tf.variable(tf.tensor1d([1, 1]));
  // gradient of a is 0 except through decay: with decay on a only, a moves by lr, b stays.
  const opt = new Adam([a, b], { lr: 0.1, weightDecay: 0.5, decayed: [a] });
  opt.step(() => tf.add(tf.sum(tf.mul(a, 0)), tf.sum(tf.mul(b, 0)))).dispose();
  assertAllClose(a.dataSync(), [0.9, 0.9], { atol: 1e-6 });
  assertAllClose(b.dataSync(), [1, 1], { atol: 1e-6 });
  opt.dispose();
  tf.dispose([a, b]);
});

Deno.test("Adam behaviour: changing lr changes the next step", async () => {
  await useCpu();
  const w = tf.variable(tf.tensor1d([0]));
  const opt = new Adam([w], { lr: 0.1 });
  opt.lr = 0.01;
  opt.step(() => tf.sum(w)).dispose();
  assertAllClose(w.dataSync(), [-0.01], { atol: 1e-7 });
  assertAllClose([opt.lr], [0.01]);
  opt.dispose();
  w.dispose();
});

Deno.test("Adam rejects invalid options naming the option", () => {
  const w = tf.variable(tf.tensor1d([0]));
  assertThrows(() => new Adam([w], { lr: 0 }), {
    message: "Cannot create Adam: lr must be a positive number, got 0",
  });
  assertThrows(() => new Adam([w], { lr: 0.1, weightDecay: -1 }), {
    message: "Cannot create Adam: weightDecay must be a non-negative number, got -1",
  });
  const opt = new Adam([w], { lr: 0.1 });
  assertThrows(() => (opt.lr = -1), {
    message: "Cannot set Adam lr: expected a positive number, got -1",
  });
  opt.dispose();
  w.dispose();
});
