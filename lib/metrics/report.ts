/**
 * A per-class precision/recall/F1 summary, like scikit-learn 1.2's `classification_report`.
 *
 * @module
 */

import { resolveLabels } from "./_labels.ts";
import { type Average, type LabelOptions, precisionRecallF1 } from "./classification.ts";
import { pyFixed } from "./_format.ts";

/** One line of the report (sklearn's `output_dict` entry). */
export interface ReportRow {
  /** TP / predicted. */
  precision: number;
  /** TP / true. */
  recall: number;
  /** The harmonic mean of precision and recall. */
  "f1-score": number;
  /** Number of true samples of the class (for averages: of all scored classes). */
  support: number;
}

/**
 * The report as sklearn's `output_dict=True`: one key per class name, then `"accuracy"` (a
 * number; `"micro avg"` instead when `labels` leaves out a class that occurs), `"macro avg"` and
 * `"weighted avg"`. `String(report)` gives sklearn's text table.
 */
export interface ClassificationReport {
  /** Each class's row under its name, and `"accuracy"` (or `"micro avg"`). */
  readonly [name: string]: ReportRow | number;
  /** The unweighted mean over the classes. */
  readonly "macro avg": ReportRow;
  /** The mean over the classes weighted by support. */
  readonly "weighted avg": ReportRow;
}

/** Options of {@linkcode classificationReport}. */
export interface ClassificationReportOptions extends LabelOptions {
  /** Display names of the classes, in label order (default: the labels as text). */
  targetNames?: readonly string[];
  /** Decimal digits in the text table (default 2); the dict keeps full precision. */
  digits?: number;
  /** Score for 0/0 ratios (default 0, sklearn's default). */
  zeroDivision?: 0 | 1;
}

/**
 * Precision, recall, F1 and support per class plus accuracy, macro and weighted averages.
 *
 * @param yTrue True class labels (integers).
 * @param yPred Predicted class labels (integers), same length.
 * @returns sklearn's `output_dict` structure; `toString()` prints sklearn's text layout.
 *
 * @example
 * ```ts
 * import { classificationReport } from "./report.ts";
 * const report = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1]);
 * if (report.accuracy !== 0.6) throw new Error("unexpected");
 * if (!String(report).includes("weighted avg       0.70      0.60      0.61         5")) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function classificationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const action = "Cannot build classification report";
  const { targetNames, digits = 2, zeroDivision = 0, ...labelOptions } = options;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(`${action}: digits is ${digits} (expected an integer from 0 to 20)`);
  }
  const { labels } = resolveLabels(action, yTrue, yPred, labelOptions);
  if (targetNames !== undefined && targetNames.length !== labels.length) {
    throw new RangeError(
      `${action}: targetNames has ${targetNames.length} names but there are ${labels.length} classes (${
        labels.join(", ")
      })`,
    );
  }
  const names = targetNames ?? labels.map(String);
  const present = resolveLabels(action, yTrue, yPred).labels;
  const labelsGiven = labelOptions.labels !== undefined || labelOptions.numClasses !== undefined;
  const microIsAccuracy = !labelsGiven ||
    (present.length === labels.length && present.every((l) => labels.includes(l)));

  const prfOptions = { labels, zeroDivision };
  const per = precisionRecallF1(yTrue, yPred, { ...prfOptions, average: "none" });
  const total = per.support.reduce((a, b) => a + b, 0);
  const dict: Record<string, ReportRow | number> = {};
  const row = (p: number, r: number, f: number, s: number): ReportRow => ({
    precision: p,
    recall: r,
    "f1-score": f,
    support: s,
  });
  const rows = names.map((_, c) => row(per.precision[c], per.recall[c], per.f1[c], per.support[c]));
  names.forEach((name, c) => dict[name] = rows[c]);
  for (const average of ["micro", "macro", "weighted"] as Average[]) {
    const s = precisionRecallF1(yTrue, yPred, { ...prfOptions, average });
    if (average === "micro" && microIsAccuracy) dict.accuracy = s.precision;
    else dict[`${average} avg`] = row(s.precision, s.recall, s.f1, total);
  }
  Object.defineProperty(dict, "toString", {
    value: () => reportText(dict, names, rows, digits),
    enumerable: false,
  });
  return dict as ClassificationReport;
}

/** sklearn's text layout: right-aligned names, then four 9-wide columns after two spaces. */
function reportText(
  dict: Record<string, ReportRow | number>,
  names: readonly string[],
  rows: ReportRow[],
  digits: number,
): string {
  const width = Math.max(...names.map((n) => n.length), "weighted avg".length, digits);
  const cell = (s: string) => " " + s.padStart(9);
  const line = (name: string, cells: string[]) =>
    name.padStart(width) + " " + cells.map(cell).join("") + "\n";
  const values = (r: ReportRow) => [
    pyFixed(r.precision, digits),
    pyFixed(r.recall, digits),
    pyFixed(r["f1-score"], digits),
    String(r.support),
  ];
  let text = line("", ["precision", "recall", "f1-score", "support"]) + "\n";
  names.forEach((name, c) => text += line(name, values(rows[c])));
  text += "\n";
  for (const key of ["accuracy", "micro avg", "macro avg", "weighted avg"]) {
    const entry = dict[key];
    if (entry === undefined) continue;
    if (typeof entry === "number") {
      const support = (dict["macro avg"] as ReportRow).support;
      text += line(key, ["", "", pyFixed(entry, digits), String(support)]);
    } else {
      text += line(key, values(entry));
    }
  }
  return text;
}
