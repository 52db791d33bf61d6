/**
 * Multiclass cross-entropy, like scikit-learn 1.2's `log_loss`.
 *
 * @module
 */

import { checkClassColumns, toProbTable } from "./_probs.ts";
import type { ProbabilityRows } from "./probability_rows.ts";

/** Options of {@linkcode logLoss}. */
export interface LogLossOptions {
  /**
   * Probabilities are clipped to `[eps, 1 - eps]` before the log. Default: machine epsilon of the
   * input, as sklearn's `eps="auto"` (2.2e-16 for numbers, 1.2e-7 for Float32Array/DenseMatrix).
   */
  eps?: number;
}

/**
 * Mean negative log-likelihood of the true classes: `-mean(log(probs[i][yTrue[i]]))`, after
 * clipping every probability to `[eps, 1 - eps]` and renormalising each row to sum 1 (as
 * sklearn 1.2 does). Column `c` is class `c`, as sklearn with `labels=range(K)`.
 *
 * @param yTrue Classes `0..K-1`.
 * @param probs One row of `K` class probabilities per sample.
 *
 * @example
 * ```ts
 * import { logLoss } from "./log_loss.ts";
 * const loss = logLoss([0, 1, 1, 0], [[0.9, 0.1], [0.1, 0.9], [0.2, 0.8], [0.65, 0.35]]);
 * if (Math.abs(loss - 0.21616187468057912) > 1e-12) throw new Error("unexpected");
 * ```
 */
export function logLoss(
  yTrue: ArrayLike<number>,
  probs: ProbabilityRows,
  { eps }: LogLossOptions = {},
): number {
  const action = "Cannot compute log loss";
  if (yTrue.length === 0) throw new RangeError(`${action}: yTrue is empty`);
  const { cols, data, float32 } = toProbTable(action, probs, yTrue.length);
  checkClassColumns(action, yTrue, cols);
  const e = eps ?? (float32 ? 2 ** -23 : Number.EPSILON);
  if (!(e >= 0 && e < 0.5)) {
    throw new RangeError(`${action}: eps is ${eps} (expected 0 <= eps < 0.5)`);
  }
  const clip = (p: number) => Math.min(Math.max(p, e), 1 - e);
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    let rowSum = 0;
    for (let c = 0; c < cols; c++) rowSum += clip(data[i * cols + c]);
    total -= Math.log(clip(data[i * cols + yTrue[i]]) / rowSum);
  }
  return total / yTrue.length;
}
