import type { RecordedResult, ReproduceRow } from "../../lib/experiment/mod.ts";
import { assert, assertEquals } from "../_assert.ts";
import { sampleRecordedRuns, sampleTrial } from "./_recorded_sample.ts";

// A row whose seed s took `cost(s)` seconds when it was recorded.
function row(dataset: string, model: string, cost: (seed: number) => number): ReproduceRow {
  const seedRuns = Array.from({ length: 4 }, (_, seed) => ({
    dataset,
    model,
    seed,
    testAccuracy: 0.5 + seed / 100,
    valAccuracy: 0.5,
    bestEpoch: 1,
    epochs: 1,
    seconds: cost(seed),
  }));
  return {
    dataset,
    model,
    seeds: 4,
    testAccuracy: { mean: 0.5, std: 0, runs: seedRuns.map((r) => r.testAccuracy) },
    valAccuracy: { mean: 0.5, std: 0 },
    seconds: seedRuns.reduce((a, r) => a + r.seconds, 0),
    seedRuns,
  };
}

const planetoid: RecordedResult = {
  path: "tuned-planetoid.json",
  protocol: "tuned",
  backend: "wasm",
  rows: [
    row("cora", "gcn", () => 10),
    row("cora", "ours", () => 100),
    row("citeseer", "gcn", () => 3),
    row("citeseer", "adaptive", (s) => 40 + s),
  ],
};
const texas: RecordedResult = {
  path: "tuned-texas.json",
  protocol: "tuned",
  backend: "wasm",
  rows: [row("texas", "gcn", () => 1), row("texas", "mlp", () => 2)],
};
const ablation: RecordedResult = {
  path: "ablation.json",
  protocol: "original",
  backend: "wasm",
  config: "configs/texas-adaptive-full.yaml",
  rows: [row("texas", "full", () => 20), row("texas", "no S", () => 15)],
};

Deno.test("sampleRecordedRuns() covers every file and model with the cheapest seed-0 runs", () => {
  const sample = sampleRecordedRuns([planetoid, texas, ablation], { seed: 1, budgetSeconds: 0 });
  const zero = sample.filter((s) => s.seed === 0).map((s) =>
    `${s.file.path} ${s.row.dataset} ${s.row.model}`
  );
  // Cheapest first: texas gcn (1 s) covers its file and GCN, citeseer gcn (3 s) the Planetoid
  // file; "ours" is the adaptive model, covered by its cheaper CiteSeer row; every ablation variant
  // counts as a model of its own.
  assertEquals(zero.sort(), [
    "ablation.json texas full",
    "ablation.json texas no S",
    "tuned-planetoid.json citeseer adaptive",
    "tuned-planetoid.json citeseer gcn",
    "tuned-texas.json texas gcn",
    "tuned-texas.json texas mlp",
  ]);
  // No budget: still one run of another seed, the cheapest (a texas gcn run, 1 s).
  const other = sample.filter((s) => s.seed !== 0);
  assertEquals(other.map((s) => [s.row.model, s.seconds]), [["gcn", 1]]);
  assertEquals(other[0].testAccuracy, other[0].row.testAccuracy.runs[other[0].seed]);
});

Deno.test("sampleRecordedRuns() adds random runs of other seeds within the budget, the same per seed", () => {
  const options = { seed: 3, budgetSeconds: 60 };
  const a = sampleRecordedRuns([planetoid, texas, ablation], options);
  const b = sampleRecordedRuns([planetoid, texas, ablation], options);
  const key = (s: { file: RecordedResult; row: ReproduceRow; seed: number }) =>
    `${s.file.path} ${s.row.dataset} ${s.row.model} ${s.seed}`;
  assertEquals(a.map(key), b.map(key));
  const extra = a.filter((s) => s.seed !== 0);
  assert(extra.length >= 2, `${extra.length} extra runs`);
  assert(extra.reduce((t, s) => t + s.seconds, 0) <= 60, "the extra runs exceed the budget");
  assertEquals(new Set(a.map(key)).size, a.length);
  const c = sampleRecordedRuns([planetoid, texas, ablation], { seed: 4, budgetSeconds: 60 });
  assert(c.map(key).join() !== a.map(key).join(), "another seed draws another sample");
});

Deno.test("sampleTrial() draws a trial that fits the budget, else the cheapest", () => {
  const trial = (number: number, seconds: number) => ({
    number,
    params: {},
    config: {} as never,
    valAccuracy: { mean: 0.5, std: 0, runs: [0.5] },
    bestEpochs: [1],
    epochs: [1],
    seconds,
  });
  const study = (name: string, costs: number[]) => ({
    format: "autoglm-study/1" as const,
    name,
    objective: "",
    sampler: { type: "random" as const, seed: 0 },
    selectionSeeds: 1,
    base: {} as never,
    space: {},
    trials: costs.map((c, i) => trial(i, c)),
  });
  const studies = [study("a", [50, 8, 90]), study("b", [30, 9])];
  const picked = sampleTrial(studies, { seed: 0, budgetSeconds: 10 });
  assert(picked.trial.seconds <= 10, `${picked.study.name} trial ${picked.trial.number}`);
  const cheapest = sampleTrial(studies, { seed: 0, budgetSeconds: 1 });
  assertEquals([cheapest.study.name, cheapest.trial.number], ["a", 1]);
});
