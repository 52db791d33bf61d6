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
import type { Graph } from "../graph/graph.ts";
import { selectRows } from "../graph/select_rows.ts";
import { dropout, reluDropout } from "../nn/dropout.ts";
import { addBias } from "../nn/_add_bias.ts";
import { GCNConv } from "../nn/gcn_conv.ts";
import { matmul } from "../nn/matmul.ts";
import { Linear } from "../nn/linear.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "../nn/module.ts";
import { toTensor } from "../nn/to_tensor.ts";
import { createRng } from "../random/rng.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { spmm } from "../sparse/spmm.ts";
import type { NodeSplit } from "../splits/split.ts";
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
import { EarlyStopping } from "./early_stopping.ts";
import { type EdgeSplitOptions, numPairs, sampleNegativeEdges, splitEdges } from "./edge_split.ts";
import {
  FixedWeighting,
  GradNorm,
  type GradNormOptions,
  sharedGradientNorms,
  type TaskWeighting,
  UncertaintyWeighting,
  type UncertaintyWeightingOptions,
} from "./multitask.ts";
import { Adam } from "./optimizer.ts";
import { Progress, type ProgressTarget, progressTarget } from "./progress.ts";

/** The tasks {@linkcode trainMultiTask} can train, in this order. */
export const MULTITASK_TASKS = ["classification", "link", "reconstruction"] as const;

/** One of {@linkcode MULTITASK_TASKS}. */
export type MultiTaskName = typeof MULTITASK_TASKS[number];

/** The weightings {@linkcode trainMultiTask} builds by name. */
export const WEIGHTING_NAMES = ["fixed", "uncertainty", "gradnorm"] as const;

/** One of {@linkcode WEIGHTING_NAMES}. */
export type WeightingName = typeof WEIGHTING_NAMES[number];

/** Hyperparameters of {@linkcode MultiTaskGCN}. */
export interface MultiTaskGCNConfig {
  /** Input features `F`. */
  inChannels: number;
  /** Width of both encoder layers and of the embedding `z` (default 64). */
  hiddenChannels?: number;
  /** Classes `C` of the classification head. */
  numClasses: number;
  /** Dropout on the input and between the encoder layers (default 0.5). */
  dropout?: number;
  /** Seed of the initial weights (default 0). */
  seed?: number;
}

/**
 * A two-layer GCN encoder shared by three task heads:
 *
 * ```text
 * P = Â dropout(ReLU(Â dropout(X) W1 + b1))      (sharedInput: everything before the shared W)
 * Z = P W2 + b2                                   (shared: the last shared layer, GradNorm's W)
 * logits = Z Wc + bc,  link logit(u, v) = z_u · z_v,  X̂ = Z Wd + bd
 * ```
 *
 * `Â = D^-1/2 (A + I) D^-1/2` as in {@linkcode GCNConv} (`conv1`, `conv2`; the second layer is
 * computed as `(Â H) W2` so that `P` can be reused to differentiate each task w.r.t. `W2`).
 * `classifier` is `Linear(hidden, C)`, `decoder` `Linear(hidden, F)`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { MultiTaskGCN } from "./multitask_trainer.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] }));
 * const model = new MultiTaskGCN({ inChannels: 4, hiddenChannels: 8, numClasses: 2 });
 * const z = model.embed(tf.ones([3, 4]) as tf.Tensor2D, adj);
 * if (z.shape.join() !== "3,8" || model.classifier.forward(z).shape.join() !== "3,2") {
 *   throw new Error("unexpected shape");
 * }
 * ```
 */
export class MultiTaskGCN extends Module {
  readonly config: Required<MultiTaskGCNConfig>;
  readonly conv1: GCNConv;
  readonly conv2: GCNConv;
  readonly classifier: Linear;
  readonly decoder: Linear;

  constructor(config: MultiTaskGCNConfig) {
    super();
    const { hiddenChannels = 64, dropout = 0.5, seed = 0 } = config;
    if (!(dropout >= 0 && dropout < 1)) {
      throw new RangeError(`Cannot create MultiTaskGCN: dropout must be in [0, 1), got ${dropout}`);
    }
    this.config = { ...config, hiddenChannels, dropout, seed };
    const rng = createRng(seed);
    this.conv1 = new GCNConv(config.inChannels, hiddenChannels, { rng });
    this.conv2 = new GCNConv(hiddenChannels, hiddenChannels, { rng });
    this.classifier = new Linear(hiddenChannels, config.numClasses, { rng });
    this.decoder = new Linear(hiddenChannels, config.inChannels, { rng });
  }

  /** `P`, the input of the shared layer `W2` `[N, hidden]`. */
  sharedInput(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    const rate = this.config.dropout;
    return tf.tidy(() => {
      const h = reluDropout(this.conv1.forward(dropout(x, rate, options), adj), rate, options);
      return spmm(this.conv2.propagationAdjacency(adj), h);
    });
  }

  /** `Z = P W2 + b2` `[N, hidden]`. */
  shared(p: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => addBias(matmul(p, this.conv2.weight as tf.Tensor2D), this.conv2.bias!));
  }

  /** The node embeddings `Z` `[N, hidden]`. */
  embed(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => this.shared(this.sharedInput(x, adj, options)));
  }

  /** The shared layer's weight `W2`, on which GradNorm balances the gradients. */
  sharedWeight(): tf.Variable {
    return this.conv2.weight;
  }

  override toString(): string {
    return `MultiTaskGCN(\n  conv1: ${this.conv1}\n  conv2: ${this.conv2}\n  classifier: ${this.classifier}\n  decoder: ${this.decoder}\n  dropout: ${this.config.dropout}\n)`;
  }
}

/** Options of {@linkcode trainMultiTask}. */
export interface MultiTaskOptions {
  /** The tasks to train (default all of {@linkcode MULTITASK_TASKS}). */
  tasks?: readonly MultiTaskName[];
  /** A weighting by name (default `"fixed"`), or one built by hand for `tasks`. */
  weighting?: WeightingName | TaskWeighting;
  /** Weights of `"fixed"`, one per task (default all 1). */
  fixedWeights?: readonly number[];
  /** Options of `"uncertainty"`. */
  uncertainty?: UncertaintyWeightingOptions;
  /** Options of `"gradnorm"` (`alpha` 0.15 by default). */
  gradNorm?: GradNormOptions;
  /** Default 200. */
  epochs?: number;
  /** Adam's learning rate (default 0.01). */
  lr?: number;
  /** L2 penalty on the model's parameters, never on the weighting's (default 5e-4). */
  weightDecay?: number;
  /** Encoder width (default 64). */
  hiddenChannels?: number;
  /** Default 0.5. */
  dropout?: number;
  /** Seeds the weights, the edge split, negatives, masks and dropout (default 0). */
  seed?: number;
  /** Node split for classification (default `dataset.splits[0]`). */
  split?: NodeSplit;
  /** Held-out edges for link prediction (default val 0.05, test 0.1, seeded by `seed`). */
  edgeSplit?: EdgeSplitOptions;
  /** Fraction of nodes whose input features are masked and reconstructed per epoch (default 0.2). */
  maskRate?: number;
  /** Row-normalise the features first, like PyG's `NormalizeFeatures` (default false). */
  normalizeFeatures?: boolean;
  /**
   * What selects the best epoch on validation: `"val_acc"` (default with classification; ties by
   * validation loss) or `"val_auc"` (link AUC; default otherwise).
   */
  monitor?: "val_acc" | "val_auc";
  /**
   * Progress line or notebook display, as `train()` shows it (default `"auto"`: only in a terminal
   * or notebook), or a {@linkcode ProgressTarget} to draw to.
   */
  progress?: boolean | "auto" | ProgressTarget;
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
  valAcc: number;
  /** Cross-entropy on the validation nodes. */
  valLoss: number;
  /** ROC-AUC of the dot-product decoder on the validation edges against sampled non-edges. */
  valLinkAuc: number;
  seconds: number;
}

/** Metrics of the selected epoch's weights. */
export interface MultiTaskMetrics {
  accuracy: number;
  linkAuc: number;
}

/** What {@linkcode trainMultiTask} returns. */
export interface MultiTaskResult {
  tasks: MultiTaskName[];
  /** The weighting's kind. */
  weighting: string;
  history: MultiTaskEpoch[];
  /** The epoch selected on validation, whose weights the model holds. */
  bestEpoch: number;
  val: MultiTaskMetrics;
  /** Computed once, with the selected weights. */
  test: MultiTaskMetrics;
  /** Task weights after the last epoch, by task name. */
  finalWeights: Record<string, number>;
  /** Positive pairs in the link split (undirected edges on an undirected graph). */
  edges: { train: number; val: number; test: number };
  /** The trained model (the caller disposes it). */
  model: MultiTaskGCN;
  seconds: number;
}

function makeWeighting(tasks: readonly MultiTaskName[], o: MultiTaskOptions): TaskWeighting {
  const w = o.weighting ?? "fixed";
  if (typeof w !== "string") {
    if (w.numTasks !== tasks.length) {
      throw new RangeError(
        `Cannot train multi-task: the weighting has ${w.numTasks} tasks but ${tasks.length} tasks are trained`,
      );
    }
    return w;
  }
  switch (w) {
    case "fixed": {
      const weights = o.fixedWeights ?? tasks.map(() => 1);
      if (weights.length !== tasks.length) {
        throw new RangeError(
          `Cannot train multi-task: fixedWeights has ${weights.length} values for ${tasks.length} tasks (${
            tasks.join(", ")
          })`,
        );
      }
      return new FixedWeighting(weights);
    }
    case "uncertainty":
      return new UncertaintyWeighting(tasks.length, o.uncertainty);
    case "gradnorm":
      return new GradNorm(tasks.length, o.gradNorm);
    default:
      throw new RangeError(
        `Cannot train multi-task: weighting must be one of ${WEIGHTING_NAMES.join(", ")}, got ${
          JSON.stringify(w)
        }`,
      );
  }
}

function checkOptions(dataset: GraphDataset, o: MultiTaskOptions) {
  const fail = (what: string): never => {
    throw new RangeError(`Cannot train multi-task on ${dataset.name}: ${what}`);
  };
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
  const { epochs = 200, lr = 0.01, weightDecay = 5e-4, maskRate = 0.2, seed = 0 } = o;
  if (!(Number.isInteger(epochs) && epochs > 0)) {
    fail(`option epochs must be a positive integer, got ${epochs}`);
  }
  if (!(lr > 0 && Number.isFinite(lr))) fail(`option lr must be a positive number, got ${lr}`);
  if (!(weightDecay >= 0 && Number.isFinite(weightDecay))) {
    fail(`option weightDecay must be a non-negative number, got ${weightDecay}`);
  }
  if (!(maskRate > 0 && maskRate < 1)) fail(`option maskRate must be in (0, 1), got ${maskRate}`);
  if (!Number.isFinite(seed)) fail(`option seed must be a number, got ${seed}`);
  const monitor = o.monitor ?? (tasks.includes("classification") ? "val_acc" : "val_auc");
  if (monitor !== "val_acc" && monitor !== "val_auc") {
    fail(`option monitor must be "val_acc" or "val_auc", got ${JSON.stringify(monitor)}`);
  }
  const split = o.split ?? dataset.splits[0];
  if (!split) fail(`option split is not given and the data set has no splits`);
  const N = dataset.graph.numNodes;
  for (const part of ["train", "val", "test"] as const) {
    const index = split[part];
    if (index.length === 0) fail(`split ${split.name} has no ${part} nodes`);
    const bad = index.findIndex((i) => !(i >= 0 && i < N));
    if (bad >= 0) {
      fail(`split ${split.name}.${part}[${bad}] is ${index[bad]}, out of range [0, ${N})`);
    }
  }
  return { tasks, epochs, lr, weightDecay, maskRate, seed, monitor, split };
}

/** Mean cross-entropy over the rows where `target` (one-hot / count) is nonzero. */
function maskedCrossEntropy(logits: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  // Elementwise, not a gather: tf's gather gradient is slow on the cpu backend (see trainer.ts).
  return tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), target)));
}

function lossTarget(rows: number, index: Int32Array, labels: Int32Array, C: number): tf.Tensor2D {
  const t = new Float32Array(rows * C);
  for (const i of index) t[i * C + labels[i]] = 1 / index.length;
  return tf.tensor2d(t, [rows, C]);
}

const byTask = (tasks: readonly string[], values: readonly number[]): Record<string, number> =>
  Object.fromEntries(tasks.map((t, i) => [t, values[i]]));

/**
 * Trains a {@linkcode MultiTaskGCN} on node classification, link prediction and feature
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
 * @throws {RangeError} for invalid options, naming the option
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
  const { tasks, epochs, lr, weightDecay, maskRate, seed, monitor, split } = checkOptions(
    dataset,
    options,
  );
  const source: Graph = options.normalizeFeatures ? normalizedGraph(dataset.graph) : dataset.graph;
  const edges = splitEdges(source, { seed, ...options.edgeSplit });
  const P = numPairs(edges.valPositive), Q = numPairs(edges.testPositive);
  if (P === 0 || Q === 0) {
    throw new RangeError(
      `Cannot train multi-task on ${dataset.name}: the edge split needs val and test edges (got ${P} and ${Q}); set edgeSplit.val and edgeSplit.test above 0`,
    );
  }
  const weighting = makeWeighting(tasks, options);
  const ownsWeighting = typeof options.weighting !== "object";
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
  const mode = options.progress ?? "auto";
  const target = typeof mode === "object" ? mode : progressTarget(mode);
  const progress = new Progress(epochs, { target });
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
