import {
  assert,
  assertAllClose,
  assertEquals,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "../_assert.ts";
import {
  PAPER_STABILITY_THRESHOLD,
  perturbFeatures,
  predictionStability,
  predictionStd,
  relativeInputStability,
  topKJaccard,
} from "../../lib/explain/stability.ts";
import { loadExplainMetricsOracle } from "./_metrics_oracle.ts";

const oracle = await loadExplainMetricsOracle();

Deno.test("predictionStd() hand-worked: population std per class, max over classes, 0.05 line", () => {
  // Node 0, class 0 over 3 runs: 0.5, 0.6, 0.7 -> mean 0.6, var (0.01 + 0 + 0.01) / 3.
  // Node 1: 0.98, 0.99, 1 -> std sqrt((1e-4 + 0 + 1e-4) / 3) ~ 0.0082, below 0.05.
  const s = predictionStd([
    [[0.5, 0.5], [0.98, 0.02]],
    [[0.6, 0.4], [0.99, 0.01]],
    [[0.7, 0.3], [1, 0]],
  ]);
  assertAllClose(s.std, [Math.sqrt(0.02 / 3), Math.sqrt(0.0002 / 3)], { atol: 1e-12 });
  assertAllClose(s.meanProbabilities, [0.6, 0.4, 0.99, 0.01], { atol: 1e-12 });
  assertEquals(s.stable, [false, true]);
  assertStrictEquals(s.allStable, false);
  assertStrictEquals(s.threshold, PAPER_STABILITY_THRESHOLD);
  assertStrictEquals(PAPER_STABILITY_THRESHOLD, 0.05);
  assertStrictEquals(s.repeats, 3);
  assertStrictEquals(s.numClasses, 2);
  assertStrictEquals(s.maxStd, s.std[0]);
  assertAllClose([s.meanStd], [(s.std[0] + s.std[1]) / 2], { atol: 1e-15 });
  assertEquals(predictionStd([[[0.5, 0.5]], [[0.6, 0.4]]], { threshold: 0.1 }).stable, [true]);
});

Deno.test("predictionStd() matches numpy's std (ddof=0) on the oracle", () => {
  const { runs, std_by_class, std } = oracle.prediction_stability;
  const s = predictionStd(runs);
  assertAllClose(s.stdByClass, std_by_class.flat(), { atol: 1e-12 });
  assertAllClose(s.std, std, { atol: 1e-12 });
});

Deno.test("predictionStd() rejects bad input with the argument named", () => {
  const action = "Cannot compute prediction stability";
  const cases: [() => unknown, string][] = [
    [() => predictionStd([[[0.5, 0.5]]]), `${action}: runs has 1 entries (expected at least 2`],
    [
      () => predictionStd([[[0.5, 0.5]], [[0.5, 0.5], [1, 0]]]),
      `${action}: runs[1] returned 2 rows but earlier calls returned 1`,
    ],
    [
      () => predictionStd([[[0.5, 0.5]], [[NaN, 0.5]]]),
      `${action}: runs[1] row 0 has NaN at class 0`,
    ],
    [
      () => predictionStd([[[0.5, 0.5]], [[0.2, 0.3, 0.5]]]),
      `${action}: runs[1] row 0 has 3 classes but runs[0] has 2`,
    ],
    [
      () => predictionStd([[[0.5, 0.5]], [[0.5, 0.5]]], { threshold: 0 }),
      `${action}: threshold is 0`,
    ],
  ];
  for (const [run, message] of cases) assertThrows(run, Error, message);
});

Deno.test("predictionStability() runs seeds seed..seed+repeats-1 and is reproducible", async () => {
  const seen: number[] = [];
  const x = new Float32Array([0.5, -0.25, 1]);
  const run = (seed: number) => {
    seen.push(seed);
    const v = perturbFeatures(x, { scale: 0.05, seed });
    const p = 1 / (1 + Math.exp(-(v[0] + v[1] + v[2])));
    return [[p, 1 - p]];
  };
  const a = await predictionStability(run, { repeats: 5, seed: 3 });
  assertEquals(seen, [3, 4, 5, 6, 7]);
  const b = await predictionStability(run, { repeats: 5, seed: 3 });
  assertEquals(a.std, b.std);
  assert(a.std[0] > 0);
  const c = await predictionStability(run, { repeats: 5, seed: 4 });
  assert(a.std[0] !== c.std[0], "a different seed gives different runs");
  await assertRejects(
    () => predictionStability(run, { repeats: 1 }),
    RangeError,
    "Cannot compute prediction stability: repeats is 1 (expected an integer >= 2)",
  );
  await assertRejects(
    () => predictionStability(run, { seed: 0.5 }),
    RangeError,
    "seed is 0.5 (expected an integer)",
  );
});

Deno.test("perturbFeatures() adds seeded Gaussian noise of the given scale", () => {
  const x = new Float32Array(20000).fill(1);
  const a = perturbFeatures(x, { scale: 0.1, seed: 11 });
  assertEquals(a, perturbFeatures(x, { scale: 0.1, seed: 11 }));
  assert(a.join() !== perturbFeatures(x, { scale: 0.1, seed: 12 }).join());
  let mean = 0, sq = 0;
  for (const v of a) mean += (v - 1) / a.length;
  for (const v of a) sq += (v - 1 - mean) ** 2 / a.length;
  // 20000 draws: the sample std is within a few percent of 0.1, the mean within 0.005 of 0.
  assertAllClose([Math.sqrt(sq), mean], [0.1, 0], { atol: 0.005 });
  assertEquals(perturbFeatures(x.subarray(0, 3), { scale: 0, seed: 1 }), x.slice(0, 3));
  assertThrows(
    () => perturbFeatures(x, { scale: -1, seed: 1 }),
    RangeError,
    "Cannot perturb features: scale is -1",
  );
});

Deno.test("topKJaccard() hand-worked cases", () => {
  const a = new Float32Array([0.9, 0.8, 0.1, 0.0, 0.5]);
  const cases: [number[], number, number][] = [
    [[0.9, 0.8, 0.1, 0.0, 0.5], 2, 1], // identical
    [[0.1, 0.2, 0.9, 0.8, 0.0], 2, 0], // disjoint: {0, 1} vs {2, 3}
    [[0.9, 0.1, 0.8, 0.0, 0.0], 2, 1 / 3], // {0, 1} vs {0, 2}
    [[0.0, 0.9, 0.8, 0.0, 0.7], 3, 2 / 4], // {0, 1, 4} vs {1, 2, 4}
    [[0.5, 0.5, 0.5, 0.5, 0.5], 2, 1], // all tied: the lower indices {0, 1}
    [[0, 0, 0, 0, 1], 5, 1], // k = length: everything
  ];
  for (const [b, k, expected] of cases) {
    assertStrictEquals(topKJaccard(a, new Float32Array(b), k), expected, `${b} @ ${k}`);
  }
});

Deno.test("topKJaccard() rejects length mismatch, NaN and k out of range", () => {
  const action = "Cannot compute top-k Jaccard";
  const a = new Float32Array([0.9, 0.8, 0.1]);
  const cases: [() => unknown, string][] = [
    [
      () => topKJaccard(a, new Float32Array([1, 2]), 1),
      `${action}: maskA has 3 values but maskB has 2`,
    ],
    [() => topKJaccard(a, new Float32Array([1, NaN, 0]), 1), `${action}: maskB[1] is NaN`],
    [() => topKJaccard(a, a, 0), `${action}: k is 0 (expected an integer in 1..3)`],
    [() => topKJaccard(a, a, 4), `${action}: k is 4 (expected an integer in 1..3)`],
    [() => topKJaccard(a, a, 1.5), `${action}: k is 1.5`],
  ];
  for (const [run, message] of cases) assertThrows(run, Error, message);
});

Deno.test("relativeInputStability() hand-worked: constant, linear and quadratic explanations", async () => {
  const x = new Float32Array([1, 2, 4]);
  // A constant explanation never changes: RIS 0.
  const constant = await relativeInputStability(() => new Float32Array([0.5, 0.5, 0.5]), x);
  assertStrictEquals(constant.ris, 0);
  assertStrictEquals(constant.kept, 20);
  // e(x) = 3x: (e - e') / e = (x - x') / x, so every ratio is 1 (to float32 rounding).
  const linear = await relativeInputStability((v) => v.map((a) => 3 * a), x, {
    samples: 8,
    seed: 5,
  });
  assertAllClose(linear.ratios, new Array(8).fill(1), { atol: 1e-3 });
  // e(x) = x^2: each ratio is recomputed here from the definition on the same perturbations.
  const square = (v: Float32Array) => v.map((a) => a * a);
  const quadratic = await relativeInputStability(square, x, { samples: 6, seed: 9, scale: 0.05 });
  const expected = Array.from({ length: 6 }, (_, i) => {
    const xp = perturbFeatures(x, { scale: 0.05, seed: 9 + i });
    const e = square(x), ep = square(xp);
    const norm = (d: (j: number) => number) =>
      Math.sqrt([0, 1, 2].reduce((s, j) => s + d(j) ** 2, 0));
    return norm((j) => (e[j] - ep[j]) / e[j]) / norm((j) => (x[j] - xp[j]) / x[j]);
  });
  assertAllClose(quadratic.ratios, expected, { atol: 1e-9 });
  assertStrictEquals(quadratic.ris, Math.max(...quadratic.ratios));
  assert(quadratic.ris > 1.8 && quadratic.ris < 2.2, "x^2 changes about twice as fast as x");
});

Deno.test("relativeInputStability() leaves out perturbations that change the prediction", async () => {
  const x = new Float32Array([0.001, 1]);
  // The class is 0 while x[0] >= 0: about half the perturbations of scale 0.01 flip it.
  const predict = (v: Float32Array) => [v[0] >= 0 ? [0.9, 0.1] : [0.1, 0.9]];
  const result = await relativeInputStability((v) => v.slice(), x, { predict, samples: 10 });
  const flipped = Array.from(
    { length: 10 },
    (_, i) => perturbFeatures(x, { scale: 0.01, seed: i })[0] < 0,
  );
  assertEquals(Array.from(result.ratios, Number.isNaN), flipped);
  assertStrictEquals(result.kept, flipped.filter((f) => !f).length);
  assert(result.kept > 0 && result.kept < 10);
  // A prediction that flips under any change leaves nothing to take the maximum over.
  const fragile = (v: Float32Array) => [v[0] === x[0] ? [0.9, 0.1] : [0.1, 0.9]];
  await assertRejects(
    () => relativeInputStability((v) => v.slice(), x, { predict: fragile }),
    RangeError,
    "Cannot compute relative input stability: every one of the 20 perturbations changed the predicted class",
  );
});

Deno.test("relativeInputStability() rejects bad input with the argument named", async () => {
  const action = "Cannot compute relative input stability";
  const x = new Float32Array([1, 2]);
  const cases: [() => Promise<unknown>, string][] = [
    [() => relativeInputStability((v) => v, new Float32Array([1, NaN])), `${action}: x[1] is NaN`],
    [() => relativeInputStability((v) => v, x, { samples: 0 }), `${action}: samples is 0`],
    [() => relativeInputStability((v) => v, x, { scale: 0 }), `${action}: scale is 0`],
    [
      () => relativeInputStability((v) => (v[0] === 1 ? v : v.slice(0, 1)), x),
      `${action}: explain(x) has 2 values but explain(perturbation 0) has 1`,
    ],
    [
      () => relativeInputStability(() => [1, 2] as unknown as Float32Array, x),
      `${action}: explain returned 1,2 for x (expected a Float32Array)`,
    ],
  ];
  for (const [run, message] of cases) await assertRejects(run, Error, message);
});
