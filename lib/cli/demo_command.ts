/**
 * `deno task demo`, the README's main job: the environment report, then GCN and GAT trained on Cora
 * with a progress line, their test accuracy next to the paper's, and where the results went.
 *
 * @module
 */
import { environmentReport } from "../backend/environment_report.ts";
import { loadConfig } from "../config/experiment_config.ts";
import { table } from "../display/table.ts";
import { runExperiment } from "../experiment/run_experiment.ts";
import { configPath, PAPER_ACCURACY } from "../experiment/reproduce.ts";
import type { FetchOptions } from "../io/fetch.ts";

const CONFIG_DIR = new URL("../../configs/", import.meta.url).pathname;

/** Runs the demo; returns the exit code. */
export async function demoCommand(
  options: FetchOptions & { backend?: string; outDir?: string } = {},
): Promise<number> {
  const report = await environmentReport({ backend: (options.backend ?? "auto") as never });
  console.log(report.toString());
  const outDir = options.outDir ?? "results";
  const rows = [];
  for (const model of ["gcn", "gat"]) {
    const config = await loadConfig(configPath(CONFIG_DIR, "original", "cora", model));
    console.log(`\nTraining ${model.toUpperCase()} on Cora (${config.train.epochs} epochs max)...`);
    const checkpointPath = `${outDir}/checkpoints/demo-cora-${model}.ckpt`;
    const { mirror, cacheDir } = options;
    const run = await runExperiment(config, {
      checkpointPath,
      progress: "auto",
      ...(mirror && { mirror }),
      ...(cacheDir && { cacheDir }),
    });
    run.model.dispose();
    rows.push({
      model: model.toUpperCase(),
      "test acc (%)": (100 * run.result.test.accuracy).toFixed(1),
      "paper (%)": (100 * PAPER_ACCURACY[model].cora).toFixed(1),
      "best epoch": run.result.bestEpoch,
      seconds: run.result.seconds.toFixed(1),
      checkpoint: checkpointPath,
    });
  }
  console.log("\n" + table(rows, { title: "Cora, public split, seed 0" }).toString());
  console.log(
    "\nOne seed is one draw: `deno task reproduce` gives mean ± std over 10 seeds " +
      "(results/reproduce-original.json).",
  );
  return 0;
}
