/**
 * One training run from a config: load the data, pick the split, build the model, train, test.
 * The engine behind `deno task train` and `deno task reproduce`.
 *
 * @module
 */
import type { ExperimentConfig, SplitConfig } from "../config/experiment_config.ts";
import type { GraphDataset } from "../datasets/dataset.ts";
import { loadDataset, type LoadDatasetOptions } from "../datasets/load_dataset.ts";
import { createModel } from "../models/create_model.ts";
import type { Model } from "../models/model.ts";
import { ensureBackend, getBackendChoice, setBackend } from "../backend/set_backend.ts";
import { randomNodeSplit } from "../splits/random_node_split.ts";
import { stratifiedSplit } from "../splits/stratified_split.ts";
import type { NodeSplit } from "../splits/split.ts";
import type { Callback } from "../train/callbacks.ts";
import { train, type TrainResult, type ValidationResult } from "../train/trainer.ts";

/** Options of {@linkcode runExperiment}. */
export interface RunExperimentOptions extends LoadDatasetOptions {
  /** An already loaded data set (reused across seeds); default: load `config.dataset`. */
  dataset?: GraphDataset;
  /** Save the best weights here. */
  checkpointPath?: string;
  /** Progress line or notebook display (default `"auto"`). */
  progress?: boolean | "auto";
  /** Called at the start and end of training and after every epoch. */
  callbacks?: Callback[];
}

/**
 * What {@linkcode runExperiment} returns: the trained model and its training record (a
 * `ValidationResult`, without test metrics, when the run was told `evaluateTest: false`).
 */
export interface ExperimentRun<Result extends ValidationResult = TrainResult> {
  /** The config that ran. */
  config: ExperimentConfig;
  /** The data set it ran on. */
  dataset: GraphDataset;
  /** The split it trained, selected and tested on. */
  split: NodeSplit;
  /** The trained model, holding the best epoch's weights (dispose it when done). */
  model: Model;
  /** The training record. */
  result: Result;
  /** The backend the run used. */
  backend: string;
}

/**
 * Picks the split a config names.
 *
 * @example
 * ```ts
 * import { selectSplit } from "./run_experiment.ts";
 * import { csbm } from "../datasets/synthetic.ts";
 * const data = csbm({ numNodes: 100, seed: 1 });
 * const split = selectSplit(data, { type: "stratified", train: 0.6, val: 0.2, test: 0.2 }, 0);
 * if (split.train.length !== 60) throw new Error("unexpected");
 * // Data sets with fixed splits (Geom-GCN's 10): seed s uses stored split s mod 10.
 * if (selectSplit(data, { type: "per-seed" }, 3) !== data.splits[0]) throw new Error("unexpected");
 * ```
 */
export function selectSplit(dataset: GraphDataset, split: SplitConfig, seed: number): NodeSplit {
  switch (split.type) {
    case "default":
      return dataset.splits[0];
    case "index": {
      const chosen = dataset.splits[split.index];
      if (!chosen) {
        throw new RangeError(
          `Cannot select split ${split.index} of ${dataset.name}: it has ${dataset.splits.length} splits`,
        );
      }
      return chosen;
    }
    case "per-seed":
      return dataset.splits[seed % dataset.splits.length];
    case "stratified":
      return stratifiedSplit(dataset.graph.y, { ...split, seed });
    case "random":
      return randomNodeSplit(dataset.graph.y, { ...split, seed });
  }
}

/**
 * Trains the model a config describes and evaluates it on the test nodes once, with the weights of
 * the best validation epoch.
 *
 * @example
 * ```ts
 * import { runExperiment } from "./run_experiment.ts";
 * import { parseConfig } from "../config/experiment_config.ts";
 * const config = parseConfig({
 *   dataset: "csbm", backend: "cpu", model: { name: "gcn" }, train: { epochs: 5 },
 * });
 * const run = await runExperiment(config, { csbm: { numNodes: 80, seed: 2 }, progress: false });
 * if (run.result.history.length !== 5) throw new Error("unexpected");
 * run.model.dispose();
 * ```
 */
export function runExperiment(
  config: ExperimentConfig,
  options?: RunExperimentOptions,
): Promise<ExperimentRun>;
/**
 * With `evaluateTest: false`, runs exactly as above but never runs the model on the test nodes
 * (model selection): the result has no `test`.
 */
export function runExperiment(
  config: ExperimentConfig,
  options: RunExperimentOptions & { evaluateTest: false },
): Promise<ExperimentRun<ValidationResult>>;
export async function runExperiment(
  config: ExperimentConfig,
  options: RunExperimentOptions & { evaluateTest?: false } = {},
): Promise<ExperimentRun<ValidationResult>> {
  const { dataset: given, checkpointPath, progress, callbacks, evaluateTest, ...loadOptions } =
    options;
  if (config.backend === "auto") await ensureBackend();
  else if (getBackendChoice()?.name !== config.backend) await setBackend(config.backend);
  const dataset = given ?? await loadDataset(config.dataset, loadOptions);
  const split = selectSplit(dataset, config.split, config.seed);
  const { name, ...hyper } = config.model;
  const model = createModel(name, {
    ...hyper,
    inChannels: dataset.graph.x.cols,
    outChannels: dataset.numClasses,
    seed: config.seed,
  });
  const trainOptions = {
    ...config.train,
    split,
    seed: config.seed,
    normalizeFeatures: config.normalizeFeatures,
    ...(checkpointPath && { checkpointPath }),
    ...(progress !== undefined && { progress }),
    ...(callbacks && { callbacks }),
  };
  const result = evaluateTest === false
    ? await train(model, dataset, { ...trainOptions, evaluateTest })
    : await train(model, dataset, trainOptions);
  return { config, dataset, split, model, result, backend: getBackendChoice()?.name ?? "unknown" };
}
