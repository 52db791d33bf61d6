import { assertAllClose, assertEquals, assertStrictEquals, assertThrows } from "../_assert.ts";
import { classificationReport, type ReportRow } from "../../lib/metrics/report.ts";
import { pyFixed } from "../../lib/metrics/_format.ts";
import { loadMetricsOracle, ORACLE_ATOL } from "./_oracle.ts";

const oracle = await loadMetricsOracle();
const { y_true: yTrue, y_pred: yPred } = oracle.inputs;
const expected = oracle.expected;
const atol = ORACLE_ATOL;

// The expected texts below were produced with sklearn 1.2's format strings in Python
// ("{:>{width}s} " + " {:>9.{digits}f}" * 3 + " {:>9}\n", ...) on values derived from the
// oracle's confusion matrix, which agree with its f1_per_class and macro averages. Averages use
// numpy as sklearn does (np.mean, np.average with support weights): weighted recall then comes
// out as exactly 0.635 (= accuracy), which prints as "0.64".
const ORACLE_TEXT = `              precision    recall  f1-score   support

           0       0.62      0.55      0.58        42
           1       0.60      0.59      0.60        44
           2       0.64      0.67      0.66        57
           3       0.66      0.70      0.68        57

    accuracy                           0.64       200
   macro avg       0.63      0.63      0.63       200
weighted avg       0.63      0.64      0.63       200
`;

const NAMED_TEXT = `                        precision    recall  f1-score   support

                   cat     0.6216    0.5476    0.5823        42
                   dog     0.6047    0.5909    0.5977        44
                  bird     0.6441    0.6667    0.6552        57
a very long class name     0.6557    0.7018    0.6780        57

              accuracy                         0.6350       200
             macro avg     0.6315    0.6267    0.6283       200
          weighted avg     0.6340    0.6350    0.6337       200
`;

Deno.test("classificationReport() has sklearn's output_dict keys and the oracle's values", () => {
  const report = classificationReport(yTrue, yPred);
  assertEquals(Object.keys(report), ["0", "1", "2", "3", "accuracy", "macro avg", "weighted avg"]);
  const cm = expected.confusion_matrix;
  for (let c = 0; c < 4; c++) {
    const row = report[String(c)] as ReportRow;
    assertEquals(Object.keys(row), ["precision", "recall", "f1-score", "support"]);
    const colSum = cm.reduce((s, r) => s + r[c], 0);
    assertAllClose(
      [row.precision, row.recall, row["f1-score"], row.support],
      [
        cm[c][c] / colSum,
        cm[c][c] / expected.class_counts_true[c],
        expected.f1_per_class[c],
        expected.class_counts_true[c],
      ],
      { atol, message: `class ${c}: ` },
    );
  }
  assertAllClose([report.accuracy as number], [expected.accuracy], { atol });
  const macro = report["macro avg"];
  assertAllClose(
    [macro.precision, macro.recall, macro["f1-score"], macro.support],
    [expected.precision_macro, expected.recall_macro, expected.f1_macro, 200],
    { atol },
  );
  const weighted = report["weighted avg"];
  // Weighted recall is accuracy for single-label data.
  assertAllClose(
    [weighted.recall, weighted["f1-score"], weighted.support],
    [expected.accuracy, expected.f1_weighted, 200],
    { atol },
  );
});

Deno.test("classificationReport() prints sklearn's text layout for the oracle", () => {
  assertStrictEquals(String(classificationReport(yTrue, yPred)), ORACLE_TEXT);
  const targetNames = ["cat", "dog", "bird", "a very long class name"];
  const named = classificationReport(Int32Array.from(yTrue), Int32Array.from(yPred), {
    targetNames,
    digits: 4,
  });
  assertStrictEquals(named.toString(), NAMED_TEXT);
  assertEquals(Object.keys(named).slice(0, 4), targetNames);
});

Deno.test("classificationReport() prints sklearn's documented example", () => {
  // From the sklearn classification_report docstring.
  const text = `              precision    recall  f1-score   support

     class 0       0.50      1.00      0.67         1
     class 1       0.00      0.00      0.00         1
     class 2       1.00      0.67      0.80         3

    accuracy                           0.60         5
   macro avg       0.50      0.56      0.49         5
weighted avg       0.70      0.60      0.61         5
`;
  const report = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], {
    targetNames: ["class 0", "class 1", "class 2"],
  });
  assertStrictEquals(String(report), text);
  assertStrictEquals(JSON.parse(JSON.stringify(report)).accuracy, 0.6);
});

Deno.test("classificationReport() shows micro avg when numClasses adds an absent class", () => {
  // Class 1 precision is 1/8, an exact binary tie that Python rounds to even ("0.12").
  const t = [0, 0, 0, 0, 0, 0, 0, 1, 1], p = [1, 1, 1, 1, 1, 1, 1, 1, 0];
  const text = `              precision    recall  f1-score   support

           0       0.00      0.00      0.00         7
           1       0.12      0.50      0.20         2
           2       0.00      0.00      0.00         0

   micro avg       0.11      0.11      0.11         9
   macro avg       0.04      0.17      0.07         9
weighted avg       0.03      0.11      0.04         9
`;
  const report = classificationReport(t, p, { numClasses: 3 });
  assertStrictEquals(String(report), text);
  assertEquals(Object.keys(report), ["0", "1", "2", "micro avg", "macro avg", "weighted avg"]);
  assertStrictEquals(report.accuracy, undefined);
});

Deno.test("pyFixed() rounds like Python's format(x, '.nf')", () => {
  // Right-hand values printed by CPython's format().
  const cases: [number, number, string][] = [
    [0.125, 2, "0.12"],
    [0.375, 2, "0.38"],
    [0.5, 0, "0"],
    [1.5, 0, "2"],
    [2.5, 0, "2"],
    [0.675, 2, "0.68"],
    [1.005, 2, "1.00"],
    [0.835, 2, "0.83"],
    [2 / 3, 2, "0.67"],
    [0.0625, 3, "0.062"],
    [0.9375, 3, "0.938"],
    [1, 2, "1.00"],
    [0, 2, "0.00"],
    [0.005, 2, "0.01"],
    [0.015, 2, "0.01"],
    [0.999, 2, "1.00"],
    [0.995, 2, "0.99"],
    [0.635, 2, "0.64"],
    [0.25, 1, "0.2"],
    [0.75, 1, "0.8"],
  ];
  for (const [x, digits, text] of cases) assertStrictEquals(pyFixed(x, digits), text, `${x}`);
});

Deno.test("classificationReport() throws clear errors on bad input", () => {
  const cases: [() => unknown, string][] = [
    [
      () => classificationReport([0, 1], [0, 1], { targetNames: ["a", "b", "c"] }),
      "Cannot build classification report: targetNames has 3 names but there are 2 classes (0, 1)",
    ],
    [
      () => classificationReport([0, 1], [0, 1], { digits: -1 }),
      "Cannot build classification report: digits is -1 (expected an integer from 0 to 20)",
    ],
    [
      () => classificationReport([0, 1], [0]),
      "Cannot build classification report: yTrue has 2 values but yPred has 1",
    ],
    [
      () => classificationReport([0, 1.5], [0, 1]),
      "Cannot build classification report: yTrue[1] is 1.5 (expected an integer class label)",
    ],
  ];
  for (const [fn, message] of cases) assertThrows(fn, { message });
});
