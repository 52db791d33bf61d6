/**
 * Display helpers: small tables, polars DataFrames, Plotly figures, 2-D embeddings (PCA, UMAP) and
 * the thin Jupyter bridge. Objects built here print as text in a terminal and render as HTML when
 * they are a notebook cell's last expression. The top-level module exports all of it except the
 * Jupyter protocol pieces (`JUPYTER_DISPLAY`, `MimeBundle`, `Displayable`, `plotlyBundle`,
 * `resetPlotlyEmbedding`), which are for objects that render themselves.
 *
 * @example
 * ```ts
 * import { dataFrame, loadPolars, table } from "./mod.ts";
 * const rows = [{ metric: "accuracy", value: 0.8123 }, { metric: "macro-F1", value: 0.79 }];
 * const t = table(rows, { digits: 2 });
 * if (!t.toString().includes("0.81")) throw new Error(t.toString());
 * const pl = await loadPolars(); // nodejs-polars loads on first use, not with this module
 * const good = (await dataFrame(rows)).filter(pl.col("value").gt(0.8));
 * if (good.height !== 1) throw new Error(String(good));
 * ```
 *
 * @module
 */

export { type Table, table, type TableOptions } from "./table.ts";
export {
  display,
  type Displayable,
  isJupyter,
  JUPYTER_DISPLAY,
  type MimeBundle,
} from "./jupyter.ts";
export {
  adjacencyHeatmap,
  type BarRow,
  classDistribution,
  confusionHeatmap,
  degreeDistribution,
  describeFigure,
  type Figure,
  FIGURE_STYLE,
  type FigureTitles,
  groupedBars,
  type GroupedBarsOptions,
  type PlotlyTrace,
  titled,
  trainingCurves,
  type TrainingCurvesOptions,
  type TrainingHistory,
} from "./figures.ts";
export {
  asDisplayable,
  displayFigure,
  type DisplayFigureOptions,
  plotlyBundle,
  type PlotlyBundleOptions,
  resetPlotlyEmbedding,
} from "./plotly.ts";
export { forceLayout, type ForceLayoutOptions } from "./force_layout.ts";
export { pca, type PcaResult } from "./pca.ts";
export { umap, type UmapOptions, type UmapResult } from "./umap.ts";
export {
  type DataFrame,
  dataFrame,
  type DataFrameOptions,
  loadPolars,
  type Polars,
} from "./dataframe.ts";
export { type Subplot, subplots, type SubplotsOptions } from "./subplots.ts";
export { adjacencyComparison, type AdjacencyComparisonOptions } from "./adjacency_comparison.ts";
export {
  type GraphComparisonOptions,
  graphComparisonTable,
  type GraphStatistics,
  graphStatistics,
  incomingEntropy,
} from "./graph_comparison.ts";
export {
  coEvolutionFigure,
  type CoEvolutionFigureOptions,
  coEvolutionRoundsFigure,
  type CoEvolutionRoundsOptions,
  type CoEvolutionSettings,
  coEvolutionTable,
  type GraphRebuild,
} from "./coevolution.ts";
export {
  hierarchyTable,
  type HierarchyTableOptions,
  spreadingFigure,
  type SpreadingFigureOptions,
  type SpreadingRun,
  spreadingTable,
} from "./multi_granularity.ts";
export { splitFigure, type SplitFigureOptions, splitTable } from "./split_figures.ts";
export { rocCurves, type RocCurvesOptions } from "./roc_curves.ts";
export {
  multiTaskCurves,
  type MultiTaskCurvesOptions,
  type MultiTaskHistory,
} from "./multitask_curves.ts";
export {
  embeddingScatter,
  type EmbeddingScatterOptions,
  graphFigure,
  type GraphFigureOptions,
} from "./figure_graph.ts";
