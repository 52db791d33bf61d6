/**
 * Explanation metrics with PyTorch Geometric's definitions (`torch_geometric.explain.metric`):
 * fidelity+ and fidelity- (GraphFramEx, Amara et al. 2022, https://arxiv.org/abs/2206.09677), the
 * characterization score and the fidelity-curve AUC from the same paper, unfaithfulness (GEF,
 * Agarwal et al. 2023, https://arxiv.org/abs/2208.09339), sparsity, and ground-truth metrics of a
 * soft mask against the true motif edges.
 *
 * The definitions follow PyG's `explain/metric/fidelity.py` (the version with heterogeneous-graph
 * support, PR #10672, PyG 2.7 line; the formulas are unchanged since they appeared in PyG 2.3),
 * `explain/metric/faithfulness.py` and `explain/metric/basic.py`. They work over plain inputs: a
 * {@linkcode MaskedPredict} callback that runs the model with masks applied and returns class
 * probabilities, and `Float32Array` masks.
 *
 * @module
 */

import { rocAuc } from "../metrics/roc_auc.ts";
import type { ExplanationType } from "./explanation.ts";
import {
  argmax,
  checkK,
  checkProbabilityRows,
  checkSameLength,
  checkVector,
  topKIndices,
} from "./_metric_inputs.ts";

/** Class probabilities, one row per explained node (`number[][]`, `Float32Array[]`, ...). */
export type ProbabilityRowsLike = ArrayLike<ArrayLike<number>>;

/**
 * The masks of an explanation, PyG's vocabulary (an `Explanation` fits this shape). A missing mask
 * leaves that part of the input untouched; `{}` is the unmasked input.
 */
export interface ExplanationMasks {
  /** One weight per node of the graph the explanation was computed on. */
  nodeMask?: Float32Array;
  /** One weight per edge of that graph. */
  edgeMask?: Float32Array;
  /** One weight per feature (length F), or per node and feature (N x F, row-major). */
  featureMask?: Float32Array;
}

/**
 * Runs the model with `masks` multiplied into its input (PyG's `get_masked_prediction`; `{}` runs
 * it unmasked) and returns class probabilities: one row per explained node, in a fixed order.
 */
export type MaskedPredict = (
  masks: ExplanationMasks,
) => ProbabilityRowsLike | Promise<ProbabilityRowsLike>;

/**
 * PyG's `ThresholdConfig`: `"hard"` keeps 1 where the mask is above `value`, else 0; `"topk"` keeps
 * the `value` largest entries as they are and zeroes the rest; `"topk_hard"` sets them to 1. A
 * `value` of at least the mask's length keeps every entry (as PyG does). Ties at the k-th value
 * keep the lower index.
 */
export interface MaskThreshold {
  /** How to threshold: `"hard"`, `"topk"` or `"topk_hard"`. */
  type: "hard" | "topk" | "topk_hard";
  /** The threshold (`"hard"`) or k (`"topk"`, `"topk_hard"`). */
  value: number;
}

const MASK_NAMES = ["nodeMask", "edgeMask", "featureMask"] as const;

/**
 * Thresholds a soft mask into a hard (or top-k) one, like PyG's `Explanation.threshold`.
 *
 * @example
 * ```ts
 * import { thresholdMask } from "./metrics.ts";
 * const mask = new Float32Array([0.25, 0.75, 0.5]);
 * if (thresholdMask(mask, { type: "hard", value: 0.4 }).join() !== "0,1,1") throw new Error();
 * if (thresholdMask(mask, { type: "topk", value: 1 }).join() !== "0,0.75,0") throw new Error();
 * if (thresholdMask(mask, { type: "topk_hard", value: 2 }).join() !== "0,1,1") throw new Error();
 * ```
 */
export function thresholdMask(mask: Float32Array, threshold: MaskThreshold): Float32Array {
  const action = "Cannot threshold mask";
  checkVector(action, "mask", mask);
  const { type, value } = threshold ?? {};
  if (type === "hard") {
    if (!Number.isFinite(value)) {
      throw new RangeError(`${action}: threshold.value is ${value} (expected a finite number)`);
    }
    return mask.map((m) => (m > value ? 1 : 0));
  }
  if (type !== "topk" && type !== "topk_hard") {
    throw new TypeError(
      `${action}: threshold.type is ${type} (expected "hard", "topk" or "topk_hard")`,
    );
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${action}: threshold.value is ${value} (expected an integer k >= 1)`);
  }
  if (value >= mask.length) return type === "topk" ? mask.slice() : mask.map(() => 1);
  const out = new Float32Array(mask.length);
  for (const i of topKIndices(mask, value)) out[i] = type === "topk" ? mask[i] : 1;
  return out;
}

function checkMasks(action: string, masks: ExplanationMasks): void {
  if (masks === null || typeof masks !== "object") {
    throw new TypeError(
      `${action}: masks is ${masks} (expected { nodeMask?, edgeMask?, featureMask? })`,
    );
  }
  const given = MASK_NAMES.filter((name) => masks[name] !== undefined);
  if (given.length === 0) {
    throw new RangeError(
      `${action}: masks has no nodeMask, edgeMask or featureMask (expected at least one Float32Array)`,
    );
  }
  for (const name of given) {
    if (!(masks[name] instanceof Float32Array)) {
      throw new TypeError(`${action}: masks.${name} is not a Float32Array`);
    }
    checkVector(action, `masks.${name}`, masks[name]!);
  }
}

function mapMasks(masks: ExplanationMasks, f: (mask: Float32Array) => Float32Array) {
  const out: ExplanationMasks = {};
  for (const name of MASK_NAMES) if (masks[name]) out[name] = f(masks[name]!);
  return out;
}

async function predictRows(
  action: string,
  predict: MaskedPredict,
  masks: ExplanationMasks,
  expectedRows?: number,
): Promise<Float64Array[]> {
  return checkProbabilityRows(action, "predict", await predict(masks), expectedRows);
}

/** Inputs of {@linkcode fidelity}. */
export interface FidelityInput {
  /** The explanation's masks (each in [0, 1]); the complement is `1 - mask`. */
  masks: ExplanationMasks;
  /** `"model"` (default) or `"phenomenon"`. */
  explanationType?: ExplanationType;
  /**
   * One class per explained node. `"phenomenon"` needs it (the true labels); for `"model"` it
   * defaults to the model's prediction on the unmasked input (PyG's `explanation.target`).
   */
  target?: ArrayLike<number>;
  /** Threshold the masks first (PyG evaluates fidelity on thresholded, hard masks this way). */
  threshold?: MaskThreshold;
}

/** Fidelity+ and fidelity- (PyG's `fidelity` returns them as `(pos_fidelity, neg_fidelity)`). */
export interface Fidelity {
  /** How much the prediction changes without the explanation (complement masks); higher is better. */
  fidelityPlus: number;
  /** How much it changes with only the explanation; lower is better. */
  fidelityMinus: number;
}

/**
 * Fidelity+ and fidelity- of an explanation (PyG's `fidelity`, GraphFramEx). With `ŷ` the
 * prediction on the unmasked input, `ŷ^S` with the masks applied and `ŷ^{C\S}` with the complement
 * masks `1 - mask`, over the N explained nodes:
 *
 * ```text
 * model:      fid+ = 1 - (1/N) Σ 1(ŷ_i^{C\S} = y_i)           fid- = 1 - (1/N) Σ 1(ŷ_i^S = y_i)
 * phenomenon: fid+ = (1/N) Σ |1(ŷ_i = y_i) - 1(ŷ_i^{C\S} = y_i)|
 *             fid- = (1/N) Σ |1(ŷ_i = y_i) - 1(ŷ_i^S = y_i)|
 * ```
 *
 * where `y` is the target and predictions are the arg-max class (first on ties). It calls
 * `predict` three times (twice for `"model"` with a target given).
 *
 * @param predict Runs the model with masks applied; one probability row per explained node.
 * @param input The masks, explanation type, target and optional threshold.
 *
 * @example
 * ```ts
 * import { fidelity } from "./metrics.ts";
 * // The class flips from 0 to 1 exactly when edge 0 is masked out.
 * const predict = ({ edgeMask }: { edgeMask?: Float32Array }) =>
 *   [(edgeMask?.[0] ?? 1) > 0.5 ? [0.8, 0.2] : [0.3, 0.7]];
 * const fid = await fidelity(predict, { masks: { edgeMask: new Float32Array([1, 0]) } });
 * if (fid.fidelityPlus !== 1 || fid.fidelityMinus !== 0) throw new Error("unexpected");
 * ```
 */
export async function fidelity(predict: MaskedPredict, input: FidelityInput): Promise<Fidelity> {
  const action = "Cannot compute fidelity";
  const { explanationType = "model", target, threshold } = input ?? {};
  if (typeof predict !== "function") {
    throw new TypeError(`${action}: predict is ${predict} (expected a function of masks)`);
  }
  if (explanationType !== "model" && explanationType !== "phenomenon") {
    throw new TypeError(
      `${action}: explanationType is ${explanationType} (expected "model" or "phenomenon")`,
    );
  }
  if (explanationType === "phenomenon" && target === undefined) {
    throw new TypeError(
      `${action}: target is missing (a "phenomenon" explanation needs one class per explained node)`,
    );
  }
  checkMasks(action, input.masks);
  const masks = threshold ? mapMasks(input.masks, (m) => thresholdMask(m, threshold)) : input.masks;

  const full = target === undefined || explanationType === "phenomenon"
    ? (await predictRows(action, predict, {})).map(argmax)
    : undefined;
  const y = target ?? full!;
  const n = y.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(y[i]) || y[i] < 0) {
      throw new RangeError(`${action}: target[${i}] is ${y[i]} (expected a class index >= 0)`);
    }
  }
  if (full && full.length !== n) {
    throw new RangeError(
      `${action}: target has ${n} values but predict returned ${full.length} rows (expected one per explained node)`,
    );
  }
  const explained = (await predictRows(action, predict, masks, n)).map(argmax);
  const complement =
    (await predictRows(action, predict, mapMasks(masks, (m) => m.map((v) => 1 - v)), n))
      .map(argmax);

  let plus = 0, minus = 0;
  for (let i = 0; i < n; i++) {
    const hit = (pred: number) => (pred === y[i] ? 1 : 0);
    if (explanationType === "model") {
      plus += hit(complement[i]);
      minus += hit(explained[i]);
    } else {
      plus += Math.abs(hit(full![i]) - hit(complement[i]));
      minus += Math.abs(hit(full![i]) - hit(explained[i]));
    }
  }
  return explanationType === "model"
    ? { fidelityPlus: 1 - plus / n, fidelityMinus: 1 - minus / n }
    : { fidelityPlus: plus / n, fidelityMinus: minus / n };
}

/** Options of {@linkcode characterizationScore}. */
export interface CharacterizationOptions {
  /** Weight `w+` of fidelity+ (default 0.5, PyG's). */
  posWeight?: number;
  /** Weight `w-` of fidelity- (default 0.5, PyG's); the two must sum to 1. */
  negWeight?: number;
}

/**
 * The characterization score (PyG's `characterization_score`, GraphFramEx): the weighted harmonic
 * mean of fidelity+ and 1 - fidelity-,
 *
 * ```text
 * charact = (w+ + w-) / (w+ / fid+  +  w- / (1 - fid-))
 * ```
 *
 * It is 0 when fid+ = 0 or fid- = 1 (a division by zero gives an infinite denominator, as in PyG).
 *
 * @example
 * ```ts
 * import { characterizationScore } from "./metrics.ts";
 * // PyG's test case: weights 0.2 / 0.8, fid+ 0.6, fid- 0.2 -> 1 / (0.2/0.6 + 0.8/0.8) = 0.75.
 * const score = characterizationScore(0.6, 0.2, { posWeight: 0.2, negWeight: 0.8 });
 * if (Math.abs(score - 0.75) > 1e-12) throw new Error("unexpected");
 * ```
 */
export function characterizationScore(
  fidelityPlus: number,
  fidelityMinus: number,
  { posWeight = 0.5, negWeight = 0.5 }: CharacterizationOptions = {},
): number {
  const action = "Cannot compute characterization score";
  for (
    const [name, v] of [["fidelityPlus", fidelityPlus], ["fidelityMinus", fidelityMinus]] as const
  ) {
    if (!(v >= 0 && v <= 1)) {
      throw new RangeError(`${action}: ${name} is ${v} (expected a number in [0, 1])`);
    }
  }
  if (!(posWeight >= 0 && negWeight >= 0) || Math.abs(posWeight + negWeight - 1) > 1e-12) {
    throw new RangeError(
      `${action}: posWeight ${posWeight} and negWeight ${negWeight} (expected non-negative weights summing to 1)`,
    );
  }
  return 1 / (posWeight / fidelityPlus + negWeight / (1 - fidelityMinus));
}

/**
 * Area under the fidelity curve (PyG's `fidelity_curve_auc`, GraphFramEx): the trapezoidal area of
 * `fid+ / (1 - fid-)` over ascending `x` (for example the thresholds or top-k sizes at which the
 * fidelities were measured).
 *
 * @param fidelityPlus Fidelity+ at each point of `x`.
 * @param fidelityMinus Fidelity- at each point of `x`; none may be 1.
 * @param x Ascending positions on the x-axis.
 *
 * @example
 * ```ts
 * import { fidelityCurveAuc } from "./metrics.ts";
 * // PyG's test case: y = [1, 2, 1, 10] at x = 0..3 -> 1.5 + 1.5 + 5.5 = 8.5.
 * const auc = fidelityCurveAuc([1, 1, 0.5, 1], [0, 0.5, 0.5, 0.9], [0, 1, 2, 3]);
 * if (Math.abs(auc - 8.5) > 1e-12) throw new Error("unexpected");
 * ```
 */
export function fidelityCurveAuc(
  fidelityPlus: ArrayLike<number>,
  fidelityMinus: ArrayLike<number>,
  x: ArrayLike<number>,
): number {
  const action = "Cannot compute fidelity curve AUC";
  checkVector(action, "fidelityPlus", fidelityPlus);
  checkVector(action, "fidelityMinus", fidelityMinus);
  checkVector(action, "x", x);
  checkSameLength(action, fidelityPlus, fidelityMinus, ["fidelityPlus", "fidelityMinus"]);
  checkSameLength(action, fidelityPlus, x, ["fidelityPlus", "x"]);
  let area = 0, previous = 0;
  for (let i = 0; i < x.length; i++) {
    if (fidelityMinus[i] === 1) {
      throw new RangeError(
        `${action}: fidelityMinus[${i}] is 1 (fid+ / (1 - fid-) divides by zero there)`,
      );
    }
    const y = fidelityPlus[i] / (1 - fidelityMinus[i]);
    if (i > 0) {
      if (x[i] < x[i - 1]) {
        throw new RangeError(`${action}: x[${i}] is ${x[i]} < x[${i - 1}] (expected ascending x)`);
      }
      area += ((x[i] - x[i - 1]) * (y + previous)) / 2;
    }
    previous = y;
  }
  return area;
}

/** Inputs of {@linkcode unfaithfulness}. */
export interface UnfaithfulnessInput {
  /** The explanation's masks. */
  masks: ExplanationMasks;
  /**
   * The model's probabilities on the unmasked input, one row per explained node (PyG's
   * `explanation.prediction`); computed with `predict({})` when missing.
   */
  prediction?: ProbabilityRowsLike;
  /**
   * Keep only the `topK` features of largest total mask weight, at full value (PyG's `top_k`); the
   * other masks are used as they are. Needs `masks.featureMask`.
   */
  topK?: number;
  /** Columns of `masks.featureMask` when it is N x F (default: its length, one weight per feature). */
  numFeatures?: number;
}

/**
 * Graph explanation unfaithfulness (PyG's `unfaithfulness`, GEF of Agarwal et al. 2023):
 * `1 - exp(-KL)`, 0 for a perfectly faithful explanation, towards 1 for an unfaithful one.
 *
 * ```text
 * GEF = 1 - exp(-(1/N) Σ_i Σ_c ŷ_ic (log ŷ_ic - log y_ic))
 * ```
 *
 * with `y` the prediction on the unmasked input and `ŷ` the prediction with the masks applied.
 * As PyG computes it (`F.kl_div(y.log(), y_hat, reduction="batchmean")`), the divergence is
 * KL(ŷ || y), summed over classes and averaged over the N explained nodes; a class with `ŷ_ic = 0`
 * adds 0. (PyG's docstring writes KL(y || ŷ); its code, followed here, computes KL(ŷ || y). With a
 * single integer `index` PyG's `batchmean` divides by the number of classes instead of 1; this
 * follows the node-list form, dividing by the number of explained nodes.)
 *
 * @example
 * ```ts
 * import { unfaithfulness } from "./metrics.ts";
 * // Masked prediction [0.5, 0.5] against [0.8, 0.2]: KL = 0.5 ln(0.5/0.8) + 0.5 ln(0.5/0.2).
 * const predict = () => [[0.5, 0.5]];
 * const gef = await unfaithfulness(predict, {
 *   masks: { edgeMask: new Float32Array([0.3]) },
 *   prediction: [[0.8, 0.2]],
 * });
 * const kl = 0.5 * Math.log(0.5 / 0.8) + 0.5 * Math.log(0.5 / 0.2);
 * if (Math.abs(gef - (1 - Math.exp(-kl))) > 1e-12) throw new Error("unexpected");
 * ```
 */
export async function unfaithfulness(
  predict: MaskedPredict,
  input: UnfaithfulnessInput,
): Promise<number> {
  const action = "Cannot compute unfaithfulness";
  if (typeof predict !== "function") {
    throw new TypeError(`${action}: predict is ${predict} (expected a function of masks)`);
  }
  const { topK, numFeatures } = input ?? {};
  checkMasks(action, input.masks);
  let masks = input.masks;
  if (topK !== undefined) {
    masks = { ...masks, featureMask: topKFeatureMask(action, masks, topK, numFeatures) };
  }
  const y = input.prediction === undefined
    ? await predictRows(action, predict, {})
    : checkProbabilityRows(action, "prediction", input.prediction);
  const yHat = await predictRows(action, predict, masks, y.length);
  let kl = 0;
  for (let i = 0; i < y.length; i++) {
    if (yHat[i].length !== y[i].length) {
      throw new RangeError(
        `${action}: predict returned ${yHat[i].length} classes but prediction has ${y[i].length}`,
      );
    }
    for (let c = 0; c < y[i].length; c++) {
      if (yHat[i][c] > 0) kl += yHat[i][c] * (Math.log(yHat[i][c]) - Math.log(y[i][c]));
    }
  }
  return 1 - Math.exp(-kl / y.length);
}

/** PyG's top-k feature selection: ones in the k columns of largest total weight, zeros elsewhere. */
function topKFeatureMask(
  action: string,
  masks: ExplanationMasks,
  topK: number,
  numFeatures?: number,
): Float32Array {
  const mask = masks.featureMask;
  if (!mask) throw new TypeError(`${action}: topK needs masks.featureMask, which is missing`);
  const f = numFeatures ?? mask.length;
  if (!Number.isInteger(f) || f < 1 || mask.length % f !== 0) {
    throw new RangeError(
      `${action}: numFeatures is ${f} (expected a positive integer dividing masks.featureMask's length ${mask.length})`,
    );
  }
  checkK(action, "topK", topK, f);
  const importance = new Float64Array(f);
  for (let j = 0; j < mask.length; j++) importance[j % f] += mask[j];
  const keep = new Uint8Array(f);
  for (const j of topKIndices(importance, topK)) keep[j] = 1;
  return mask.map((_, j) => keep[j % f]);
}

/** Options of {@linkcode sparsity}. */
export interface SparsityOptions {
  /** Entries above it count as selected (default 0: every non-zero entry). */
  threshold?: number;
}

/**
 * Sparsity of a mask: the fraction of entries it does not select, `1 - |{m_i > threshold}| / M`
 * (Pope et al. 2019; GraphFramEx). 1 selects nothing, 0 selects everything.
 *
 * @example
 * ```ts
 * import { sparsity } from "./metrics.ts";
 * if (sparsity(new Float32Array([0, 0.2, 0.9, 0])) !== 0.5) throw new Error("unexpected");
 * if (sparsity(new Float32Array([0, 0.2, 0.9, 0]), { threshold: 0.5 }) !== 0.75) throw new Error();
 * ```
 */
export function sparsity(mask: Float32Array, { threshold = 0 }: SparsityOptions = {}): number {
  const action = "Cannot compute sparsity";
  checkVector(action, "mask", mask);
  if (!Number.isFinite(threshold)) {
    throw new RangeError(`${action}: threshold is ${threshold} (expected a finite number)`);
  }
  let selected = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] > threshold) selected++;
  return 1 - selected / mask.length;
}

/** Options of {@linkcode groundTruthMetrics}: select by `threshold` or by `topK`, not both. */
export interface GroundTruthOptions {
  /** Entries above it count as selected (default 0, PyG's `get_groundtruth_metrics` default). */
  threshold?: number;
  /** Select the `topK` largest entries instead (ties keep the lower index). */
  topK?: number;
}

/** Agreement of a soft mask with the ground truth. */
export interface GroundTruthMetrics {
  /** ROC-AUC of the soft mask against the ground truth, exactly sklearn's `roc_auc_score`. */
  rocAuc: number;
  /** Selected entries that are true / selected entries (0 when nothing is selected, like PyG). */
  precision: number;
  /** Selected true entries / true entries. */
  recall: number;
  /** Harmonic mean of precision and recall (0 when either is 0). */
  f1: number;
  /** Fraction of entries where the selection equals the ground truth. */
  accuracy: number;
}

/**
 * Ground-truth metrics of a soft mask (an edge mask, say) against the true motif entries, like
 * PyG's `get_groundtruth_metrics`: ROC-AUC of the soft values (sklearn's `roc_auc_score`: ties
 * count half), and precision, recall, F1 and accuracy of the entries selected by a threshold or
 * top-k.
 *
 * @param mask Soft mask, one value per entry.
 * @param groundTruth 1 for an entry in the true explanation (a motif edge), 0 otherwise; both
 *   must occur.
 *
 * @example
 * ```ts
 * import { groundTruthMetrics } from "./metrics.ts";
 * const mask = new Float32Array([0.9, 0.25, 0.75, 0.5]);
 * const m = groundTruthMetrics(mask, [1, 0, 0, 1], { topK: 2 });
 * // Positives 0.9 and 0.5 against negatives 0.25 and 0.75: 3 of 4 pairs ranked right.
 * if (m.rocAuc !== 0.75 || m.precision !== 0.5 || m.recall !== 0.5) throw new Error();
 * ```
 */
export function groundTruthMetrics(
  mask: Float32Array,
  groundTruth: ArrayLike<number>,
  options: GroundTruthOptions = {},
): GroundTruthMetrics {
  const action = "Cannot compute ground-truth metrics";
  checkVector(action, "mask", mask);
  checkSameLength(action, mask, groundTruth, ["mask", "groundTruth"]);
  let positives = 0;
  for (let i = 0; i < groundTruth.length; i++) {
    if (groundTruth[i] !== 0 && groundTruth[i] !== 1) {
      throw new RangeError(`${action}: groundTruth[${i}] is ${groundTruth[i]} (expected 0 or 1)`);
    }
    positives += groundTruth[i];
  }
  if (positives === 0 || positives === mask.length) {
    throw new RangeError(
      `${action}: groundTruth is all ${groundTruth[0]} (expected both true and false entries)`,
    );
  }
  const { threshold, topK } = options;
  if (threshold !== undefined && topK !== undefined) {
    throw new TypeError(`${action}: options has both threshold and topK (expected one of them)`);
  }
  const selected = topK !== undefined
    ? (checkK(action, "topK", topK, mask.length),
      thresholdMask(mask, { type: "topk_hard", value: topK }))
    : thresholdMask(mask, { type: "hard", value: threshold ?? 0 });
  let tp = 0, fp = 0, tn = 0;
  for (let i = 0; i < mask.length; i++) {
    if (selected[i] === 1) groundTruth[i] === 1 ? tp++ : fp++;
    else if (groundTruth[i] === 0) tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp / positives;
  const f1 = precision === 0 || recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    rocAuc: rocAuc(groundTruth, mask),
    precision,
    recall,
    f1,
    accuracy: (tp + tn) / mask.length,
  };
}
