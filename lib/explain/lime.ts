/**
 * LIME (Ribeiro et al. 2016, https://arxiv.org/abs/1602.04938) over binary interpretable
 * features: a weighted linear surrogate of the model around the explained input, as the `lime`
 * package's `LimeBase` fits it.
 *
 * @module
 */
import { checkInteger, evaluateCoalitions } from "./_coalitions.ts";
import {
  type RidgeFit,
  ridgeFit,
  type WeightedMoments,
  weightedMoments,
} from "./_weighted_ridge.ts";
import type { ValueFn } from "./value_fn.ts";
import { createRng } from "../random/rng.ts";

/** How LIME picks the surrogate's players (lime's `feature_selection`). */
export type LimeFeatureSelection = "auto" | "forward" | "highest_weights" | "none";

/** Options of {@linkcode lime}. */
export interface LimeOptions {
  /** Perturbed samples, the explained input (every player present) first (default 5000). */
  numSamples?: number;
  /** Players in the surrogate (default 10, at most M). */
  numFeatures?: number;
  /**
   * `"forward"`: greedy forward selection by the weighted R^2 of an unregularised fit;
   * `"highest_weights"`: the largest |coefficients| of a ridge fit (alpha 0.01) on every player;
   * `"none"`: every player; `"auto"` (default): forward when `numFeatures <= 6`, else highest weights.
   */
  featureSelection?: LimeFeatureSelection;
  /** Width of the exponential kernel (default `0.75 * sqrt(M)`, lime's). */
  kernelWidth?: number;
  /** Ridge penalty of the surrogate (default 1, lime's `Ridge(alpha=1)`). */
  alpha?: number;
  /** Probability that a player is present in a perturbed sample (default 0.5). */
  keepProbability?: number;
  /** Seed of the perturbations (default 0). */
  seed?: number;
  /** Most coalitions per call to the value function (default 4096). */
  batchSize?: number;
}

/** The local surrogate LIME fitted. */
export interface LimeExplanation {
  /** One coefficient per player: the surrogate's weight, 0 for players not selected. */
  coefficients: Float64Array;
  /** The selected players, in the order chosen (forward) or by decreasing |weight|. */
  selected: Int32Array;
  /** The surrogate's intercept (its output with every selected player missing). */
  intercept: number;
  /** Weighted R^2 of the surrogate on the perturbed samples: how linear the model is locally. */
  r2: number;
  /** The surrogate's output at the explained input (every player present). */
  localPrediction: number;
  /** The model's output at the explained input, `v(all)`. */
  outputValue: number;
}

const ACTION = "Cannot explain";
const SELECTIONS: LimeFeatureSelection[] = ["auto", "forward", "highest_weights", "none"];

/**
 * Explains `v(all)` by a linear surrogate over M binary players. Draws `numSamples - 1` random
 * coalitions (each player present with `keepProbability`) plus the explained input, weighs each by
 * the exponential kernel of its Euclidean distance `d` to the explained input (all ones),
 * `sqrt(exp(-d^2 / kernelWidth^2))`, selects `numFeatures` players and fits a weighted ridge
 * regression with an intercept on them. Reports the coefficients, the intercept and the
 * surrogate's weighted R^2 (lime's `score`).
 *
 * @param valueFn The batched value function over M players.
 * @param numPlayers M.
 * @param options Samples, selection, kernel, penalty, seed.
 * @returns The surrogate.
 *
 * @example
 * ```ts
 * import { lime } from "./lime.ts";
 * // A model linear in its players: LIME recovers the slopes, with R^2 = 1.
 * const v = (cs: Uint8Array[]) => cs.map((c) => 1 + 2 * c[0] - 3 * c[1] + 0.5 * c[2]);
 * const { coefficients, intercept, r2 } = await lime(v, 3, { alpha: 0, seed: 1 });
 * const expected = [2, -3, 0.5];
 * if (coefficients.some((w, i) => Math.abs(w - expected[i]) > 1e-9)) throw new Error(`${coefficients}`);
 * if (Math.abs(intercept - 1) > 1e-9 || Math.abs(r2 - 1) > 1e-12) throw new Error(`${intercept} ${r2}`);
 * ```
 */
export async function lime(
  valueFn: ValueFn,
  numPlayers: number,
  options: LimeOptions = {},
): Promise<LimeExplanation> {
  const m = numPlayers;
  checkInteger(m, "numPlayers", 1);
  const {
    numSamples = 5000,
    numFeatures = 10,
    featureSelection = "auto",
    kernelWidth = 0.75 * Math.sqrt(m),
    alpha = 1,
    keepProbability = 0.5,
    seed = 0,
    batchSize = 4096,
  } = options;
  checkInteger(numSamples, "numSamples", 2);
  checkInteger(numFeatures, "numFeatures", 1);
  checkInteger(batchSize, "batchSize", 1);
  if (!SELECTIONS.includes(featureSelection)) {
    throw new Error(
      `${ACTION}: featureSelection must be one of ${
        SELECTIONS.join(", ")
      }, got ${featureSelection}`,
    );
  }
  if (!(kernelWidth > 0 && Number.isFinite(kernelWidth))) {
    throw new Error(`${ACTION}: kernelWidth must be a finite number > 0, got ${kernelWidth}`);
  }
  if (!(alpha >= 0 && Number.isFinite(alpha))) {
    throw new Error(`${ACTION}: alpha must be a finite number >= 0, got ${alpha}`);
  }
  if (!(keepProbability > 0 && keepProbability < 1)) {
    throw new Error(`${ACTION}: keepProbability must be in (0, 1), got ${keepProbability}`);
  }
  if (!Number.isFinite(seed)) {
    throw new Error(`${ACTION}: seed must be a finite number, got ${seed}`);
  }

  const rng = createRng(seed);
  const samples = [new Uint8Array(m).fill(1)];
  for (let s = 1; s < numSamples; s++) {
    samples.push(Uint8Array.from({ length: m }, () => (rng.next() < keepProbability ? 1 : 0)));
  }
  const y = await evaluateCoalitions(valueFn, samples, batchSize);
  const weights = Float64Array.from(samples, (sample) => {
    let missing = 0;
    for (let i = 0; i < m; i++) missing += 1 - sample[i];
    return Math.sqrt(Math.exp(-missing / kernelWidth ** 2)); // d^2 = number of missing players
  });
  const moments = weightedMoments(samples, y, weights);
  const k = Math.min(numFeatures, m);
  const method = featureSelection === "auto"
    ? (k <= 6 ? "forward" : "highest_weights")
    : featureSelection;
  const selected = method === "none"
    ? Int32Array.from({ length: m }, (_, i) => i)
    : method === "forward"
    ? forwardSelection(moments, k)
    : highestWeights(moments, k);
  const fit = ridgeFit(moments, selected, alpha);
  if (fit === undefined) {
    throw new Error(
      `${ACTION}: the ${numSamples} samples do not determine the surrogate's ${selected.length} coefficients with alpha 0; raise numSamples or alpha`,
    );
  }
  const coefficients = new Float64Array(m);
  selected.forEach((player, i) => coefficients[player] = fit.coefficients[i]);
  const localPrediction = fit.intercept + fit.coefficients.reduce((s, w) => s + w, 0);
  return {
    coefficients,
    selected,
    intercept: fit.intercept,
    r2: fit.r2,
    localPrediction,
    outputValue: y[0],
  };
}

/** lime's `forward_selection`: add, k times, the player whose unregularised fit scores best. */
function forwardSelection(moments: WeightedMoments, k: number): Int32Array {
  const m = moments.xMean.length;
  const chosen: number[] = [];
  while (chosen.length < k) {
    let best = -1, bestScore = -Infinity;
    for (let player = 0; player < m; player++) {
      if (chosen.includes(player)) continue;
      const score = ridgeFit(moments, [...chosen, player], 0)?.r2 ?? -Infinity;
      if (best < 0 || score > bestScore) [best, bestScore] = [player, score];
    }
    chosen.push(best);
  }
  return Int32Array.from(chosen);
}

/** lime's `highest_weights`: the k largest |coefficients| of a ridge fit (alpha 0.01) on all. */
function highestWeights(moments: WeightedMoments, k: number): Int32Array {
  const m = moments.xMean.length;
  const all = Int32Array.from({ length: m }, (_, i) => i);
  const { coefficients } = ridgeFit(moments, all, 0.01) as RidgeFit; // alpha > 0: never singular
  return all.sort((a, b) => Math.abs(coefficients[b]) - Math.abs(coefficients[a]) || a - b)
    .slice(0, k);
}
