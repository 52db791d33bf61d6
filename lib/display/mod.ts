/**
 * Display helpers: small tables and the thin Jupyter bridge. Objects built here print as text in a
 * terminal and render as HTML when they are a notebook cell's last expression.
 *
 * @example
 * ```ts
 * import { table } from "./mod.ts";
 * const t = table([{ metric: "accuracy", value: 0.8123 }], { digits: 2 });
 * if (!t.toString().includes("0.81")) throw new Error(t.toString());
 * ```
 *
 * @module
 */

export { escapeHtml, type Table, table, type TableOptions } from "./table.ts";
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
  groupedBars,
  type GroupedBarsOptions,
  type PlotlyTrace,
  trainingCurves,
  type TrainingCurvesOptions,
  type TrainingHistory,
} from "./figures.ts";
export {
  asDisplayable,
  displayFigure,
  type DisplayFigureOptions,
  nextFigureBundle,
  PLOTLY_MIME,
  PLOTLY_VERSION,
  plotlyBundle,
  type PlotlyBundleOptions,
  resetPlotlyEmbedding,
} from "./plotly.ts";
export { forceLayout, type ForceLayoutOptions } from "./force_layout.ts";
export { pca, type PcaResult } from "./pca.ts";
export {
  embeddingScatter,
  type EmbeddingScatterOptions,
  graphFigure,
  type GraphFigureOptions,
} from "./figure_graph.ts";
