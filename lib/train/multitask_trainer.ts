/**
 * Multi-task training (paper chapter 4.3): one GCN encoder shared by node classification, link
 * prediction on held-out edges and feature reconstruction, with fixed, uncertainty or GradNorm
 * loss weighting, recording every task's loss and weight per epoch.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../backend/set_backend.ts";
import type { GraphDataset } from "../datasets/dataset.ts";
import { checkDataset } from "../datasets/_check_dataset.ts";
import type { Graph } from "../graph/graph.ts";
import { MultiTaskGCN } from "../models/multitask_gcn.ts";
import { selectRows } from "../graph/select_rows.ts";
import { toTensor } from "../nn/to_tensor.ts";
import { createRng } from "../random/rng.ts";
import { adjacency } from "../sparse/adjacency.ts";
import { disposeFeatures, normalizedGraph, toFeatures } from "./_features.ts";
import {
  featureReconstructionLoss,
  gatherRows,
  labelledPairs,
  linkAuc,
  linkPredictionLoss,
  maskNodes,
  maskRows,
} from "./aux_tasks.ts";
import type { EpochRecord } from "./callbacks.ts";
import {
  createWeighting,
  WEIGHTING_NAMES,
  type WeightingName,
  type WeightingOptions,
} from "./create_weighting.ts";
import { EarlyStopping } from "./early_stopping.ts";
import { type EdgeSplitOptions, numPairs, sampleNegativeEdges, splitEdges } from "./edge_split.ts";
import { sharedGradientNorms, type TaskWeighting } from "./multitask.ts";
import { Adam } from "./optimizer.ts";
import { Progress, progressTarget } from "./progress.ts";
import type { CommonTrainOptions } from "./train_options.ts";
import { lossTarget, maskedCrossEntropy } from "./_loss.ts";
import {
  checkOptionNames,
  COMMON_OPTION_NAMES,
  type CommonSettings,
  failure,
  resolveCommonOptions,
  resolveSplit,
} from "./_checks.ts";
import type { NodeSplit } from "../splits/split.ts";

/** The tasks {@linkcode trainMultiTask} can train, in this order. */
export const MULTITASK_TASKS = ["classification", "link", "reconstruction"] as const;

/** One of {@linkcode MULTITASK_TASKS}. */
export type MultiTaskName = typeof MULTITASK_TASKS[number];

/**
 * Options of {@linkcode trainMultiTask}. Defaults: `TRAIN_DEFAULTS` (200 epochs, Adam lr 0.01,
 * weight decay 5e-4, row-normalised features, seed 0) and those given below.
 */
export interface MultiTaskOptions extends CommonTrainOptions, WeightingOptions {
  /** The tasks to train (default all of {@linkcode MULTITASK_TASKS}). */
  tasks?: readonly MultiTaskName[];
  /** A weighting by name (default `"fixed"`), or one built by hand for `tasks`. */
  weighting?: WeightingName | TaskWeighting;
  /** Encoder width (default 64). */
  hiddenChannels?: number;
  /** Default 0.5. */
  dropout?: number;
  /** Held-out edges for link prediction (default val 0.05, test 0.1, seeded by `seed`). */
  edgeSplit?: EdgeSplitOptions;
  /** Fraction of nodes whose input features are masked and reconstructed per epoch (default 0.2). */
  maskRate?: number;
  /**
   * What selects the best epoch on validation: `"val_acc"` (default with classification; ties by
   * validation loss) or `"val_auc"` (link AUC; default otherwise).
   */
  monitor?: "val_acc" | "val_auc";
}

/** One epoch of {@linkcode trainMultiTask}. */
export interface MultiTaskEpoch {
  /** 1-based. */
  epoch: number;
  /** Each task's unweighted training loss at this epoch's step, by task name. */
  losses: Record<string, number>;
  /** The weight each task's loss had in this step, by task name. */
  weights: Record<string, number>;
  /** The weighted objective that was minimised. */
  totalLoss: number;
  /** GradNorm: `||∇_W L_i||` of each unweighted loss on the shared layer. */
  gradNorms?: Record<string, number>;
  /** Classification accuracy on the training nodes (eval mode). */
  trainAcc: number;
  /** Classification accuracy on the validation nodes (eval mode). */
  valAcc: number;
  /** Cross-entropy on the validation nodes. */
  valLoss: number;
  /** ROC-AUC of the dot-product decoder on the validation edges against sampled non-edges. */
  valLinkAuc: number;
  /** Wall-clock seconds of the epoch. */
  seconds: number;
}

/** Metrics of the selected epoch's weights. */
export interface MultiTaskMetrics {
  /** Node classification accuracy. */
  accuracy: number;
  /** ROC-AUC of the link decoder on held-out edges against sampled non-edges. */
  linkAuc: number;
}

/** What {@linkcode trainMultiTask} returns. */
export interface MultiTaskResult {
  /** The tasks trained, in {@linkcode MULTITASK_TASKS} order as given. */
  tasks: MultiTaskName[];
  /** The weighting's kind. */
  weighting: string;
  /** One record per epoch. */
  history: MultiTaskEpoch[];
  /** The epoch selected on validation, whose weights the model holds. */
  bestEpoch: number;
  /** Validation metrics of the selected epoch. */
  val: MultiTaskMetrics;
  /** Computed once, with the selected weights. */
  test: MultiTaskMetrics;
  /** Task weights after the last epoch, by task name. */
  finalWeights: Record<string, number>;
  /** Positive pairs in the link split (undirected edges on an undirected graph). */
  edges: { train: number; val: number; test: number };
  /** The trained model (the caller disposes it). */
  model: MultiTaskGCN;
  /** Wall-clock seconds of the whole call. */
  seconds: number;
}

// Every option name, so that a misspelt one is an error (the compiler keeps the list complete).
const OPTION_NAMES = [
  ...COMMON_OPTION_NAMES,
  ...Object.keys(
    {
      tasks: 0,
      weighting: 0,
      fixedWeights: 0,
      uncertainty: 0,
      gradNorm: 0,
      hiddenChannels: 0,
      dropout: 0,
      edgeSplit: 0,
      maskRate: 0,
      monitor: 0,
    } satisfies Record<Exclude<keyof MultiTaskOptions, keyof CommonTrainOptions>, 0>,
  ),
];

interface Resolved extends CommonSettings {
  tasks: MultiTaskName[];
  maskRate: number;
  monitor: "val_acc" | "val_auc";
  split: NodeSplit;
}

/** Checks every option and the data (features, labels, split) before any work. */
function resolve(dataset: GraphDataset, o: MultiTaskOptions): Resolved {
  const fail = failure(`train multi-task on ${dataset?.name ?? "dataset"}`);
  checkOptionNames(o, OPTION_NAMES, fail);
  const common = resolveCommonOptions(o, fail);
  const tasks = [...(o.tasks ?? MULTITASK_TASKS)];
  if (tasks.length === 0) fail("option tasks is empty");
  tasks.forEach((t, i) => {
    if (!MULTITASK_TASKS.includes(t)) {
      fail(
        `option tasks[${i}] must be one of ${MULTITASK_TASKS.join(", ")}, got ${JSON.stringify(t)}`,
      );
    }
    if (tasks.indexOf(t) !== i) fail(`option tasks lists ${t} twice`);
  });
  const weighting = o.weighting ?? "fixed";
  if (typeof weighting === "object" && weighting !== null) {
    if (weighting.numTasks !== tasks.length) {
      fail(`the weighting has ${weighting.numTasks} tasks but ${tasks.length} tasks are trained`);
    }
  } else if (!WEIGHTING_NAMES.includes(weighting)) {
    fail(
      `option weighting must be one of ${WEIGHTING_NAMES.join(", ")} or a TaskWeighting, got ${
        JSON.stringify(weighting)
      }`,
    );
  }
  const own = { fixedWeights: "fixed", uncertainty: "uncertainty", gradNorm: "gradnorm" } as const;
  for (const [key, name] of Object.entries(own)) {
    if (o[key as keyof typeof own] !== undefined && weighting !== name) {
      fail(`option ${key} applies to weighting "${name}" only`);
    }
  }
  if (o.fixedWeights && o.fixedWeights.length !== tasks.length) {
    fail(
      `option fixedWeights has ${o.fixedWeights.length} values for ${tasks.length} tasks (${
        tasks.join(", ")
      })`,
    );
  }
  const { hiddenChannels, dropout, maskRate = 0.2 } = o;
  if (hiddenChannels !== undefined && !(Number.isInteger(hiddenChannels) && hiddenChannels > 0)) {
    fail(`option hiddenChannels must be a positive integer, got ${hiddenChannels}`);
  }
  if (dropout !== undefined && !(dropout >= 0 && dropout < 1)) {
    fail(`option dropout must be in [0, 1), got ${dropout}`);
  }
  if (!(maskRate > 0 && maskRate < 1)) fail(`option maskRate must be in (0, 1), got ${maskRate}`);
  const monitor = o.monitor ?? (tasks.includes("classification") ? "val_acc" : "val_auc");
  if (monitor !== "val_acc" && monitor !== "val_auc") {
    fail(`option monitor must be "val_acc" or "val_auc", got ${JSON.stringify(monitor)}`);
  }
  if (monitor === "val_acc" && !tasks.includes("classification")) {
    fail('option monitor is "val_acc" but the tasks do not include classification');
  }
  checkDataset(dataset, fail, { splits: false });
  const split = resolveSplit(dataset, o.split, fail);
  return { ...common, tasks, maskRate, monitor, split };
}

const byTask = (tasks: readonly string[], values: readonly number[]): Record<string, number> =>
  Object.fromEntries(tasks.map((t, i) => [t, values[i]]));

/**
 * Trains a `MultiTaskGCN` (lib/models) on node classification, link prediction and feature
 * reconstruction (or a subset, `tasks`) with one weighting of the task losses, full batch.
 *
 * Setup: the edges are split with {@linkcode splitEdges} (`edgeSplit`, seeded); the encoder
 * propagates over the training edges only, in training and evaluation, so held-out edges are never
 * seen. Each epoch, one Adam step on the weighted objective, where:
 * - classification: mean cross-entropy of the classifier on the split's training nodes;
 * - link: binary cross-entropy of `z_u · z_v` on the training edges and as many negatives, sampled
 *   anew each epoch away from the training edges;
 * - reconstruction: `maskRate` of the nodes get zero input features (drawn anew each epoch) and
 *   the decoder's output for them is compared with their features by MSE.
 *
 * With GradNorm, each task's gradient norm on the shared layer `W2` is computed at the step's
 * parameters (same dropout masks) and the weights updated after the step. Then, in evaluation
 * mode: training and validation accuracy, validation loss and the link ROC-AUC on the validation
 * edges. The epoch with the best `monitor` value (validation only) is kept, and the test accuracy
 * and test link AUC are computed once with its weights. Same seed, same backend: same history.
 *
 * @param dataset a node-classification data set (features, labels, a split)
 * @param options see {@linkcode MultiTaskOptions}
 * @returns per-epoch losses, weights and validation metrics, and the selected epoch's metrics
 * @throws {RangeError} `Cannot train multi-task on <dataset>: ...`, naming the option, or the
 *   field and position of bad data (features must be finite, labels in `[0, numClasses)`, the split
 *   valid as `validateSplit` checks it, with no empty part)
 *
 * @example
 * ```ts
 * import { loadDataset } from "../datasets/load_dataset.ts";
 * import { trainMultiTask } from "./multitask_trainer.ts";
 * const data = await loadDataset("csbm", { csbm: { numNodes: 120, homophily: 0.9, seed: 1 } });
 * const result = await trainMultiTask(data, { weighting: "gradnorm", epochs: 5, progress: false });
 * const last = result.history[4];
 * if (Math.abs(last.weights.classification + last.weights.link + last.weights.reconstruction - 3) > 1e-9) {
 *   throw new Error("GradNorm keeps the weights summing to the number of tasks");
 * }
 * result.model.dispose();
 * ```
 */
export async function trainMultiTask(
  dataset: GraphDataset,
  options: MultiTaskOptions = {},
): Promise<MultiTaskResult> {
  const started = performance.now();
  await ensureBackend();
  const { tasks, epochs, lr, weightDecay, maskRate, seed, monitor, split, normalizeFeatures } =
    resolve(dataset, options);
  const source: Graph = normalizeFeatures ? normalizedGraph(dataset.graph) : dataset.graph;
  const edges = splitEdges(source, { seed, ...options.edgeSplit });
  const P = numPairs(edges.valPositive), Q = numPairs(edges.testPositive);
  if (P === 0 || Q === 0) {
    throw new RangeError(
      `Cannot train multi-task on ${dataset.name}: the edge split needs val and test edges (got ${P} and ${Q}); set edgeSplit.val and edgeSplit.test above 0`,
    );
  }
  const given = options.weighting ?? "fixed";
  const weighting = typeof given === "object"
    ? given
    : createWeighting(given, tasks.length, options);
  const ownsWeighting = typeof given !== "object";
  const graph = edges.trainGraph;
  const features = source.x!;
  const y = dataset.graph.y;
  const C = dataset.numClasses;
  const N = graph.numNodes;
  const model = new MultiTaskGCN({
    inChannels: features.cols,
    hiddenChannels: options.hiddenChannels,
    numClasses: C,
    dropout: options.dropout,
    seed,
  });
  const modelParams = model.parameters();
  const optimizer = new Adam([...modelParams, ...weighting.parameters()], {
    lr,
    weightDecay,
    decayed: modelParams,
  });
  // Separate streams, so e.g. dropping a task does not change the dropout masks of the others.
  const master = createRng(seed + 1);
  const dropoutSeeds = createRng(master.int(2 ** 31));
  const negativeRng = createRng(master.int(2 ** 31));
  const maskRng = createRng(master.int(2 ** 31));

  const adj = adjacency(graph);
  const x = toFeatures(features);
  const trainTarget = lossTarget(N, split.train, y, C);
  const trainIndex = tf.tensor1d(split.train, "int32");
  const valIndex = tf.tensor1d(split.val, "int32");
  const labelsOf = (index: Int32Array) => tf.tensor1d(Int32Array.from(index, (i) => y[i]), "int32");
  const trainLabels = labelsOf(split.train);
  const valLabels = labelsOf(split.val);
  const stopper = new EarlyStopping({ monitor: "val_acc" });
  const progress = new Progress(epochs, { target: progressTarget(options.progress ?? "auto") });
  const history: MultiTaskEpoch[] = [];
  const has = (t: MultiTaskName) => tasks.includes(t);

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const t0 = performance.now();
      // This step's random choices, fixed before the GradNorm pass and the update share them.
      const stepSeed = dropoutSeeds.int(2 ** 31);
      const link = has("link")
        ? labelledPairs(
          edges.trainPositive,
          sampleNegativeEdges(graph, numPairs(edges.trainPositive), negativeRng, {
            undirected: edges.undirected,
          }),
        )
        : undefined;
      const masked = has("reconstruction") ? maskNodes(N, maskRate, maskRng) : undefined;
      const input = masked ? toFeatures(maskRows(features, masked)) : x;
      const target = masked ? toTensor(selectRows(features, masked)) : undefined;
      const taskLoss = (task: MultiTaskName, z: tf.Tensor2D): tf.Scalar => {
        switch (task) {
          case "classification":
            return maskedCrossEntropy(model.classifier.forward(z), trainTarget);
          case "link":
            return linkPredictionLoss(z, link!);
          case "reconstruction":
            return featureReconstructionLoss(
              model.decoder.forward(gatherRows(z, masked!)),
              target!,
            );
        }
      };
      const training = () => ({ training: true, rng: createRng(stepSeed) });

      let gradNorms: number[] | undefined;
      if (weighting.needsGradNorms) {
        const p = model.sharedInput(input, adj, training());
        gradNorms = sharedGradientNorms(
          tasks.map((t) => () => taskLoss(t, model.shared(p))),
          model.sharedWeight(),
        ).gradNorms;
        p.dispose();
      }
      const weights = weighting.weights();
      let losses: number[] = [];
      const total = optimizer.step(() => {
        const z = model.embed(input, adj, training());
        const values = tasks.map((t) => taskLoss(t, z));
        losses = Array.from(tf.stack(values).dataSync());
        return weighting.combine(values);
      });
      const totalLoss = total.dataSync()[0];
      total.dispose();
      weighting.afterStep?.({ losses, gradNorms });
      link?.labels.dispose();
      target?.dispose();
      if (input !== x) disposeFeatures(input);

      const z = model.embed(x, adj);
      const stats = tf.tidy(() => {
        const logits = model.classifier.forward(z);
        const acc = (index: tf.Tensor1D, labels: tf.Tensor1D) =>
          tf.mean(tf.cast(tf.equal(tf.argMax(tf.gather(logits, index), 1), labels), "float32"));
        const valLoss = tf.losses.softmaxCrossEntropy(
          tf.oneHot(valLabels, C),
          tf.gather(logits, valIndex),
        );
        return tf.stack([acc(trainIndex, trainLabels), acc(valIndex, valLabels), valLoss]);
      });
      const [trainAcc, valAcc, valLoss] = await stats.data();
      stats.dispose();
      const valLinkAuc = linkAuc(z, edges.valPositive, edges.valNegative);
      z.dispose();
      const record: MultiTaskEpoch = {
        epoch,
        losses: byTask(tasks, losses),
        weights: byTask(tasks, weights),
        totalLoss,
        ...(gradNorms && { gradNorms: byTask(tasks, gradNorms) }),
        trainAcc,
        valAcc,
        valLoss,
        valLinkAuc,
        seconds: (performance.now() - t0) / 1000,
      };
      history.push(record);
      // EarlyStopping's "val_acc" mode: higher is better, ties broken by the lower loss.
      stopper.update(epoch, {
        valAcc: monitor === "val_acc" ? valAcc : valLinkAuc,
        valLoss: monitor === "val_acc" ? valLoss : -valAcc,
      }, modelParams);
      const line: EpochRecord = {
        epoch,
        trainLoss: totalLoss,
        trainAcc,
        valLoss,
        valAcc,
        lr,
        seconds: record.seconds,
      };
      progress.update(line);
    }
    progress.done();
    stopper.restore(modelParams);
    const best = history[stopper.bestEpoch - 1];
    const z = model.embed(x, adj);
    const testAcc = tf.tidy(() => {
      const logits = tf.gather(model.classifier.forward(z), tf.tensor1d(split.test, "int32"));
      const labels = labelsOf(split.test);
      return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), "float32"));
    });
    const test = {
      accuracy: testAcc.dataSync()[0],
      linkAuc: linkAuc(z, edges.testPositive, edges.testNegative),
    };
    tf.dispose([z, testAcc]);
    return {
      tasks,
      weighting: weighting.kind,
      history,
      bestEpoch: stopper.bestEpoch,
      val: { accuracy: best.valAcc, linkAuc: best.valLinkAuc },
      test,
      finalWeights: byTask(tasks, weighting.weights()),
      edges: { train: numPairs(edges.trainPositive), val: P, test: Q },
      model,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    disposeFeatures(x);
    tf.dispose([trainTarget, trainIndex, valIndex, trainLabels, valLabels]);
    optimizer.dispose();
    stopper.dispose();
    if (ownsWeighting) weighting.dispose();
  }
}
