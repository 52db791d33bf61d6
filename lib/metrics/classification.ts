/**
 * Classification metrics from hard label predictions, following scikit-learn 1.2:
 * `accuracy_score`, `confusion_matrix` and `precision_recall_fscore_support`.
 *
 * @module
 */

import { checkLabels, checkPair } from "./_validate.ts";
import { resolveLabels } from "./_labels.ts";

/** Which classes to score; by default the sorted union of the labels in `yTrue` and `yPred`. */
export interface LabelOptions {
  /** Score classes `0..numClasses-1`; any label outside that range is an error. */
  numClasses?: number;
  /** Score exactly these classes, in this order (sklearn's `labels`); others are ignored. */
  labels?: ArrayLike<number>;
}

/** How to combine per-class scores (sklearn's `average`; `"none"` is sklearn's `None`). */
export type Average = "micro" | "macro" | "weighted" | "none";

/** Options of {@linkcode precisionRecallF1} and its wrappers. */
export interface PrfOptions extends LabelOptions {
  /** `"micro"`: global counts; `"macro"`: unweighted class mean; `"weighted"`: by support. */
  average: Average;
  /** The score used where a ratio is 0/0 (a class never predicted or never true). Default 0. */
  zeroDivision?: 0 | 1;
}

/** Averaged precision, recall and F1. */
export interface AveragedScores {
  /** The averaged precision. */
  precision: number;
  /** The averaged recall. */
  recall: number;
  /** The averaged F1 score. */
  f1: number;
}

/** Per-class precision, recall, F1 and support (number of true samples), in `labels` order. */
export interface PerClassScores {
  /** The scored classes, in order. */
  labels: number[];
  /** Precision of each class. */
  precision: number[];
  /** Recall of each class. */
  recall: number[];
  /** F1 score of each class. */
  f1: number[];
  /** Number of true samples of each class. */
  support: number[];
}

/**
 * The fraction of samples whose predicted label equals the true label.
 *
 * @param yTrue True class labels (integers).
 * @param yPred Predicted class labels (integers), same length.
 * @returns A number in [0, 1].
 *
 * @example
 * ```ts
 * import { accuracy } from "./classification.ts";
 * if (accuracy([0, 1, 2, 2], [0, 2, 2, 2]) !== 0.75) throw new Error("unexpected");
 * ```
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const action = "Cannot compute accuracy";
  checkPair(action, yTrue, yPred);
  checkLabels(action, "yTrue", yTrue);
  checkLabels(action, "yPred", yPred);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/**
 * The confusion matrix: entry `[i][j]` counts samples of true class `labels[i]` predicted as
 * `labels[j]` (rows true, columns predicted, like sklearn's `confusion_matrix`).
 *
 * @example
 * ```ts
 * import { confusionMatrix } from "./classification.ts";
 * const cm = confusionMatrix([0, 1, 1], [0, 0, 1]);
 * if (JSON.stringify(cm) !== "[[1,0],[1,1]]") throw new Error("unexpected");
 * ```
 */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: LabelOptions = {},
): number[][] {
  const { labels, index } = resolveLabels("Cannot compute confusion matrix", yTrue, yPred, options);
  const k = labels.length;
  const cm = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = index(yTrue[i]), p = index(yPred[i]);
    if (t >= 0 && p >= 0) cm[t][p]++;
  }
  return cm;
}

/** Per-class true positives, predicted counts and true counts for the resolved labels. */
function counts(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  index: (l: number) => number,
  k: number,
) {
  const tp = new Float64Array(k), predSum = new Float64Array(k), trueSum = new Float64Array(k);
  for (let i = 0; i < yTrue.length; i++) {
    const t = index(yTrue[i]), p = index(yPred[i]);
    if (t >= 0) trueSum[t]++;
    if (p >= 0) predSum[p]++;
    if (t >= 0 && yTrue[i] === yPred[i]) tp[t]++;
  }
  return { tp, predSum, trueSum };
}

function divide(num: number, den: number, zeroDivision: number): number {
  return den === 0 ? zeroDivision : num / den;
}

// sklearn 1.2 computes F from P and R, with 0 where P + R = 0.
function fScore(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

function mean(xs: number[], weights?: Float64Array): number {
  let s = 0, w = 0;
  for (let i = 0; i < xs.length; i++) {
    const wi = weights ? weights[i] : 1;
    s += wi * xs[i];
    w += wi;
  }
  return s / w;
}

/**
 * Precision, recall and F1 for multiclass labels, like sklearn's
 * `precision_recall_fscore_support` (scikit-learn 1.2 semantics).
 *
 * Per class: precision = TP / predicted, recall = TP / true, F1 = 2PR / (P + R); a 0/0 ratio
 * scores `zeroDivision` (default 0, sklearn's default). `"micro"` pools the counts of all scored
 * classes (for single-label data with all classes scored it equals accuracy), `"macro"` takes the
 * unweighted mean over classes, `"weighted"` the mean weighted by support, and `"none"` returns
 * every class. Classes are the sorted union of labels in `yTrue` and `yPred` unless `numClasses`
 * or `labels` is given.
 *
 * @example
 * ```ts
 * import { precisionRecallF1 } from "./classification.ts";
 * const s = precisionRecallF1([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { average: "macro" });
 * if (Math.abs(s.precision - 0.5) > 1e-12) throw new Error("unexpected");
 * const c = precisionRecallF1([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { average: "none" });
 * if (c.recall.join() !== "1,0,0.6666666666666666") throw new Error("unexpected");
 * ```
 */
export function precisionRecallF1(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions & { average: "none" },
): PerClassScores;
/** Averaged over the classes (`average` `"micro"`, `"macro"` or `"weighted"`): one score each. */
export function precisionRecallF1(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions,
): AveragedScores;
export function precisionRecallF1(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions,
): AveragedScores | PerClassScores {
  return prf("Cannot compute precision/recall/F1", yTrue, yPred, options);
}

function prf(
  action: string,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  { average, zeroDivision = 0, ...labelOptions }: PrfOptions,
): AveragedScores | PerClassScores {
  if (!["micro", "macro", "weighted", "none"].includes(average)) {
    throw new TypeError(
      `${action}: average is ${average} (expected "micro", "macro", "weighted" or "none")`,
    );
  }
  if (zeroDivision !== 0 && zeroDivision !== 1) {
    throw new TypeError(`${action}: zeroDivision is ${zeroDivision} (expected 0 or 1)`);
  }
  const { labels, index } = resolveLabels(action, yTrue, yPred, labelOptions);
  const k = labels.length;
  const { tp, predSum, trueSum } = counts(yTrue, yPred, index, k);
  if (average === "micro") {
    let t = 0, p = 0, s = 0;
    for (let c = 0; c < k; c++) [t, p, s] = [t + tp[c], p + predSum[c], s + trueSum[c]];
    const precision = divide(t, p, zeroDivision), recall = divide(t, s, zeroDivision);
    return { precision, recall, f1: fScore(precision, recall) };
  }
  const precision = labels.map((_, c) => divide(tp[c], predSum[c], zeroDivision));
  const recall = labels.map((_, c) => divide(tp[c], trueSum[c], zeroDivision));
  const f1 = labels.map((_, c) => fScore(precision[c], recall[c]));
  if (average === "none") {
    return { labels, precision, recall, f1, support: Array.from(trueSum) };
  }
  if (average === "weighted") {
    // Only reachable with explicit labels absent from yTrue; mirrors sklearn's special case.
    if (trueSum.every((s) => s === 0)) {
      const z = zeroDivision;
      return predSum.every((s) => s === 0)
        ? { precision: z, recall: z, f1: z }
        : { precision: 0, recall: z, f1: 0 };
    }
    return {
      precision: mean(precision, trueSum),
      recall: mean(recall, trueSum),
      f1: mean(f1, trueSum),
    };
  }
  return { precision: mean(precision), recall: mean(recall), f1: mean(f1) };
}

/**
 * Precision (sklearn's `precision_score`): a number, or one per class for `average: "none"`.
 *
 * @example
 * ```ts
 * import { precision } from "./classification.ts";
 * if (precision([0, 1, 1], [1, 1, 1], { average: "micro" }) !== 2 / 3) throw new Error("unexpected");
 * ```
 */
export function precision(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions & { average: "none" },
): number[];
/** Averaged over the classes (`average` `"micro"`, `"macro"` or `"weighted"`): one number. */
export function precision(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions,
): number;
export function precision(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions,
): number | number[] {
  return prf("Cannot compute precision", yTrue, yPred, options).precision;
}

/**
 * Recall (sklearn's `recall_score`): a number, or one per class for `average: "none"`.
 *
 * @example
 * ```ts
 * import { recall } from "./classification.ts";
 * if (recall([0, 1, 1], [1, 1, 1], { average: "macro" }) !== 0.5) throw new Error("unexpected");
 * ```
 */
export function recall(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions & { average: "none" },
): number[];
/** Averaged over the classes (`average` `"micro"`, `"macro"` or `"weighted"`): one number. */
export function recall(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions,
): number;
export function recall(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions,
): number | number[] {
  return prf("Cannot compute recall", yTrue, yPred, options).recall;
}

/**
 * F1 score (sklearn's `f1_score`): a number, or one per class for `average: "none"`.
 *
 * @example
 * ```ts
 * import { f1Score } from "./classification.ts";
 * const f1 = f1Score([0, 1, 1], [1, 1, 1], { average: "none" });
 * if (f1[0] !== 0 || f1[1] !== 0.8) throw new Error("unexpected");
 * ```
 */
export function f1Score(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions & { average: "none" },
): number[];
/** Averaged over the classes (`average` `"micro"`, `"macro"` or `"weighted"`): one number. */
export function f1Score(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions,
): number;
export function f1Score(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: PrfOptions,
): number | number[] {
  return prf("Cannot compute F1 score", yTrue, yPred, options).f1;
}
