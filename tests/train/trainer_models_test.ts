import { loadDataset } from "../../lib/datasets/load_dataset.ts";
import { createModel } from "../../lib/models/mod.ts";
import { train } from "../../lib/train/trainer.ts";
import { assert, assertEquals } from "../_assert.ts";
import { useCpu } from "./_fixtures.ts";

async function cora() {
  const cacheDir = await Deno.makeTempDir({ prefix: "autoglm-train-" });
  const data = await loadDataset("cora", { cacheDir });
  await Deno.remove(cacheDir, { recursive: true });
  return data;
}

Deno.test("train() reproduces GCN on Cora (Kipf & Welling: 81.5% test accuracy)", async () => {
  await useCpu();
  const data = await cora();
  const model = createModel("gcn", {
    inChannels: data.graph.x.cols,
    hiddenChannels: 16,
    outChannels: data.numClasses,
    seed: 1,
  });
  const result = await train(model, data, {
    epochs: 200,
    lr: 0.01,
    weightDecay: 5e-4,
    weightDecayOn: "first",
    normalizeFeatures: true,
    seed: 1,
    progress: false,
  });
  assertEquals(result.history.length, 200);
  // No recorded value exists for this setup (cpu backend, train() directly), so by the rule in
  // tests/README.md a band from the measured spread: seeds 0-9 of exactly this code gave
  // 82.11 +- 0.56 (sample std; min 81.2, max 83.0; Kipf & Welling: 81.5). Mean +- 4 std.
  const acc = result.test.accuracy;
  assert(acc >= 0.799 && acc <= 0.843, `test accuracy ${acc}`);
  assertEquals(result.test.report["macro avg"].support, 1000);
  model.dispose();
});

Deno.test("train() trains GraphSAGE on Cora with neighbour-sampled mini-batches", async () => {
  await useCpu();
  const data = await cora();
  const model = createModel("sage", {
    inChannels: data.graph.x.cols,
    hiddenChannels: 32,
    outChannels: data.numClasses,
  });
  const result = await train(model, data, {
    epochs: 20,
    lr: 0.01,
    batchSize: 32,
    fanouts: [10, 5],
    normalizeFeatures: true,
    progress: false,
  });
  // A 2-hop sampled SAGE reaches ~78% on the public split; chance is ~14%.
  assert(result.test.accuracy >= 0.7, `test accuracy ${result.test.accuracy}`);
  model.dispose();
});
