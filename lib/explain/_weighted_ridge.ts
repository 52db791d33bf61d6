/**
 * Weighted ridge regression with an intercept on 0/1 rows, as scikit-learn's
 * `Ridge(alpha, fit_intercept=True).fit(X, y, sample_weight=w)` and its weighted `score`, from
 * weighted moments computed once, so that fitting any subset of columns (LIME's feature
 * selection fits many) costs a small solve.
 */
import { choleskySolve } from "./_coalitions.ts";

/** Weighted means and centred second moments of 0/1 rows and a target. */
export interface WeightedMoments {
  /** Weighted mean of each column. */
  xMean: Float64Array;
  yMean: number;
  /** `sum_r w_r (x_r - xMean)(x_r - xMean)^T`, row-major M x M. */
  xx: Float64Array;
  /** `sum_r w_r (x_r - xMean)(y_r - yMean)`. */
  xy: Float64Array;
  /** `sum_r w_r (y_r - yMean)^2`. */
  yy: number;
}

/** A ridge fit on some columns. */
export interface RidgeFit {
  /** One coefficient per fitted column, in the order given. */
  coefficients: Float64Array;
  intercept: number;
  /** Weighted R^2 on the rows (sklearn's `r2_score` with `sample_weight`). */
  r2: number;
}

/** The weighted moments of `rows` (0/1, M columns) and `y` under `weights`. */
export function weightedMoments(
  rows: Uint8Array[],
  y: Float64Array,
  weights: Float64Array,
): WeightedMoments {
  const m = rows[0].length;
  const raw = new Float64Array(m * m), xw = new Float64Array(m), xyRaw = new Float64Array(m);
  const active = new Int32Array(m);
  let total = 0, ySum = 0;
  for (let r = 0; r < rows.length; r++) {
    const w = weights[r];
    total += w;
    ySum += w * y[r];
    let count = 0;
    for (let i = 0; i < m; i++) if (rows[r][i]) active[count++] = i;
    for (let a = 0; a < count; a++) {
      const i = active[a];
      xw[i] += w;
      xyRaw[i] += w * y[r];
      for (let b = 0; b < count; b++) raw[i * m + active[b]] += w;
    }
  }
  const xMean = xw.map((s) => s / total), yMean = ySum / total;
  const xx = raw.map((s, k) => s - total * xMean[Math.floor(k / m)] * xMean[k % m]);
  const xy = xyRaw.map((s, i) => s - total * xMean[i] * yMean);
  let yy = 0;
  for (let r = 0; r < rows.length; r++) yy += weights[r] * (y[r] - yMean) ** 2;
  return { xMean, yMean, xx, xy, yy };
}

/** The ridge fit on `columns`; `undefined` when the system is singular (only with alpha 0). */
export function ridgeFit(
  moments: WeightedMoments,
  columns: ArrayLike<number>,
  alpha: number,
): RidgeFit | undefined {
  const { xMean, yMean, xx, xy, yy } = moments;
  const m = xMean.length, k = columns.length;
  const a = new Float64Array(k * k), b = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) a[i * k + j] = xx[columns[i] * m + columns[j]];
    a[i * k + i] += alpha;
    b[i] = xy[columns[i]];
  }
  const coefficients = k === 0 ? new Float64Array(0) : choleskySolve(a, b, k);
  if (coefficients === undefined) return undefined;
  // Residual sum of squares from the moments: yy - 2 c.xy + c^T xx c.
  let residual = yy, intercept = yMean;
  for (let i = 0; i < k; i++) {
    intercept -= coefficients[i] * xMean[columns[i]];
    residual -= 2 * coefficients[i] * b[i];
    for (let j = 0; j < k; j++) {
      residual += coefficients[i] * xx[columns[i] * m + columns[j]] * coefficients[j];
    }
  }
  // A constant target (yy = 0) is fitted exactly: R^2 = 1, as sklearn's r2_score says.
  const r2 = yy > 0 ? 1 - Math.max(residual, 0) / yy : 1;
  return { coefficients, intercept, r2 };
}
