import { assertAllClose, assertStrictEquals, assertThrows } from "../_assert.ts";
import {
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from "../../lib/metrics/regression.ts";
import { loadMetricsOracle, ORACLE_ATOL } from "./_oracle.ts";

const oracle = await loadMetricsOracle();
const { y_true_reg: yTrue, y_pred_reg: yPred } = oracle.inputs;
const { mse, mae, r2, rmse } = oracle.expected;
const atol = ORACLE_ATOL;

Deno.test("regression metrics match sklearn on the oracle", () => {
  assertAllClose([meanSquaredError(yTrue, yPred)], [mse], { atol });
  assertAllClose([meanAbsoluteError(yTrue, yPred)], [mae], { atol });
  assertAllClose([r2Score(yTrue, yPred)], [r2], { atol });
  assertAllClose([rootMeanSquaredError(yTrue, yPred)], [rmse], { atol });
});

Deno.test("regression metrics accept Float32Array inputs", () => {
  const t = Float32Array.from(yTrue), p = Float32Array.from(yPred);
  assertAllClose([meanSquaredError(t, p), r2Score(t, p)], [mse, r2], { atol: 1e-6 });
});

Deno.test("regression metrics match sklearn's documented examples", () => {
  // sklearn docs: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8].
  const t = [3, -0.5, 2, 7], p = [2.5, 0.0, 2, 8];
  assertStrictEquals(meanSquaredError(t, p), 0.375);
  assertStrictEquals(meanAbsoluteError(t, p), 0.5);
  assertAllClose([rootMeanSquaredError(t, p)], [Math.sqrt(0.375)], { atol });
  // SS_res = 1.5, SS_tot = 29.1875.
  assertAllClose([r2Score(t, p)], [1 - 1.5 / 29.1875], { atol });
});

Deno.test("r2Score() handles perfect, constant and mean predictions like sklearn", () => {
  assertStrictEquals(r2Score([1, 2, 3], [1, 2, 3]), 1);
  assertStrictEquals(r2Score([1, 2, 3], [2, 2, 2]), 0);
  assertStrictEquals(r2Score([1, 2, 3], [3, 2, 1]), -3);
  // Constant yTrue: 1 for a perfect prediction, else 0 (sklearn's force_finite).
  assertStrictEquals(r2Score([2, 2], [2, 2]), 1);
  assertStrictEquals(r2Score([2, 2], [2, 3]), 0);
});

Deno.test("regression metrics throw clear errors on bad input", () => {
  const cases: [() => unknown, string][] = [
    [
      () => meanSquaredError([1, 2, 3], [1, 2]),
      "Cannot compute mean squared error: yTrue has 3 values but yPred has 2",
    ],
    [
      () => meanAbsoluteError([], []),
      "Cannot compute mean absolute error: yTrue and yPred are empty",
    ],
    [
      () => rootMeanSquaredError([1, NaN], [1, 2]),
      "Cannot compute root mean squared error: yTrue[1] is NaN (expected a finite number)",
    ],
    [
      () => meanSquaredError([1, 2], [1, Infinity]),
      "Cannot compute mean squared error: yPred[1] is Infinity (expected a finite number)",
    ],
    [() => r2Score([1], [1]), "Cannot compute R² score: needs at least 2 samples, got 1"],
  ];
  for (const [fn, message] of cases) assertThrows(fn, { message });
});
