/**
 * The training loop: full-batch (or neighbour-sampled mini-batch) node classification with Adam,
 * schedules, early stopping on validation, checkpoints, callbacks and a progress display.
 *
 * @module
 */
import { ensureBackend } from "../backend/set_backend.ts";
import * as tf from "@tensorflow/tfjs";
import type { Graph } from "../graph/graph.ts";
import type { GraphDataset } from "../datasets/dataset.ts";
import { accuracy, f1Score } from "../metrics/classification.ts";
import { type ClassificationReport, classificationReport } from "../metrics/report.ts";
import { createRng, type Rng } from "../random/rng.ts";
import type { NodeSplit } from "../splits/split.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { seedRows, type TrainableModel } from "./trainable_model.ts";
import { disposeFeatures, type Features, normalizedGraph, toFeatures } from "./_features.ts";
import { edgeDropout, featureDropout } from "./augment.ts";
import type { Callback, EpochRecord, TrainContext } from "./callbacks.ts";
import { saveCheckpoint } from "./checkpoint.ts";
import { EarlyStopping } from "./early_stopping.ts";
import { NeighborLoader } from "./neighbor_loader.ts";
import { Adam } from "./optimizer.ts";
import { Progress, progressTarget } from "./progress.ts";
import { createScheduler, type Monitor, SCHEDULE_TYPES, type ScheduleConfig } from "./schedule.ts";
import { type CommonTrainOptions, TRAIN_DEFAULTS } from "./train_options.ts";
import { lossTarget, maskedCrossEntropy } from "./_loss.ts";
import {
  checkModelFits,
  checkOptionNames,
  COMMON_OPTION_NAMES,
  type CommonSettings,
  failure,
  resolveCommonOptions,
  resolveSplit,
} from "./_checks.ts";
import { checkDataset } from "../datasets/_check_dataset.ts";

/**
 * Options of {@linkcode train}. Defaults: {@linkcode TRAIN_DEFAULTS} (200 epochs, Adam lr 0.01,
 * weight decay 5e-4 on every parameter, best validation accuracy, row-normalised features, seed 0).
 */
export interface TrainOptions extends CommonTrainOptions {
  /**
   * Evaluate the best epoch's weights on the test nodes (default true). `false` never runs the
   * model on them and returns a {@linkcode ValidationResult}: for model selection.
   */
  evaluateTest?: boolean;
  /** Decay every parameter (`"all"`, default) or only `model.firstLayerParameters()`. */
  weightDecayOn?: "first" | "all";
  /** Stop after this many epochs without improvement (default: train all epochs). */
  patience?: number;
  /**
   * What selects the best epoch and drives early stopping: `"val_acc"` (default; ties broken by
   * the lower validation loss) or `"val_loss"`.
   */
  monitor?: Monitor;
  /** Default constant. */
  schedule?: ScheduleConfig;
  /** Train on neighbour-sampled mini-batches of this many training nodes (needs `fanouts`). */
  batchSize?: number;
  /** Neighbours sampled per hop in mini-batch mode (e.g. `[25, 10]`; -1 takes all). */
  fanouts?: number[];
  /** Feature-column masking rate per epoch (default 0). */
  featureDropout?: number;
  /** DropEdge rate per epoch (default 0). */
  edgeDropout?: number;
  /** Save the best epoch's weights here at the end. */
  checkpointPath?: string;
  /** Called at the start, after every epoch (may stop training) and at the end. */
  callbacks?: Callback[];
}

// Every option name, so that a misspelt one is an error (the compiler keeps the list complete).
const OPTION_NAMES = [
  ...COMMON_OPTION_NAMES,
  ...Object.keys(
    {
      weightDecayOn: 0,
      patience: 0,
      monitor: 0,
      schedule: 0,
      batchSize: 0,
      fanouts: 0,
      featureDropout: 0,
      edgeDropout: 0,
      checkpointPath: 0,
      callbacks: 0,
      evaluateTest: 0,
    } satisfies Record<Exclude<keyof TrainOptions, keyof CommonTrainOptions>, 0>,
  ),
];

/** Test metrics, computed once with the best validation epoch's weights. */
export interface TestMetrics {
  /** Share of the test nodes classified correctly. */
  accuracy: number;
  /** Macro-averaged F1 over the classes present in the test labels or predictions. */
  macroF1: number;
  /** Per-class precision, recall and F1 (scikit-learn's `classification_report`). */
  report: ClassificationReport;
}

/** What {@linkcode train} returns with `evaluateTest: false`: the training record, no test metrics. */
export interface ValidationResult {
  /** One record per epoch trained. */
  history: EpochRecord[];
  /** 1-based epoch whose weights the model holds after training. */
  bestEpoch: number;
  /** Validation accuracy of the best epoch. */
  bestValAcc: number;
  /** Validation loss of the best epoch. */
  bestValLoss: number;
  /** Where the best weights were saved, when `checkpointPath` was given. */
  checkpointPath?: string;
  /** Wall-clock seconds of the whole call. */
  seconds: number;
}

/** What {@linkcode train} returns: the training record and the test metrics of the best epoch. */
export interface TrainResult extends ValidationResult {
  /** Test metrics of the best epoch's weights. */
  test: TestMetrics;
}

interface Resolved extends CommonSettings {
  split: NodeSplit;
  weightDecayOn: "first" | "all";
  monitor: Monitor;
}

/** Checks every option and the data (features, labels, split, the model's sizes) before any work. */
function resolve(model: TrainableModel, dataset: GraphDataset, o: TrainOptions): Resolved {
  const fail = failure(`train ${model?.name ?? "model"} on ${dataset?.name ?? "dataset"}`);
  checkOptionNames(o, OPTION_NAMES, fail);
  const common = resolveCommonOptions(o, fail);
  const { weightDecayOn = TRAIN_DEFAULTS.weightDecayOn, monitor = TRAIN_DEFAULTS.monitor } = o;
  if (weightDecayOn !== "first" && weightDecayOn !== "all") {
    fail(`option weightDecayOn must be "first" or "all", got ${JSON.stringify(weightDecayOn)}`);
  }
  if (weightDecayOn === "first" && typeof model.firstLayerParameters !== "function") {
    fail(`option weightDecayOn is "first" but the model has no firstLayerParameters()`);
  }
  if (o.patience !== undefined && !(Number.isInteger(o.patience) && o.patience >= 0)) {
    fail(`option patience must be a non-negative integer, got ${o.patience}`);
  }
  if (o.evaluateTest !== undefined && typeof o.evaluateTest !== "boolean") {
    fail(`option evaluateTest must be true or false, got ${JSON.stringify(o.evaluateTest)}`);
  }
  if (monitor !== "val_loss" && monitor !== "val_acc") {
    fail(`option monitor must be "val_loss" or "val_acc", got ${JSON.stringify(monitor)}`);
  }
  if (o.schedule !== undefined && !SCHEDULE_TYPES.includes(o.schedule?.type)) {
    fail(
      `option schedule has unknown type ${JSON.stringify(o.schedule?.type)} (expected one of ${
        SCHEDULE_TYPES.join(", ")
      })`,
    );
  }
  if (o.batchSize !== undefined) {
    if (!(Number.isInteger(o.batchSize) && o.batchSize > 0)) {
      fail(`option batchSize must be a positive integer, got ${o.batchSize}`);
    }
    if (!Array.isArray(o.fanouts) || o.fanouts.length === 0) {
      fail("option fanouts must list at least one hop when batchSize is set (e.g. [25, 10])");
    }
  }
  o.fanouts?.forEach((f, k) => {
    if (!(Number.isInteger(f) && (f > 0 || f === -1))) {
      fail(`option fanouts[${k}] must be a positive integer or -1 (all), got ${f}`);
    }
  });
  for (const name of ["featureDropout", "edgeDropout"] as const) {
    const rate = o[name];
    if (rate !== undefined && !(rate >= 0 && rate < 1)) {
      fail(`option ${name} must be in [0, 1), got ${rate}`);
    }
  }
  if (
    o.checkpointPath !== undefined && !(typeof o.checkpointPath === "string" && o.checkpointPath)
  ) {
    fail(
      `option checkpointPath must be a non-empty string, got ${JSON.stringify(o.checkpointPath)}`,
    );
  }
  if (o.callbacks !== undefined && !Array.isArray(o.callbacks)) {
    fail(`option callbacks must be a list, got ${o.callbacks}`);
  }
  checkDataset(dataset, fail, { splits: false });
  checkModelFits(model, dataset, fail);
  const split = resolveSplit(dataset, o.split, fail);
  return { ...common, split, weightDecayOn, monitor };
}

/** Mean cross-entropy and accuracy of `logits` rows `index` (forward only: gather is cheap). */
function evalStats(
  logits: tf.Tensor2D,
  index: tf.Tensor1D,
  labels: tf.Tensor1D,
  numClasses: number,
): [tf.Scalar, tf.Scalar] {
  const rows = tf.gather(logits, index);
  const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, numClasses), rows) as tf.Scalar;
  const acc = tf.mean(tf.cast(tf.equal(tf.argMax(rows, 1), labels), "float32")) as tf.Scalar;
  return [loss, acc];
}

/**
 * Trains a node classifier and evaluates it once on the test nodes with the weights of its best
 * validation epoch (selected by `monitor`; the model keeps those weights afterwards).
 *
 * Each epoch: one Adam step on the training nodes' cross-entropy (full graph), or one pass of
 * neighbour-sampled mini-batches when `batchSize` is set; then train and validation loss and
 * accuracy in eval mode (no dropout) on the full graph. Dropout, sampling and augmentation draw
 * from separate streams derived from `seed`, so the same seed gives the same history on the same
 * backend.
 *
 * Everything is checked before any work: the options (an unknown option name is an error, not
 * ignored), the data set's features (finite), labels (in `[0, numClasses)`) and split (see
 * `validateSplit`, and no empty part), and the model's `inChannels`/`outChannels` against the data
 * when its config states them.
 *
 * @param model the model to fit (lib/models, or any {@linkcode TrainableModel})
 * @param dataset features, labels and splits
 * @param options see {@linkcode TrainOptions}; defaults in {@linkcode TRAIN_DEFAULTS}
 * @returns the per-epoch history, the selected epoch and its test metrics
 * @throws {RangeError} `Cannot train <model> on <dataset>: ...`, naming the option, or the field
 *   and position of bad data (`x[12, 3] is NaN; features must be finite`).
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { denseMatrix } from "../graph/matrix.ts";
 * import { train } from "./trainer.ts";
 * // A linear model x W on 6 nodes whose class is the larger feature.
 * const w = tf.variable(tf.zeros([2, 2]));
 * const model = {
 *   forward: (x: unknown): tf.Tensor2D => tf.matMul(x as tf.Tensor2D, w),
 *   namedParameters: (): [string, tf.Variable][] => [["weight", w]],
 * };
 * const x = denseMatrix(new Float32Array([1, 0, 0, 1, 2, 0, 0, 2, 3, 1, 1, 3]), 6, 2);
 * const y = new Int32Array([0, 1, 0, 1, 0, 1]);
 * const graph = createGraph({ edgeIndex: [[0], [1]], x, y });
 * const part = (...nodes: number[]) => Int32Array.from(nodes);
 * const dataset = { name: "toy", graph: graph as never, numClasses: 2,
 *   splits: [{ name: "toy", train: part(0, 1), val: part(2, 3), test: part(4, 5) }] };
 * const result = await train(model, dataset, { epochs: 20, lr: 0.1, progress: false });
 * if (result.test.accuracy !== 1) throw new Error("unexpected");
 * let message = "";
 * try { await train(model, dataset, { epoch: 5 } as never); } catch (e) {
 *   message = (e as Error).message;
 * }
 * if (!message.startsWith("Cannot train model on toy: unknown option epoch (expected one of")) {
 *   throw new Error(message);
 * }
 * ```
 */
export function train(
  model: TrainableModel,
  dataset: GraphDataset,
  options?: TrainOptions,
): Promise<TrainResult>;
/**
 * With `evaluateTest: false`, trains exactly as above but never runs the model on the test nodes:
 * for model selection, where a hyperparameter trial must not see test accuracy. The result has
 * no `test`.
 */
export function train(
  model: TrainableModel,
  dataset: GraphDataset,
  options: TrainOptions & { evaluateTest: false },
): Promise<ValidationResult>;
export async function train(
  model: TrainableModel,
  dataset: GraphDataset,
  options: TrainOptions = {},
): Promise<ValidationResult | TrainResult> {
  const started = performance.now();
  await ensureBackend();
  const { split, epochs, lr, weightDecay, weightDecayOn, monitor, seed, normalizeFeatures } =
    resolve(model, dataset, options);
  const graph: Graph = normalizeFeatures ? normalizedGraph(dataset.graph) : dataset.graph;
  const y = dataset.graph.y;
  const C = dataset.numClasses;
  const params = model.namedParameters().map(([, v]) => v);
  const schedule = createScheduler(options.schedule, lr, epochs);
  const stopper = new EarlyStopping({ patience: options.patience, monitor });
  const optimizer = new Adam(params, {
    lr,
    weightDecay,
    decayed: weightDecayOn === "first" ? model.firstLayerParameters!() : params,
  });
  // Separate streams, so e.g. turning on DropEdge does not change the dropout masks.
  const master = createRng(seed);
  const dropoutRng = createRng(master.int(2 ** 31));
  const samplingSeed = master.int(2 ** 31);
  const augmentRng = createRng(master.int(2 ** 31));

  const adj = adjacency(graph);
  const x = toFeatures(graph.x!);
  const labelsOf = (index: Int32Array) => tf.tensor1d(Int32Array.from(index, (i) => y[i]), "int32");
  const trainIndex = tf.tensor1d(split.train, "int32");
  const valIndex = tf.tensor1d(split.val, "int32");
  const trainLabels = labelsOf(split.train);
  const trainTarget = lossTarget(graph.numNodes, split.train, y, C);
  const valLabels = labelsOf(split.val);
  const loader = options.batchSize === undefined ? undefined : new NeighborLoader(graph, {
    inputNodes: split.train,
    fanouts: options.fanouts!,
    batchSize: options.batchSize,
    shuffle: true,
    seed: samplingSeed,
  });
  const callbacks = options.callbacks ?? [];
  const history: EpochRecord[] = [];
  const context: TrainContext = { model, epochs, history };
  const progress = new Progress(epochs, { target: progressTarget(options.progress ?? "auto") });

  // One Adam step; with `seeds`, only the first `seeds` rows (a mini-batch's seed nodes) count.
  // Sums of each named loss term over the epoch's steps (models with `lossTerms` only).
  let termSums: Record<string, number> = {};
  let termSteps = 0;
  const step = (features: Features, a: SparseAdjacency, target: tf.Tensor2D, seeds?: number) =>
    optimizer.step(() => {
      const mode = { training: true, rng: dropoutRng };
      const full = model.trainingForward?.(features, a, mode) ??
        { logits: model.forward(features, a, mode) };
      const output = seeds === undefined ? full : seedRows(full, seeds);
      if (!model.lossTerms) return maskedCrossEntropy(output.logits, target);
      const terms = Object.entries(model.lossTerms(output, (l) => maskedCrossEntropy(l, target)));
      if (terms.length === 0) {
        throw new Error(`Cannot train ${model.name ?? "model"}: lossTerms() returned no terms`);
      }
      termSteps++;
      for (const [name, term] of terms) termSums[name] = (termSums[name] ?? 0) + term.dataSync()[0];
      return tf.addN(terms.map(([, term]) => term)) as tf.Scalar;
    }).dispose();

  const epochAugmented = (rng: Rng): { features: Features; a: SparseAdjacency } => {
    const features = options.featureDropout
      ? toFeatures(featureDropout(graph.x!, options.featureDropout, rng))
      : x;
    const a = options.edgeDropout ? adjacency(edgeDropout(graph, options.edgeDropout, rng)) : adj;
    return { features, a };
  };

  try {
    for (const cb of callbacks) await cb.onTrainBegin?.(context);
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const t0 = performance.now();
      const epochLr = schedule.lr;
      optimizer.lr = epochLr;
      const before = model.beforeEpoch?.(epoch, x, adj) ?? {};
      termSums = {};
      termSteps = 0;
      if (!loader) {
        const { features, a } = epochAugmented(augmentRng);
        step(features, a, trainTarget);
        if (features !== x) disposeFeatures(features);
      } else {
        for (const batch of loader) {
          const bx = options.featureDropout
            ? featureDropout(batch.x!, options.featureDropout, augmentRng)
            : batch.x!;
          const features = toFeatures(bx);
          const seeds = Int32Array.from({ length: batch.numSeeds }, (_, i) => i);
          const target = lossTarget(batch.numSeeds, seeds, batch.y!, C);
          step(features, batch.adjacency, target, batch.numSeeds);
          target.dispose();
          disposeFeatures(features);
        }
      }
      const stats = tf.tidy(() => {
        const logits = model.forward(x, adj, { training: false });
        return tf.stack([
          ...evalStats(logits, trainIndex, trainLabels, C),
          ...evalStats(logits, valIndex, valLabels, C),
        ]);
      });
      const [trainLoss, trainAcc, valLoss, valAcc] = await stats.data();
      stats.dispose();
      const record: EpochRecord = {
        epoch,
        trainLoss,
        trainAcc,
        valLoss,
        valAcc,
        lr: epochLr,
        seconds: (performance.now() - t0) / 1000,
      };
      const terms: Record<string, number> = { ...before };
      for (const [name, sum] of Object.entries(termSums)) terms[name] = sum / termSteps;
      if (Object.keys(terms).length > 0) record.terms = terms;
      history.push(record);
      schedule.step(record);
      let stop = stopper.update(epoch, record, params) === "stop";
      progress.update(record);
      for (const cb of callbacks) {
        if ((await cb.onEpochEnd?.(record, context)) === "stop") stop = true;
      }
      if (stop) break;
    }
    progress.done();
    stopper.restore(params);
    const test = options.evaluateTest === false
      ? undefined
      : await evaluateTest(model, x, adj, split.test, y, dataset.classNames);
    if (options.checkpointPath) {
      await saveCheckpoint(model, options.checkpointPath, {
        epoch: stopper.bestEpoch,
        valAcc: stopper.bestValAcc,
        valLoss: stopper.bestValLoss,
        seed,
      });
    }
    for (const cb of callbacks) await cb.onTrainEnd?.(context);
    return {
      history,
      bestEpoch: stopper.bestEpoch,
      bestValAcc: stopper.bestValAcc,
      bestValLoss: stopper.bestValLoss,
      ...(test && { test }),
      ...(options.checkpointPath && { checkpointPath: options.checkpointPath }),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    disposeFeatures(x);
    tf.dispose([trainIndex, valIndex, trainLabels, valLabels, trainTarget]);
    optimizer.dispose();
    stopper.dispose();
  }
}

async function evaluateTest(
  model: TrainableModel,
  x: Features,
  adj: SparseAdjacency,
  testNodes: Int32Array,
  y: Int32Array,
  classNames?: readonly string[],
): Promise<TestMetrics> {
  const predicted = tf.tidy(() => {
    const logits = model.forward(x, adj, { training: false });
    return tf.argMax(tf.gather(logits, tf.tensor1d(testNodes, "int32")), 1);
  });
  const yPred = Int32Array.from(await predicted.data());
  predicted.dispose();
  const yTrue = Int32Array.from(testNodes, (i) => y[i]);
  const labels = [...new Set([...yTrue, ...yPred])].sort((a, b) => a - b);
  const targetNames = classNames && labels.every((l) => l < classNames.length)
    ? labels.map((l) => classNames[l])
    : undefined;
  return {
    accuracy: accuracy(yTrue, yPred),
    macroF1: f1Score(yTrue, yPred, { average: "macro" }),
    report: classificationReport(yTrue, yPred, targetNames ? { targetNames } : {}),
  };
}
