import { assertAllClose, assertThrows } from "../_assert.ts";
import { logLoss } from "../../lib/metrics/log_loss.ts";
import { loadMetricsOracle, ORACLE_ATOL } from "./_oracle.ts";

const oracle = await loadMetricsOracle();
const atol = ORACLE_ATOL;

Deno.test("logLoss() matches sklearn's log_loss on the oracle", () => {
  const { y_true, probs } = oracle.inputs;
  assertAllClose([logLoss(y_true, probs)], [oracle.expected.log_loss], { atol });
  const rows32 = probs.map((row) => Float32Array.from(row));
  assertAllClose([logLoss(Int32Array.from(y_true), rows32)], [oracle.expected.log_loss], {
    atol: 1e-6,
  });
});

Deno.test("logLoss() matches sklearn's documented example", () => {
  // sklearn docs: log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2],
  // [.35, .65]]) = 0.21616...; here ham = 0, spam = 1.
  const p = [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]];
  const expected = -(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4;
  assertAllClose([logLoss([1, 0, 0, 1], p)], [expected], { atol });
  assertAllClose([expected], [0.21616187468057912], { atol });
});

Deno.test("logLoss() clips to [eps, 1 - eps] and renormalises rows like sklearn 1.2", () => {
  // A zero probability for the true class is clipped to eps: loss = -log(eps / (1 + eps)).
  const eps = 1e-3;
  const clipped = logLoss([0], [[0, 1]], { eps });
  assertAllClose([clipped], [-Math.log(eps / (eps + 1 - eps))], { atol });
  // Rows that do not sum to 1 are renormalised after clipping: [0.2, 0.6] -> [0.25, 0.75], but
  // [2, 6] is first clipped to [1 - eps, 1 - eps] -> [0.5, 0.5].
  assertAllClose([logLoss([1], [[0.2, 0.6]])], [-Math.log(0.75)], { atol });
  assertAllClose([logLoss([1], [[2, 6]])], [Math.log(2)], { atol });
  // Default eps is float64 machine epsilon for plain numbers, float32's for Float32Array rows.
  assertAllClose([logLoss([0], [[0, 1]])], [-Math.log(Number.EPSILON)], { atol: 1e-9 });
  const e32 = 2 ** -23;
  assertAllClose([logLoss([0], [new Float32Array([0, 1])])], [-Math.log(e32)], { atol: 1e-6 });
});

Deno.test("logLoss() throws clear errors on bad input", () => {
  const cases: [() => unknown, string][] = [
    [() => logLoss([], []), "Cannot compute log loss: yTrue is empty"],
    [
      () => logLoss([0, 1], [[0.5, 0.5]]),
      "Cannot compute log loss: probs has 1 rows but yTrue has 2 values",
    ],
    [
      () => logLoss([0, 2], [[0.5, 0.5], [0.5, 0.5]]),
      "Cannot compute log loss: yTrue[1] is 2 (expected a class in 0..1 for probs with 2 columns)",
    ],
    [
      () => logLoss([0], [[0.5, Infinity]]),
      "Cannot compute log loss: probs[0][1] is Infinity (expected a finite number)",
    ],
    [
      () => logLoss([0], [[0.5, 0.5]], { eps: 0.5 }),
      "Cannot compute log loss: eps is 0.5 (expected 0 <= eps < 0.5)",
    ],
  ];
  for (const [fn, message] of cases) assertThrows(fn, { message });
});
