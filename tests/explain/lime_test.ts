import { assert, assertAllClose, assertEquals, assertRejects } from "../_assert.ts";
import { kernelShap } from "../../lib/explain/kernel_shap.ts";
import { lime, type LimeFeatureSelection } from "../../lib/explain/lime.ts";
import { featureValueFn, type ValueFn } from "../../lib/explain/value_fn.ts";
import { createRng } from "../../lib/random/rng.ts";
import { runPythonJson } from "../_python.ts";
import { nonlinearGame } from "./_games.ts";

// lime's LimeBase (feature selection, kernel, Ridge(alpha=1) surrogate, score, local_pred) on the
// same samples, written with scikit-learn: `lime` itself is not importable by /usr/bin/python3.
const LIME_ORACLE = `
import json, sys
import numpy as np
from sklearn.linear_model import Ridge
q = json.load(sys.stdin)
X = np.array(q["samples"], dtype=float); y = np.array(q["y"]); k = q["numFeatures"]
d = np.sqrt(((X - X[0]) ** 2).sum(1))
w = np.sqrt(np.exp(-(d ** 2) / q["kernelWidth"] ** 2))
out = {}
for method in ["none", "highest_weights", "forward"]:
    if method == "none":
        used = list(range(X.shape[1]))
    elif method == "highest_weights":
        coef = Ridge(alpha=0.01, fit_intercept=True).fit(X, y, sample_weight=w).coef_ * X[0]
        used = [i for i, _ in sorted(enumerate(coef), key=lambda t: -abs(t[1]))[:k]]
    else:
        used = []
        for _ in range(k):
            best, best_score = 0, -1e8
            for f in range(X.shape[1]):
                if f in used: continue
                clf = Ridge(alpha=0, fit_intercept=True).fit(X[:, used + [f]], y, sample_weight=w)
                s = clf.score(X[:, used + [f]], y, sample_weight=w)
                if s > best_score: best, best_score = f, s
            used.append(best)
    model = Ridge(alpha=1, fit_intercept=True).fit(X[:, used], y, sample_weight=w)
    out[method] = dict(selected=used, coef=model.coef_.tolist(), intercept=float(model.intercept_),
        score=float(model.score(X[:, used], y, sample_weight=w)),
        local=float(model.predict(X[0:1, used])[0]))
print(json.dumps(out))
`;

interface OracleFit {
  selected: number[];
  coef: number[];
  intercept: number;
  score: number;
  local: number;
}

/** Wraps a value function to keep the coalitions it was asked for. */
function recording(valueFn: ValueFn): { valueFn: ValueFn; seen: Uint8Array[]; y: number[] } {
  const seen: Uint8Array[] = [], y: number[] = [];
  return {
    seen,
    y,
    valueFn: async (cs) => {
      const out = await valueFn(cs);
      seen.push(...cs);
      y.push(...out);
      return out;
    },
  };
}

Deno.test("lime() matches lime's LimeBase written with scikit-learn, for each feature selection", async () => {
  const m = 9, numFeatures = 4;
  const { valueFn } = nonlinearGame(m, 2);
  const record = recording(valueFn);
  await lime(record.valueFn, m, { numSamples: 400, featureSelection: "none", seed: 3 });
  const oracle = await runPythonJson<Record<string, OracleFit>>(LIME_ORACLE, {
    input: {
      samples: record.seen.map((c) => Array.from(c)),
      y: record.y,
      numFeatures,
      kernelWidth: 0.75 * Math.sqrt(m),
    },
    modules: ["numpy", "sklearn"],
  });
  const selections: LimeFeatureSelection[] = ["none", "highest_weights", "forward"];
  for (const featureSelection of selections) {
    const ours = await lime(valueFn, m, {
      numSamples: 400,
      featureSelection,
      numFeatures,
      seed: 3,
    });
    const expected = oracle[featureSelection];
    const message = `${featureSelection}: `;
    assertEquals(Array.from(ours.selected), expected.selected, message);
    assertAllClose(Array.from(ours.selected, (i) => ours.coefficients[i]), expected.coef, {
      atol: 1e-9,
      message,
    });
    assertAllClose([ours.intercept, ours.r2, ours.localPrediction], [
      expected.intercept,
      expected.score,
      expected.local,
    ], { atol: 1e-9, message });
    assert(ours.r2 < 0.999, `${message}the game is not linear: R^2 ${ours.r2}`);
  }
});

Deno.test("lime() recovers a locally linear model's coefficients with R^2 = 1", async () => {
  const m = 8;
  const rng = createRng(7);
  const w = Float64Array.from({ length: m }, () => rng.normal());
  const x = Float64Array.from({ length: m }, () => rng.normal());
  const reference = Float64Array.from({ length: m }, () => rng.normal());
  const predict = (rows: Float64Array[]) =>
    rows.map((r) => 0.3 + r.reduce((s, v, i) => s + w[i] * v, 0));
  const valueFn = featureValueFn(predict, x, reference);
  const expected = w.map((wi, i) => wi * (x[i] - reference[i]));
  const opts = { featureSelection: "none", seed: 1 } as const;

  const unpenalised = await lime(valueFn, m, { ...opts, alpha: 0 });
  assertAllClose(unpenalised.coefficients, expected, { atol: 1e-9 });
  assertAllClose([unpenalised.intercept], [predict([reference])[0]], { atol: 1e-9 });
  assertAllClose([unpenalised.r2, unpenalised.localPrediction], [1, unpenalised.outputValue], {
    atol: 1e-9,
  });

  // lime's default alpha = 1 shrinks each slope by about 1 / (1 + 1 / (0.25 * sum of weights)),
  // 2e-3 relative here (5000 samples of mean weight ~0.6).
  const ridge = await lime(valueFn, m, opts);
  assertAllClose(ridge.coefficients.map((c, i) => c / expected[i] - 1), new Float64Array(m), {
    atol: 3e-3,
  });
  assert(ridge.r2 > 0.9999, `R^2 ${ridge.r2}`);
  // With a single reference the model is additive in its players: LIME's slopes are its SHAP values.
  assertAllClose((await kernelShap(valueFn, m)).values, unpenalised.coefficients, { atol: 1e-9 });
});

Deno.test("lime() feature selection finds the players that matter", async () => {
  const m = 30;
  const big = [4, 17, 23];
  // Three strong players, the rest weak, plus an interaction the surrogate cannot fit.
  const valueFn: ValueFn = (cs) =>
    cs.map((c) =>
      3 * c[4] - 2.5 * c[17] + 2 * c[23] + c.reduce((s, b, i) => s + 0.05 * b * (i % 3), 0) +
      0.3 * c[0] * c[1]
    );
  for (const featureSelection of ["auto", "forward", "highest_weights"] as const) {
    const result = await lime(valueFn, m, { numFeatures: 3, featureSelection, seed: 2 });
    assertEquals(Array.from(result.selected), big, featureSelection);
    assertEquals(result.coefficients.filter((c) => c !== 0).length, 3);
    assert(result.r2 > 0.9 && result.r2 < 1, `${featureSelection}: R^2 ${result.r2}`);
  }
  const all = await lime(valueFn, m, { featureSelection: "none" });
  assertEquals(all.selected.length, m);
  assertEquals((await lime(valueFn, m)).selected.length, 10); // lime's default num_features
});

Deno.test("lime() is deterministic for a seed and varies with it", async () => {
  const { valueFn } = nonlinearGame(6, 4);
  const a = await lime(valueFn, 6, { seed: 9, numSamples: 300 });
  const b = await lime(valueFn, 6, { seed: 9, numSamples: 300, batchSize: 11 });
  const c = await lime(valueFn, 6, { seed: 10, numSamples: 300 });
  assertEquals(a, b);
  assert(a.r2 !== c.r2);
});

Deno.test("lime() rejects bad options with the argument named", async () => {
  const v: ValueFn = (cs) => cs.map(() => 0);
  const cases: [() => Promise<unknown>, string][] = [
    [() => lime(v, 0), "numPlayers must be an integer >= 1, got 0"],
    [() => lime(v, 3, { numSamples: 1 }), "numSamples must be an integer >= 2, got 1"],
    [() => lime(v, 3, { numFeatures: 0 }), "numFeatures must be an integer >= 1, got 0"],
    [
      () => lime(v, 3, { featureSelection: "lasso_path" as LimeFeatureSelection }),
      "featureSelection must be one of auto, forward, highest_weights, none, got lasso_path",
    ],
    [() => lime(v, 3, { kernelWidth: 0 }), "kernelWidth must be a finite number > 0, got 0"],
    [() => lime(v, 3, { alpha: -1 }), "alpha must be a finite number >= 0, got -1"],
    [() => lime(v, 3, { keepProbability: 1 }), "keepProbability must be in (0, 1), got 1"],
    [
      () => lime(v, 3, { numSamples: 2, alpha: 0, featureSelection: "none" }),
      "the 2 samples do not determine",
    ],
  ];
  for (const [run, message] of cases) {
    const error = await assertRejects(run, Error, message);
    assert(error.message.startsWith("Cannot explain: "), error.message);
  }
});
