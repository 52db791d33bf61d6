import {
  assert,
  assertAllClose,
  assertEquals,
  assertStrictEquals,
  assertThrows,
} from "../_assert.ts";
import {
  accuracy,
  confusionMatrix,
  f1Score,
  precision,
  precisionRecallF1,
  recall,
} from "../../lib/metrics/classification.ts";
import { loadMetricsOracle, ORACLE_ATOL } from "./_oracle.ts";

const oracle = await loadMetricsOracle();
const { y_true: yTrue, y_pred: yPred } = oracle.inputs;
const expected = oracle.expected;
const atol = ORACLE_ATOL;

Deno.test("oracle y_pred is the argmax of probs, as its conventions say", () => {
  const argmax = oracle.inputs.probs.map((row) => row.indexOf(Math.max(...row)));
  assertEquals(argmax, yPred);
});

Deno.test("accuracy() matches sklearn's accuracy_score on the oracle", () => {
  assertAllClose([accuracy(yTrue, yPred)], [expected.accuracy], { atol });
  assertAllClose([accuracy(Int32Array.from(yTrue), Int32Array.from(yPred))], [expected.accuracy], {
    atol,
  });
});

Deno.test("f1Score() matches sklearn's f1_score on the oracle for every average", () => {
  assertAllClose([f1Score(yTrue, yPred, { average: "micro" })], [expected.f1_micro], { atol });
  assertAllClose([f1Score(yTrue, yPred, { average: "macro" })], [expected.f1_macro], { atol });
  assertAllClose([f1Score(yTrue, yPred, { average: "weighted" })], [expected.f1_weighted], {
    atol,
  });
  assertAllClose(f1Score(yTrue, yPred, { average: "none" }), expected.f1_per_class, { atol });
});

Deno.test("precision() and recall() match sklearn's macro averages on the oracle", () => {
  assertAllClose([precision(yTrue, yPred, { average: "macro" })], [expected.precision_macro], {
    atol,
  });
  assertAllClose([recall(yTrue, yPred, { average: "macro" })], [expected.recall_macro], { atol });
});

Deno.test("precisionRecallF1() gives per-class support equal to the oracle class counts", () => {
  const perClass = precisionRecallF1(yTrue, yPred, { average: "none" });
  assertEquals(perClass.labels, [0, 1, 2, 3]);
  assertEquals(perClass.support, expected.class_counts_true);
  // Swapping the arguments counts predictions per class instead.
  assertEquals(
    precisionRecallF1(yPred, yTrue, { average: "none" }).support,
    expected.class_counts_pred,
  );
});

Deno.test("confusionMatrix() matches sklearn's confusion_matrix on the oracle", () => {
  const cm = confusionMatrix(yTrue, yPred);
  assertEquals(cm, expected.confusion_matrix);
  assertEquals(cm.map((row) => row.reduce((a, b) => a + b)), expected.class_counts_true);
  assertEquals(
    cm[0].map((_, j) => cm.reduce((s, row) => s + row[j], 0)),
    expected.class_counts_pred,
  );
  assertEquals(confusionMatrix(yTrue, yPred, { numClasses: 4 }), expected.confusion_matrix);
});

Deno.test("precisionRecallF1() matches sklearn's documented multiclass example", () => {
  // sklearn precision_recall_fscore_support docs: y_true=[0,1,2,0,1,2], y_pred=[0,2,1,0,0,1].
  const t = [0, 1, 2, 0, 1, 2], p = [0, 2, 1, 0, 0, 1];
  const cases: [string, number, number, number][] = [
    ["macro", 2 / 9, 1 / 3, 0.8 / 3],
    ["micro", 1 / 3, 1 / 3, 1 / 3],
    ["weighted", 2 / 9, 1 / 3, 0.8 / 3],
  ];
  for (const [average, pr, rc, f1] of cases) {
    const s = precisionRecallF1(t, p, { average: average as "macro" });
    assertAllClose([s.precision, s.recall, s.f1], [pr, rc, f1], { atol, message: `${average}: ` });
  }
  const none = precisionRecallF1(t, p, { average: "none" });
  assertAllClose(none.precision, [2 / 3, 0, 0], { atol });
  assertAllClose(none.recall, [1, 0, 0], { atol });
  assertAllClose(none.f1, [0.8, 0, 0], { atol });
  assertEquals(none.support, [2, 2, 2]);
});

Deno.test("accuracy() and f1Score() score perfect and inverted predictions", () => {
  const t = [0, 0, 1, 1, 2];
  assertStrictEquals(accuracy(t, t), 1);
  assertStrictEquals(f1Score(t, t, { average: "macro" }), 1);
  const wrong = [1, 1, 0, 0, 0];
  assertStrictEquals(accuracy([0, 0, 1, 1], [1, 1, 0, 0]), 0);
  assertEquals(f1Score(t, wrong, { average: "none" }), [0, 0, 0]);
});

Deno.test("precisionRecallF1() uses zeroDivision for classes never predicted or never true", () => {
  // Class 1 is never predicted: its precision is 0/0.
  assertEquals(precision([0, 0, 1], [0, 0, 0], { average: "none" }), [2 / 3, 0]);
  assertEquals(precision([0, 0, 1], [0, 0, 0], { average: "none", zeroDivision: 1 }), [2 / 3, 1]);
  // Its F1 stays 0 either way: recall is 0 (sklearn 1.2 computes F from P and R).
  assertEquals(f1Score([0, 0, 1], [0, 0, 0], { average: "none", zeroDivision: 1 }), [0.8, 0]);
  // Class 2 (via numClasses) is neither true nor predicted: P = R = zeroDivision, F = 2PR/(P+R).
  const zero = precisionRecallF1([0, 1], [0, 1], { average: "none", numClasses: 3 });
  assertEquals([zero.precision, zero.recall, zero.f1], [[1, 1, 0], [1, 1, 0], [1, 1, 0]]);
  assertEquals(f1Score([0, 1], [0, 1], { average: "macro", numClasses: 3, zeroDivision: 1 }), 1);
  assertAllClose([f1Score([0, 1], [0, 1], { average: "macro", numClasses: 3 })], [2 / 3], {
    atol,
  });
  // Weighted average over labels that never occur in yTrue: sklearn's special case.
  const absent = { labels: [5], average: "weighted" } as const;
  assertEquals(precisionRecallF1([0, 1], [0, 1], absent), { precision: 0, recall: 0, f1: 0 });
  assertEquals(precisionRecallF1([0, 1], [0, 5], { ...absent, zeroDivision: 1 }), {
    precision: 0,
    recall: 1,
    f1: 0,
  });
});

Deno.test("confusionMatrix() and precisionRecallF1() honour explicit labels like sklearn", () => {
  // sklearn confusion_matrix docs example, then a reordered subset of its labels.
  const t = [2, 0, 2, 2, 0, 1], p = [0, 0, 2, 2, 0, 2];
  assertEquals(confusionMatrix(t, p), [[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
  assertEquals(confusionMatrix(t, p, { labels: [2, 0] }), [[2, 1], [0, 2]]);
  // Micro over labels {2}: tp 2, predicted 3, true 3.
  const s = precisionRecallF1(t, p, { labels: [2], average: "micro" });
  assertAllClose([s.precision, s.recall], [2 / 3, 2 / 3], { atol });
  // Labels need not be 0-based.
  assertEquals(confusionMatrix([-1, 7, 7], [7, 7, -1]), [[0, 1], [1, 1]]);
});

Deno.test("classification metrics throw clear errors on bad input", () => {
  const cases: [() => unknown, string][] = [
    [
      () => accuracy([0, 1, 1], [0, 1, 1, 0]),
      "Cannot compute accuracy: yTrue has 3 values but yPred has 4",
    ],
    [() => accuracy([], []), "Cannot compute accuracy: yTrue and yPred are empty"],
    [
      () => accuracy([0, 1], [0, 1.5]),
      "Cannot compute accuracy: yPred[1] is 1.5 (expected an integer class label)",
    ],
    [
      () => accuracy([NaN, 1], [0, 1]),
      "Cannot compute accuracy: yTrue[0] is NaN (expected an integer class label)",
    ],
    [
      () => accuracy([0, 1], [0, Infinity]),
      "Cannot compute accuracy: yPred[1] is Infinity (expected an integer class label)",
    ],
    [
      () => confusionMatrix([0, 1], [0]),
      "Cannot compute confusion matrix: yTrue has 2 values but yPred has 1",
    ],
    [
      () => confusionMatrix([0, 1, 2], [0, 1, 3], { numClasses: 3 }),
      "Cannot compute confusion matrix: yPred[2] is 3 (expected a class in 0..2 for numClasses 3)",
    ],
    [
      () => confusionMatrix([0], [0], { numClasses: 0 }),
      "Cannot compute confusion matrix: numClasses is 0 (expected a positive integer)",
    ],
    [
      () => confusionMatrix([0], [0], { numClasses: 2, labels: [0, 1] }),
      "Cannot compute confusion matrix: pass either numClasses or labels, not both",
    ],
    [
      () => confusionMatrix([0], [0], { labels: [] }),
      "Cannot compute confusion matrix: labels is empty",
    ],
    [
      () => confusionMatrix([0], [0], { labels: [0, 1, 0] }),
      "Cannot compute confusion matrix: labels contains duplicates (0, 1, 0)",
    ],
    [
      () => confusionMatrix([0], [0], { labels: [0, 0.5] }),
      "Cannot compute confusion matrix: labels[1] is 0.5 (expected an integer class label)",
    ],
    [
      () => precisionRecallF1([0], [0, 1], { average: "macro" }),
      "Cannot compute precision/recall/F1: yTrue has 1 values but yPred has 2",
    ],
    [
      () => precision([0], [0.5], { average: "macro" }),
      "Cannot compute precision: yPred[0] is 0.5 (expected an integer class label)",
    ],
    [
      () => recall([], [], { average: "macro" }),
      "Cannot compute recall: yTrue and yPred are empty",
    ],
    [
      () => f1Score([0], [0], { average: "binary" as "macro" }),
      'Cannot compute F1 score: average is binary (expected "micro", "macro", "weighted" or "none")',
    ],
    [
      () => f1Score([0], [0], { average: "macro", zeroDivision: 2 as 1 }),
      "Cannot compute F1 score: zeroDivision is 2 (expected 0 or 1)",
    ],
  ];
  for (const [fn, message] of cases) assertThrows(fn, { message });
});

Deno.test("f1Score() is fast on 1M typed-array labels", () => {
  const n = 1_000_000, t = new Int32Array(n), p = new Int32Array(n);
  for (let i = 0; i < n; i++) [t[i], p[i]] = [i % 40, (i * 7) % 40];
  const start = performance.now();
  const f1 = f1Score(t, p, { average: "macro" });
  assert(performance.now() - start < 2000, "f1Score on 1M labels took over 2 s");
  assert(f1 >= 0 && f1 <= 1);
});
