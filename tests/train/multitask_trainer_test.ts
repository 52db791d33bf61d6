import * as tf from "@tensorflow/tfjs";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { linkAuc } from "../../lib/train/aux_tasks.ts";
import { splitEdges } from "../../lib/train/edge_split.ts";
import { GradNorm, UncertaintyWeighting } from "../../lib/train/multitask.ts";
import { MultiTaskGCN } from "../../lib/models/multitask_gcn.ts";
import {
  type MultiTaskEpoch,
  type MultiTaskOptions,
  trainMultiTask,
} from "../../lib/train/multitask_trainer.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import { assert, assertAllClose, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import { useCpu } from "./_fixtures.ts";

const data = csbm({ numNodes: 150, numClasses: 3, avgDegree: 8, homophily: 0.9, seed: 3 });
// The checks below recompute the model's outputs from the raw features (Gaussian, not counts), so
// they state normalizeFeatures instead of taking TRAIN_DEFAULTS.
const quiet = { progress: false, normalizeFeatures: false } as const;
const strip = (h: MultiTaskEpoch[]) => h.map(({ seconds: _, ...rest }) => rest);

async function run(options: MultiTaskOptions) {
  const result = await trainMultiTask(data, { ...quiet, epochs: 12, ...options });
  result.model.dispose();
  return result;
}

Deno.test("trainMultiTask() records every task's loss and weight per epoch", async () => {
  await useCpu();
  const r = await run({ weighting: "fixed", fixedWeights: [1, 0.5, 2] });
  assertEquals(r.tasks, ["classification", "link", "reconstruction"]);
  assertEquals(r.weighting, "fixed");
  assertEquals(r.history.length, 12);
  for (const h of r.history) {
    assertEquals(Object.keys(h.losses), r.tasks);
    assertEquals(h.weights, { classification: 1, link: 0.5, reconstruction: 2 });
    const { classification: c, link: l, reconstruction: x } = h.losses;
    assertAllClose([h.totalLoss], [c + 0.5 * l + 2 * x], { atol: 1e-5 });
    assertEquals(h.gradNorms, undefined);
    assert(h.valLinkAuc >= 0 && h.valLinkAuc <= 1);
  }
  // Fresh weights: cross-entropy near log 3 and BCE near log 2.
  assertAllClose([r.history[0].losses.classification], [Math.log(3)], { atol: 0.3 });
  assertAllClose([r.history[0].losses.link], [Math.log(2)], { atol: 0.3 });
  assertEquals(r.finalWeights, { classification: 1, link: 0.5, reconstruction: 2 });
});

Deno.test("trainMultiTask() learns all three tasks on a homophilous graph", async () => {
  await useCpu();
  const r = await run({ epochs: 60, lr: 0.02 });
  const first = r.history[0];
  const tail = r.history.slice(-10);
  const mean = (f: (h: MultiTaskEpoch) => number) => tail.reduce((s, h) => s + f(h), 0) / 10;
  for (const task of r.tasks) {
    assert(mean((h) => h.losses[task]) < first.losses[task], `${task} loss did not fall`);
  }
  assert(r.val.accuracy >= 0.9, `val accuracy ${r.val.accuracy}`);
  assert(r.test.accuracy >= 0.85, `test accuracy ${r.test.accuracy}`);
  // Random within-class edges cap the link AUC of a cSBM; it still rises well above the start.
  const auc = mean((h) => h.valLinkAuc);
  assert(
    auc >= first.valLinkAuc + 0.03 && auc >= 0.8,
    `val link AUC ${first.valLinkAuc} -> ${auc}`,
  );
});

Deno.test("trainMultiTask() is deterministic per seed", async () => {
  await useCpu();
  for (const weighting of ["fixed", "uncertainty", "gradnorm"] as const) {
    const a = await run({ weighting, seed: 5, epochs: 6 });
    const b = await run({ weighting, seed: 5, epochs: 6 });
    assertEquals(strip(a.history), strip(b.history), weighting);
    assertEquals(a.test, b.test);
    const c = await run({ weighting, seed: 6, epochs: 6 });
    assert(
      JSON.stringify(strip(c.history)) !== JSON.stringify(strip(a.history)),
      `${weighting}: seeds 5 and 6 agree`,
    );
  }
});

Deno.test("trainMultiTask() selects on validation and reports test metrics of those weights", async () => {
  await useCpu();
  const result = await trainMultiTask(data, { ...quiet, epochs: 25, seed: 2 });
  const { history, bestEpoch } = result;
  // Highest validation accuracy, ties broken by the lower validation loss.
  const best = history.reduce((a, b) =>
    b.valAcc > a.valAcc || (b.valAcc === a.valAcc && b.valLoss < a.valLoss) ? b : a
  );
  assertEquals(bestEpoch, best.epoch);
  assertEquals(result.val, { accuracy: best.valAcc, linkAuc: best.valLinkAuc });
  // The model holds those weights: recompute everything independently over the same split's
  // message-passing graph (the held-out edges are never propagated over).
  const edges = splitEdges(data.graph, { seed: 2 });
  const adj = adjacency(edges.trainGraph);
  const x = tf.tensor2d(data.graph.x.data as Float32Array, [150, data.graph.x.cols]);
  const z = result.model.embed(x, adj);
  const pred = result.model.classifier.forward(z).argMax(1).dataSync();
  const split = data.splits[0];
  const acc = (idx: Int32Array) =>
    idx.filter((i) => pred[i] === data.graph.y[i]).length / idx.length;
  assertAllClose([acc(split.val)], [result.val.accuracy], { atol: 1e-6 });
  assertAllClose([acc(split.test)], [result.test.accuracy], { atol: 1e-6 });
  assertEquals(linkAuc(z, edges.valPositive, edges.valNegative), result.val.linkAuc);
  assertEquals(linkAuc(z, edges.testPositive, edges.testNegative), result.test.linkAuc);
  assertEquals(result.edges.val, edges.valPositive.length / 2);
  // Propagating over the full graph instead gives other embeddings.
  const zFull = result.model.embed(x, adjacency(data.graph));
  assert(Math.abs(tf.sub(zFull, z).abs().max().dataSync()[0]) > 1e-4);
  result.model.dispose();
});

Deno.test("trainMultiTask() with val_auc selects the best link AUC", async () => {
  await useCpu();
  const r = await run({ monitor: "val_auc", epochs: 15 });
  const best = Math.max(...r.history.map((h) => h.valLinkAuc));
  assertEquals(r.val.linkAuc, best);
  assertEquals(r.history[r.bestEpoch - 1].valLinkAuc, best);
});

Deno.test("trainMultiTask() with GradNorm logs gradient norms and updates the weights by them", async () => {
  await useCpu();
  const r = await run({ weighting: "gradnorm", gradNorm: { alpha: 0.5, lr: 0.05 }, epochs: 8 });
  assertEquals(r.weighting, "gradnorm");
  assertEquals(r.history[0].weights, { classification: 1, link: 1, reconstruction: 1 });
  // Replaying the logged losses and norms through a fresh GradNorm gives the logged weights.
  const replay = new GradNorm(3, { alpha: 0.5, lr: 0.05 });
  for (const h of r.history) {
    assertAllClose(Object.values(h.weights), replay.weights(), { atol: 1e-12 });
    const norms = Object.values(h.gradNorms!);
    assert(norms.every((n) => n > 0), `norms ${norms}`);
    replay.afterStep({ losses: Object.values(h.losses), gradNorms: norms });
  }
  assertAllClose(Object.values(r.finalWeights), replay.weights(), { atol: 1e-12 });
  const w = Object.values(r.finalWeights);
  assertAllClose([w.reduce((a, b) => a + b)], [3], { atol: 1e-9 });
  assert(w.some((v) => Math.abs(v - 1) > 0.05), `weights did not move: ${w}`);
});

Deno.test("trainMultiTask() with GradNorm logs the true gradient norms on the shared layer", async () => {
  await useCpu();
  // Only classification, one epoch, no dropout: the logged norm is ||∇_W2 L|| of the first step.
  const result = await trainMultiTask(data, {
    ...quiet,
    tasks: ["classification"],
    weighting: "gradnorm",
    dropout: 0,
    epochs: 1,
    weightDecay: 0,
  });
  result.model.dispose();
  // Rebuild the initial model and differentiate the full forward pass directly.
  const model = new MultiTaskGCN({ inChannels: data.graph.x.cols, numClasses: 3, dropout: 0 });
  const adj = adjacency(splitEdges(data.graph, { seed: 0 }).trainGraph);
  const x = tf.tensor2d(data.graph.x.data as Float32Array, [150, data.graph.x.cols]);
  const train = data.splits[0].train;
  const labels = tf.oneHot(tf.tensor1d(Int32Array.from(train, (i) => data.graph.y[i]), "int32"), 3);
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.classifier.forward(model.embed(x, adj));
    return tf.losses.softmaxCrossEntropy(labels, tf.gather(logits, tf.tensor1d(train, "int32")));
  }, [model.sharedWeight()]);
  const norm = tf.norm(grads[model.sharedWeight().name]).dataSync()[0];
  assertAllClose([result.history[0].losses.classification], [value.dataSync()[0]], { atol: 1e-5 });
  assertAllClose([result.history[0].gradNorms!.classification], [norm], { atol: 1e-5 });
  model.dispose();
});

Deno.test("trainMultiTask() with uncertainty weighting learns the log-variances", async () => {
  await useCpu();
  const weighting = new UncertaintyWeighting(2);
  const r = await run({ tasks: ["classification", "reconstruction"], weighting, epochs: 20 });
  assertEquals(r.weighting, "uncertainty");
  assertEquals(Object.keys(r.history[0].weights), ["classification", "reconstruction"]);
  assertEquals(r.history[0].weights, { classification: 1, reconstruction: 1 });
  // Each weight is exp(-s). s moves towards log L_i: the classification loss fell well below 1
  // (so s < 0, a larger weight), the reconstruction loss of N(0, 1) features stays near 1 (s ≈ 0).
  const s = weighting.logVariances();
  assertAllClose(Object.values(r.finalWeights), s.map((v) => Math.exp(-v)), { atol: 1e-6 });
  const last = r.history.at(-1)!.losses;
  assert(last.classification < 0.5 && s[0] < -0.1, `s = ${s}, losses ${JSON.stringify(last)}`);
  assert(Math.abs(Math.log(last.reconstruction)) < 0.1 && Math.abs(s[1]) < 0.1, `s = ${s}`);
  const h = r.history[5];
  const [wc, wr] = Object.values(h.weights);
  const sc = -Math.log(wc), sr = -Math.log(wr);
  assertAllClose(
    [h.totalLoss],
    [wc * h.losses.classification + sc + wr * h.losses.reconstruction + sr],
    { atol: 1e-4 },
  );
  weighting.dispose();
});

Deno.test("trainMultiTask() trains a subset of the tasks", async () => {
  await useCpu();
  const r = await run({ tasks: ["link"], epochs: 10 });
  assertEquals(r.tasks, ["link"]);
  assertEquals(Object.keys(r.history[0].losses), ["link"]);
  // Without classification the best epoch is chosen by link AUC.
  assertEquals(r.val.linkAuc, Math.max(...r.history.map((h) => h.valLinkAuc)));
});

Deno.test("trainMultiTask() shows progress when asked", async () => {
  await useCpu();
  let out = "";
  const r = await trainMultiTask(data, {
    epochs: 3,
    progress: { kind: "terminal", write: (text) => out += text },
  });
  r.model.dispose();
  const lines = out.split("\r").filter((l) => l.length > 0);
  assertEquals(lines.length, 3);
  assertMatch(lines[0], /^epoch 1\/3 \| loss \d+\.\d{4} \| val acc \d\.\d{4} \| lr 0\.01 \|/);
  assert(lines[2].startsWith("epoch 3/3") && out.endsWith("\n"), JSON.stringify(out));
  // The loss shown is the weighted objective.
  assert(lines[2].includes(`loss ${r.history[2].totalLoss.toFixed(4)}`), lines[2]);
});

Deno.test("trainMultiTask() rejects bad options, naming them", async () => {
  await useCpu();
  const cases: [MultiTaskOptions, string][] = [
    [{ tasks: [] }, "option tasks is empty"],
    [{ tasks: ["link", "link"] }, "option tasks lists link twice"],
    [
      { tasks: ["pose" as "link"] },
      'option tasks[0] must be one of classification, link, reconstruction, got "pose"',
    ],
    [
      { weighting: "magic" as "fixed" },
      'option weighting must be one of fixed, uncertainty, gradnorm or a TaskWeighting, got "magic"',
    ],
    [{ fixedWeights: [1, 2] }, "option fixedWeights has 2 values for 3 tasks"],
    [
      { weighting: "gradnorm", fixedWeights: [1, 1, 1] },
      'option fixedWeights applies to weighting "fixed" only',
    ],
    [{ gradNorm: { alpha: 0.5 } }, 'option gradNorm applies to weighting "gradnorm" only'],
    [{ weighting: new GradNorm(2) }, "the weighting has 2 tasks but 3 tasks are trained"],
    [{ epochs: 0 }, "option epochs must be a positive integer, got 0"],
    [{ lr: -1 }, "option lr must be a positive number, got -1"],
    [{ hiddenChannels: 0 }, "option hiddenChannels must be a positive integer, got 0"],
    [{ dropout: 1 }, "option dropout must be in [0, 1), got 1"],
    [{ maskRate: 1 }, "option maskRate must be in (0, 1), got 1"],
    [
      { monitor: "val_f1" as "val_acc" },
      'option monitor must be "val_acc" or "val_auc", got "val_f1"',
    ],
    [
      { tasks: ["link"], monitor: "val_acc" },
      'option monitor is "val_acc" but the tasks do not include classification',
    ],
    [{ epoch: 5 } as never, "unknown option epoch (expected one of split, epochs,"],
    [{ edgeSplit: { val: 0 } }, "the edge split needs val and test edges (got 0 and"],
  ];
  for (const [options, message] of cases) {
    await assertRejects(
      () => trainMultiTask(data, { ...quiet, ...options }),
      RangeError,
      `Cannot train multi-task on csbm: ${message}`,
    );
  }
  // splitEdges names its own option.
  await assertRejects(
    () => trainMultiTask(data, { ...quiet, edgeSplit: { val: 0.9, test: 0.2 } }),
    RangeError,
    "val + test must be below 1",
  );
});

Deno.test("trainMultiTask() rejects bad data and splits before training", async () => {
  await useCpu();
  const x = Float32Array.from(data.graph.x.data);
  const cols = data.graph.x.cols;
  x[40 * cols + 1] = NaN;
  const nanX = { ...data, graph: { ...data.graph, x: denseMatrix(x, 150, cols) } };
  await assertRejects(
    () => trainMultiTask(nanX, quiet),
    RangeError,
    "Cannot train multi-task on csbm: x[40, 1] is NaN; features must be finite",
  );
  const y = data.graph.y.slice();
  y[9] = -1;
  await assertRejects(
    () => trainMultiTask({ ...data, graph: { ...data.graph, y } }, quiet),
    RangeError,
    "Cannot train multi-task on csbm: y[9] is -1; labels must be integers in [0, 3) (numClasses)",
  );
  const s = data.splits[0];
  await assertRejects(
    () => trainMultiTask(data, { ...quiet, split: { ...s, test: Int32Array.of(s.val[0]) } }),
    RangeError,
    `Cannot train multi-task on csbm: split ${s.name}: test[0] is ${
      s.val[0]
    }, which is also in val`,
  );
});
