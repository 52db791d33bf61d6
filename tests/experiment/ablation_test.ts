import { assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import { type ModelSection, parseConfig } from "../../lib/config/experiment_config.ts";
import { ablate, OURS_ABLATIONS } from "../../lib/experiment/ablation.ts";
import { runExperiment } from "../../lib/experiment/run_experiment.ts";

const FULL: ModelSection = parseConfig({
  dataset: "csbm",
  model: {
    name: "ours",
    hiddenChannels: 8,
    samples: 2,
    steps: 2,
    learnedGraph: { k: 3, mix: 0.5, refreshEvery: 2 },
    regularization: { sparsity: 0.1, connectivity: 0.2, smoothness: 0.3 },
    multiGranularity: { alpha: 1, levels: 2, weight: 0.3 },
  },
}).model;

Deno.test("OURS_ABLATIONS each remove exactly their part and keep the rest", () => {
  const { learnedGraph, regularization, multiGranularity, ...rest } = FULL;
  assertEquals(OURS_ABLATIONS["full"](FULL), FULL);
  assertEquals(OURS_ABLATIONS["no learned graph"](FULL), { ...rest, multiGranularity });
  assertEquals(OURS_ABLATIONS["no R"](FULL).regularization, {
    sparsity: 0,
    connectivity: 0,
    smoothness: 0.3,
  });
  assertEquals(OURS_ABLATIONS["no S"](FULL).regularization, {
    sparsity: 0.1,
    connectivity: 0.2,
    smoothness: 0,
  });
  assertEquals(OURS_ABLATIONS["no co-evolution"](FULL).learnedGraph, {
    ...learnedGraph,
    refreshEvery: Number.MAX_SAFE_INTEGER,
    maxIterations: 1,
  });
  assertEquals(OURS_ABLATIONS["no multi-granularity"](FULL), {
    ...rest,
    learnedGraph,
    regularization,
  });
});

Deno.test("OURS_ABLATIONS refuse to remove a part the config does not use", () => {
  const plain: ModelSection = { ...FULL };
  delete plain.learnedGraph;
  delete plain.regularization;
  delete plain.multiGranularity;
  const missing: [string, string][] = [
    ["no learned graph", "the learned graph (learnedGraph)"],
    ["no R", "R (regularization.sparsity or .connectivity)"],
    ["no S", "S (regularization.smoothness)"],
    ["no co-evolution", "co-evolution (learnedGraph)"],
    ["no multi-granularity", "multi-granularity (multiGranularity)"],
  ];
  for (const [name, part] of missing) {
    assertThrows(
      () => OURS_ABLATIONS[name](plain),
      Error,
      `Cannot ablate ${part}: the "ours" config does not use it`,
    );
  }
});

Deno.test("ablate(): a variant's seed s is runExperiment() of the changed config with seed s", async () => {
  const config = parseConfig({
    dataset: "csbm",
    backend: "cpu",
    model: { name: "mlp", dropout: 0.5 },
    train: { epochs: 4 },
  });
  const csbm = { numNodes: 60, seed: 1 };
  const result = await ablate(config, {
    seeds: 2,
    csbm,
    progress: false,
    variants: { "full": (m) => m, "no dropout": (m) => ({ ...m, dropout: 0 }) },
  });
  assertEquals(result.rows.map((r) => [r.dataset, r.model, r.seeds]), [
    ["csbm", "full", 2],
    ["csbm", "no dropout", 2],
  ]);
  const again = await runExperiment(
    { ...config, model: { ...config.model, dropout: 0 }, seed: 1 },
    {
      csbm,
      progress: false,
    },
  );
  again.model.dispose();
  assertEquals(result.rows[1].seedRuns[1].testAccuracy, again.result.test.accuracy);
  await assertRejects(
    () => ablate(config, { seeds: 0, csbm }),
    RangeError,
    "Cannot ablate: seeds must be a positive integer, got 0",
  );
  await assertRejects(
    () => ablate(config, { csbm, variants: OURS_ABLATIONS }),
    Error,
    'Cannot ablate the learned graph (learnedGraph): the "mlp" config does not use it',
  );
});
