import { assertAllClose, assertEquals, assertStrictEquals, assertThrows } from "../_assert.ts";
import { rocAuc, rocAucOvo, rocAucOvr, rocCurve } from "../../lib/metrics/roc_auc.ts";
import { createRng } from "../../lib/random/rng.ts";
import { loadMetricsOracle, ORACLE_ATOL } from "./_oracle.ts";

const oracle = await loadMetricsOracle();
const { y_true: yTrue, probs } = oracle.inputs;
const expected = oracle.expected;
const atol = ORACLE_ATOL;

/** Independent reference: the fraction of (positive, negative) pairs ranked right, ties half. */
function pairCountAuc(y: ArrayLike<number>, s: ArrayLike<number>): number {
  let wins = 0, pairs = 0;
  for (let i = 0; i < y.length; i++) {
    for (let j = 0; j < y.length; j++) {
      if (y[i] === 1 && y[j] === 0) {
        pairs++;
        wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
  }
  return wins / pairs;
}

/** Trapezoidal area under a curve given by increasing x. */
function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

Deno.test("rocAucOvr() matches sklearn's one-vs-rest AUC on the oracle", () => {
  assertAllClose([rocAucOvr(yTrue, probs)], [expected.roc_auc_ovr_macro], { atol });
  assertAllClose([rocAucOvr(yTrue, probs, { average: "macro" })], [expected.roc_auc_ovr_macro], {
    atol,
  });
  assertAllClose(
    [rocAucOvr(yTrue, probs, { average: "weighted" })],
    [expected.roc_auc_ovr_weighted],
    { atol },
  );
  assertAllClose(rocAucOvr(yTrue, probs, { average: "none" }), expected.roc_auc_ovr_per_class, {
    atol,
  });
});

Deno.test("rocAuc() of each class against the rest matches the oracle's per-class AUCs", () => {
  const perClass = [0, 1, 2, 3].map((c) =>
    rocAuc(yTrue.map((y) => (y === c ? 1 : 0)), probs.map((row) => row[c]))
  );
  assertAllClose(perClass, expected.roc_auc_ovr_per_class, { atol });
});

Deno.test("rocAucOvo() matches sklearn's one-vs-one macro AUC on the oracle", () => {
  assertAllClose([rocAucOvo(yTrue, probs)], [expected.roc_auc_ovo_macro], { atol });
});

Deno.test("rocAucOvr() accepts Float32Array rows and a DenseMatrix", () => {
  const rows32 = probs.map((row) => Float32Array.from(row));
  const y32 = Int32Array.from(yTrue);
  assertAllClose([rocAucOvr(y32, rows32)], [expected.roc_auc_ovr_macro], { atol: 1e-6 });
  const data = new Float32Array(probs.flat());
  const matrix = { kind: "dense" as const, rows: probs.length, cols: 4, data };
  assertAllClose(rocAucOvr(y32, matrix, { average: "none" }), expected.roc_auc_ovr_per_class, {
    atol: 1e-6,
  });
});

Deno.test("rocAuc() handles sklearn's documented example, ties, perfect and inverted scores", () => {
  const cases: [number[], number[], number][] = [
    [[0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.75], // sklearn roc_auc_score / roc_curve docs
    [[0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 0.5], // all tied
    [[0, 0, 1, 1], [0.1, 0.5, 0.5, 0.9], 0.875], // one tied pair counts half: 3.5 / 4
    [[0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4], 1],
    [[0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1], 0],
    [[1, 0, 0, 0], [-3, -3, -5, 7], 1 / 3 + 1 / 6], // beats one negative, ties one
  ];
  for (const [y, s, auc] of cases) {
    assertAllClose([rocAuc(y, s)], [auc], { atol, message: `${y} / ${s}: ` });
  }
});

Deno.test("rocAuc() equals pair counting on random tied scores", () => {
  const rng = createRng(7);
  for (let trial = 0; trial < 20; trial++) {
    const n = 5 + rng.int(60);
    const y = Array.from({ length: n }, (_, i) => (i < 2 ? i : rng.int(2)));
    const s = Array.from({ length: n }, () => rng.int(6) / 5); // coarse, so many ties
    assertAllClose([rocAuc(y, s)], [pairCountAuc(y, s)], { atol, message: `trial ${trial}: ` });
    // Mostly positive labels take the other branch (sorting the negatives).
    const flipped = y.map((v) => 1 - v);
    assertAllClose([rocAuc(flipped, s)], [1 - pairCountAuc(y, s)], { atol });
  }
});

Deno.test("rocCurve() matches sklearn's documented example", () => {
  const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
  assertEquals(Array.from(fpr), [0, 0, 0.5, 0.5, 1]);
  assertEquals(Array.from(tpr), [0, 0.5, 0.5, 1, 1]);
  assertEquals(Array.from(thresholds), [Infinity, 0.8, 0.4, 0.35, 0.1]);
});

Deno.test("rocCurve() drops collinear points unless dropIntermediate is false", () => {
  const y = [0, 0, 1, 1], s = [0.1, 0.2, 0.3, 0.4];
  const dropped = rocCurve(y, s);
  assertEquals(Array.from(dropped.fpr), [0, 0, 0, 1]);
  assertEquals(Array.from(dropped.tpr), [0, 0.5, 1, 1]);
  assertEquals(Array.from(dropped.thresholds), [Infinity, 0.4, 0.3, 0.1]);
  const full = rocCurve(y, s, { dropIntermediate: false });
  assertEquals(Array.from(full.fpr), [0, 0, 0, 0.5, 1]);
  assertEquals(Array.from(full.tpr), [0, 0.5, 1, 1, 1]);
  assertEquals(Array.from(full.thresholds), [Infinity, 0.4, 0.3, 0.2, 0.1]);
});

Deno.test("rocCurve() area equals rocAuc() on the oracle's per-class scores", () => {
  for (let c = 0; c < 4; c++) {
    const y = yTrue.map((v) => (v === c ? 1 : 0)), s = probs.map((row) => row[c]);
    const { fpr, tpr } = rocCurve(y, s);
    assertAllClose([trapezoid(fpr, tpr)], [expected.roc_auc_ovr_per_class[c]], { atol });
  }
});

Deno.test("rocAucOvr() and rocAucOvo() match hand-computed small cases", () => {
  const y = [0, 1, 2, 2];
  const p = [[0.5, 0.3, 0.2], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.1, 0.7, 0.2]];
  // Class 1: positive 0.7 vs negatives 0.3, 0.3, 0.7 -> 2.5 / 3. Class 2: 3.5 / 4 pairs.
  assertAllClose(rocAucOvr(y, p, { average: "none" }), [1, 2.5 / 3, 0.875], { atol });
  assertAllClose([rocAucOvr(y, p)], [(1 + 2.5 / 3 + 0.875) / 3], { atol });
  // Weighted by class prevalence 1/4, 1/4, 2/4.
  assertAllClose([rocAucOvr(y, p, { average: "weighted" })], [(1 + 2.5 / 3 + 1.75) / 4], { atol });
  // Pairs (0,1), (0,2), (1,2); weighted by the share of samples in each pair: 2/4, 3/4, 3/4.
  assertAllClose(rocAucOvo(y, p, { average: "none" }), [1, 0.875, 0.875], { atol });
  assertAllClose([rocAucOvo(y, p)], [2.75 / 3], { atol });
  assertAllClose([rocAucOvo(y, p, { average: "weighted" })], [(2 + 3 * 0.875 * 2) / 8], { atol });
});

Deno.test("ROC metrics throw clear errors on bad input", () => {
  const p3 = [[0.2, 0.3, 0.5], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]];
  const cases: [() => unknown, string][] = [
    [
      () => rocAuc([0, 1, 1], [0.1, 0.2, 0.3, 0.4]),
      "Cannot compute ROC AUC: yTrue has 3 values but scores has 4",
    ],
    [() => rocAuc([], []), "Cannot compute ROC AUC: yTrue and scores are empty"],
    [
      () => rocAuc([1, 1, 1], [0.1, 0.2, 0.3]),
      "Cannot compute ROC AUC: yTrue contains only class 1; AUC needs both positive and negative samples",
    ],
    [
      () => rocAuc([0, 0], [0.1, 0.2]),
      "Cannot compute ROC AUC: yTrue contains only class 0; AUC needs both positive and negative samples",
    ],
    [
      () => rocAuc([0, 1, 2], [0.1, 0.2, 0.3]),
      "Cannot compute ROC AUC: yTrue[2] is 2 (expected 0 or 1; use rocAucOvr for multiclass labels)",
    ],
    [
      () => rocAuc([0, 0.5], [0.1, 0.2]),
      "Cannot compute ROC AUC: yTrue[1] is 0.5 (expected 0 or 1; use rocAucOvr for multiclass labels)",
    ],
    [
      () => rocAuc([0, 1], [0.1, NaN]),
      "Cannot compute ROC AUC: scores[1] is NaN (expected a finite number)",
    ],
    [
      () => rocAuc([0, 1], [-Infinity, 0.2]),
      "Cannot compute ROC AUC: scores[0] is -Infinity (expected a finite number)",
    ],
    [
      () => rocCurve([1, 1], [0.1, 0.2]),
      "Cannot compute ROC curve: yTrue contains only class 1; AUC needs both positive and negative samples",
    ],
    [
      () => rocCurve([0, 1], [0.1]),
      "Cannot compute ROC curve: yTrue has 2 values but scores has 1",
    ],
    [() => rocAucOvr([], []), "Cannot compute ROC AUC: yTrue is empty"],
    [
      () => rocAucOvr([0, 1, 2, 0], p3),
      "Cannot compute ROC AUC: probs has 3 rows but yTrue has 4 values",
    ],
    [
      () => rocAucOvr([0, 1, 2], [[0.2, 0.3, 0.5], [0.1, 0.9], [0.3, 0.3, 0.4]]),
      "Cannot compute ROC AUC: probs[1] has 2 values but probs[0] has 3",
    ],
    [
      () => rocAucOvr([0, 1], [[1], [1]]),
      "Cannot compute ROC AUC: probs has 1 column (expected one per class, at least 2)",
    ],
    [
      () => rocAucOvr([0, 1], [0.3, 0.7] as unknown as number[][]),
      "Cannot compute ROC AUC: probs[0] is 0.3 (expected a row of class probabilities per sample)",
    ],
    [
      () => rocAucOvr([0, 1, 2], [[0.2, 0.3, 0.5], [0.1, 0.8, NaN], [0.3, 0.3, 0.4]]),
      "Cannot compute ROC AUC: probs[1][2] is NaN (expected a finite number)",
    ],
    [
      () => rocAucOvr([0, 1, 3], p3),
      "Cannot compute ROC AUC: yTrue[2] is 3 (expected a class in 0..2 for probs with 3 columns)",
    ],
    [
      () => rocAucOvr([0, 1.5, 2], p3),
      "Cannot compute ROC AUC: yTrue[1] is 1.5 (expected a class in 0..2 for probs with 3 columns)",
    ],
    [
      () => rocAucOvr([0, 1, 2], [[0.2, 0.3, 0.5], [1, 2, 3], [0.3, 0.3, 0.4]]),
      "Cannot compute ROC AUC: probs[1] sums to 6 (expected class probabilities summing to 1; apply softmax to logits first)",
    ],
    [
      () => rocAucOvr([0, 1, 1], p3),
      "Cannot compute ROC AUC: yTrue contains no samples of class 2; one-vs-rest AUC needs every class of probs (3 columns) present",
    ],
    [
      () => rocAucOvo([0, 0, 1], p3),
      "Cannot compute ROC AUC: yTrue contains no samples of class 2; one-vs-one AUC needs every class of probs (3 columns) present",
    ],
    [
      () => rocAucOvr([0, 1, 2], p3, { average: "micro" as "macro" }),
      'Cannot compute ROC AUC: average is micro (expected "macro", "weighted" or "none")',
    ],
    [
      () => rocAucOvr([0, 1, 2], { kind: "dense", rows: 2, cols: 3, data: new Float32Array(6) }),
      "Cannot compute ROC AUC: probs has 2 rows but yTrue has 3 values",
    ],
  ];
  for (const [fn, message] of cases) assertThrows(fn, { message });
});

Deno.test("rocAuc() accepts typed arrays", () => {
  assertStrictEquals(rocAuc(new Int32Array([0, 0, 1, 1]), new Float32Array([1, 4, 3, 8])), 0.75);
});
