import {
  assertAllClose,
  assertEquals,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "../_assert.ts";
import {
  characterizationScore,
  type ExplanationMasks,
  fidelity,
  fidelityCurveAuc,
  groundTruthMetrics,
  sparsity,
  thresholdMask,
  unfaithfulness,
} from "../../lib/explain/metrics.ts";
import { loadExplainMetricsOracle } from "./_metrics_oracle.ts";

const oracle = await loadExplainMetricsOracle();

/**
 * Three explained nodes over three edges: node 0 predicts class 0 while edge 0 weighs > 0.5,
 * node 1 likewise with edge 1, node 2 always predicts class 1. Records every call's masks.
 */
function threeNodeModel() {
  const calls: ExplanationMasks[] = [];
  const predict = (masks: ExplanationMasks) => {
    calls.push(masks);
    const e = masks.edgeMask ?? new Float32Array([1, 1, 1]);
    const row = (class0: boolean) => (class0 ? [0.7, 0.3] : [0.2, 0.8]);
    return [row(e[0] > 0.5), row(e[1] > 0.5), [0.4, 0.6]];
  };
  return { predict, calls };
}

Deno.test("fidelity() model explanation: hand-worked example, complement is 1 - mask", async () => {
  // Unmasked: classes [0, 0, 1]. Mask [0.9, 0.2, 0.7] -> [0, 1, 1] (1 of 3 changed: fid- = 1/3);
  // complement [0.1, 0.8, 0.3] -> [1, 0, 1] (1 of 3 changed: fid+ = 1/3).
  const { predict, calls } = threeNodeModel();
  const edgeMask = new Float32Array([0.9, 0.2, 0.7]);
  const fid = await fidelity(predict, { masks: { edgeMask } });
  assertAllClose([fid.fidelityPlus, fid.fidelityMinus], [1 / 3, 1 / 3], { atol: 1e-15 });
  assertEquals(calls.length, 3);
  assertEquals(calls[0], {});
  assertEquals(calls[1].edgeMask, edgeMask);
  assertEquals(calls[2].edgeMask, Float32Array.from(edgeMask, (m) => 1 - m));
  assertAllClose(Array.from(calls[2].edgeMask!), [0.1, 0.8, 0.3], { atol: 1e-7 });

  // Mask [0.9, 0.8, 0.7] keeps every prediction (fid- = 0); its complement flips two (fid+ = 2/3).
  const sufficient = await fidelity(threeNodeModel().predict, {
    masks: { edgeMask: new Float32Array([0.9, 0.8, 0.7]) },
  });
  assertAllClose([sufficient.fidelityPlus, sufficient.fidelityMinus], [2 / 3, 0], { atol: 1e-15 });
});

Deno.test("fidelity() model explanation with a given target skips the unmasked run", async () => {
  const { predict, calls } = threeNodeModel();
  const fid = await fidelity(predict, {
    masks: { edgeMask: new Float32Array([0.9, 0.8, 0.7]) },
    target: [1, 1, 1], // explained [0, 0, 1] hits 1 of 3; complement [1, 1, 1] hits 3 of 3
  });
  assertEquals(calls.length, 2);
  assertAllClose([fid.fidelityPlus, fid.fidelityMinus], [0, 2 / 3], { atol: 1e-15 });
});

Deno.test("fidelity() phenomenon explanation: hand-worked example", async () => {
  // Target [0, 1, 0]. Unmasked [0, 0, 1] hits [1, 0, 0]. Mask [0.9, 0.8, 0.7]: explained
  // [0, 0, 1] hits [1, 0, 0] (|diff| sum 0); complement [1, 1, 1] hits [0, 1, 0] (|diff| 1, 1, 0).
  const fid = await fidelity(threeNodeModel().predict, {
    masks: { edgeMask: new Float32Array([0.9, 0.8, 0.7]) },
    explanationType: "phenomenon",
    target: [0, 1, 0],
  });
  assertAllClose([fid.fidelityPlus, fid.fidelityMinus], [2 / 3, 0], { atol: 1e-15 });
});

Deno.test("fidelity() thresholds the masks first when asked (hard masks)", async () => {
  const { predict, calls } = threeNodeModel();
  // topk_hard 1 of [0.4, 0.45, 0.1] -> [0, 1, 0]: explained [1, 0, 1], complement [0, 1, 1].
  const fid = await fidelity(predict, {
    masks: { edgeMask: new Float32Array([0.4, 0.45, 0.1]) },
    threshold: { type: "topk_hard", value: 1 },
  });
  assertEquals(calls[1].edgeMask, new Float32Array([0, 1, 0]));
  assertEquals(calls[2].edgeMask, new Float32Array([1, 0, 1]));
  // Unmasked [0, 0, 1]: explained [1, 0, 1] misses 1 (fid- = 1/3); complement [0, 1, 1] misses 1.
  assertAllClose([fid.fidelityPlus, fid.fidelityMinus], [1 / 3, 1 / 3], { atol: 1e-15 });
});

Deno.test("fidelity() rejects bad input with the argument named", async () => {
  const { predict } = threeNodeModel();
  const edgeMask = new Float32Array([0.9, 0.2, 0.7]);
  const cases: [() => Promise<unknown>, string][] = [
    [() => fidelity(predict, { masks: {} }), "masks has no nodeMask, edgeMask or featureMask"],
    [
      () => fidelity(predict, { masks: { edgeMask: new Float32Array([0.1, NaN]) } }),
      "masks.edgeMask[1] is NaN",
    ],
    [
      () => fidelity(predict, { masks: { edgeMask }, explanationType: "phenomenon" }),
      "target is missing",
    ],
    [() => fidelity(predict, { masks: { edgeMask }, target: [0, 1.5, 0] }), "target[1] is 1.5"],
    [
      () => fidelity(predict, { masks: { edgeMask }, target: [0, 1] }),
      "predict returned 3 rows but earlier calls returned 2",
    ],
    [() => fidelity(() => [[0.5, 0.6]], { masks: { edgeMask } }), "predict row 0 sums to 1.1"],
    [
      () => fidelity(predict, { masks: { edgeMask }, explanationType: "both" as "model" }),
      'explanationType is both (expected "model" or "phenomenon")',
    ],
  ];
  for (const [run, message] of cases) {
    await assertRejects(run, Error, `Cannot compute fidelity: ${message}`);
  }
});

Deno.test("characterizationScore() matches PyG's test cases and the oracle", () => {
  // PyG's test: weights 0.2 / 0.8.
  const cases: [number, number, number][] = [[1, 0, 1], [0.6, 0.2, 0.75], [0.5, 0.5, 0.5], [
    1,
    1,
    0,
  ]];
  for (const [plus, minus, expected] of cases) {
    const score = characterizationScore(plus, minus, { posWeight: 0.2, negWeight: 0.8 });
    assertAllClose([score], [expected], { atol: 1e-12, message: `${plus}, ${minus}: ` });
  }
  // Default weights 0.5 / 0.5: fid+ 2/3, fid- 0 -> 1 / (0.75 + 0.5) = 0.8.
  assertAllClose([characterizationScore(2 / 3, 0)], [0.8], { atol: 1e-15 });
  assertStrictEquals(characterizationScore(0, 0.3), 0);
  const { fidelity_plus, fidelity_minus, characterization_score } = oracle.fidelity_curve;
  assertAllClose(
    fidelity_plus.map((p, i) => characterizationScore(p, fidelity_minus[i])),
    characterization_score,
    { atol: 1e-12 },
  );
});

Deno.test("characterizationScore() rejects weights not summing to 1 and fidelities outside [0, 1]", () => {
  assertThrows(
    () => characterizationScore(0.5, 0.5, { posWeight: 0.5, negWeight: 0.6 }),
    RangeError,
    "Cannot compute characterization score: posWeight 0.5 and negWeight 0.6 (expected non-negative weights summing to 1)",
  );
  assertThrows(
    () => characterizationScore(NaN, 0.5),
    RangeError,
    "fidelityPlus is NaN (expected a number in [0, 1])",
  );
  assertThrows(() => characterizationScore(0.5, 1.2), RangeError, "fidelityMinus is 1.2");
});

Deno.test("fidelityCurveAuc() matches PyG's test cases and torch.trapezoid on the oracle", () => {
  const plus = [1, 1, 0.5, 1], minus = [0, 0.5, 0.5, 0.9];
  assertAllClose([fidelityCurveAuc(plus, minus, [0, 1, 2, 3])], [8.5], { atol: 1e-12 });
  assertAllClose([fidelityCurveAuc(plus, minus, [10, 11, 12, 13])], [8.5], { atol: 1e-12 });
  // Uneven steps: y = [1, 2, 1, 10] at x = [0, 2, 3, 3]: 3 + 1.5 + 0.
  assertAllClose([fidelityCurveAuc(plus, minus, [0, 2, 3, 3])], [4.5], { atol: 1e-12 });
  const { fidelity_plus, fidelity_minus, x, auc } = oracle.fidelity_curve;
  assertAllClose([fidelityCurveAuc(fidelity_plus, fidelity_minus, x)], [auc], { atol: 1e-12 });
});

Deno.test("fidelityCurveAuc() rejects descending x, fid- of 1 and length mismatches", () => {
  const action = "Cannot compute fidelity curve AUC";
  assertThrows(
    () => fidelityCurveAuc([1, 1], [0, 0], [1, 0]),
    RangeError,
    `${action}: x[1] is 0 < x[0] (expected ascending x)`,
  );
  assertThrows(
    () => fidelityCurveAuc([1, 1], [0, 1], [0, 1]),
    RangeError,
    `${action}: fidelityMinus[1] is 1`,
  );
  assertThrows(
    () => fidelityCurveAuc([1, 1, 1], [0, 0], [0, 1]),
    RangeError,
    `${action}: fidelityPlus has 3 values but fidelityMinus has 2`,
  );
  assertThrows(() => fidelityCurveAuc([], [], []), RangeError, `${action}: fidelityPlus is empty`);
});

Deno.test("unfaithfulness() is 1 - exp(-KL(masked || original)) as PyG computes it", async () => {
  const edgeMask = new Float32Array([0.5]);
  // Hand-worked: original [0.8, 0.2], masked [0.5, 0.5]:
  // KL = 0.5 ln(0.5/0.8) + 0.5 ln(0.5/0.2) = 0.5 ln(0.625 * 2.5) = 0.5 ln(1.5625) = ln(1.25).
  // 1 - exp(-ln 1.25) = 1 - 0.8 = 0.2.
  const hand = await unfaithfulness(() => [[0.5, 0.5]], {
    masks: { edgeMask },
    prediction: [[0.8, 0.2]],
  });
  assertAllClose([hand], [0.2], { atol: 1e-15 });
  // The same predictions masked and unmasked: perfectly faithful.
  assertStrictEquals(await unfaithfulness(() => [[0.8, 0.2]], { masks: { edgeMask } }), 0);
  // A zero in the masked prediction adds nothing (torch's kl_div uses xlogy).
  const zero = await unfaithfulness(() => [[1, 0]], {
    masks: { edgeMask },
    prediction: [[0.5, 0.5]],
  });
  assertAllClose([zero], [1 - Math.exp(-Math.log(2))], { atol: 1e-15 });
  // torch's F.kl_div(y.log(), y_hat, reduction="batchmean") on 5 nodes x 4 classes.
  const { y, y_hat, expected } = oracle.unfaithfulness;
  const calls: ExplanationMasks[] = [];
  const predict = (
    masks: ExplanationMasks,
  ) => (calls.push(masks), Object.keys(masks).length ? y_hat : y);
  assertAllClose([await unfaithfulness(predict, { masks: { edgeMask } })], [expected], {
    atol: 1e-12,
  });
  assertEquals(calls, [{}, { edgeMask }]);
});

Deno.test("unfaithfulness() topK keeps the features of largest total weight at full value", async () => {
  const calls: ExplanationMasks[] = [];
  const predict = (masks: ExplanationMasks) => (calls.push(masks), [[0.6, 0.4]]);
  // 2 nodes x 3 features; column totals 0.5, 1.25, 0.75: the top 2 are features 1 and 2.
  const featureMask = new Float32Array([0.25, 0.5, 0.25, 0.25, 0.75, 0.5]);
  const edgeMask = new Float32Array([0.5, 0.25]);
  await unfaithfulness(predict, {
    masks: { featureMask, edgeMask },
    prediction: [[0.6, 0.4]],
    topK: 2,
    numFeatures: 3,
  });
  assertEquals(calls[0].featureMask, new Float32Array([0, 1, 1, 0, 1, 1]));
  assertStrictEquals(calls[0].edgeMask, edgeMask);
  await assertRejects(
    () => unfaithfulness(predict, { masks: { featureMask }, topK: 4, numFeatures: 3 }),
    RangeError,
    "Cannot compute unfaithfulness: topK is 4 (expected an integer in 1..3)",
  );
  await assertRejects(
    () => unfaithfulness(predict, { masks: { featureMask }, topK: 1, numFeatures: 4 }),
    RangeError,
    "numFeatures is 4 (expected a positive integer dividing masks.featureMask's length 6)",
  );
  await assertRejects(
    () => unfaithfulness(predict, { masks: { edgeMask }, topK: 1 }),
    TypeError,
    "topK needs masks.featureMask, which is missing",
  );
  await assertRejects(
    () =>
      unfaithfulness(() => [[0.2, 0.3, 0.5]], { masks: { edgeMask }, prediction: [[0.6, 0.4]] }),
    RangeError,
    "predict returned 3 classes but prediction has 2",
  );
});

Deno.test("sparsity() is the fraction of entries not selected", () => {
  const cases: [number[], number | undefined, number][] = [
    [[0, 0.25, 0.75, 0], undefined, 0.5],
    [[0, 0.25, 0.75, 0], 0.5, 0.75],
    [[1, 1, 1, 1], undefined, 0],
    [[0, 0, 0], undefined, 1],
  ];
  for (const [mask, threshold, expected] of cases) {
    assertStrictEquals(sparsity(new Float32Array(mask), { threshold }), expected);
  }
  assertThrows(
    () => sparsity(new Float32Array([0.5, NaN])),
    TypeError,
    "Cannot compute sparsity: mask[1] is NaN",
  );
  assertThrows(
    () => sparsity(new Float32Array([])),
    RangeError,
    "Cannot compute sparsity: mask is empty",
  );
});

Deno.test("thresholdMask() hard, topk and topk_hard like PyG's Explanation.threshold", () => {
  const mask = new Float32Array([0.5, 0.25, 0.75, 0.25]);
  const cases: [Parameters<typeof thresholdMask>[1], number[]][] = [
    [{ type: "hard", value: 0.25 }, [1, 0, 1, 0]],
    [{ type: "hard", value: 0.5 }, [0, 0, 1, 0]],
    [{ type: "topk", value: 2 }, [0.5, 0, 0.75, 0]],
    [{ type: "topk_hard", value: 3 }, [1, 1, 1, 0]], // tie at 0.25: the lower index wins
    [{ type: "topk", value: 9 }, [0.5, 0.25, 0.75, 0.25]], // k >= length keeps all, as PyG
    [{ type: "topk_hard", value: 4 }, [1, 1, 1, 1]],
  ];
  for (const [threshold, expected] of cases) {
    assertEquals(
      thresholdMask(mask, threshold),
      new Float32Array(expected),
      JSON.stringify(threshold),
    );
  }
  assertThrows(
    () => thresholdMask(mask, { type: "topk", value: 0 }),
    RangeError,
    "Cannot threshold mask: threshold.value is 0 (expected an integer k >= 1)",
  );
  assertThrows(
    () => thresholdMask(mask, { type: "soft" as "hard", value: 0 }),
    TypeError,
    'threshold.type is soft (expected "hard", "topk" or "topk_hard")',
  );
});

Deno.test("groundTruthMetrics() hand-worked: ROC-AUC with ties, precision and recall", () => {
  // Motif edges 0, 1, 4. Mask: positives 0.75, 0.5, 0.25; negatives 0.5, 0.25, 0.
  // Pairs (3 x 3): 0.75 beats all 3; 0.5 beats 2, ties 1; 0.25 beats 1, ties 1: 7 / 9.
  const mask = new Float32Array([0.75, 0.5, 0.5, 0.25, 0.25, 0]);
  const truth = [1, 1, 0, 0, 1, 0];
  const atThreshold = groundTruthMetrics(mask, truth, { threshold: 0.4 });
  // Selected {0, 1, 2}: tp 2, fp 1, fn 1, tn 2.
  assertAllClose(
    [
      atThreshold.rocAuc,
      atThreshold.precision,
      atThreshold.recall,
      atThreshold.f1,
      atThreshold.accuracy,
    ],
    [7 / 9, 2 / 3, 2 / 3, 2 / 3, 4 / 6],
    { atol: 1e-15 },
  );
  // Top 1: {0}: precision 1, recall 1/3.
  const top1 = groundTruthMetrics(mask, truth, { topK: 1 });
  assertAllClose([top1.precision, top1.recall, top1.f1], [1, 1 / 3, 0.5], { atol: 1e-15 });
  // PyG's default threshold 0 selects every non-zero entry.
  const byDefault = groundTruthMetrics(mask, truth);
  assertAllClose([byDefault.precision, byDefault.recall], [3 / 5, 1], { atol: 1e-15 });
  // Nothing selected: precision 0 (PyG's and sklearn's zero_division=0).
  assertStrictEquals(groundTruthMetrics(mask, truth, { threshold: 0.9 }).precision, 0);
});

Deno.test("groundTruthMetrics() matches sklearn's roc_auc_score, precision and recall on the oracle", () => {
  for (const c of oracle.ground_truth) {
    const mask = Float32Array.from(c.mask);
    assertEquals(Array.from(mask), c.mask); // the oracle's masks are exact float32 values
    const byThreshold = groundTruthMetrics(mask, c.ground_truth, { threshold: c.threshold });
    const byTopK = groundTruthMetrics(mask, c.ground_truth, { topK: c.top_k });
    const message = `${c.mask.length} edges: `;
    assertAllClose(
      [
        byThreshold.rocAuc,
        byThreshold.precision,
        byThreshold.recall,
        byTopK.precision,
        byTopK.recall,
      ],
      [
        c.roc_auc,
        c.precision_at_threshold,
        c.recall_at_threshold,
        c.precision_at_top_k,
        c.recall_at_top_k,
      ],
      { atol: 1e-12, message },
    );
  }
});

Deno.test("groundTruthMetrics() rejects bad input with the argument named", () => {
  const action = "Cannot compute ground-truth metrics";
  const mask = new Float32Array([0.5, 0.25, 0.75]);
  const cases: [() => unknown, string][] = [
    [() => groundTruthMetrics(mask, [1, 0]), `${action}: mask has 3 values but groundTruth has 2`],
    [
      () => groundTruthMetrics(new Float32Array([NaN, 0, 1]), [1, 0, 0]),
      `${action}: mask[0] is NaN`,
    ],
    [() => groundTruthMetrics(mask, [1, 0, 2]), `${action}: groundTruth[2] is 2 (expected 0 or 1)`],
    [() => groundTruthMetrics(mask, [0, 0, 0]), `${action}: groundTruth is all 0`],
    [
      () => groundTruthMetrics(mask, [1, 0, 0], { topK: 0 }),
      `${action}: topK is 0 (expected an integer in 1..3)`,
    ],
    [() => groundTruthMetrics(mask, [1, 0, 0], { topK: 4 }), `${action}: topK is 4`],
    [
      () => groundTruthMetrics(mask, [1, 0, 0], { topK: 1, threshold: 0.5 }),
      `${action}: options has both threshold and topK`,
    ],
  ];
  for (const [run, message] of cases) assertThrows(run, Error, message);
});
