/**
 * Regression metrics, like scikit-learn's `mean_squared_error`, `mean_absolute_error`,
 * `r2_score` and `root_mean_squared_error` (uniform sample weights, one output).
 *
 * @module
 */

import { checkFinite, checkPair } from "./_validate.ts";

function check(action: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  checkPair(action, yTrue, yPred);
  checkFinite(action, "yTrue", yTrue);
  checkFinite(action, "yPred", yPred);
}

function mse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i] - yPred[i]) ** 2;
  return s / yTrue.length;
}

/**
 * Mean squared error: mean of `(yTrue[i] - yPred[i])²`.
 *
 * @example
 * ```ts
 * import { meanSquaredError } from "./regression.ts";
 * if (meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]) !== 0.375) throw new Error("unexpected");
 * ```
 */
export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check("Cannot compute mean squared error", yTrue, yPred);
  return mse(yTrue, yPred);
}

/**
 * Root mean squared error: the square root of {@linkcode meanSquaredError}.
 *
 * @example
 * ```ts
 * import { rootMeanSquaredError } from "./regression.ts";
 * if (rootMeanSquaredError([0, 0], [3, 4]) !== Math.sqrt(12.5)) throw new Error("unexpected");
 * ```
 */
export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check("Cannot compute root mean squared error", yTrue, yPred);
  return Math.sqrt(mse(yTrue, yPred));
}

/**
 * Mean absolute error: mean of `|yTrue[i] - yPred[i]|`.
 *
 * @example
 * ```ts
 * import { meanAbsoluteError } from "./regression.ts";
 * if (meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]) !== 0.5) throw new Error("unexpected");
 * ```
 */
export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check("Cannot compute mean absolute error", yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i] - yPred[i]);
  return s / yTrue.length;
}

/**
 * Coefficient of determination R² = 1 - SS_res / SS_tot. As in sklearn, a constant `yTrue`
 * scores 1 for a perfect prediction and 0 otherwise. Unlike sklearn, which warns and returns
 * NaN, fewer than 2 samples is an error.
 *
 * @example
 * ```ts
 * import { r2Score } from "./regression.ts";
 * const r2 = r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);
 * if (Math.abs(r2 - 0.9486081370449679) > 1e-12) throw new Error("unexpected");
 * ```
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const action = "Cannot compute R² score";
  check(action, yTrue, yPred);
  const n = yTrue.length;
  if (n < 2) throw new RangeError(`${action}: needs at least 2 samples, got ${n}`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i];
  mean /= n;
  let ssRes = 0, ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (yTrue[i] - yPred[i]) ** 2;
    ssTot += (yTrue[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
