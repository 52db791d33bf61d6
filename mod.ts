/**
 * Open-AutoGLM: graph machine learning for Deno and Jupyter.
 *
 * The public API, one folder per concern:
 * - graph: the {@linkcode Graph} type (COO `edgeIndex`, CSR views), validation and transforms
 * - datasets: {@linkcode loadDataset} for Planetoid, heterophilous, Amazon/Coauthor, karate,
 *   ogbn-arxiv and synthetic graphs, downloaded into a verified cache or read from a mirror
 * - splits: public, per-class random, stratified and time splits
 * - metrics: accuracy, precision/recall/F1, ROC-AUC, confusion matrix, reports, regression
 * - backend: {@linkcode setBackend} and {@linkcode environmentReport}
 * - display: Plotly figures and tables that render inline in notebooks and as text or HTML files
 *   elsewhere
 * - models and train: MLP, GCN, GAT, GraphSAGE and the adaptive model `AdaptiveGNN`; the trainer,
 *   multi-task losses and auxiliary tasks
 * - structure: graph-structure learning (dense, kNN and anchor learners, regularisers,
 *   multi-granularity propagation)
 *
 * @example
 * ```ts
 * import { accuracy, graphSummary, loadDataset, stratifiedSplit } from "./mod.ts";
 * // `loadDataset("cora")` reads real data the same way; csbm is generated, so this runs offline.
 * const data = await loadDataset("csbm", { csbm: { numNodes: 200, homophily: 0.9, seed: 1 } });
 * const summary = graphSummary(data.graph, data.numClasses);
 * const split = stratifiedSplit(data.graph.y, { train: 0.7, val: 0.15, test: 0.15, seed: 0 });
 * if (summary.numNodes !== 200 || split.train.length !== 140) throw new Error("unexpected");
 * if (accuracy(data.graph.y, data.graph.y) !== 1) throw new Error("unexpected");
 * ```
 *
 * @module
 */
export * from "./lib/graph/mod.ts";
export * from "./lib/splits/mod.ts";
export * from "./lib/datasets/mod.ts";
export * from "./lib/metrics/mod.ts";
export * from "./lib/backend/mod.ts";
export * from "./lib/display/mod.ts";
export * from "./lib/io/mod.ts";
export { createRng, type Rng } from "./lib/random/rng.ts";
export * from "./lib/sparse/mod.ts";
export * from "./lib/nn/mod.ts";
export * from "./lib/models/mod.ts";
export * from "./lib/train/mod.ts";
export * from "./lib/config/mod.ts";
export * from "./lib/experiment/mod.ts";
export * from "./lib/structure/mod.ts";
