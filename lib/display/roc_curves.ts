/**
 * ROC curves of a multi-class prediction, one-vs-rest per class (scikit-learn's
 * `RocCurveDisplay` for each class).
 *
 * @module
 */
import { rocAucOvr, rocCurve } from "../metrics/roc_auc.ts";
import type { ProbabilityRows } from "../metrics/probability_rows.ts";
import { type Figure, FIGURE_STYLE, type PlotlyTrace } from "./figures.ts";

/** Options of {@linkcode rocCurves}. */
export interface RocCurvesOptions {
  /** Class names for the legend, one per class; default `"class 0"`, ... */
  classNames?: readonly string[];
  /** The figure's title. */
  title?: string;
}

/**
 * One ROC curve per class, that class against the rest, scored by its predicted probability, with
 * the class's AUC in the legend and the diagonal of chance. Rates to 4 decimals.
 *
 * @param yTrue true class per sample
 * @param probs one row of class probabilities per sample
 * @param options class names and title
 * @returns a figure with one trace per class, then `chance`
 *
 * @example
 * ```ts
 * import { rocCurves } from "./roc_curves.ts";
 * const fig = rocCurves([0, 1, 1], [[0.8, 0.2], [0.3, 0.7], [0.6, 0.4]], { classNames: ["a", "b"] });
 * if (fig.data.length !== 3 || fig.data[1].name !== "b (AUC 1.000)") throw new Error(String(fig.data[1].name));
 * ```
 */
export function rocCurves(
  yTrue: ArrayLike<number>,
  probs: ProbabilityRows,
  options: RocCurvesOptions = {},
): Figure {
  const auc = rocAucOvr(yTrue, probs, { average: "none" });
  const score = (i: number, c: number) =>
    "kind" in probs
      ? probs.data[i * probs.cols + c]
      : (probs as ArrayLike<ArrayLike<number>>)[i][c];
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  const data: PlotlyTrace[] = auc.map((area, c) => {
    const scores = Array.from(yTrue, (_, i) => score(i, c));
    const curve = rocCurve(Array.from(yTrue, (y) => (y === c ? 1 : 0)), scores);
    return {
      type: "scatter",
      mode: "lines",
      name: `${options.classNames?.[c] ?? `class ${c}`} (AUC ${area.toFixed(3)})`,
      x: Array.from(curve.fpr, round),
      y: Array.from(curve.tpr, round),
      line: { color: FIGURE_STYLE.colors[c % FIGURE_STYLE.colors.length], width: 1.5 },
    };
  });
  data.push({
    type: "scatter",
    mode: "lines",
    name: "chance",
    x: [0, 1],
    y: [0, 1],
    line: { color: "#999999", dash: "dot", width: 1 },
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? "One-vs-rest ROC curve per class" },
      font: FIGURE_STYLE.font,
      margin: FIGURE_STYLE.margin,
      height: 450,
      xaxis: { title: { text: "false positive rate" }, range: [0, 1] },
      yaxis: { title: { text: "true positive rate" }, range: [0, 1.02] },
    },
  };
}
