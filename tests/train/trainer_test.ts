import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import type { GraphDataset } from "../../lib/datasets/dataset.ts";
import { accuracy, f1Score } from "../../lib/metrics/classification.ts";
import { loadCheckpoint } from "../../lib/train/checkpoint.ts";
import { stepLr } from "../../lib/train/schedule.ts";
import { train, type TrainOptions } from "../../lib/train/trainer.ts";
import { TRAIN_DEFAULTS } from "../../lib/train/train_options.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import type { EpochRecord } from "../../lib/train/callbacks.ts";
import type { TrainingOutput } from "../../lib/train/trainable_model.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { assert, assertAllClose, assertEquals, assertRejects } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { TinyModel, toyDataset, useCpu } from "./_fixtures.ts";

// These tests recompute losses from the raw toy features (Gaussian blobs, not counts) and select
// by validation loss, so they state both instead of taking TRAIN_DEFAULTS.
const quiet = { progress: false, normalizeFeatures: false, monitor: "val_loss" } as const;

/** Predictions and mean cross-entropy of the model on `nodes`, computed here independently. */
function evaluate(model: TinyModel, data: GraphDataset, nodes: Int32Array) {
  const x = tf.tensor2d(data.graph.x.data as Float32Array, [
    data.graph.numNodes,
    data.graph.x.cols,
  ]);
  const logits = model.forward(x, adjacency(data.graph)).arraySync();
  x.dispose();
  const pred: number[] = [];
  let loss = 0;
  for (const i of nodes) {
    const row = logits[i];
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    loss += lse - row[data.graph.y[i]];
    pred.push(row.indexOf(max));
  }
  return { pred, loss: loss / nodes.length };
}

const strip = (h: EpochRecord[]) => h.map(({ seconds: _, ...rest }) => rest);

Deno.test("train() fits a separable toy set and reports test metrics of the best epoch", async () => {
  await useCpu();
  const data = toyDataset();
  const model = new TinyModel(4, 3, { seed: 1 });
  const result = await train(model, data, { ...quiet, epochs: 60, lr: 0.05 });
  assertEquals(result.history.length, 60);
  assertEquals(result.history.map((r) => r.epoch), Array.from({ length: 60 }, (_, i) => i + 1));
  // Best epoch by val loss (first minimum), and the model holds its weights.
  const losses = result.history.map((r) => r.valLoss);
  assertEquals(result.bestEpoch, losses.indexOf(Math.min(...losses)) + 1);
  assertEquals(result.bestValLoss, Math.min(...losses));
  assertEquals(result.bestValAcc, result.history[result.bestEpoch - 1].valAcc);
  const split = data.splits[0];
  assertAllClose([evaluate(model, data, split.val).loss], [result.bestValLoss], { atol: 1e-5 });
  const { pred } = evaluate(model, data, split.test);
  const yTest = Array.from(split.test, (i) => data.graph.y[i]);
  assertEquals(result.test.accuracy, accuracy(yTest, pred));
  assertEquals(result.test.macroF1, f1Score(yTest, pred, { average: "macro" }));
  assertEquals(result.test.report.accuracy, result.test.accuracy);
  assert(result.test.accuracy >= 0.9, `test accuracy ${result.test.accuracy}`);
  // Train metrics are in eval mode and consistent with a fresh evaluation at the last epoch.
  assert(result.history[59].trainAcc >= 0.9);
  assert(result.history[59].trainLoss < result.history[0].trainLoss);
  model.dispose();
});

Deno.test("train() behaviour: early stopping stops patience epochs after the best", async () => {
  await useCpu();
  const clean = toyDataset();
  // Validation labels shifted to a wrong class: val loss rises once training fits the data.
  const y = clean.graph.y.slice();
  for (const i of clean.splits[0].val) y[i] = (y[i] + 1) % 3;
  const data = { ...clean, graph: { ...clean.graph, y } };
  const model = new TinyModel(4, 3);
  const result = await train(model, data, { ...quiet, epochs: 100, lr: 0.05, patience: 5 });
  assert(result.history.length < 100, `ran ${result.history.length} epochs`);
  assertEquals(result.history.length, result.bestEpoch + 5);
  assertAllClose([evaluate(model, data, data.splits[0].val).loss], [result.bestValLoss], {
    atol: 1e-5,
  });
  model.dispose();
});

Deno.test("train() behaviour: same seed gives the same history, another seed differs", async () => {
  await useCpu();
  const data = toyDataset();
  const run = async (seed: number, extra: TrainOptions = {}) => {
    const model = new TinyModel(4, 3, { seed: 2, rate: 0.5 });
    const r = await train(model, data, { ...quiet, epochs: 15, seed, ...extra });
    model.dispose();
    return strip(r.history);
  };
  const a = await run(1);
  assertEquals(await run(1), a);
  assert(JSON.stringify(await run(2)) !== JSON.stringify(a));
  const aug = { featureDropout: 0.2, edgeDropout: 0.3 };
  assertEquals(await run(1, aug), await run(1, aug));
  const mini = { batchSize: 8, fanouts: [2, 2] };
  assertEquals(await run(1, mini), await run(1, mini));
});

Deno.test("train() behaviour: memory stays flat across epochs and nothing leaks", async () => {
  await useCpu();
  const data = toyDataset();
  const model = new TinyModel(4, 3, { rate: 0.5 });
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  const onEpochEnd = () => void counts.push(tf.memory().numTensors);
  await train(model, data, { ...quiet, epochs: 8, callbacks: [{ onEpochEnd }] });
  // Adam creates its moment variables in epoch 1; after that the count must not move.
  assertEquals(new Set(counts.slice(1)).size, 1, counts.join());
  assertEquals(tf.memory().numTensors, before);
  await train(model, data, {
    ...quiet,
    epochs: 4,
    batchSize: 16,
    fanouts: [3],
    featureDropout: 0.1,
    edgeDropout: 0.1,
  });
  assertEquals(tf.memory().numTensors, before);
  model.dispose();
});

Deno.test("train() behaviour: schedules set each epoch's lr, callbacks run and can stop", async () => {
  await useCpu();
  const data = toyDataset();
  const model = new TinyModel(4, 3);
  const calls: string[] = [];
  const result = await train(model, data, {
    ...quiet,
    epochs: 20,
    lr: 0.1,
    schedule: { type: "step", stepSize: 3, gamma: 0.5 },
    callbacks: [{
      onTrainBegin: () => void calls.push("begin"),
      onEpochEnd: (r) => r.epoch === 7 ? "stop" : undefined,
      onTrainEnd: (ctx) => void calls.push(`end ${ctx.history.length}`),
    }],
  });
  assertEquals(result.history.length, 7);
  assertAllClose(
    result.history.map((r) => r.lr),
    [0, 1, 2, 3, 4, 5, 6].map((e) => stepLr(0.1, e, 3, 0.5)),
    { atol: 1e-12 },
  );
  assertEquals(calls, ["begin", "end 7"]);
  model.dispose();
});

Deno.test("train() behaviour: the best epoch is checkpointed", async () => {
  await useCpu();
  await withTempDir(async (dir) => {
    const data = toyDataset();
    const model = new TinyModel(4, 3);
    const path = join(dir, "best.ckpt");
    const result = await train(model, data, {
      ...quiet,
      epochs: 10,
      seed: 4,
      checkpointPath: path,
      monitor: "val_acc",
    });
    assertEquals(result.checkpointPath, path);
    const copy = new TinyModel(4, 3, { seed: 9 });
    const header = await loadCheckpoint(copy, path);
    assertEquals(Array.from(copy.weight.dataSync()), Array.from(model.weight.dataSync()));
    assertEquals(header.meta.epoch, result.bestEpoch);
    assertEquals(header.meta.valAcc, result.bestValAcc);
    assertEquals(header.meta.seed, 4);
    model.dispose();
    copy.dispose();
  });
});

Deno.test("train() rejects invalid options naming the option", async () => {
  await useCpu();
  const data = toyDataset();
  const model = new TinyModel(4, 3);
  const cases: [TrainOptions, string][] = [
    [{ epochs: 0 }, "option epochs must be a positive integer, got 0"],
    [{ epochs: 2.5 }, "option epochs must be a positive integer, got 2.5"],
    [{ lr: 0 }, "option lr must be a positive number, got 0"],
    [{ lr: -1 }, "option lr must be a positive number, got -1"],
    [{ lr: "0.01" as never }, "option lr must be a positive number, got 0.01"],
    [{ weightDecay: -1 }, "option weightDecay must be a non-negative number, got -1"],
    [{ seed: NaN }, "option seed must be a finite number, got NaN"],
    [
      { normalizeFeatures: "yes" as never },
      'option normalizeFeatures must be true or false, got "yes"',
    ],
    [
      { progress: "on" as never },
      'option progress must be true, false, "auto" or a ProgressTarget',
    ],
    [
      { weightDecayOn: "last" as never },
      'option weightDecayOn must be "first" or "all", got "last"',
    ],
    [{ patience: -1 }, "option patience must be a non-negative integer, got -1"],
    [{ monitor: "acc" as never }, 'option monitor must be "val_loss" or "val_acc", got "acc"'],
    [
      { schedule: { type: "linear" } as never },
      'option schedule has unknown type "linear" (expected one of constant, step, cosine, plateau)',
    ],
    [{ batchSize: 0 }, "option batchSize must be a positive integer, got 0"],
    [
      { batchSize: 8 },
      "option fanouts must list at least one hop when batchSize is set (e.g. [25, 10])",
    ],
    [{ batchSize: 8, fanouts: [] }, "option fanouts must list at least one hop"],
    [{ batchSize: 8, fanouts: [2, 0] }, "option fanouts[1] must be a positive integer or -1"],
    [{ edgeDropout: 1 }, "option edgeDropout must be in [0, 1), got 1"],
    [{ featureDropout: -0.1 }, "option featureDropout must be in [0, 1), got -0.1"],
    [{ checkpointPath: "" }, 'option checkpointPath must be a non-empty string, got ""'],
    [{ callbacks: {} as never }, "option callbacks must be a list"],
    // A misspelt option is an error, not silently ignored.
    [{ epoch: 5 } as never, "unknown option epoch (expected one of split, epochs, lr,"],
    [{ weight_decay: 0 } as never, "unknown option weight_decay"],
  ];
  for (const [options, message] of cases) {
    await assertRejects(
      () => train(model, data, { ...quiet, ...options }),
      RangeError,
      `Cannot train tiny on toy: ${message}`,
    );
  }
  const noFirst = {
    forward: model.forward.bind(model),
    namedParameters: () => model.namedParameters(),
  };
  await assertRejects(
    () => train(noFirst, data, { weightDecayOn: "first" }),
    RangeError,
    'Cannot train model on toy: option weightDecayOn is "first" but the model has no firstLayerParameters()',
  );
  model.dispose();
});

Deno.test("train() rejects a bad split naming the part and position; parts must be disjoint", async () => {
  await useCpu();
  const data = toyDataset(); // 80 nodes
  const model = new TinyModel(4, 3);
  const s = data.splits[0];
  const split = (part: "train" | "val" | "test", values: ArrayLike<number>) => ({
    ...s,
    [part]: values as Int32Array,
  });
  const cases: [ReturnType<typeof split>, string][] = [
    [split("val", [s.val[0], 80]), "split toy: val[1] is 80, out of range [0, 80)"],
    [split("val", [-1]), "split toy: val[0] is -1, out of range [0, 80)"],
    [
      split("test", Float64Array.from([s.test[0], 5.5])),
      "split toy: test[1] is 5.5; node indices must be integers",
    ],
    [
      split("val", [s.val[0], s.val[0]]),
      `split toy: val[1] is ${s.val[0]} again; a part lists each node once`,
    ],
    [
      split("val", [s.val[1], s.val[0]]),
      `split toy: val[1] is ${s.val[0]} after ${s.val[1]}; parts must be sorted ascending`,
    ],
    // Overlapping parts would leak training or validation nodes into the test accuracy.
    [
      split("test", [s.train[0]]),
      `split toy: test[0] is ${s.train[0]}, which is also in train; parts must be disjoint`,
    ],
    [split("val", new Int32Array(0)), "split toy has no val nodes"],
    [split("train", undefined as never), "split toy: train must be an Int32Array of node indices"],
  ];
  for (const [bad, message] of cases) {
    await assertRejects(
      () => train(model, data, { ...quiet, split: bad }),
      RangeError,
      `Cannot train tiny on toy: ${message}`,
    );
  }
  await assertRejects(
    () => train(model, { ...data, splits: [] }, quiet),
    RangeError,
    "Cannot train tiny on toy: option split is not given and the data set has no splits",
  );
  model.dispose();
});

Deno.test("train() rejects bad data before training, naming the field and the first bad position", async () => {
  await useCpu();
  const data = toyDataset(); // 80 nodes, 4 features, 3 classes
  const model = new TinyModel(4, 3);
  const withX = (values: Float32Array) => ({
    ...data,
    graph: { ...data.graph, x: denseMatrix(values, 80, 4) },
  });
  const x = Float32Array.from(data.graph.x.data);
  x[12 * 4 + 3] = NaN;
  x[20 * 4] = Infinity;
  const y = data.graph.y.slice();
  y[7] = 3;
  const cases: [GraphDataset, string][] = [
    // NaN features used to train silently (loss NaN, accuracy at chance): now the first is named.
    [withX(x), "x[12, 3] is NaN; features must be finite"],
    [
      { ...data, graph: { ...data.graph, y } },
      "y[7] is 3; labels must be integers in [0, 3) (numClasses)",
    ],
    [{ ...data, numClasses: 0 }, "numClasses must be a positive integer, got 0"],
    [{ ...data, graph: { ...data.graph, x: undefined as never } }, "the graph has no features x"],
    [
      { ...data, graph: { ...data.graph, edgeIndex: new Int32Array([0, 80]) } },
      "edgeIndex[1][0] is 80, out of range [0, 80)",
    ],
  ];
  for (const [bad, message] of cases) {
    await assertRejects(
      () => train(model, bad, quiet),
      RangeError,
      `Cannot train tiny on toy: ${message}`,
    );
  }
  // The model's sizes, when its config states them, against the data.
  const wide = new TinyModel(5, 3);
  await assertRejects(
    () => train(wide, data, quiet),
    RangeError,
    "Cannot train tiny on toy: the model takes 5 input features (inChannels) but x has 4 columns",
  );
  const narrow = new TinyModel(4, 2);
  await assertRejects(
    () => train(narrow, data, quiet),
    RangeError,
    "Cannot train tiny on toy: the model has 2 outputs (outChannels) but the data set has 3 classes",
  );
  for (const m of [model, wide, narrow]) m.dispose();
});

Deno.test("train() defaults are TRAIN_DEFAULTS: best validation accuracy, normalised features", async () => {
  await useCpu();
  const data = toyDataset();
  const run = async (options: TrainOptions) => {
    const model = new TinyModel(4, 3, { seed: 3, rate: 0.5 });
    const r = await train(model, data, { progress: false, epochs: 25, ...options });
    model.dispose();
    return r;
  };
  const { epochs: _, ...explicit } = TRAIN_DEFAULTS;
  const byDefault = await run({});
  const stated = await run(explicit as TrainOptions);
  assertEquals(strip(byDefault.history), strip(stated.history));
  assertEquals(byDefault.bestEpoch, stated.bestEpoch);
  assertEquals(TRAIN_DEFAULTS.monitor, "val_acc");
  assertEquals(TRAIN_DEFAULTS.normalizeFeatures, true);
  assertEquals(TRAIN_DEFAULTS.weightDecayOn, "all");
  // The selected epoch has the highest validation accuracy (ties: the lower validation loss).
  const best = byDefault.history.reduce((a, b) =>
    b.valAcc > a.valAcc || (b.valAcc === a.valAcc && b.valLoss < a.valLoss) ? b : a
  );
  assertEquals(byDefault.bestEpoch, best.epoch);
  // The default does normalise: raw features give another run.
  const raw = await run({ normalizeFeatures: false });
  assert(JSON.stringify(strip(raw.history)) !== JSON.stringify(strip(byDefault.history)));
});

/** TinyModel plus an L2 term on the bias and a per-epoch statistic, through the model hooks. */
class TermsModel extends TinyModel {
  readonly epochsSeen: number[] = [];
  constructor(readonly penalty: number) {
    super(4, 3, { seed: 1 });
  }
  lossTerms({ logits }: TrainingOutput, taskLoss: (l: tf.Tensor2D) => tf.Scalar) {
    return {
      task: taskLoss(logits),
      bias: tf.mul(this.penalty, tf.sum(tf.square(this.bias))) as tf.Scalar,
    };
  }
  beforeEpoch(epoch: number): Record<string, number> {
    this.epochsSeen.push(epoch);
    return { biasNorm: Math.hypot(...this.bias.dataSync()) };
  }
}

Deno.test("train() minimises a model's lossTerms and records them and beforeEpoch per epoch", async () => {
  await useCpu();
  const data = toyDataset();
  const free = new TermsModel(0);
  const pinned = new TermsModel(100);
  const freeRun = await train(free, data, { ...quiet, epochs: 20, lr: 0.1, weightDecay: 0 });
  const pinnedRun = await train(pinned, data, { ...quiet, epochs: 20, lr: 0.1, weightDecay: 0 });
  assertEquals(pinned.epochsSeen, Array.from({ length: 20 }, (_, i) => i + 1));
  const last = pinnedRun.history[19].terms!;
  assertEquals(Object.keys(last).sort(), ["bias", "biasNorm", "task"]);
  // One full-batch step per epoch: the recorded task term is that step's training loss.
  assert(last.task > 0 && Number.isFinite(last.task));
  assertAllClose([last.bias], [100 * last.biasNorm ** 2], { atol: 1e-3 });
  // The penalty keeps the bias near zero; without it the bias moves freely.
  const norm = (m: TinyModel) => Math.hypot(...m.bias.dataSync());
  assert(norm(pinned) < 0.2 * norm(free), `bias norms ${norm(pinned)} vs ${norm(free)}`);
  assertEquals(freeRun.history[0].terms!.bias, 0);
  free.dispose();
  pinned.dispose();
});
