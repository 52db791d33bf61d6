import { assert, assertEquals } from "../_assert.ts";
import { loadConfig, parseConfig } from "../../lib/config/experiment_config.ts";
import { runExperiment, selectSplit } from "../../lib/experiment/run_experiment.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { loadDataset } from "../../lib/datasets/load_dataset.ts";
import { withTempDir } from "../_temp.ts";

const CONFIGS = new URL("../../configs/", import.meta.url).pathname;

Deno.test("runExperiment() pins seeded GCN on Cora (public split) near the published 81.5%", async () => {
  await withTempDir(async (cacheDir) => {
    const config = { ...await loadConfig(`${CONFIGS}cora-gcn.yaml`), backend: "wasm" as const };
    const run = await runExperiment(config, { cacheDir, progress: false });
    run.model.dispose();
    // Kipf & Welling report 81.5%; PyTorch here gave 81.5 +- 0.5 over 10 seeds. One seed on one
    // backend is deterministic, but a change of kernels or summation order legitimately moves it by
    // a few test nodes, so the pin is +-2 points (about 4 std): a broken model lands far outside.
    const acc = run.result.test.accuracy;
    assert(acc >= 0.795 && acc <= 0.835, `GCN Cora seed 0 test accuracy ${acc}`);
    assertEquals(run.result.history.length, 200);
    assert(run.result.bestEpoch >= 1 && run.result.bestEpoch <= 200);
    // Selection is on validation: the reported epoch is the one with the best validation accuracy.
    const bestVal = Math.max(...run.result.history.map((r) => r.valAcc));
    assertEquals(run.result.bestValAcc, bestVal);
  });
});

Deno.test("runExperiment() pins seeded Ours on CiteSeer (public split) near its 10-seed mean", async () => {
  await withTempDir(async (cacheDir) => {
    const config = {
      ...await loadConfig(`${CONFIGS}citeseer-ours.yaml`),
      backend: "wasm" as const,
    };
    const run = await runExperiment(config, { cacheDir, progress: false });
    run.model.dispose();
    // BENCHMARKS.md: 74.79 +- 0.24 over seeds 0-9 (seed 0: 74.6). As for GCN above, the pin is
    // +-2 points, which still separates Ours from GCN (71.4) and from a broken model.
    const acc = run.result.test.accuracy;
    assert(acc >= 0.728 && acc <= 0.768, `Ours CiteSeer seed 0 test accuracy ${acc}`);
    // Every epoch records the task and consistency terms the model minimised.
    for (const record of run.result.history) {
      assert(record.terms!.task > 0 && record.terms!.consistency >= 0, JSON.stringify(record));
    }
  });
});

Deno.test("runExperiment() gives identical histories for the same seed and backend", async () => {
  await withTempDir(async (cacheDir) => {
    const dataset = await loadDataset("citeseer", { cacheDir });
    const config = parseConfig({
      dataset: "citeseer",
      backend: "wasm",
      model: { name: "gat", hiddenChannels: 4, heads: 2, dropout: 0.6 },
      train: { epochs: 6 },
      seed: 7,
    });
    const runs = [];
    for (const seed of [7, 7, 8]) {
      const run = await runExperiment({ ...config, seed }, { dataset, progress: false });
      run.model.dispose();
      runs.push(run.result.history.map(({ seconds: _, ...r }) => r));
    }
    assertEquals(runs[0], runs[1]);
    assert(JSON.stringify(runs[0]) !== JSON.stringify(runs[2]), "another seed changes the run");
  });
});

Deno.test("selectSplit() per-seed cycles through a data set's stored splits", () => {
  const base = csbm({ numNodes: 40, numClasses: 2, avgDegree: 4, seed: 1 });
  const splits = [0, 1, 2].map((i) => ({ ...base.splits[0], name: `fixed ${i}` }));
  const data = { ...base, splits };
  const config = parseConfig({
    dataset: "csbm",
    split: { type: "per-seed" },
    model: { name: "mlp" },
  });
  assertEquals(
    [0, 1, 2, 3, 4].map((seed) => selectSplit(data, config.split, seed).name),
    ["fixed 0", "fixed 1", "fixed 2", "fixed 0", "fixed 1"],
  );
});
