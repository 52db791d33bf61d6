/**
 * Stability of predictions and of explanations.
 *
 * - Prediction stability, the paper's measure (chapter 2.4): the standard deviation of a node's
 *   predicted probabilities over repeated inference, "ideally < 0.05". The repeats come from an
 *   {@linkcode InferenceRun} callback given a different seed each time; the seed decides what
 *   varies:
 *   - over training seeds: the callback trains the model with that seed and predicts;
 *   - MC dropout (Gal & Ghahramani 2016): it runs the trained model with dropout left on, its
 *     dropout masks drawn from that seed;
 *   - small feature noise: it predicts on {@linkcode perturbFeatures}`(x, { scale, seed })`.
 * - Explanation stability: {@linkcode topKJaccard} between two masks (say, an explainer run with
 *   two seeds), and {@linkcode relativeInputStability} (Agarwal et al. 2022,
 *   https://arxiv.org/abs/2203.06877) of an explainer under small input perturbations.
 *
 * @module
 */

import { createRng } from "../random/rng.ts";
import {
  argmax,
  checkK,
  checkProbabilityRows,
  checkSameLength,
  checkVector,
  topKIndices,
} from "./_metric_inputs.ts";
import type { ProbabilityRowsLike } from "./metrics.ts";

/** The paper's bound on the standard deviation of repeated predictions (chapter 2.4). */
export const PAPER_STABILITY_THRESHOLD = 0.05;

/**
 * One repeated inference: class probabilities, one row per node (the same nodes, in the same order,
 * every run), for the given seed.
 */
export type InferenceRun = (
  seed: number,
) => ProbabilityRowsLike | Promise<ProbabilityRowsLike>;

/** Options of {@linkcode predictionStd}. */
export interface PredictionStdOptions {
  /** A node is stable when its `std` is below this (default 0.05, the paper's). */
  threshold?: number;
}

/** Options of {@linkcode predictionStability}. */
export interface PredictionStabilityOptions extends PredictionStdOptions {
  /** How many runs (default 10, at least 2). */
  repeats?: number;
  /** Run `i` gets seed `seed + i` (default 0). */
  seed?: number;
}

/** The spread of repeated predictions, per node. */
export interface PredictionStability {
  /**
   * Per node: the largest, over classes, standard deviation of that class's probability across the
   * runs (population std, numpy's default `ddof=0`).
   */
  std: Float64Array;
  /** Per node and class (row-major, nodes x classes): the standard deviation across the runs. */
  stdByClass: Float64Array;
  /** Per node and class (row-major): the mean probability across the runs. */
  meanProbabilities: Float64Array;
  /** Number of classes (the width of `stdByClass` and `meanProbabilities`). */
  numClasses: number;
  /** Number of runs. */
  repeats: number;
  /** The threshold used (the paper's 0.05 unless set). */
  threshold: number;
  /** Per node: `std < threshold`. */
  stable: boolean[];
  /** Whether every node is stable. */
  allStable: boolean;
  /** The largest `std` over nodes. */
  maxStd: number;
  /** The mean `std` over nodes. */
  meanStd: number;
}

/**
 * The standard deviation of each node's predicted probabilities over repeated runs, checked
 * against the paper's 0.05.
 *
 * @param runs One entry per run: class probabilities, one row per node, same nodes every run.
 *
 * @example
 * ```ts
 * import { predictionStd } from "./stability.ts";
 * // Node 0 is 0.6 / 0.4 then 0.8 / 0.2: std 0.1 per class, above 0.05. Node 1 never moves.
 * const s = predictionStd([[[0.6, 0.4], [1, 0]], [[0.8, 0.2], [1, 0]]]);
 * if (Math.abs(s.std[0] - 0.1) > 1e-12 || s.std[1] !== 0) throw new Error("unexpected");
 * if (s.stable.join() !== "false,true" || s.allStable || s.threshold !== 0.05) throw new Error();
 * ```
 */
export function predictionStd(
  runs: ArrayLike<ProbabilityRowsLike>,
  { threshold = PAPER_STABILITY_THRESHOLD }: PredictionStdOptions = {},
): PredictionStability {
  const action = "Cannot compute prediction stability";
  if (!(threshold > 0 && Number.isFinite(threshold))) {
    throw new RangeError(`${action}: threshold is ${threshold} (expected a positive number)`);
  }
  if (!runs || typeof runs.length !== "number" || runs.length < 2) {
    throw new RangeError(
      `${action}: runs has ${runs?.length} entries (expected at least 2 repeated predictions)`,
    );
  }
  const first = checkProbabilityRows(action, "runs[0]", runs[0]);
  const nodes = first.length, classes = first[0].length;
  const sum = new Float64Array(nodes * classes);
  const all = Array.from(runs, (rows, r) => {
    const checked = r === 0 ? first : checkProbabilityRows(action, `runs[${r}]`, rows, nodes);
    checked.forEach((row, i) => {
      if (row.length !== classes) {
        throw new RangeError(
          `${action}: runs[${r}] row ${i} has ${row.length} classes but runs[0] has ${classes}`,
        );
      }
      row.forEach((p, c) => (sum[i * classes + c] += p));
    });
    return checked;
  });
  const mean = sum.map((s) => s / runs.length);
  const variance = new Float64Array(nodes * classes);
  for (const rows of all) {
    rows.forEach((row, i) =>
      row.forEach((p, c) => (variance[i * classes + c] += (p - mean[i * classes + c]) ** 2))
    );
  }
  const stdByClass = variance.map((v) => Math.sqrt(v / runs.length));
  const std = Float64Array.from(
    { length: nodes },
    (_, i) => Math.max(...stdByClass.subarray(i * classes, (i + 1) * classes)),
  );
  const stable = Array.from(std, (s) => s < threshold);
  return {
    std,
    stdByClass,
    meanProbabilities: mean,
    numClasses: classes,
    repeats: runs.length,
    threshold,
    stable,
    allStable: stable.every(Boolean),
    maxStd: Math.max(...std),
    meanStd: std.reduce((a, b) => a + b, 0) / nodes,
  };
}

/**
 * Runs `run(seed + i)` for `i = 0..repeats-1` one after another and reports the standard
 * deviation of each node's predicted probabilities ({@linkcode predictionStd}). What the seed
 * varies (training seed, MC dropout masks, feature noise) is up to `run`; see the module docs.
 *
 * @example
 * ```ts
 * import { perturbFeatures, predictionStability } from "./stability.ts";
 * // A logistic "model" on two features, under feature noise of std 0.01.
 * const x = new Float32Array([0.5, -0.25]);
 * const run = (seed: number) => {
 *   const [a, b] = perturbFeatures(x, { scale: 0.01, seed });
 *   const p = 1 / (1 + Math.exp(-(2 * a - b)));
 *   return [[p, 1 - p]];
 * };
 * const s = await predictionStability(run, { repeats: 20, seed: 1 });
 * if (!s.allStable || s.repeats !== 20) throw new Error("unexpected");
 * ```
 */
export async function predictionStability(
  run: InferenceRun,
  { repeats = 10, seed = 0, threshold }: PredictionStabilityOptions = {},
): Promise<PredictionStability> {
  const action = "Cannot compute prediction stability";
  if (typeof run !== "function") {
    throw new TypeError(`${action}: run is ${run} (expected a function of a seed)`);
  }
  if (!Number.isInteger(repeats) || repeats < 2) {
    throw new RangeError(`${action}: repeats is ${repeats} (expected an integer >= 2)`);
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`${action}: seed is ${seed} (expected an integer)`);
  }
  const runs: ProbabilityRowsLike[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await run(seed + i));
  return predictionStd(runs, { threshold });
}

/** Options of {@linkcode perturbFeatures}. */
export interface PerturbOptions {
  /** Standard deviation of the Gaussian noise added to every entry. */
  scale: number;
  /** Seed of the noise. */
  seed: number;
}

/**
 * A copy of `x` with independent Gaussian noise `N(0, scale^2)` added to every entry, seeded: the
 * "small feature noise" of repeated inference and the default perturbation of
 * {@linkcode relativeInputStability}.
 *
 * @example
 * ```ts
 * import { perturbFeatures } from "./stability.ts";
 * const x = new Float32Array([1, 0, 0, 1]);
 * const a = perturbFeatures(x, { scale: 0.01, seed: 7 });
 * const b = perturbFeatures(x, { scale: 0.01, seed: 7 });
 * if (a.join() !== b.join() || a.join() === x.join()) throw new Error("unexpected");
 * ```
 */
export function perturbFeatures(x: Float32Array, { scale, seed }: PerturbOptions): Float32Array {
  const action = "Cannot perturb features";
  checkVector(action, "x", x);
  if (!(scale >= 0 && Number.isFinite(scale))) {
    throw new RangeError(`${action}: scale is ${scale} (expected a finite number >= 0)`);
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`${action}: seed is ${seed} (expected an integer)`);
  }
  const rng = createRng(seed);
  return x.map((v) => v + scale * rng.normal());
}

/**
 * Jaccard similarity of the top-k entries of two masks: `|A ∩ B| / |A ∪ B|` with `A`, `B` the
 * indices of the `k` largest values of each (ties keep the lower index). 1 when both masks pick
 * the same `k` entries, 0 when they share none.
 *
 * @example
 * ```ts
 * import { topKJaccard } from "./stability.ts";
 * const a = new Float32Array([0.9, 0.8, 0.1, 0.0]);
 * const b = new Float32Array([0.9, 0.1, 0.8, 0.0]);
 * // Top 2: {0, 1} and {0, 2} share 1 of 3 indices.
 * if (topKJaccard(a, b, 2) !== 1 / 3) throw new Error("unexpected");
 * ```
 */
export function topKJaccard(maskA: Float32Array, maskB: Float32Array, k: number): number {
  const action = "Cannot compute top-k Jaccard";
  checkVector(action, "maskA", maskA);
  checkVector(action, "maskB", maskB);
  checkSameLength(action, maskA, maskB, ["maskA", "maskB"]);
  checkK(action, "k", k, maskA.length);
  const inA = new Uint8Array(maskA.length);
  for (const i of topKIndices(maskA, k)) inA[i] = 1;
  let shared = 0;
  for (const i of topKIndices(maskB, k)) shared += inA[i];
  return shared / (2 * k - shared);
}

/** An explainer under test: the explanation (a mask or attributions) of the perturbed input. */
export type ExplainInput = (x: Float32Array) => Float32Array | Promise<Float32Array>;

/** Options of {@linkcode relativeInputStability}. */
export interface RelativeInputStabilityOptions {
  /**
   * The model's class probabilities (one row per explained node) for an input: perturbations that
   * change any predicted class are left out, as the definition requires. Without it every
   * perturbation counts.
   */
  predict?: (x: Float32Array) => ProbabilityRowsLike | Promise<ProbabilityRowsLike>;
  /** Number of perturbations drawn (default 20). */
  samples?: number;
  /** Standard deviation of the Gaussian input noise (default 0.01). */
  scale?: number;
  /** Seed of the perturbations (default 0); perturbation `i` uses `seed + i`. */
  seed?: number;
  /** `ε_min` guarding divisions by zero (default 1e-6, Quantus's). */
  epsMin?: number;
}

/** Relative input stability and how many perturbations it was taken over. */
export interface RelativeInputStability {
  /** The largest ratio over the kept perturbations; lower is more stable. */
  ris: number;
  /** The ratio for each perturbation; `NaN` where the prediction changed. */
  ratios: Float64Array;
  /** Perturbations kept (prediction unchanged). */
  kept: number;
}

/**
 * Relative input stability (RIS, Agarwal et al. 2022), the largest relative change of the
 * explanation per relative change of the input over small perturbations `x'` that keep the
 * prediction:
 *
 * ```text
 * RIS(x, x', e_x, e_x') = max_{x'}  ‖(e_x - e_x') / e_x‖_2  /  max(‖(x - x') / x‖_2, ε_min)
 * ```
 *
 * Divisions are element-wise; as in Quantus, a zero in `e_x` or `x` is replaced by `ε_min` in the
 * division. Perturbations are {@linkcode perturbFeatures} with seeds `seed, seed + 1, ...`.
 *
 * @param explain Returns the explanation of an input; called on `x` and on each perturbation.
 * @param x The input (e.g. the node features of the computation subgraph, row-major).
 *
 * @example
 * ```ts
 * import { relativeInputStability } from "./stability.ts";
 * // A gradient-like explanation e(x) = 2x changes exactly as much, relatively, as its input.
 * const x = new Float32Array([1, 2, 3]);
 * const { ris, kept } = await relativeInputStability((v) => v.map((a) => 2 * a), x, { samples: 5 });
 * if (Math.abs(ris - 1) > 1e-3 || kept !== 5) throw new Error("unexpected");
 * ```
 */
export async function relativeInputStability(
  explain: ExplainInput,
  x: Float32Array,
  options: RelativeInputStabilityOptions = {},
): Promise<RelativeInputStability> {
  const action = "Cannot compute relative input stability";
  const { predict, samples = 20, scale = 0.01, seed = 0, epsMin = 1e-6 } = options;
  if (typeof explain !== "function") {
    throw new TypeError(`${action}: explain is ${explain} (expected a function of the input)`);
  }
  checkVector(action, "x", x);
  if (!Number.isInteger(samples) || samples < 1) {
    throw new RangeError(`${action}: samples is ${samples} (expected an integer >= 1)`);
  }
  if (!(scale > 0 && Number.isFinite(scale))) {
    throw new RangeError(`${action}: scale is ${scale} (expected a positive number)`);
  }
  if (!(epsMin > 0)) {
    throw new RangeError(`${action}: epsMin is ${epsMin} (expected a positive number)`);
  }
  const explanation = async (input: Float32Array, name: string) => {
    const e = await explain(input);
    if (!(e instanceof Float32Array)) {
      throw new TypeError(`${action}: explain returned ${e} for ${name} (expected a Float32Array)`);
    }
    checkVector(action, `explain(${name})`, e);
    return e;
  };
  const labels = async (input: Float32Array, name: string) =>
    checkProbabilityRows(action, `predict(${name})`, await predict!(input)).map(argmax).join();
  const ex = await explanation(x, "x");
  const label = predict ? await labels(x, "x") : "";
  const relative = (a: Float32Array, b: Float32Array) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += ((a[i] - b[i]) / (a[i] === 0 ? epsMin : a[i])) ** 2;
    return Math.sqrt(s);
  };
  const ratios = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const xp = perturbFeatures(x, { scale, seed: seed + i });
    if (predict && (await labels(xp, `perturbation ${i}`)) !== label) {
      ratios[i] = NaN;
      continue;
    }
    const ep = await explanation(xp, `perturbation ${i}`);
    checkSameLength(action, ex, ep, ["explain(x)", `explain(perturbation ${i})`]);
    ratios[i] = relative(ex, ep) / Math.max(relative(x, xp), epsMin);
  }
  const kept = ratios.filter((r) => !Number.isNaN(r));
  if (kept.length === 0) {
    throw new RangeError(
      `${action}: every one of the ${samples} perturbations changed the predicted class (expected a smaller scale than ${scale})`,
    );
  }
  return { ris: Math.max(...kept), ratios, kept: kept.length };
}
