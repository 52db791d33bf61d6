/**
 * Data sets: one loader per source format, a registry (`loadDataset`), the raw file list with
 * checksums (`DATA_FILES`) and seeded synthetic graphs. The top-level module exports
 * `loadDataset` and its types; the per-format loaders, `csbm`, `randomGraph` and the explainer
 * benchmarks `baShapes` and `treeCycles` live here.
 *
 * @example
 * ```ts
 * import { loadDataset } from "./mod.ts";
 * const d = await loadDataset("csbm", { csbm: { numNodes: 30, numClasses: 2, avgDegree: 2 } });
 * if (d.name !== "csbm") throw new Error("unexpected");
 * ```
 *
 * @module
 */
export type { DatasetSource, ExplanationGroundTruth, GraphDataset } from "./dataset.ts";
export { validateDataset } from "./validate_dataset.ts";
export { DATA_FILES, SOURCES } from "./sources.ts";
export { DATASET_NAMES, loadDataset, type LoadDatasetOptions } from "./load_dataset.ts";
export { loadPlanetoid, type PlanetoidName } from "./planetoid.ts";
export {
  type GnnBenchmarkName,
  type GnnBenchmarkOptions,
  loadGnnBenchmark,
} from "./gnn_benchmark.ts";
export { HETEROPHILOUS_NAMES, type HeterophilousName, loadHeterophilous } from "./heterophilous.ts";
export { loadKarate } from "./karate.ts";
export {
  loadOgbnArxiv,
  loadOgbnArxivLabels,
  type OgbnArxivLabels,
  type OgbnArxivOptions,
} from "./ogbn_arxiv.ts";
export { csbm, type CsbmOptions, randomGraph, type RandomGraphOptions } from "./synthetic.ts";
export {
  baShapes,
  type BaShapesOptions,
  type ExplainerBenchmarkOptions,
  treeCycles,
  type TreeCyclesOptions,
} from "./explain_benchmarks.ts";
