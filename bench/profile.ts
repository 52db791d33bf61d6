/**
 * Where a Cora training run spends its time: `tf.profile` around `train()` (the bench's `gcn` and
 * `gat` settings, features as our loader gives them), kernel time summed by kernel name. Custom
 * ops show as `<name>__op` (their forward) and the gradients of custom ops as `unnamed scope`;
 * nested kernels are counted inside their op too, so the rows overlap.
 *
 * Usage: `deno run -A bench/profile.ts [gcn|gat] [--top N]`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../lib/backend/set_backend.ts";
import { loadDataset } from "../lib/datasets/load_dataset.ts";
import { createModel } from "../lib/models/mod.ts";
import { train, type TrainOptions } from "../lib/train/mod.ts";

const { positionals, values } = parseArgs({
  args: Deno.args,
  options: { top: { type: "string", default: "15" } },
  allowPositionals: true,
});
const task = positionals[0] ?? "gcn";
if (task !== "gcn" && task !== "gat") {
  throw new Error(`Cannot profile: unknown task ${task} (expected gcn or gat)`);
}
const backend = await setBackend("auto");
const cora = await loadDataset("cora");
const model = () =>
  task === "gat"
    ? createModel("gat", {
      inChannels: 1433,
      hiddenChannels: 8,
      outChannels: 7,
      dropout: 0.6,
      heads: 8,
    })
    : createModel("gcn", { inChannels: 1433, hiddenChannels: 16, outChannels: 7, dropout: 0.5 });
const options: TrainOptions = task === "gat"
  ? { epochs: 50, lr: 0.005, weightDecay: 5e-4, progress: false }
  : { epochs: 200, lr: 0.01, weightDecay: 5e-4, progress: false };
const epochs = options.epochs!;
await train(model(), cora, { ...options, epochs: 5 }); // warm-up: kernels compiled, caches built
const t0 = performance.now();
const info = await tf.profile(async () => void await train(model(), cora, options));
const wall = performance.now() - t0;
const byName = new Map<string, { ms: number; calls: number }>();
for (const k of info.kernels) {
  const entry = byName.get(k.name) ?? { ms: 0, calls: 0 };
  entry.ms += Number(k.kernelTimeMs);
  entry.calls++;
  byName.set(k.name, entry);
}
console.log(
  `${task} on Cora, ${epochs} epochs (backend ${backend.name}): ${wall.toFixed(0)} ms profiled, ` +
    `${info.kernels.length} kernel calls`,
);
const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(values.top));
for (const [name, { ms, calls }] of rows) {
  console.log(
    `${name.padEnd(26)} ${(ms / epochs).toFixed(2).padStart(7)} ms/epoch ${
      (calls / epochs).toFixed(1).padStart(5)
    } calls/epoch`,
  );
}
