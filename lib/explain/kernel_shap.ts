/**
 * KernelSHAP (Lundberg & Lee 2017, https://arxiv.org/abs/1705.07874) over a batched value
 * function, as shap's `KernelExplainer` computes it.
 *
 * @module
 */
import { binomial, checkInteger, choleskySolve, evaluateCoalitions } from "./_coalitions.ts";
import type { ShapleyValues } from "./exact_shapley.ts";
import type { ValueFn } from "./value_fn.ts";
import { createRng, type Rng } from "../random/rng.ts";

/** Options of {@linkcode kernelShap}. */
export interface KernelShapOptions {
  /**
   * Coalitions to evaluate, besides the empty and the full one (default `2 * M + 2048`, like
   * shap). Capped at `2^M - 2`, every coalition; at least `min(2 * M, 2^M - 2)`.
   */
  nsamples?: number;
  /** Seed of the coalition sampling (default 0). */
  seed?: number;
  /** Most coalitions per call to the value function (default 4096). */
  batchSize?: number;
}

/** KernelSHAP's attributions and how they were estimated. */
export interface KernelShapValues extends ShapleyValues {
  /** Distinct coalitions evaluated, besides the empty and the full one. */
  nsamples: number;
  /** True when every coalition was enumerated: the values are then the exact Shapley values. */
  exact: boolean;
}

const ACTION = "Cannot explain";

/**
 * Shapley values of M players estimated by KernelSHAP: a weighted linear regression of
 * `v(S) - v(empty)` on the coalitions' 0/1 rows with the Shapley kernel
 *
 * ```text
 * pi(S) = (M - 1) / (C(M, |S|) |S| (M - |S|))
 * ```
 *
 * under the constraint `sum_i phi_i = v(all) - v(empty)`, solved exactly by eliminating the last
 * player (so the attributions sum to `outputValue - baseValue` to rounding). Sampling follows
 * shap's `KernelExplainer`: coalition sizes from the smallest (and their complements, paired) are
 * enumerated in full while the budget covers them at their kernel weight, the remaining sizes are
 * sampled with antithetic (complement) pairs, and repeated draws add to a coalition's weight.
 * With `nsamples >= 2^M - 2` every coalition is enumerated and the result is exact. shap's L1
 * feature selection (`l1_reg`) is not done: every player gets a value.
 *
 * @param valueFn The batched value function over M players.
 * @param numPlayers M.
 * @param options `nsamples`, `seed`, `batchSize`.
 * @returns The attributions, `v(empty)`, `v(all)` and the number of coalitions used.
 *
 * @example
 * ```ts
 * import { kernelShap } from "./kernel_shap.ts";
 * import { featureValueFn } from "./value_fn.ts";
 * // A linear model's SHAP values are w_i (x_i - E[x_i]).
 * const predict = (rows: Float64Array[]) => rows.map((r) => 3 * r[0] - 2 * r[1] + r[2]);
 * const v = featureValueFn(predict, [1, 1, 1], [[0, 0, 0], [2, 0, 4]]); // E[x] = (1, 0, 2)
 * const { values, baseValue, outputValue } = await kernelShap(v, 3, { seed: 1 });
 * const expected = [0, -2, -1];
 * if (values.some((phi, i) => Math.abs(phi - expected[i]) > 1e-9)) throw new Error(`${values}`);
 * if (Math.abs(baseValue + values[0] + values[1] + values[2] - outputValue) > 1e-12) {
 *   throw new Error("efficiency");
 * }
 * ```
 */
export async function kernelShap(
  valueFn: ValueFn,
  numPlayers: number,
  options: KernelShapOptions = {},
): Promise<KernelShapValues> {
  const m = numPlayers;
  checkInteger(m, "numPlayers", 0);
  const { nsamples = 2 * m + 2048, seed = 0, batchSize = 4096 } = options;
  checkInteger(nsamples, "nsamples", 0);
  checkInteger(batchSize, "batchSize", 1);
  if (!Number.isFinite(seed)) {
    throw new Error(`${ACTION}: seed must be a finite number, got ${seed}`);
  }
  const maxSamples = m <= 30 ? 2 ** m - 2 : 2 ** 30;
  const minSamples = Math.min(2 * m, maxSamples);
  if (nsamples < minSamples) {
    throw new Error(
      `${ACTION}: nsamples must be at least ${minSamples} for ${m} players (2 * M, or every coalition), got ${nsamples}`,
    );
  }
  const { masks, weights } = m < 2
    ? { masks: [], weights: [] }
    : sampleCoalitions(m, Math.min(nsamples, maxSamples), createRng(seed));
  const ends = [new Uint8Array(m), new Uint8Array(m).fill(1)];
  const v = await evaluateCoalitions(valueFn, [...ends, ...masks], batchSize);
  const baseValue = v[0], outputValue = m === 0 ? v[0] : v[1];
  const exact = masks.length === maxSamples || m < 2;
  const result = { baseValue, outputValue, nsamples: masks.length, exact };
  if (m < 2) return { values: new Float64Array(m).fill(outputValue - baseValue), ...result };
  const values = solveConstrained(masks, weights, v.subarray(2), baseValue, outputValue);
  if (values === undefined) {
    throw new Error(
      `${ACTION}: the ${masks.length} sampled coalitions do not determine the ${m} Shapley values (a singular system); raise nsamples`,
    );
  }
  return { values, ...result };
}

/** shap's `KernelExplainer` coalition sampling: the masks and their kernel weights. */
function sampleCoalitions(
  m: number,
  nsamples: number,
  rng: Rng,
): { masks: Uint8Array[]; weights: number[] } {
  const masks: Uint8Array[] = [];
  const weights: number[] = [];
  const add = (mask: Uint8Array, weight: number) => {
    masks.push(mask);
    weights.push(weight);
  };
  const numSubsetSizes = Math.ceil((m - 1) / 2);
  const numPairedSizes = Math.floor((m - 1) / 2);
  // Kernel weight of each coalition size, sizes k and M - k folded together.
  const sizeWeights = Array.from({ length: numSubsetSizes }, (_, i) => {
    const k = i + 1;
    return ((m - 1) / (k * (m - k))) * (k <= numPairedSizes ? 2 : 1);
  });
  normalise(sizeWeights);

  // Enumerate whole sizes, smallest first, while the budget covers them at their weight.
  let numFullSizes = 0;
  let samplesLeft = nsamples;
  const remaining = sizeWeights.slice();
  for (let k = 1; k <= numSubsetSizes; k++) {
    const paired = k <= numPairedSizes;
    const count = binomial(m, k) * (paired ? 2 : 1);
    if ((samplesLeft * remaining[k - 1]) / count < 1 - 1e-8) break;
    numFullSizes++;
    samplesLeft -= count;
    if (remaining[k - 1] < 1) {
      const scale = 1 / (1 - remaining[k - 1]);
      for (let i = 0; i < remaining.length; i++) remaining[i] *= scale;
    }
    const weight = sizeWeights[k - 1] / binomial(m, k) / (paired ? 2 : 1);
    forEachCombination(m, k, (mask) => {
      add(mask, weight);
      if (paired) add(complement(mask), weight);
    });
  }
  const numFixed = masks.length;
  if (numFullSizes === numSubsetSizes) return { masks, weights };

  // Sample the other sizes (each size's complement with it), merging repeats into weights.
  samplesLeft = nsamples - numFixed;
  const sizeProbabilities = sizeWeights.map((w, i) => i < numPairedSizes ? w / 2 : w)
    .slice(numFullSizes);
  normalise(sizeProbabilities);
  const seen = new Map<string, number>();
  const order = new Int32Array(m);
  for (let draw = 0; samplesLeft > 0 && draw < 4 * (nsamples - numFixed); draw++) {
    const k = pick(sizeProbabilities, rng.next()) + numFullSizes + 1;
    for (let i = 0; i < m; i++) order[i] = i;
    const mask = new Uint8Array(m);
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(m - i);
      const chosen = order[j];
      order[j] = order[i];
      order[i] = chosen;
      mask[chosen] = 1;
    }
    const key = mask.join("");
    const index = seen.get(key);
    if (index === undefined) {
      seen.set(key, masks.length);
      add(mask, 1);
      samplesLeft--;
    } else {
      weights[index] += 1;
    }
    if (samplesLeft > 0 && k <= numPairedSizes) {
      if (index === undefined) {
        add(complement(mask), 1);
        samplesLeft--;
      } else {
        weights[index + 1] += 1;
      }
    }
  }
  // The sampled coalitions share the weight of the sizes not enumerated.
  const weightLeft = sizeWeights.slice(numFullSizes).reduce((a, b) => a + b, 0);
  let sampledTotal = 0;
  for (let i = numFixed; i < weights.length; i++) sampledTotal += weights[i];
  for (let i = numFixed; i < weights.length; i++) weights[i] *= weightLeft / sampledTotal;
  return { masks, weights };
}

/**
 * The weighted least-squares fit of `y - base` on the masks with `sum(phi) = output - base`,
 * by substituting `phi_last = output - base - sum(others)`; `undefined` when singular.
 */
function solveConstrained(
  masks: Uint8Array[],
  weights: number[],
  y: Float64Array,
  base: number,
  output: number,
): Float64Array | undefined {
  const m = masks[0].length;
  const gram = new Float64Array(m * m); // Z^T W Z
  const moment = new Float64Array(m); // Z^T W (y - base)
  const active = new Int32Array(m);
  for (let r = 0; r < masks.length; r++) {
    let count = 0;
    for (let i = 0; i < m; i++) if (masks[r][i]) active[count++] = i;
    const w = weights[r], wy = w * (y[r] - base);
    for (let a = 0; a < count; a++) {
      const i = active[a];
      moment[i] += wy;
      for (let b = 0; b < count; b++) gram[i * m + active[b]] += w;
    }
  }
  // With E = Z_rest - z_last 1^T and y2 = y - base - z_last * delta, solve E^T W E phi = E^T W y2.
  const last = m - 1, n = m - 1, delta = output - base;
  const g = (i: number, j: number) => gram[i * m + j];
  const a = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  const lastMoment = moment[last] - g(last, last) * delta;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = g(i, j) - g(i, last) - g(last, j) + g(last, last);
    rhs[i] = moment[i] - g(i, last) * delta - lastMoment;
  }
  const rest = choleskySolve(a, rhs, n);
  if (rest === undefined) return undefined;
  const values = new Float64Array(m);
  values.set(rest);
  values[last] = delta - rest.reduce((s, x) => s + x, 0);
  return values;
}

function normalise(values: number[]): void {
  const total = values.reduce((a, b) => a + b, 0);
  for (let i = 0; i < values.length; i++) values[i] /= total;
}

/** The index `u` falls in along the cumulative `probabilities`. */
function pick(probabilities: number[], u: number): number {
  let cumulative = 0;
  for (let i = 0; i < probabilities.length - 1; i++) {
    cumulative += probabilities[i];
    if (u < cumulative) return i;
  }
  return probabilities.length - 1;
}

function complement(mask: Uint8Array): Uint8Array {
  return mask.map((bit) => 1 - bit);
}

/** Calls `visit` with the 0/1 mask of each k-subset of M players, in lexicographic order. */
function forEachCombination(m: number, k: number, visit: (mask: Uint8Array) => void): void {
  const chosen = Int32Array.from({ length: k }, (_, i) => i);
  while (true) {
    const mask = new Uint8Array(m);
    for (const i of chosen) mask[i] = 1;
    visit(mask);
    let i = k - 1;
    while (i >= 0 && chosen[i] === m - k + i) i--;
    if (i < 0) return;
    chosen[i]++;
    for (let j = i + 1; j < k; j++) chosen[j] = chosen[j - 1] + 1;
  }
}
