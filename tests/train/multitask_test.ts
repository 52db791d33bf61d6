import * as tf from "@tensorflow/tfjs";
import {
  FixedWeighting,
  GradNorm,
  sharedGradientNorms,
  type TaskWeighting,
  UncertaintyWeighting,
} from "../../lib/train/multitask.ts";
import { train } from "../../lib/train/trainer.ts";
import type { TrainingOutput } from "../../lib/train/trainable_model.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "../_assert.ts";
import { TinyModel, toyDataset, useCpu } from "./_fixtures.ts";

const scalars = (values: number[]) => values.map((v) => tf.scalar(v));

Deno.test("FixedWeighting combines losses with its constant weights", async () => {
  await useCpu();
  const w = new FixedWeighting([1, 0.5, 0]);
  const losses = scalars([2, 4, 100]);
  assertAllClose(w.combine(losses).dataSync(), [4]);
  assertEquals(w.terms(losses).map((t) => t.dataSync()[0]), [2, 2, 0]);
  assertEquals(w.weights(), [1, 0.5, 0]);
  assertEquals(w.parameters(), []);
  assertEquals(w.needsGradNorms, false);
  // The gradient w.r.t. each loss is its weight.
  const grads = tf.grads((a, b, c) => w.combine([a, b, c] as tf.Scalar[]))(losses);
  assertEquals(grads.map((g) => g.dataSync()[0]), [1, 0.5, 0]);
  // No afterStep: the weights never move.
  assertEquals((w as TaskWeighting).afterStep, undefined);
});

Deno.test("FixedWeighting rejects bad weights and loss counts", async () => {
  await useCpu();
  assertThrows(() => new FixedWeighting([]), /Cannot create FixedWeighting: weights is empty/);
  assertThrows(
    () => new FixedWeighting([1, -1]),
    /weights\[1\] must be a non-negative number, got -1/,
  );
  assertThrows(
    () => new FixedWeighting([1, 1]).combine(scalars([1])),
    /expected 2 task losses, got 1/,
  );
  assertThrows(
    () => new FixedWeighting([1]).combine([tf.ones([2]) as tf.Scalar]),
    /losses\[0\] must be a scalar, got shape \[2\]/,
  );
});

Deno.test("UncertaintyWeighting is Σ exp(-s_i) L_i + s_i with the gradients of Kendall et al.", async () => {
  await useCpu();
  // s = [0, ln 2], L = [2, 0.5]:
  //   total = e^0 * 2 + 0 + e^{-ln 2} * 0.5 + ln 2 = 2 + 0.25 + 0.693147... = 2.943147...
  //   ∂/∂s_i = 1 - exp(-s_i) L_i = [1 - 2, 1 - 0.25] = [-1, 0.75]
  //   ∂/∂L_i = exp(-s_i)        = [1, 0.5]
  const w = new UncertaintyWeighting(2, { initLogVariance: [0, Math.log(2)] });
  const L = scalars([2, 0.5]);
  assertAllClose(w.combine(L).dataSync(), [2.25 + Math.log(2)], { atol: 1e-6 });
  assertAllClose(w.terms(L).map((t) => t.dataSync()[0]), [2, 0.25 + Math.log(2)], { atol: 1e-6 });
  assertAllClose(w.weights(), [1, 0.5], { atol: 1e-7 });
  const { grads } = tf.variableGrads(() => w.combine(L), w.parameters());
  assertAllClose(grads[w.logVariance.name].dataSync(), [-1, 0.75], { atol: 1e-6 });
  const dL = tf.grads((a, b) => w.combine([a, b] as tf.Scalar[]))(L);
  assertAllClose(dL.map((g) => g.dataSync()[0]), [1, 0.5], { atol: 1e-7 });

  // The same gradient by central finite differences of the formula, in float64.
  const f = (s: number[]) => s.reduce((acc, si, i) => acc + Math.exp(-si) * [2, 0.5][i] + si, 0);
  const s0 = w.logVariances();
  const h = 1e-6;
  const fd = s0.map((_, i) => {
    const plus = [...s0], minus = [...s0];
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
  assertAllClose(grads[w.logVariance.name].dataSync(), fd, { atol: 1e-5 });
  w.dispose();
});

Deno.test("UncertaintyWeighting learns s_i = log L_i for constant losses", async () => {
  await useCpu();
  const w = new UncertaintyWeighting(3);
  const losses = [4, 1, 0.25];
  const opt = tf.train.adam(0.05);
  for (let i = 0; i < 600; i++) {
    opt.minimize(() => w.combine(scalars(losses)), false, w.parameters());
  }
  // Minimising exp(-s) L + s gives s = log L, i.e. weight 1 / L.
  assertAllClose(w.logVariances(), losses.map(Math.log), { atol: 1e-2 });
  assertAllClose(w.weights(), losses.map((l) => 1 / l), { atol: 2e-2 });
  opt.dispose();
  w.dispose();
});

Deno.test("UncertaintyWeighting rejects bad options", async () => {
  await useCpu();
  assertThrows(() => new UncertaintyWeighting(0), /numTasks must be a positive integer, got 0/);
  assertThrows(
    () => new UncertaintyWeighting(2, { initLogVariance: [0] }),
    /initLogVariance has 1 values for 2 tasks/,
  );
  assertThrows(
    () => new UncertaintyWeighting(1, { initLogVariance: NaN }),
    /initLogVariance\[0\] must be finite, got NaN/,
  );
});

Deno.test("UncertaintyWeighting works through a model's lossTerms in train()", async () => {
  await useCpu();
  const data = toyDataset();
  const weighting = new UncertaintyWeighting(2);
  // A linear classifier with a second task: keep the weight matrix small (an L2 "task").
  class TwoTaskModel extends TinyModel {
    s = weighting.logVariance;
    lossTerms({ logits }: TrainingOutput, taskLoss: (l: tf.Tensor2D) => tf.Scalar) {
      const l2 = tf.mean(tf.square(this.weight)) as tf.Scalar;
      const [cls, reg] = weighting.terms([taskLoss(logits), l2]);
      return { classification: cls, l2: reg };
    }
  }
  const model = new TwoTaskModel(4, 3, { seed: 1 });
  assertEquals(model.namedParameters().map(([n]) => n), ["weight", "bias", "s"]);
  // Raw toy features and validation-loss selection, the settings this test's bounds were set with.
  const result = await train(model, data, {
    epochs: 30,
    lr: 0.05,
    weightDecay: 0,
    normalizeFeatures: false,
    monitor: "val_loss",
    progress: false,
  });
  const terms = result.history.map((r) => r.terms!);
  assert(Object.keys(terms[0]).join() === "classification,l2");
  // The trainer's Adam updated s together with the model: both weights moved off 1.
  const s = weighting.logVariances();
  assert(s.every((v) => Math.abs(v) > 1e-3), `s did not move: ${s}`);
  assert(result.test.accuracy >= 0.9, `accuracy ${result.test.accuracy}`);
  model.dispose();
});

Deno.test("sharedGradientNorms gives ||∇_W L_i|| per task", async () => {
  await useCpu();
  const W = tf.variable(tf.tensor2d([[0.2], [0.1]]));
  const x = tf.tensor2d([[3, 4]]);
  const h = () => tf.matMul(x, W).reshape([]) as tf.Scalar;
  const other = tf.variable(tf.scalar(2));
  const { losses, gradNorms } = sharedGradientNorms([
    () => tf.div(tf.square(h()), 2), // ∇_W = h x^T, h = 1: norm 5
    () => tf.mul(h(), 2), //            ∇_W = 2 x^T: norm 10
    () => tf.mul(other, 3) as tf.Scalar, // no path to W: 0
  ], W);
  assertAllClose(losses, [0.5, 2, 6], { atol: 1e-6 });
  assertAllClose(gradNorms, [5, 10, 0], { atol: 1e-5 });
  assertThrows(
    () => sharedGradientNorms([() => tf.ones([2]) as tf.Scalar], W),
    /losses\[0\] must return a scalar, got shape \[2\]/,
  );
  tf.dispose([W, x, other]);
});

Deno.test("GradNorm updates the weights as worked out by hand (two tasks, shared W [2, 1])", async () => {
  await useCpu();
  // Shared layer W [2, 1], input x = [3, 4], h = x W. Task 1: L1 = h² / 2, ∇_W L1 = h x^T,
  // ||∇_W L1|| = 5 |h|. Task 2: L2 = 2 h, ∇_W L2 = 2 x^T, ||∇_W L2|| = 10. α = 0.15, SGD, lr 0.01.
  const x = tf.tensor2d([[3, 4]]);
  const W = tf.variable(tf.tensor2d([[1], [0]]));
  const h = () => tf.matMul(x, W).reshape([]) as tf.Scalar;
  const tasks = [() => tf.div(tf.square(h()), 2) as tf.Scalar, () => tf.mul(h(), 2) as tf.Scalar];
  const g = new GradNorm(2, { alpha: 0.15, optimizer: "sgd", lr: 0.01 });
  assertEquals(g.weights(), [1, 1]);

  // Step 0, W = [1, 0]^T, h = 3: L = [4.5, 6] (these become L(0)), ||∇_W L_i|| = [15, 10].
  //   G = w ⊙ n = [15, 10], G_avg = 12.5; r = [1, 1] (L / L(0) = 1); target = 12.5 * 1^α = [12.5, 12.5]
  //   ∂L_grad/∂w = [sign(15 - 12.5) * 15, sign(10 - 12.5) * 10] = [15, -10]
  //   w - 0.01 * grad = [0.85, 1.1], sum 1.95 -> w = 2 / 1.95 * [0.85, 1.1] = [0.871794871795, 1.128205128205]
  let step = sharedGradientNorms(tasks, W);
  assertAllClose(step.losses, [4.5, 6], { atol: 1e-6 });
  assertAllClose(step.gradNorms, [15, 10], { atol: 1e-6 });
  g.afterStep(step);
  let u = g.lastUpdate()!;
  assertAllClose(u.weights, [1, 1]);
  assertAllClose(u.gradNorms, [15, 10], { atol: 1e-6 });
  assertAllClose([u.meanGradNorm], [12.5], { atol: 1e-6 });
  assertAllClose(u.inverseRates, [1, 1], { atol: 1e-6 });
  assertAllClose(u.targets, [12.5, 12.5], { atol: 1e-6 });
  assertAllClose(u.gradient, [15, -10], { atol: 1e-6 });
  assertAllClose([u.gradLoss], [5], { atol: 1e-6 });
  assertAllClose(g.weights(), [0.871794871795, 1.128205128205], { atol: 1e-6 });
  assertAllClose(g.initialLosses()!, [4.5, 6], { atol: 1e-6 });

  // Step 1, W = [0.2, 0.1]^T, h = 1: L = [0.5, 2], ||∇_W L_i|| = [5, 10].
  //   G = [0.871794871795 * 5, 1.128205128205 * 10] = [4.358974358974, 11.282051282051]
  //   G_avg = 7.820512820513
  //   L / L(0) = [0.5 / 4.5, 2 / 6] = [1/9, 1/3], mean 2/9 -> r = [0.5, 1.5]
  //   r^0.15 = [0.901250462611, 1.062707361157] -> target = [7.048240797341, 8.310916542380]
  //   G - target = [-2.689, +2.971] -> ∂L_grad/∂w = [-5, +10], L_grad = 2.689266... + 2.971134... = 5.660401178038
  //   w - 0.01 * grad = [0.921794871795, 1.028205128205], sum 1.95
  //   -> w = [0.945430637738, 1.054569362262]
  W.assign(tf.tensor2d([[0.2], [0.1]]));
  step = sharedGradientNorms(tasks, W);
  assertAllClose(step.losses, [0.5, 2], { atol: 1e-6 });
  assertAllClose(step.gradNorms, [5, 10], { atol: 1e-6 });
  g.afterStep(step);
  u = g.lastUpdate()!;
  assertAllClose(u.gradNorms, [4.358974358974, 11.282051282051], { atol: 1e-6 });
  assertAllClose([u.meanGradNorm], [7.820512820513], { atol: 1e-6 });
  assertAllClose(u.inverseRates, [0.5, 1.5], { atol: 1e-6 });
  assertAllClose(u.targets, [7.048240797341, 8.310916542380], { atol: 1e-6 });
  assertAllClose(u.gradient, [-5, 10], { atol: 1e-6 });
  assertAllClose([u.gradLoss], [5.660401178038], { atol: 1e-6 });
  assertAllClose(u.newWeights, [0.945430637738, 1.054569362262], { atol: 1e-6 });
  assertAllClose(g.weights(), [0.945430637738, 1.054569362262], { atol: 1e-6 });
  // The gradient is that of L_grad(w) = Σ_i |w_i n_i - target_i| (targets constant), per tf.grad.
  const n = tf.tensor1d(step.gradNorms), t = tf.tensor1d(u.targets);
  const auto = tf.grad((w) => tf.sum(tf.abs(tf.sub(tf.mul(w, n), t))))(tf.tensor1d(u.weights));
  assertAllClose(auto.dataSync(), u.gradient, { atol: 1e-5 });
  // The objective uses the current weights as constants.
  const losses = scalars([0.5, 2]);
  assertAllClose(g.combine(losses).dataSync(), [0.945430637738 * 0.5 + 1.054569362262 * 2], {
    atol: 1e-6,
  });
  assertEquals(g.parameters(), []);
  tf.dispose([x, W, n, t, auto]);
});

Deno.test("GradNorm with Adam moves each weight by about lr on its first step", async () => {
  await useCpu();
  const g = new GradNorm(3, { lr: 0.1 });
  // n = [30, 10, 5], w = 1: G_avg = 15, targets 15 (r = 1): gradient signs [+, -, -].
  g.afterStep({ losses: [1, 2, 3], gradNorms: [30, 10, 5] });
  // Adam's first step is lr * sign(grad): [0.9, 1.1, 1.1], sum 3.1 -> times 3 / 3.1.
  assertAllClose(g.weights(), [0.9, 1.1, 1.1].map((w) => (w * 3) / 3.1), { atol: 1e-6 });
});

Deno.test("GradNorm keeps weights positive and summing to T, and normalises initialWeights", async () => {
  await useCpu();
  const g = new GradNorm(2, { optimizer: "sgd", lr: 1, initialWeights: [3, 1], minWeight: 0.01 });
  assertEquals(g.weights(), [1.5, 0.5]);
  // A huge step pushes w_0 below zero: it is floored at 0.01 before renormalising.
  g.afterStep({ losses: [1, 1], gradNorms: [100, 1] });
  const w = g.weights();
  assertAllClose([w[0] + w[1]], [2], { atol: 1e-12 });
  assert(w[0] > 0 && w[0] < 0.05, `w = ${w}`);
});

Deno.test("GradNorm rejects bad options and incomplete steps", async () => {
  await useCpu();
  assertThrows(() => new GradNorm(2, { alpha: -1 }), /alpha must be a non-negative number/);
  assertThrows(() => new GradNorm(2, { lr: 0 }), /lr must be a positive number, got 0/);
  assertThrows(
    () => new GradNorm(2, { optimizer: "sgdm" as "sgd" }),
    /optimizer must be "adam" or "sgd", got "sgdm"/,
  );
  assertThrows(() => new GradNorm(2, { initialWeights: [1] }), /initialWeights has 1 values/);
  assertThrows(() => new GradNorm(2, { initialWeights: [0, 0] }), /must not all be 0/);
  const g = new GradNorm(2);
  assertThrows(() => g.afterStep({ losses: [1, 1] }), /afterStep needs gradNorms/);
  assertThrows(
    () => g.afterStep({ losses: [1], gradNorms: [1, 1] }),
    /losses has 1 values for 2 tasks/,
  );
  assertThrows(
    () => g.afterStep({ losses: [1, NaN], gradNorms: [1, 1] }),
    /losses\[1\] must be a finite non-negative number, got NaN/,
  );
  assertThrows(
    () => g.afterStep({ losses: [0, 1], gradNorms: [1, 1] }),
    /the first loss of task 0 is 0/,
  );
});
