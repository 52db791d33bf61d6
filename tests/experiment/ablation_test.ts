import { assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import { type ModelSection, parseConfig } from "../../lib/config/experiment_config.ts";
import { ablate, ADAPTIVE_GNN_ABLATIONS } from "../../lib/experiment/ablation.ts";
import type { AdaptiveGNN } from "../../lib/models/adaptive_gnn.ts";
import { runExperiment } from "../../lib/experiment/run_experiment.ts";

const FULL: ModelSection = parseConfig({
  dataset: "csbm",
  model: {
    name: "adaptive",
    hiddenChannels: 8,
    samples: 2,
    steps: 2,
    learnedGraph: { k: 3, mix: 0.5, refreshEvery: 2 },
    regularization: { sparsity: 0.1, connectivity: 0.2, smoothness: 0.3 },
    multiGranularity: { alpha: 1, levels: 2, weight: 0.3 },
  },
}).model;

Deno.test("ADAPTIVE_GNN_ABLATIONS each remove exactly their part and keep the rest", () => {
  const { learnedGraph, regularization, multiGranularity, ...rest } = FULL;
  assertEquals(ADAPTIVE_GNN_ABLATIONS["full"](FULL), FULL);
  assertEquals(ADAPTIVE_GNN_ABLATIONS["no learned graph"](FULL), { ...rest, multiGranularity });
  assertEquals(ADAPTIVE_GNN_ABLATIONS["no R"](FULL).regularization, {
    sparsity: 0,
    connectivity: 0,
    smoothness: 0.3,
  });
  assertEquals(ADAPTIVE_GNN_ABLATIONS["no S"](FULL).regularization, {
    sparsity: 0.1,
    connectivity: 0.2,
    smoothness: 0,
  });
  assertEquals(ADAPTIVE_GNN_ABLATIONS["no co-evolution"](FULL).learnedGraph, {
    ...learnedGraph,
    coEvolution: false,
  });
  assertEquals(ADAPTIVE_GNN_ABLATIONS["graph never rebuilt"](FULL).learnedGraph, {
    ...learnedGraph,
    refreshEvery: Number.MAX_SAFE_INTEGER,
    maxIterations: 1,
  });
  assertEquals(ADAPTIVE_GNN_ABLATIONS["no multi-granularity"](FULL), {
    ...rest,
    learnedGraph,
    regularization,
  });
});

Deno.test("ADAPTIVE_GNN_ABLATIONS refuse to remove a part the config does not use", () => {
  const plain: ModelSection = { ...FULL };
  delete plain.learnedGraph;
  delete plain.regularization;
  delete plain.multiGranularity;
  const missing: [string, string][] = [
    ["no learned graph", "the learned graph (learnedGraph)"],
    ["no R", "R (regularization.sparsity or .connectivity)"],
    ["no S", "S (regularization.smoothness)"],
    ["no co-evolution", "co-evolution (learnedGraph)"],
    ["graph never rebuilt", "graph rebuilds (learnedGraph)"],
    ["no multi-granularity", "multi-granularity (multiGranularity)"],
  ];
  assertEquals(
    missing.map(([name]) => name).sort(),
    Object.keys(ADAPTIVE_GNN_ABLATIONS).filter((n) => n !== "full").sort(),
  );
  for (const [name, part] of missing) {
    assertThrows(
      () => ADAPTIVE_GNN_ABLATIONS[name](plain),
      Error,
      `Cannot ablate ${part}: the "adaptive" config does not use it`,
    );
  }
  const without = { ...FULL, learnedGraph: { ...FULL.learnedGraph, coEvolution: false } };
  assertThrows(
    () => ADAPTIVE_GNN_ABLATIONS["no co-evolution"](without),
    Error,
    'Cannot ablate co-evolution (learnedGraph): the "adaptive" config does not use it',
  );
});

Deno.test("no co-evolution rebuilds from h0 on schedule; graph never rebuilt builds once", async () => {
  const config = parseConfig({
    dataset: "csbm",
    backend: "cpu",
    model: FULL,
    train: { epochs: 5 },
  });
  const run = async (variant: string) => {
    const model = ADAPTIVE_GNN_ABLATIONS[variant](config.model);
    const r = await runExperiment({ ...config, model }, {
      csbm: { numNodes: 60, seed: 1 },
      progress: false,
    });
    const trace = (r.model as AdaptiveGNN).coEvolutionTrace.map((t) => [t.epoch, t.round]);
    r.model.dispose();
    return { iterations: r.result.history.map((h) => h.terms!["graph iterations"]), trace };
  };
  // refreshEvery 2: rebuilds before epochs 1, 3 and 5.
  assertEquals(await run("full"), {
    iterations: [3, undefined, 3, undefined, 3],
    trace: [[1, 2], [1, 3], [3, 1], [3, 2], [3, 3], [5, 1], [5, 2], [5, 3]],
  });
  assertEquals(await run("no co-evolution"), {
    iterations: [1, undefined, 1, undefined, 1],
    trace: [[3, 1], [5, 1]],
  });
  assertEquals(await run("graph never rebuilt"), {
    iterations: [1, undefined, undefined, undefined, undefined],
    trace: [],
  });
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
    () => ablate(config, { csbm, variants: ADAPTIVE_GNN_ABLATIONS }),
    Error,
    'Cannot ablate the learned graph (learnedGraph): the "mlp" config does not use it',
  );
});
