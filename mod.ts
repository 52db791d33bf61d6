/**
 * Open-AutoGLM: graph machine learning for Deno and Jupyter.
 *
 * This module is what a notebook imports every day: data sets, graphs and their summaries,
 * splits, metrics, backends, figures and tables, the models by name and class, training,
 * prediction and checkpoints, configs and experiments (reproduce, ablate), and the helpers that
 * inspect the adaptive model. The building blocks behind them are sub-path exports of the
 * package, one per concern: `./graph`, `./datasets`, `./splits`, `./metrics`, `./backend`,
 * `./display`, `./io` (raw file formats), `./nn` (layers), `./sparse` (message-passing kernels),
 * `./models`, `./train` (optimiser, schedules, loaders, multi-task weightings), `./structure`
 * (graph-structure learners), `./config` and `./experiment`. From a checkout, import them from
 * `lib/<concern>/mod.ts`.
 *
 * @example
 * ```ts
 * import {
 *   accuracy,
 *   createModel,
 *   graphSummary,
 *   loadDataset,
 *   predict,
 *   setBackend,
 *   table,
 *   train,
 * } from "./mod.ts";
 *
 * await setBackend("cpu"); // "auto" picks the fastest that works here
 * // `loadDataset("cora")` reads real data the same way; csbm is generated, so this runs offline.
 * const data = await loadDataset("csbm", { csbm: { numNodes: 200, homophily: 0.9, seed: 1 } });
 * const summary = graphSummary(data.graph, data.numClasses);
 * const model = createModel("gcn", {
 *   inChannels: summary.numFeatures,
 *   hiddenChannels: 16,
 *   outChannels: data.numClasses,
 *   seed: 0,
 * });
 * // Options left out come from TRAIN_DEFAULTS; the split is data.splits[0]. Row-normalising
 * // (the default, made for bag-of-words) would flatten csbm's Gaussian features.
 * const result = await train(model, data, { epochs: 50, normalizeFeatures: false, progress: false });
 * const { classes } = predict(model, data, { normalizeFeatures: false }); // as in training
 * const test = data.splits[0].test;
 * const testAccuracy = accuracy(test.map((i) => data.graph.y[i]), test.map((i) => classes[i]));
 * if (testAccuracy !== result.test.accuracy) throw new Error("predict disagrees with train");
 * if (testAccuracy < 0.9) throw new Error(`test accuracy ${testAccuracy}`); // 1.0 with this seed
 * console.log(String(table([{ model: "gcn", "test accuracy": testAccuracy }], { digits: 3 })));
 * model.dispose();
 * ```
 *
 * @module
 */

// Graphs: the Graph type, feature matrices, PyG-style transforms and summaries.
export {
  addRemainingSelfLoops,
  addSelfLoops,
  classInsensitiveHomophily,
  coalesce,
  createGraph,
  type CsrMatrix,
  degree,
  type DegreeOptions,
  type DenseMatrix,
  denseMatrix,
  edgeHomophily,
  gcnNorm,
  type GcnNormOptions,
  type Graph,
  type GraphInit,
  type GraphSummary,
  graphSummary,
  isUndirected,
  type KHopSubgraph,
  kHopSubgraph,
  type KHopSubgraphOptions,
  type Matrix,
  nodeHomophily,
  type NormalizedEdges,
  normalizeFeatures,
  numEdges,
  numFeatures,
  removeSelfLoops,
  selectRows,
  type SelfLoopOptions,
  subgraph,
  type SubgraphOptions,
  toDense,
  toUndirected,
  validateGraph,
} from "./lib/graph/mod.ts";

// Data sets: every registered data set by name (real ones from the cache, mirror or download).
export {
  DATASET_NAMES,
  type GraphDataset,
  loadDataset,
  type LoadDatasetOptions,
} from "./lib/datasets/mod.ts";

// Splits: random per class, stratified and temporal, with checks and summaries.
export {
  type NodeSplit,
  randomNodeSplit,
  type RandomNodeSplitOptions,
  type SplitSummary,
  splitSummary,
  stratifiedSplit,
  type StratifiedSplitOptions,
  timeSplit,
  type TimeSplitOptions,
  validateSplit,
} from "./lib/splits/mod.ts";

// Metrics with scikit-learn semantics.
export {
  accuracy,
  type ClassificationReport,
  classificationReport,
  confusionMatrix,
  f1Score,
  logLoss,
  meanAbsoluteError,
  meanSquaredError,
  precision,
  precisionRecallF1,
  r2Score,
  recall,
  type ReportRow,
  rocAuc,
  rocAucOvo,
  rocAucOvr,
  rocCurve,
  rootMeanSquaredError,
} from "./lib/metrics/mod.ts";

// Backends: pick the fastest TensorFlow.js backend that works here, and say why.
export {
  type BackendChoice,
  type BackendName,
  type EnvironmentReport,
  environmentReport,
  setBackend,
} from "./lib/backend/mod.ts";

// Display: tables, DataFrames and Plotly figures, inline in notebooks and as text or files elsewhere.
export {
  adjacencyComparison,
  type AdjacencyComparisonOptions,
  adjacencyHeatmap,
  asDisplayable,
  type BarRow,
  classDistribution,
  coEvolutionFigure,
  coEvolutionRoundsFigure,
  coEvolutionTable,
  confusionHeatmap,
  type DataFrame,
  dataFrame,
  degreeDistribution,
  describeFigure,
  display,
  displayFigure,
  type DisplayFigureOptions,
  embeddingScatter,
  type Figure,
  FIGURE_STYLE,
  forceLayout,
  graphComparisonTable,
  graphFigure,
  type GraphRebuild,
  type GraphStatistics,
  graphStatistics,
  groupedBars,
  hierarchyTable,
  incomingEntropy,
  isJupyter,
  loadPolars,
  multiTaskCurves,
  pca,
  type PlotlyTrace,
  rocCurves,
  splitFigure,
  splitTable,
  spreadingFigure,
  type SpreadingRun,
  spreadingTable,
  type Subplot,
  subplots,
  type Table,
  table,
  type TableOptions,
  titled,
  trainingCurves,
  type TrainingHistory,
  umap,
} from "./lib/display/mod.ts";

// Seeded randomness: every random choice in the library takes a seed or one of these generators.
export { createRng, type Rng } from "./lib/random/rng.ts";

// Models by name (createModel) and by class, and what their forward takes.
export {
  AdaptiveGNN,
  type AdaptiveGNNConfig,
  type AdaptiveGNNOptions,
  type CoEvolutionRound,
  createModel,
  GAT,
  GCN,
  GraphSAGE,
  LearnedGraphClassifier,
  type LearnedGraphClassifierConfig,
  MLP,
  type Model,
  MODEL_NAMES,
  type ModelConfig,
  type ModelName,
  MultiTaskGCN,
} from "./lib/models/mod.ts";
export { adjacency, SparseAdjacency } from "./lib/sparse/mod.ts";
export { toTensor } from "./lib/nn/mod.ts";

// Inspecting the adaptive model: its learned graph, how it changes, its granularity levels.
export {
  granularityLevels,
  graphChange,
  type HierarchyGraph,
  hierarchyGraph,
  type LearnedGraph,
  simulateSpreading,
  type SpreadingTrace,
} from "./lib/structure/mod.ts";

// Training, prediction and checkpoints.
export {
  type Callback,
  type CheckpointHeader,
  type EpochRecord,
  loadCheckpoint,
  MULTITASK_TASKS,
  type MultiTaskEpoch,
  type MultiTaskOptions,
  type MultiTaskResult,
  predict,
  type Prediction,
  type PredictOptions,
  readCheckpointHeader,
  saveCheckpoint,
  type TestMetrics,
  train,
  TRAIN_DEFAULTS,
  trainMultiTask,
  type TrainOptions,
  type TrainResult,
} from "./lib/train/mod.ts";

// Configs and experiments: runs from config files, the paper's comparison over seeds, ablations,
// studies that tune a config on validation, and the fair comparison built on them.
export { type ExperimentConfig, loadConfig, parseConfig } from "./lib/config/mod.ts";
export {
  ablate,
  type AblateOptions,
  type Ablation,
  ADAPTIVE_GNN_ABLATIONS,
  coEvolutionRebuilds,
  compare,
  type CompareOptions,
  comparisonFigure,
  comparisonRows,
  comparisonTable,
  configPath,
  type ExperimentRun,
  learnedGraphOf,
  LearnedGraphRecorder,
  type LearnedGraphSnapshot,
  lossTermsFigure,
  lossTermsTable,
  meanStd,
  mergeResults,
  pairedComparisonTable,
  PAPER_ACCURACY,
  readRecorded,
  readStudies,
  readStudy,
  type RecordedResult,
  recordedRunsTable,
  reproduce,
  type ReproduceOptions,
  type ReproduceResult,
  type ReproduceRow,
  type ReproduceRun,
  runExperiment,
  type RunExperimentOptions,
  runStudy,
  runSummaryTable,
  type SearchSpace,
  seedAccuracyTable,
  studyHistoryFigure,
  type StudyOptions,
  type StudyRecord,
  type StudyResult,
  tunedConfigTable,
} from "./lib/experiment/mod.ts";
