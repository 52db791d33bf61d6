/**
 * Area under the ROC curve, like scikit-learn's `roc_auc_score` and `roc_curve`: binary, and
 * multiclass one-vs-rest (OVR) and one-vs-one (OVO, Hand & Till 2001).
 *
 * The area is the trapezoidal area under the curve whose points are the distinct score
 * thresholds, so tied scores count half, exactly the Mann-Whitney U statistic / (P * N).
 *
 * @module
 */

import { checkFinite, checkPair } from "./_validate.ts";
import { checkClassColumns, checkRowsSumToOne, type ProbTable, toProbTable } from "./_probs.ts";
import type { ProbabilityRows } from "./probability_rows.ts";

/** Points of a ROC curve, by decreasing threshold (sklearn's `roc_curve` output). */
export interface RocCurve {
  /** False positive rate at each threshold, from 0 to 1. */
  fpr: Float64Array;
  /** True positive rate at each threshold, from 0 to 1. */
  tpr: Float64Array;
  /** Decreasing thresholds; `thresholds[0]` is `Infinity` (the empty prediction set). */
  thresholds: Float64Array;
}

/** Options of {@linkcode rocCurve}. */
export interface RocCurveOptions {
  /** Drop points on straight segments, like sklearn's `drop_intermediate` (default true). */
  dropIntermediate?: boolean;
}

/** Options of {@linkcode rocAucOvr} and {@linkcode rocAucOvo}. */
export interface RocAucOptions {
  /** `"macro"` (default): unweighted class mean; `"weighted"`: by prevalence; `"none"`: per class. */
  average?: "macro" | "weighted" | "none";
}

const ACTION = "Cannot compute ROC AUC";

/** Sample order by decreasing score. */
function byScoreDesc(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a]);
}

/**
 * For the ROC curve: walks the thresholds from high to low, calling `visit(fp, tp, threshold)`
 * after each group of tied scores with the cumulative false and true positive counts.
 */
function walkThresholds(
  positive: Uint8Array,
  scores: ArrayLike<number>,
  visit: (fp: number, tp: number, threshold: number) => void,
): void {
  const order = byScoreDesc(scores);
  let tp = 0, fp = 0;
  for (let k = 0; k < order.length;) {
    const s = scores[order[k]];
    for (; k < order.length && scores[order[k]] === s; k++) positive[order[k]] ? tp++ : fp++;
    visit(fp, tp, s);
  }
}

/**
 * AUC of 0/1 labels against scores; both classes must be present. Counts, over all
 * (positive, negative) pairs, 1 where the positive scores higher and 1/2 where they tie
 * (Mann-Whitney U / (P * N), which equals the trapezoidal area under the ROC curve). Only the
 * smaller class is sorted, then each sample of the other is placed by binary search: a one-vs-rest
 * class is usually small, and a native sort plus searches beats sorting all samples.
 */
function binaryAuc(positive: Uint8Array, scores: ArrayLike<number>): number {
  let numPos = 0;
  for (let i = 0; i < positive.length; i++) numPos += positive[i];
  const numNeg = positive.length - numPos;
  const sortPositives = numPos <= numNeg ? 1 : 0;
  const sorted = new Float64Array(sortPositives ? numPos : numNeg);
  for (let i = 0, j = 0; i < positive.length; i++) {
    if (positive[i] === sortPositives) sorted[j++] = scores[i];
  }
  sorted.sort();
  // For x in the other class, lowerBound + upperBound = 2 * (#sorted < x) + #(sorted == x):
  // twice x's wins over the sorted class, an exact integer.
  let twiceWins = 0;
  for (let i = 0; i < positive.length; i++) {
    if (positive[i] !== sortPositives) {
      twiceWins += bound(sorted, scores[i], false) + bound(sorted, scores[i], true);
    }
  }
  const pairs = numPos * numNeg;
  return (sortPositives ? 2 * pairs - twiceWins : twiceWins) / (2 * pairs);
}

/** Number of sorted values `< x` (or `<= x` when `inclusive`). */
function bound(sorted: Float64Array, x: number, inclusive: boolean): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x || (inclusive && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Validates binary labels and scores, returning the labels as 0/1 bytes. */
function binaryInputs(action: string, yTrue: ArrayLike<number>, scores: ArrayLike<number>) {
  checkPair(action, yTrue, scores, ["yTrue", "scores"]);
  const positive = new Uint8Array(yTrue.length);
  let numPos = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] !== 0 && yTrue[i] !== 1) {
      throw new RangeError(
        `${action}: yTrue[${i}] is ${
          yTrue[i]
        } (expected 0 or 1; use rocAucOvr for multiclass labels)`,
      );
    }
    numPos += positive[i] = yTrue[i];
  }
  checkFinite(action, "scores", scores);
  if (numPos === 0 || numPos === yTrue.length) {
    throw new RangeError(
      `${action}: yTrue contains only class ${
        yTrue[0]
      }; AUC needs both positive and negative samples`,
    );
  }
  return positive;
}

/**
 * Binary ROC AUC (sklearn's `roc_auc_score` with 1-D scores).
 *
 * @param yTrue Labels, each 0 or 1; both must occur.
 * @param scores Score of class 1 per sample (a probability, logit or any ranking score).
 * @returns The probability that a random positive outranks a random negative (ties count half).
 *
 * @example
 * ```ts
 * import { rocAuc } from "./roc_auc.ts";
 * if (rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) !== 0.75) throw new Error("unexpected");
 * ```
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  return binaryAuc(binaryInputs(ACTION, yTrue, scores), scores);
}

/**
 * The ROC curve (sklearn's `roc_curve`): true and false positive rates at each distinct score
 * threshold, highest first, starting at (0, 0) with threshold `Infinity` as in scikit-learn 1.3+
 * (1.2 used the top score + 1).
 *
 * @example
 * ```ts
 * import { rocCurve } from "./roc_auc.ts";
 * const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * if (fpr.join() !== "0,0,0.5,0.5,1" || tpr.join() !== "0,0.5,0.5,1,1") throw new Error("unexpected");
 * if (thresholds.join() !== "Infinity,0.8,0.4,0.35,0.1") throw new Error("unexpected");
 * ```
 */
export function rocCurve(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  { dropIntermediate = true }: RocCurveOptions = {},
): RocCurve {
  const positive = binaryInputs("Cannot compute ROC curve", yTrue, scores);
  const fps: number[] = [], tps: number[] = [], ths: number[] = [];
  walkThresholds(positive, scores, (fp, tp, t) => {
    fps.push(fp);
    tps.push(tp);
    ths.push(t);
  });
  let keep = fps.map((_, i) => i);
  if (dropIntermediate && fps.length > 2) {
    // A point is kept where the curve bends: a non-zero second difference of fps or tps.
    const bends = (a: number[], i: number) => a[i + 1] - 2 * a[i] + a[i - 1] !== 0;
    keep = keep.filter((i) => i === 0 || i === fps.length - 1 || bends(fps, i) || bends(tps, i));
  }
  const n = keep.length + 1, last = fps.length - 1;
  const fpr = new Float64Array(n), tpr = new Float64Array(n), thresholds = new Float64Array(n);
  thresholds[0] = Infinity;
  keep.forEach((i, j) => {
    fpr[j + 1] = fps[i] / fps[last];
    tpr[j + 1] = tps[i] / tps[last];
    thresholds[j + 1] = ths[i];
  });
  return { fpr, tpr, thresholds };
}

/** Validates multiclass inputs: integer classes indexing probability rows that sum to 1. */
function multiclassInputs(yTrue: ArrayLike<number>, probs: ProbabilityRows, kind: string) {
  if (yTrue.length === 0) throw new RangeError(`${ACTION}: yTrue is empty`);
  const table = toProbTable(ACTION, probs, yTrue.length);
  checkClassColumns(ACTION, yTrue, table.cols);
  checkRowsSumToOne(ACTION, table);
  const support = new Float64Array(table.cols);
  for (let i = 0; i < yTrue.length; i++) support[yTrue[i]]++;
  const missing = support.findIndex((s) => s === 0);
  if (missing >= 0) {
    throw new RangeError(
      `${ACTION}: yTrue contains no samples of class ${missing}; ${kind} AUC needs every class of probs (${table.cols} columns) present`,
    );
  }
  return { table, support };
}

function column({ rows, cols, data }: ProbTable, c: number, subset?: Uint32Array): Float64Array {
  const n = subset ? subset.length : rows;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = data[(subset ? subset[j] : j) * cols + c];
  return out;
}

function combine(scores: number[], average: string, weights: ArrayLike<number>): number | number[] {
  if (average === "none") return scores;
  let s = 0, w = 0;
  for (let i = 0; i < scores.length; i++) {
    const wi = average === "weighted" ? weights[i] : 1;
    s += wi * scores[i];
    w += wi;
  }
  return s / w;
}

function checkAverage(average: string): void {
  if (!["macro", "weighted", "none"].includes(average)) {
    throw new TypeError(
      `${ACTION}: average is ${average} (expected "macro", "weighted" or "none")`,
    );
  }
}

/**
 * Multiclass one-vs-rest ROC AUC (sklearn's `roc_auc_score(..., multi_class="ovr")`): the AUC of
 * each class `c` against the rest using `probs[:, c]` as score, then their unweighted mean
 * (`"macro"`, default), their mean weighted by class prevalence (`"weighted"`), or all of them
 * (`"none"`). As in sklearn, rows must sum to 1 and every class must occur in `yTrue`.
 *
 * @param yTrue Classes `0..K-1`.
 * @param probs One row of `K` class probabilities per sample.
 *
 * @example
 * ```ts
 * import { rocAucOvr } from "./roc_auc.ts";
 * const probs = [[0.5, 0.3, 0.2], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.1, 0.7, 0.2]];
 * const perClass = rocAucOvr([0, 1, 2, 2], probs, { average: "none" });
 * if (perClass.join() !== "1,0.8333333333333334,0.875") throw new Error("unexpected");
 * ```
 */
export function rocAucOvr(
  yTrue: ArrayLike<number>,
  probs: ProbabilityRows,
  options: RocAucOptions & { average: "none" },
): number[];
/** Averaged over the classes (`average` `"macro"` or `"weighted"`, the default `"macro"`): one number. */
export function rocAucOvr(
  yTrue: ArrayLike<number>,
  probs: ProbabilityRows,
  options?: RocAucOptions,
): number;
export function rocAucOvr(
  yTrue: ArrayLike<number>,
  probs: ProbabilityRows,
  { average = "macro" }: RocAucOptions = {},
): number | number[] {
  checkAverage(average);
  const { table, support } = multiclassInputs(yTrue, probs, "one-vs-rest");
  const scores: number[] = [];
  for (let c = 0; c < table.cols; c++) {
    const positive = new Uint8Array(yTrue.length);
    for (let i = 0; i < yTrue.length; i++) positive[i] = yTrue[i] === c ? 1 : 0;
    scores.push(binaryAuc(positive, column(table, c)));
  }
  return combine(scores, average, support);
}

/**
 * Multiclass one-vs-one ROC AUC (sklearn's `roc_auc_score(..., multi_class="ovo")`, Hand & Till
 * 2001): for each pair of classes `a < b`, restricted to samples of those classes, the mean of
 * AUC(a vs b by `probs[:, a]`) and AUC(b vs a by `probs[:, b]`); then the unweighted mean over
 * pairs (`"macro"`), the mean weighted by pair prevalence (`"weighted"`), or all pairs in order
 * (0,1), (0,2), ..., (1,2), ... (`"none"`).
 *
 * @example
 * ```ts
 * import { rocAucOvo } from "./roc_auc.ts";
 * const probs = [[0.5, 0.3, 0.2], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.1, 0.7, 0.2]];
 * if (rocAucOvo([0, 1, 2, 2], probs, { average: "none" }).join() !== "1,0.875,0.875") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function rocAucOvo(
  yTrue: ArrayLike<number>,
  probs: ProbabilityRows,
  options: RocAucOptions & { average: "none" },
): number[];
/** Averaged over the class pairs (`average` `"macro"` or `"weighted"`, the default `"macro"`): one number. */
export function rocAucOvo(
  yTrue: ArrayLike<number>,
  probs: ProbabilityRows,
  options?: RocAucOptions,
): number;
export function rocAucOvo(
  yTrue: ArrayLike<number>,
  probs: ProbabilityRows,
  { average = "macro" }: RocAucOptions = {},
): number | number[] {
  checkAverage(average);
  const { table } = multiclassInputs(yTrue, probs, "one-vs-one");
  const scores: number[] = [], prevalence: number[] = [];
  for (let a = 0; a < table.cols; a++) {
    for (let b = a + 1; b < table.cols; b++) {
      const subset = Uint32Array.from(
        Array.from(yTrue, (y, i) => (y === a || y === b ? i : -1)).filter((i) => i >= 0),
      );
      const isA = Uint8Array.from(subset, (i) => (yTrue[i] === a ? 1 : 0));
      const isB = isA.map((v) => 1 - v);
      const aucA = binaryAuc(isA, column(table, a, subset));
      const aucB = binaryAuc(isB, column(table, b, subset));
      scores.push((aucA + aucB) / 2);
      prevalence.push(subset.length / yTrue.length);
    }
  }
  return combine(scores, average, prevalence);
}
