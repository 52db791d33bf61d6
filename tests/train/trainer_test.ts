import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import type { GraphDataset } from "../../lib/datasets/dataset.ts";
import { accuracy, f1Score } from "../../lib/metrics/classification.ts";
import { loadCheckpoint } from "../../lib/train/checkpoint.ts";
import { stepLr } from "../../lib/train/schedule.ts";
import { train, type TrainOptions } from "../../lib/train/trainer.ts";
import type { EpochRecord } from "../../lib/train/callbacks.ts";
import type { TrainingOutput } from "../../lib/train/_model.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { assert, assertAllClose, assertEquals, assertRejects } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { TinyModel, toyDataset, useCpu } from "./_fixtures.ts";

const quiet = { progress: false } as const;

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
  const bad = { ...data.splits[0], val: new Int32Array([3, 80]) };
  const cases: [TrainOptions, string][] = [
    [{ epochs: 0 }, "option epochs must be a positive integer, got 0"],
    [{ lr: 0 }, "option lr must be a positive number, got 0"],
    [{ lr: -1 }, "option lr must be a positive number, got -1"],
    [{ weightDecay: -1 }, "option weightDecay must be a non-negative number, got -1"],
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
    [{ edgeDropout: 1 }, "option edgeDropout must be in [0, 1), got 1"],
    [{ split: bad }, "split toy.val[1] is 80, out of range [0, 80)"],
    [{ split: { ...bad, val: new Int32Array(0) } }, "split toy has no val nodes"],
  ];
  for (const [options, message] of cases) {
    await assertRejects(
      () => train(model, data, { ...quiet, ...options }),
      (e: Error) => e.message.startsWith(`Cannot train tiny: ${message}`),
      message,
    );
  }
  const noFirst = {
    forward: model.forward.bind(model),
    namedParameters: () => model.namedParameters(),
  };
  await assertRejects(() => train(noFirst, data, { weightDecayOn: "first" }), {
    message:
      'Cannot train model: option weightDecayOn is "first" but the model has no firstLayerParameters()',
  });
  model.dispose();
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
