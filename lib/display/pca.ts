/**
 * Principal component analysis for plotting embeddings in 2-D.
 *
 * @module
 */

import { createRng } from "../random/rng.ts";

/** What {@link pca} returns. */
export interface PcaResult {
  /** Centred data projected on the top `k` components, `[rows, k]` row-major. */
  projection: Float32Array;
  /** Share of the total variance each component explains, largest first. */
  explainedVarianceRatio: number[];
}

const MAX_STEPS = 5000;
const TOLERANCE = 1e-12;

/**
 * Projects the rows of a dense matrix on its top `k` principal components, found by power
 * iteration with deflation on the `cols x cols` covariance (fine for up to a few hundred columns).
 * Each component's sign is fixed so that its largest-magnitude weight is positive.
 *
 * @param matrix `[rows, cols]` row-major values
 * @param rows number of rows (samples)
 * @param cols number of columns (features)
 * @param k number of components; default 2
 * @returns the projection and each component's explained variance ratio
 * @throws {RangeError} on a size mismatch or `k` outside `1..cols`
 *
 * @example
 * ```ts
 * import { pca } from "./pca.ts";
 * // Points on the line y = x: one component explains everything.
 * const { projection, explainedVarianceRatio } = pca(new Float32Array([0, 0, 1, 1, 2, 2]), 3, 2, 1);
 * if (Math.abs(explainedVarianceRatio[0] - 1) > 1e-6) throw new Error("bad ratio");
 * if (Math.abs(Math.abs(projection[0]) - Math.SQRT2) > 1e-5) throw new Error("bad projection");
 * ```
 */
export function pca(matrix: Float32Array, rows: number, cols: number, k = 2): PcaResult {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new RangeError(
      `Cannot run PCA: rows and cols must be positive integers, got ${rows} and ${cols}`,
    );
  }
  if (matrix.length !== rows * cols) {
    throw new RangeError(
      `Cannot run PCA: matrix has ${matrix.length} values (expected rows * cols = ${rows * cols})`,
    );
  }
  if (!Number.isInteger(k) || k < 1 || k > cols) {
    throw new RangeError(`Cannot run PCA: k must be an integer in 1..${cols}, got ${k}`);
  }
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) mean[c] += matrix[r * cols + c];
  }
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  const centred = new Float64Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) centred[i] = matrix[i] - mean[i % cols];
  // Covariance up to the 1/(rows-1) factor, which cancels in the ratios and the projection.
  const cov = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let a = 0; a < cols; a++) {
      const va = centred[off + a];
      if (va === 0) continue;
      for (let b = a; b < cols; b++) cov[a * cols + b] += va * centred[off + b];
    }
  }
  let total = 0;
  for (let a = 0; a < cols; a++) {
    total += cov[a * cols + a];
    for (let b = 0; b < a; b++) cov[a * cols + b] = cov[b * cols + a];
  }
  const rng = createRng(0);
  const components: Float64Array[] = [];
  const ratios: number[] = [];
  for (let comp = 0; comp < k; comp++) {
    let v: Float64Array = new Float64Array(cols);
    for (let c = 0; c < cols; c++) v[c] = rng.normal();
    orthogonalize(v, components);
    normalize(v);
    let lambda = 0;
    for (let step = 0; step < MAX_STEPS; step++) {
      const w = matVec(cov, v, cols);
      lambda = dot(v, w);
      orthogonalize(w, components);
      if (normalize(w) === 0) break; // the remaining variance is zero
      let diff = 0;
      for (let c = 0; c < cols; c++) diff += (w[c] - v[c]) ** 2;
      v = w;
      if (diff < TOLERANCE) break;
    }
    let big = 0;
    for (let c = 1; c < cols; c++) if (Math.abs(v[c]) > Math.abs(v[big])) big = c;
    if (v[big] < 0) { for (let c = 0; c < cols; c++) v[c] = -v[c]; }
    // Deflate so the next power iteration finds the next-largest eigenvector.
    for (let a = 0; a < cols; a++) {
      for (let b = 0; b < cols; b++) cov[a * cols + b] -= lambda * v[a] * v[b];
    }
    components.push(v);
    ratios.push(total > 0 ? Math.max(0, lambda) / total : 0);
  }
  const projection = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    for (let comp = 0; comp < k; comp++) {
      const v = components[comp];
      let s = 0;
      for (let c = 0; c < cols; c++) s += centred[r * cols + c] * v[c];
      projection[r * k + comp] = s;
    }
  }
  return { projection, explainedVarianceRatio: ratios };
}

function matVec(m: Float64Array, v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    let s = 0;
    for (let b = 0; b < n; b++) s += m[a * n + b] * v[b];
    out[a] = s;
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Removes from `v` its parts along the unit vectors `basis`, in place. */
function orthogonalize(v: Float64Array, basis: Float64Array[]): void {
  // Deflation leaves rounding noise; projecting out earlier components keeps them orthogonal.
  for (const u of basis) {
    const p = dot(u, v);
    for (let i = 0; i < v.length; i++) v[i] -= p * u[i];
  }
}

/** Scales `v` to unit length in place and returns its former length. */
function normalize(v: Float64Array): number {
  const len = Math.sqrt(dot(v, v));
  if (len > 0) { for (let i = 0; i < v.length; i++) v[i] /= len; }
  return len;
}
