/**
 * Evaluation metrics with scikit-learn semantics: accuracy, confusion matrix, precision / recall /
 * F1 (micro, macro, weighted, per class), ROC AUC (binary, one-vs-rest, one-vs-one) and the ROC
 * curve, log loss, regression errors and R², and `classificationReport`.
 *
 * Inputs are any `ArrayLike<number>` (`number[]`, `Int32Array`, ...); class probabilities are
 * rows (`number[][]`, `Float32Array[]`) or a `DenseMatrix`.
 *
 * @example
 * ```ts
 * import { accuracy, f1Score, rocAucOvr } from "./mod.ts";
 * const yTrue = [0, 1, 2, 2];
 * const probs = [[0.5, 0.3, 0.2], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.1, 0.7, 0.2]];
 * const yPred = [0, 1, 2, 1];
 * if (accuracy(yTrue, yPred) !== 0.75) throw new Error("unexpected");
 * if (f1Score(yTrue, yPred, { average: "micro" }) !== 0.75) throw new Error("unexpected");
 * if (!(rocAucOvr(yTrue, probs) > 0.9)) throw new Error("unexpected");
 * ```
 *
 * @module
 */

export {
  accuracy,
  type Average,
  type AveragedScores,
  confusionMatrix,
  f1Score,
  type LabelOptions,
  type PerClassScores,
  precision,
  precisionRecallF1,
  type PrfOptions,
  recall,
} from "./classification.ts";
export type { ProbabilityRows } from "./probability_rows.ts";
export {
  rocAuc,
  type RocAucOptions,
  rocAucOvo,
  rocAucOvr,
  type RocCurve,
  rocCurve,
  type RocCurveOptions,
} from "./roc_auc.ts";
export { logLoss, type LogLossOptions } from "./log_loss.ts";
export {
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from "./regression.ts";
export {
  type ClassificationReport,
  classificationReport,
  type ClassificationReportOptions,
  type ReportRow,
} from "./report.ts";
