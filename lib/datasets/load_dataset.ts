/**
 * One entry point for every data set: `loadDataset("cora")`.
 *
 * @module
 */
import { checkDataset } from "./_check_dataset.ts";
import type { GraphDataset } from "./dataset.ts";
import type { FetchOptions } from "../io/fetch.ts";
import { loadPlanetoid, type PlanetoidName } from "./planetoid.ts";
import { type GnnBenchmarkName, loadGnnBenchmark } from "./gnn_benchmark.ts";
import { HETEROPHILOUS_NAMES, type HeterophilousName, loadHeterophilous } from "./heterophilous.ts";
import { loadKarate } from "./karate.ts";
import { loadOgbnArxiv } from "./ogbn_arxiv.ts";
import { csbm, type CsbmOptions } from "./synthetic.ts";
import {
  baShapes,
  type BaShapesOptions,
  treeCycles,
  type TreeCyclesOptions,
} from "./explain_benchmarks.ts";

/** Options for {@linkcode loadDataset}; each loader takes the ones it knows. */
export interface LoadDatasetOptions extends FetchOptions {
  /** Seed of a random default split (GNN-benchmark sets) or of a generator (csbm, ba-shapes, tree-cycles). */
  seed?: number;
  /** ogbn-arxiv: a directory in OGB's raw layout (see `loadOgbnArxiv`). */
  root?: string;
  /** ogbn-arxiv: symmetrise the citations (default true). */
  undirected?: boolean;
  /** csbm: the generator's options. */
  csbm?: CsbmOptions;
  /** ba-shapes: the generator's options (`baShapes`). */
  baShapes?: BaShapesOptions;
  /** tree-cycles: the generator's options (`treeCycles`). */
  treeCycles?: TreeCyclesOptions;
  /** Loader-specific options, passed through (merged over the fields above). */
  params?: Record<string, unknown>;
}

const PLANETOID: readonly PlanetoidName[] = ["cora", "citeseer", "pubmed"];
const GNN_BENCHMARK: readonly GnnBenchmarkName[] = [
  "amazon-photo",
  "amazon-computers",
  "coauthor-cs",
  "coauthor-physics",
];

/**
 * Every registry name {@linkcode loadDataset} accepts.
 *
 * @example
 * ```ts
 * import { DATASET_NAMES } from "./load_dataset.ts";
 * if (!DATASET_NAMES.includes("cora")) throw new Error("unexpected");
 * ```
 */
export const DATASET_NAMES: readonly string[] = Object.freeze([
  ...PLANETOID,
  ...HETEROPHILOUS_NAMES,
  ...GNN_BENCHMARK,
  "karate",
  "ogbn-arxiv",
  "csbm",
  "ba-shapes",
  "tree-cycles",
]);

/**
 * Loads a data set by registry name (case-insensitive; `_` and `-` are interchangeable):
 * cora, citeseer, pubmed (Planetoid); texas, cornell, wisconsin, chameleon, squirrel, actor,
 * minesweeper, tolokers (heterophilous); amazon-photo, amazon-computers, coauthor-cs,
 * coauthor-physics (GNN benchmark); karate; ogbn-arxiv; csbm (synthetic, `options.csbm` or
 * `options.params`); ba-shapes and tree-cycles (GNNExplainer's benchmarks with ground truth,
 * `options.baShapes` / `options.treeCycles` or `options.params`). Files come from the verified cache, the mirror or the public URL (see
 * `fetchDataFile`).
 *
 * Every label is checked to lie in `[0, numClasses)` and every stored split to be valid (see
 * `validateSplit`); the loaders check node indices and that features are finite.
 *
 * @throws {Error} `Cannot load dataset "<name>": unknown name; did you mean "<closest>"? Known: ...`
 *   for an unknown name, `Cannot load dataset "<name>": y[5] is 9; labels must be ...` for bad
 *   contents, or the loader's own error.
 * @example
 * ```ts
 * import { loadDataset } from "./load_dataset.ts";
 * const d = await loadDataset("csbm", { csbm: { numNodes: 40, numClasses: 2, avgDegree: 4 } });
 * if (d.graph.numNodes !== 40) throw new Error("unexpected");
 * let message = "";
 * try { await loadDataset("corra"); } catch (e) { message = (e as Error).message; }
 * if (!message.includes('did you mean "cora"?')) throw new Error("unexpected");
 * ```
 */
export async function loadDataset(
  name: string,
  options: LoadDatasetOptions = {},
): Promise<GraphDataset> {
  const dataset = await loadByName(name, options);
  // The loaders build their graphs with createGraph (edges and features checked there).
  checkDataset(dataset, (detail) => {
    throw new Error(`Cannot load dataset "${name}": ${detail}`);
  }, { graph: false });
  return dataset;
}

function loadByName(name: string, options: LoadDatasetOptions): Promise<GraphDataset> {
  const key = name.trim().toLowerCase().replaceAll("_", "-");
  const { cacheDir, mirror, seed, root, undirected } = options;
  const fetchOptions: FetchOptions = { cacheDir, mirror };
  const params = options.params ?? {};
  if ((PLANETOID as readonly string[]).includes(key)) {
    return loadPlanetoid(key as PlanetoidName, { ...fetchOptions, ...params });
  }
  if ((HETEROPHILOUS_NAMES as readonly string[]).includes(key)) {
    return loadHeterophilous(key as HeterophilousName, { ...fetchOptions, ...params });
  }
  if ((GNN_BENCHMARK as readonly string[]).includes(key)) {
    return loadGnnBenchmark(key as GnnBenchmarkName, { ...fetchOptions, seed, ...params });
  }
  if (key === "karate") return loadKarate({ ...fetchOptions, ...params });
  if (key === "ogbn-arxiv") {
    return loadOgbnArxiv({ ...fetchOptions, root, undirected, ...params });
  }
  if (key === "csbm") {
    return Promise.resolve(csbm({ seed, ...options.csbm, ...params } as CsbmOptions));
  }
  // Promise.try: a bad option becomes a rejection, like the loaders' errors
  if (key === "ba-shapes") {
    const generated = { ...(seed !== undefined && { seed }), ...options.baShapes, ...params };
    return Promise.try(() => baShapes(generated as BaShapesOptions));
  }
  if (key === "tree-cycles") {
    const generated = { ...(seed !== undefined && { seed }), ...options.treeCycles, ...params };
    return Promise.try(() => treeCycles(generated as TreeCyclesOptions));
  }
  const closest = suggest(key);
  return Promise.reject(
    new Error(
      `Cannot load dataset "${name}": unknown name; ` +
        (closest ? `did you mean "${closest}"? Known: ` : "known: ") + DATASET_NAMES.join(", "),
    ),
  );
}

/** The known name closest in edit distance, if it is close enough to be a likely typo. */
function suggest(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of DATASET_NAMES) {
    const d = editDistance(key, known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
