/**
 * Training node classifiers: `train` (full-batch or neighbour-sampled mini-batches), Adam with
 * PyTorch's L2 weight decay, learning-rate schedules, early stopping on validation, checkpoints,
 * augmentation, callbacks and a live progress display.
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
export type { TrainableModel, TrainForwardOptions } from "./_model.ts";
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
export {
  formatProgress,
  Progress,
  type ProgressOptions,
  type ProgressTarget,
  progressTarget,
} from "./progress.ts";
export type { Callback, EpochRecord, TrainContext } from "./callbacks.ts";
export {
  type NeighborBatch,
  NeighborLoader,
  type NeighborLoaderOptions,
} from "./neighbor_loader.ts";
export { edgeDropout, featureDropout } from "./augment.ts";
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
  numPairs,
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
  rowsTensor,
} from "./aux_tasks.ts";
export {
  MULTITASK_TASKS,
  type MultiTaskEpoch,
  MultiTaskGCN,
  type MultiTaskGCNConfig,
  type MultiTaskMetrics,
  type MultiTaskName,
  type MultiTaskOptions,
  type MultiTaskResult,
  trainMultiTask,
  WEIGHTING_NAMES,
  type WeightingName,
} from "./multitask_trainer.ts";
