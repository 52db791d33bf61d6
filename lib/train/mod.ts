/**
 * Training node classifiers: `train` (full-batch or neighbour-sampled mini-batches), Adam with
 * PyTorch's L2 weight decay, learning-rate schedules, early stopping on validation, checkpoints,
 * augmentation, callbacks and a live progress display; `trainMultiTask` (chapter 4.3) with its
 * loss weightings; `predict`. One table of defaults, `TRAIN_DEFAULTS`, serves them all.
 *
 * @example
 * ```ts
 * import { cosineLr, stepLr } from "./mod.ts";
 * if (stepLr(0.01, 10, 10, 0.5) !== 0.005) throw new Error("unexpected");
 * if (cosineLr(0.01, 0, 100) !== 0.01) throw new Error("unexpected");
 * ```
 *
 * @module
 */
export type { TrainableModel, TrainingOutput } from "./trainable_model.ts";
export { Adam, type AdamOptions } from "./optimizer.ts";
export {
  cosineLr,
  createScheduler,
  type Monitor,
  type PlateauOptions,
  ReduceLrOnPlateau,
  SCHEDULE_TYPES,
  type ScheduleConfig,
  type Scheduler,
  stepLr,
} from "./schedule.ts";
export { EarlyStopping, type EarlyStoppingOptions, type StopDecision } from "./early_stopping.ts";
export {
  CHECKPOINT_VERSION,
  type CheckpointHeader,
  type CheckpointMeta,
  type CheckpointParameter,
  loadCheckpoint,
  readCheckpointHeader,
  saveCheckpoint,
} from "./checkpoint.ts";
export { Progress, type ProgressOptions, type ProgressTarget, progressTarget } from "./progress.ts";
export type { Callback, EpochRecord, TrainContext } from "./callbacks.ts";
export {
  type NeighborBatch,
  NeighborLoader,
  type NeighborLoaderOptions,
} from "./neighbor_loader.ts";
export { edgeDropout, featureDropout } from "./augment.ts";
export { type CommonTrainOptions, TRAIN_DEFAULTS, type TrainDefaults } from "./train_options.ts";
export {
  type TestMetrics,
  train,
  type TrainOptions,
  type TrainResult,
  type ValidationResult,
} from "./trainer.ts";
export { predict, type Prediction, type PredictOptions } from "./predict.ts";
export {
  FixedWeighting,
  GradNorm,
  type GradNormOptions,
  type GradNormUpdate,
  HostWeighting,
  type SharedGradientNorms,
  sharedGradientNorms,
  type TaskStepInfo,
  type TaskWeighting,
  UncertaintyWeighting,
  type UncertaintyWeightingOptions,
} from "./multitask.ts";
export {
  type EdgeSplit,
  type EdgeSplitOptions,
  type NegativeSamplingOptions,
  sampleNegativeEdges,
  splitEdges,
} from "./edge_split.ts";
export {
  dotProductScores,
  featureReconstructionLoss,
  gatherRows,
  type LabelledPairs,
  labelledPairs,
  linkAuc,
  linkPredictionLoss,
  maskNodes,
  maskRows,
} from "./aux_tasks.ts";
export {
  createWeighting,
  WEIGHTING_NAMES,
  type WeightingName,
  type WeightingOptions,
} from "./create_weighting.ts";
export {
  MULTITASK_TASKS,
  type MultiTaskEpoch,
  type MultiTaskMetrics,
  type MultiTaskName,
  type MultiTaskOptions,
  type MultiTaskResult,
  trainMultiTask,
} from "./multitask_trainer.ts";
