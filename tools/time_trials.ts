/**
 * The cost of a fair comparison before running it: times one run (selection seed 0, validation
 * only) of chosen trials of every model on every data set of a table, one at a time, and
 * estimates the whole `deno task compare --table <name>` from the committed budget.
 *
 *   nice -n 10 deno run -A tools/time_trials.ts --table planetoid [--trials 0,8]
 *     [--datasets cora] [--models gcn,ours] [--json]
 *
 * `--trials` lists trial numbers of each study (default 0, the model's defaults); the estimate
 * takes each pair's mean run time over them as the time of every run of that pair (the studies'
 * trials x selection seeds, plus the final seeds).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadDataset } from "../lib/datasets/load_dataset.ts";
import { table } from "../lib/display/table.ts";
import { applyParams, randomSampler } from "../lib/experiment/search_space.ts";
import { validationRun } from "../lib/experiment/study.ts";
import { loadTuningProtocol, trialZeroConfig } from "../lib/experiment/tuning_protocol.ts";
import { formatDuration } from "../lib/train/progress.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    table: { type: "string" },
    trials: { type: "string", default: "0" },
    datasets: { type: "string" },
    models: { type: "string" },
    search: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const protocol = await loadTuningProtocol(...(values.search ? [values.search] : []));
const chosen = values.table === undefined ? undefined : protocol.tables[values.table];
if (!chosen) {
  console.error(
    `Cannot time trials: --table must be one of ${Object.keys(protocol.tables).join(", ")}, ` +
      `got ${JSON.stringify(values.table)}`,
  );
  Deno.exit(2);
}
const datasets = values.datasets?.split(",") ?? chosen.datasets;
const models = values.models?.split(",") ?? chosen.models;
const trials = values.trials.split(",").map(Number);
if (trials.some((t) => !(Number.isInteger(t) && t >= 0 && t < protocol.budget.trials))) {
  console.error(
    `Cannot time trials: --trials must list trial numbers in 0..${protocol.budget.trials - 1}, ` +
      `got "${values.trials}"`,
  );
  Deno.exit(2);
}
const { trials: T, selectionSeeds: S, seeds: F } = protocol.budget;
const runsPerPair = T * S + F;
const sampler = randomSampler(protocol.budget.samplerSeed);
const runs: Record<string, string | number>[] = [];
const estimates: Record<string, string | number>[] = [];
let total = 0;
for (const dataset of datasets) {
  const data = await loadDataset(dataset);
  for (const model of models) {
    const base = trialZeroConfig(protocol, data, model);
    const times: number[] = [];
    for (const t of trials) {
      const config = t === 0 ? base : applyParams(base, sampler.sample(protocol.spaces[model], t));
      const run = await validationRun(config, data);
      times.push(run.seconds);
      runs.push({
        dataset,
        model,
        trial: t,
        epochs: run.epochs,
        seconds: run.seconds.toFixed(1),
        "ms per epoch": (1000 * run.seconds / run.epochs).toFixed(1),
      });
      console.error(
        `${dataset} ${model} trial ${t}: ${run.seconds.toFixed(1)} s, ${run.epochs} epochs`,
      );
    }
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    total += mean * runsPerPair;
    estimates.push({
      dataset,
      model,
      "seconds per run": mean.toFixed(1),
      runs: runsPerPair,
      estimate: formatDuration(mean * runsPerPair),
    });
  }
}
if (values.json) {
  console.log(JSON.stringify({ budget: protocol.budget, runs, estimates, totalSeconds: total }));
} else {
  const machine = `${Deno.build.os}, ${navigator.hardwareConcurrency} CPUs`;
  console.log(
    table(runs, { title: `One run per trial (seed 0, validation only; ${machine})` }).toString(),
  );
  console.log(
    "\n" + table(estimates, {
      title: `Estimate: ${T} trials x ${S} selection seeds + ${F} final seeds per pair, at the ` +
        "mean time of the runs above",
    }).toString(),
  );
  console.log(`\nEstimated total: ${formatDuration(total)}`);
}
