/**
 * Ablations: what each part of a model contributes, as rows of a comparison table (one variant of
 * the config per row, every variant over the same seeds and splits).
 *
 * @module
 */
import type { ExperimentConfig, ModelSection } from "../config/experiment_config.ts";
import type { GraphDataset } from "../datasets/dataset.ts";
import { loadDataset, type LoadDatasetOptions } from "../datasets/load_dataset.ts";
import { progressTarget } from "../train/progress.ts";
import { runSeeds } from "./_run_seeds.ts";
import type { ReproduceResult, ReproduceRow, ReproduceRun } from "./results.ts";
import { ReproduceProgress } from "./reproduce_progress.ts";

/**
 * A variant of a model config: returns the changed copy, or throws when the part it removes is
 * not in the config (an ablation of an absent part would silently repeat the full model).
 */
export type Ablation = (model: ModelSection) => ModelSection;

function requirePart(model: ModelSection, present: boolean, part: string): void {
  if (!present) {
    throw new Error(`Cannot ablate ${part}: the "${model.name}" config does not use it`);
  }
}

// Removes a key without leaving it present-but-undefined (configs are compared and printed).
function without(model: ModelSection, key: keyof ModelSection): ModelSection {
  const copy = { ...model };
  delete copy[key];
  return copy;
}

/**
 * The ablations of `AdaptiveGNN` (the paper's "Ours"; issue 5's table), each removing
 * one part of the full config:
 *
 * - `no learned graph`: propagate over the input graph only (the graph terms R and S go too: they
 *   act on the learned graph);
 * - `no R`: the sparsity and connectivity weights set to 0;
 * - `no S`: the feature-smoothness weight gamma set to 0;
 * - `no co-evolution`: `learnedGraph.coEvolution` false: on the same `refreshEvery` schedule, each
 *   rebuild builds the graph once from the encoder's current output `h_0` (the encoder state the
 *   full model starts its rebuild from) instead of from representations propagated over the
 *   current graph, round after round. It measures the closed loop of chapter 2.2 alone;
 * - `graph never rebuilt`: the graph is built once, before the first epoch, from the randomly
 *   initialised encoder's `h_0`, and its edges are never rebuilt (`refreshEvery` past any run,
 *   one round); only the weights `relu(s_ij)` of those edges keep learning. It removes
 *   co-evolution and also every later graph from a trained encoder, so it mixes both effects;
 * - `no multi-granularity`: without the coarsening-hierarchy branch.
 *
 * @example
 * ```ts
 * import { ADAPTIVE_GNN_ABLATIONS } from "./ablation.ts";
 * const full = {
 *   name: "adaptive" as const, hiddenChannels: 32, numLayers: 2, dropout: 0.5,
 *   learnedGraph: { k: 5 }, regularization: { smoothness: 0.1 },
 * };
 * if (ADAPTIVE_GNN_ABLATIONS["no S"](full).regularization?.smoothness !== 0) {
 *   throw new Error("unexpected");
 * }
 * if (ADAPTIVE_GNN_ABLATIONS["no co-evolution"](full).learnedGraph?.coEvolution !== false) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export const ADAPTIVE_GNN_ABLATIONS: Readonly<Record<string, Ablation>> = {
  "full": (m) => m,
  "no learned graph": (m) => {
    requirePart(m, m.learnedGraph !== undefined, "the learned graph (learnedGraph)");
    return without(without(m, "learnedGraph"), "regularization");
  },
  "no R": (m) => {
    const r = m.regularization;
    requirePart(
      m,
      (r?.sparsity ?? 0) > 0 || (r?.connectivity ?? 0) > 0,
      "R (regularization.sparsity or .connectivity)",
    );
    return { ...m, regularization: { ...r, sparsity: 0, connectivity: 0 } };
  },
  "no S": (m) => {
    requirePart(m, (m.regularization?.smoothness ?? 0) > 0, "S (regularization.smoothness)");
    return { ...m, regularization: { ...m.regularization, smoothness: 0 } };
  },
  "no co-evolution": (m) => {
    const g = m.learnedGraph;
    requirePart(m, g !== undefined && g.coEvolution !== false, "co-evolution (learnedGraph)");
    return { ...m, learnedGraph: { ...m.learnedGraph, coEvolution: false } };
  },
  "graph never rebuilt": (m) => {
    requirePart(m, m.learnedGraph !== undefined, "graph rebuilds (learnedGraph)");
    return {
      ...m,
      learnedGraph: { ...m.learnedGraph, refreshEvery: Number.MAX_SAFE_INTEGER, maxIterations: 1 },
    };
  },
  "no multi-granularity": (m) => {
    requirePart(m, m.multiGranularity !== undefined, "multi-granularity (multiGranularity)");
    return without(m, "multiGranularity");
  },
};

/** Options of {@linkcode ablate}. */
export interface AblateOptions extends LoadDatasetOptions {
  /** Seeds 0..seeds-1 for every variant (default 10). */
  seeds?: number;
  /** Variant name -> change (default {@linkcode ADAPTIVE_GNN_ABLATIONS}). */
  variants?: Readonly<Record<string, Ablation>>;
  /** The data set, when already loaded. */
  dataset?: GraphDataset;
  /** One live line for all runs, as in `reproduce` (default `"auto"`). */
  progress?: boolean | "auto";
  /** Called after each run. */
  onRun?: (run: ReproduceRun) => void;
}

/**
 * Trains every variant of `config` over the same seeds (and so the same splits) and returns a
 * table whose rows' `model` is the variant name, ready for `comparisonTable`,
 * `comparisonFigure` and `seedAccuracyTable`. Every variant is checked before any training, so a
 * variant that does not apply fails at once.
 *
 * @example
 * ```ts
 * import { ablate } from "./ablation.ts";
 * import { parseConfig } from "../config/experiment_config.ts";
 * const config = parseConfig({
 *   dataset: "csbm", backend: "cpu", model: { name: "mlp" }, train: { epochs: 3 },
 * });
 * const result = await ablate(config, {
 *   seeds: 2, csbm: { numNodes: 60 }, progress: false,
 *   variants: { "full": (m) => m, "no dropout": (m) => ({ ...m, dropout: 0 }) },
 * });
 * if (result.rows.map((r) => r.model).join() !== "full,no dropout") throw new Error("unexpected");
 * ```
 */
export async function ablate(
  config: ExperimentConfig,
  options: AblateOptions = {},
): Promise<ReproduceResult> {
  const {
    seeds = 10,
    variants = ADAPTIVE_GNN_ABLATIONS,
    dataset,
    progress: progressMode = "auto",
    onRun,
    ...loadOptions
  } = options;
  if (!Number.isInteger(seeds) || seeds < 1) {
    throw new RangeError(`Cannot ablate: seeds must be a positive integer, got ${seeds}`);
  }
  const configs = Object.entries(variants).map(([name, change]) =>
    [name, { ...config, model: change(config.model) }] as const
  );
  if (configs.length === 0) throw new RangeError("Cannot ablate: variants is empty");
  const data = dataset ?? await loadDataset(config.dataset, loadOptions);
  const progress = new ReproduceProgress(configs.length * seeds, {
    target: progressTarget(progressMode),
  });
  const rows: ReproduceRow[] = [];
  let backend = "unknown";
  try {
    for (const [name, variant] of configs) {
      const run = await runSeeds(variant, {
        dataset: config.dataset,
        model: name,
        data,
        seeds,
        progress,
        onRun,
      });
      rows.push(run.row);
      backend = run.backend;
    }
  } finally {
    progress.done();
  }
  return { protocol: "original", backend, rows };
}
