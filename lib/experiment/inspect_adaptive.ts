/**
 * Inspecting a training run of `AdaptiveGNN` (chapters 2.1-2.2): each term of its objective per
 * epoch, its learned graph after training and after every rebuild, and the co-evolution of that
 * graph over the run.
 *
 * @module
 */
import type { GraphDataset } from "../datasets/dataset.ts";
import type { GraphRebuild } from "../display/coevolution.ts";
import { type Figure, FIGURE_STYLE, type PlotlyTrace } from "../display/figures.ts";
import { subplots } from "../display/subplots.ts";
import { type Table, table } from "../display/table.ts";
import { createGraph, type Graph } from "../graph/graph.ts";
import { edgeHomophily } from "../graph/homophily.ts";
import { normalizeFeatures } from "../graph/normalize_features.ts";
import type { AdaptiveGNN } from "../models/adaptive_gnn.ts";
import { toTensor } from "../nn/to_tensor.ts";
import { adjacency } from "../sparse/adjacency.ts";
import type { Callback, EpochRecord, TrainContext } from "../train/callbacks.ts";

/**
 * The statistics `AdaptiveGNN` records in `EpochRecord.terms` at every rebuild of its learned
 * graph, next to its loss terms: the rounds the rebuild took, the change of its last round and the
 * learned graph's share in propagation.
 */
export const COEVOLUTION_STATS: readonly string[] = [
  "graph iterations",
  "graph change",
  "learned share",
];

/**
 * The names of the loss terms in a history (`EpochRecord.terms` without
 * {@linkcode COEVOLUTION_STATS}), in the order the model reports them.
 *
 * @param history a training history whose records carry `terms`
 * @returns the names; empty when the model reports no terms
 *
 * @example
 * ```ts
 * import { lossTermNames } from "./inspect_adaptive.ts";
 * const record = { epoch: 1, trainLoss: 1, trainAcc: 0, valLoss: 1, valAcc: 0, lr: 0.01, seconds: 0 };
 * const names = lossTermNames([{ ...record, terms: { "graph iterations": 1, task: 1.2, sparsity: 0.1 } }]);
 * if (names.join() !== "task,sparsity") throw new Error(names.join());
 * ```
 */
export function lossTermNames(history: readonly EpochRecord[]): string[] {
  const names = new Set<string>();
  for (const record of history) {
    for (const name of Object.keys(record.terms ?? {})) {
      if (!COEVOLUTION_STATS.includes(name)) names.add(name);
    }
  }
  return [...names];
}

function lossTerms(history: readonly EpochRecord[], action: string) {
  const names = lossTermNames(history);
  if (names.length === 0) throw new RangeError(`Cannot ${action}: the history has no loss terms`);
  const value = (r: EpochRecord, name: string) => r.terms?.[name] ?? 0;
  const objective = history.map((r) => names.reduce((sum, name) => sum + value(r, name), 0));
  return { names, value, objective };
}

/** Options of {@linkcode lossTermsFigure}. */
export interface LossTermsFigureOptions {
  /** The figure's title. */
  title?: string;
}

/**
 * Each term of a model's objective per epoch, as it enters the objective (already weighted), one
 * panel per term on its own scale, with their sum, the objective gradient descent minimises, on
 * top; the panels share the epoch axis.
 *
 * @param history a training history whose records carry loss terms
 * @param options the title
 * @returns a stacked figure with the traces `objective` and one per term, named after it
 * @throws {RangeError} when the history has no loss terms
 *
 * @example
 * ```ts
 * import { lossTermsFigure } from "./inspect_adaptive.ts";
 * const record = { trainLoss: 1, trainAcc: 0, valLoss: 1, valAcc: 0, lr: 0.01, seconds: 0 };
 * const fig = lossTermsFigure([
 *   { ...record, epoch: 1, terms: { task: 1.5, smoothness: 0.25 } },
 *   { ...record, epoch: 2, terms: { task: 1, smoothness: 0.125 } },
 * ]);
 * if (JSON.stringify(fig.data[0].y) !== "[1.75,1.125]") throw new Error("objective");
 * ```
 */
export function lossTermsFigure(
  history: readonly EpochRecord[],
  options: LossTermsFigureOptions = {},
): Figure {
  const { names, value, objective } = lossTerms(history, "plot the loss terms");
  const epochs = history.map((r) => r.epoch);
  const line = (name: string, y: number[], color: string): PlotlyTrace => ({
    type: "scatter",
    mode: "lines",
    name,
    x: epochs,
    y,
    line: { color },
  });
  const colors = FIGURE_STYLE.colors;
  return subplots([
    { title: "objective (sum)", traces: [line("objective", objective, "#000000")] },
    ...names.map((name, i) => ({
      title: name,
      traces: [line(name, history.map((r) => value(r, name)), colors[i % colors.length])],
    })),
  ], { title: options.title ?? "Each term of the objective per epoch", x: "epoch" });
}

/** Options of {@linkcode lossTermsTable}. */
export interface LossTermsTableOptions {
  /** The best epoch, shown between the first and the last (e.g. `TrainResult.bestEpoch`). */
  best?: number;
  /** The table's title. */
  title?: string;
}

/**
 * Every loss term and their sum at the first, the best and the last epoch, to 4 significant
 * digits.
 *
 * @param history a training history whose records carry loss terms
 * @param options the best epoch and the title
 * @returns a {@linkcode Table} with the columns `term`, `epoch 1`, `epoch <best> (best)`,
 *   `epoch <last> (last)`
 * @throws {RangeError} when the history has no loss terms, or `best` is not one of its epochs
 *
 * @example
 * ```ts
 * import { lossTermsTable } from "./inspect_adaptive.ts";
 * const record = { trainLoss: 1, trainAcc: 0, valLoss: 1, valAcc: 0, lr: 0.01, seconds: 0 };
 * const t = lossTermsTable([
 *   { ...record, epoch: 1, terms: { task: 1.5 } },
 *   { ...record, epoch: 2, terms: { task: 1 } },
 * ], { best: 2 });
 * if (t.columns.join() !== "term,epoch 1,epoch 2 (best),epoch 2 (last)") throw new Error("columns");
 * if (t.cells[1].join() !== "objective (sum),1.500,1.000,1.000") throw new Error(String(t));
 * ```
 */
export function lossTermsTable(
  history: readonly EpochRecord[],
  options: LossTermsTableOptions = {},
): Table {
  const { names, value, objective } = lossTerms(history, "tabulate the loss terms");
  const last = history.length - 1;
  const shown: [string, number][] = [["epoch 1", 0]];
  if (options.best !== undefined) {
    const at = history.findIndex((r) => r.epoch === options.best);
    if (at < 0) {
      throw new RangeError(
        `Cannot tabulate the loss terms: epoch ${options.best} is not in the history`,
      );
    }
    shown.push([`epoch ${options.best} (best)`, at]);
  }
  shown.push([`epoch ${history[last].epoch} (last)`, last]);
  const row = (term: string, of: (i: number) => number) => ({
    term,
    ...Object.fromEntries(shown.map(([column, i]) => [column, of(i).toPrecision(4)])),
  });
  return table([
    ...names.map((name) => row(name, (i) => value(history[i], name))),
    row("objective (sum)", (i) => objective[i]),
  ], { title: options.title ?? "The loss terms at the first, best and last epoch" });
}

/** Options of {@linkcode learnedGraphOf} and {@linkcode LearnedGraphRecorder}. */
export interface LearnedGraphOptions {
  /** Row-normalise the features first, as training did (default true, like `TRAIN_DEFAULTS`). */
  normalizeFeatures?: boolean;
}

// The features the model trains on, as the dense tensor it sees.
function featureTensor(data: GraphDataset, options: LearnedGraphOptions) {
  const graph = options.normalizeFeatures === false ? data.graph : normalizeFeatures(data.graph);
  return toTensor(graph.x!);
}

function readLearned(model: AdaptiveGNN, data: GraphDataset, x: ReturnType<typeof toTensor>) {
  const learned = model.learnedGraph(x, adjacency(data.graph));
  if (!learned) {
    throw new Error(
      "Cannot read the learned graph: the model has none (no learnedGraph in its config, or not " +
        "trained yet)",
    );
  }
  const edgeWeight = Float32Array.from(learned.weights.dataSync());
  learned.weights.dispose();
  return createGraph({
    numNodes: data.graph.numNodes,
    edgeIndex: learned.graph.edgeIndex,
    edgeWeight,
    y: data.graph.y,
  });
}

/**
 * An `AdaptiveGNN`'s current learned graph as a plain graph: its kNN edges, their weights
 * `relu(s_ij)` from the encoded features (evaluation mode, no dropout) and the data set's labels,
 * ready for `edgeHomophily`, `degree` or a figure. With `learnedGraph.anchors` the edges are the
 * node-to-anchor edges of R.
 *
 * @param model a trained (or training) `AdaptiveGNN` with `learnedGraph`
 * @param data the data set it trains on
 * @param options whether training normalised the features (default true)
 * @returns the learned graph with `edgeWeight` and `y`
 * @throws {Error} when the model has no learned graph yet
 *
 * @example
 * ```ts
 * import { learnedGraphOf } from "./inspect_adaptive.ts";
 * import { AdaptiveGNN } from "../models/adaptive_gnn.ts";
 * import { csbm } from "../datasets/synthetic.ts";
 * import { train } from "../train/trainer.ts";
 * const data = csbm({ numNodes: 60, seed: 1 });
 * const model = new AdaptiveGNN({
 *   inChannels: data.graph.x.cols, hiddenChannels: 8, outChannels: data.numClasses, seed: 0,
 *   learnedGraph: { k: 3 },
 * });
 * await train(model, data, { epochs: 2, progress: false });
 * const learned = learnedGraphOf(model, data);
 * if (learned.edgeWeight!.length !== learned.edgeIndex.length / 2) throw new Error("weights");
 * model.dispose();
 * ```
 */
export function learnedGraphOf(
  model: AdaptiveGNN,
  data: GraphDataset,
  options: LearnedGraphOptions = {},
): Graph {
  const x = featureTensor(data, options);
  try {
    return readLearned(model, data, x);
  } finally {
    x.dispose();
  }
}

/** A copy of the learned graph taken after a rebuild. */
export interface LearnedGraphSnapshot {
  /** The epoch the rebuild ran before; the copy is taken after it. */
  epoch: number;
  /** The learned graph then ({@linkcode learnedGraphOf}). */
  graph: Graph;
}

/**
 * A training callback that copies an `AdaptiveGNN`'s learned graph after every epoch that rebuilt
 * it (the epochs whose record has `graph iterations`), for the co-evolution trace. It only reads
 * the model, so the run is the same as without it.
 *
 * @example
 * ```ts
 * import { LearnedGraphRecorder } from "./inspect_adaptive.ts";
 * import { AdaptiveGNN } from "../models/adaptive_gnn.ts";
 * import { csbm } from "../datasets/synthetic.ts";
 * import { train } from "../train/trainer.ts";
 * const data = csbm({ numNodes: 60, seed: 1 });
 * const model = new AdaptiveGNN({
 *   inChannels: data.graph.x.cols, hiddenChannels: 8, outChannels: data.numClasses, seed: 0,
 *   learnedGraph: { k: 3, refreshEvery: 2 },
 * });
 * const recorder = new LearnedGraphRecorder(data);
 * await train(model, data, { epochs: 4, callbacks: [recorder], progress: false });
 * if (recorder.snapshots.map((s) => s.epoch).join() !== "1,3") throw new Error("epochs");
 * model.dispose();
 * ```
 */
export class LearnedGraphRecorder implements Callback {
  /** The copies, in epoch order. */
  readonly snapshots: LearnedGraphSnapshot[] = [];
  readonly #data: GraphDataset;
  readonly #options: LearnedGraphOptions;
  #x?: ReturnType<typeof toTensor>;

  /**
   * A recorder for a model trained on `data`.
   *
   * @param data the data set the model trains on
   * @param options whether training normalises the features (default true)
   */
  constructor(data: GraphDataset, options: LearnedGraphOptions = {}) {
    this.#data = data;
    this.#options = options;
  }

  /** Copies the learned graph when this epoch rebuilt it. */
  onEpochEnd(record: EpochRecord, context: TrainContext): void {
    if (record.terms?.["graph iterations"] === undefined) return;
    this.#x ??= featureTensor(this.#data, this.#options);
    const graph = readLearned(context.model as unknown as AdaptiveGNN, this.#data, this.#x);
    this.snapshots.push({ epoch: record.epoch, graph });
  }

  /** Frees the feature tensor. */
  onTrainEnd(): void {
    this.#x?.dispose();
    this.#x = undefined;
  }
}

/**
 * The rebuilds of a run, one per snapshot: the statistics the history recorded at that epoch
 * (rounds, last change, learned share, validation accuracy) and the rebuilt graph's edges and edge
 * homophily.
 *
 * @param history the run's history
 * @param snapshots what a {@linkcode LearnedGraphRecorder} took during the run
 * @returns one {@linkcode GraphRebuild} per snapshot, for `coEvolutionTable` and
 *   `coEvolutionFigure`
 * @throws {RangeError} when a snapshot's epoch did not rebuild the graph
 *
 * @example
 * ```ts
 * import { coEvolutionRebuilds } from "./inspect_adaptive.ts";
 * import { createGraph } from "../graph/graph.ts";
 * const record = { epoch: 1, trainLoss: 1, trainAcc: 0, valLoss: 1, valAcc: 0.5, lr: 0.01, seconds: 0 };
 * const terms = { "graph iterations": 1, "learned share": 0.5, task: 1 };
 * const graph = createGraph({ numNodes: 2, edgeIndex: [[0], [1]], y: new Int32Array([0, 0]) });
 * const [rebuild] = coEvolutionRebuilds([{ ...record, terms }], [{ epoch: 1, graph }]);
 * if (rebuild.change !== undefined || rebuild.homophily !== 1 || rebuild.edges !== 1) {
 *   throw new Error(JSON.stringify(rebuild));
 * }
 * ```
 */
export function coEvolutionRebuilds(
  history: readonly EpochRecord[],
  snapshots: readonly LearnedGraphSnapshot[],
): GraphRebuild[] {
  return snapshots.map(({ epoch, graph }) => {
    const terms = history.find((r) => r.epoch === epoch)?.terms;
    if (terms?.["graph iterations"] === undefined) {
      throw new RangeError(`Cannot read the rebuild before epoch ${epoch}: the history has none`);
    }
    const record = history.find((r) => r.epoch === epoch)!;
    return {
      epoch,
      rounds: terms["graph iterations"],
      ...(terms["graph change"] !== undefined && { change: terms["graph change"] }),
      share: terms["learned share"],
      edges: graph.edgeIndex.length / 2,
      homophily: edgeHomophily(graph),
      valAcc: record.valAcc,
    };
  });
}
