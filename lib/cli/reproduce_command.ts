/**
 * `deno task reproduce [--datasets a,b] [--models m,n] [--seeds N] [--protocol original|paper]
 * [--json]`: the chapter 2.5 comparison table, printed and saved under `results/`.
 *
 * @module
 */
import { writeFileAtomic } from "../io/write_atomic.ts";
import { join } from "node:path";
import { comparisonTable } from "../experiment/comparison.ts";
import { type Protocol, reproduce, type ReproduceRun } from "../experiment/reproduce.ts";
import type { FetchOptions } from "../io/fetch.ts";

/** Options of {@linkcode reproduceCommand}. */
export interface ReproduceCommandOptions extends FetchOptions {
  datasets?: string[];
  models?: string[];
  seeds?: number;
  protocol?: string;
  backend?: string;
  json?: boolean;
  /** Results folder (default `results/`). */
  outDir?: string;
  /** Results file (default `<outDir>/reproduce-<protocol>.json`). */
  out?: string;
}

const pct = (x: number) => (100 * x).toFixed(1);

/** Runs the command; returns the exit code. */
export async function reproduceCommand(options: ReproduceCommandOptions): Promise<number> {
  const protocol = options.protocol ?? "original";
  if (protocol !== "original" && protocol !== "paper") {
    throw new Error(`Cannot reproduce: --protocol must be original or paper, got "${protocol}"`);
  }
  const { mirror, cacheDir } = options;
  const live = Deno.stderr.isTerminal();
  const result = await reproduce({
    ...(options.datasets && { datasets: options.datasets }),
    ...(options.models && { models: options.models }),
    ...(options.seeds !== undefined && { seeds: options.seeds }),
    ...(options.backend && { backend: options.backend as never }),
    ...(mirror && { mirror }),
    ...(cacheDir && { cacheDir }),
    protocol: protocol as Protocol,
    // A terminal gets one live line; a log (CI, a file) keeps one line per run instead.
    progress: live,
    ...(!live && {
      onRun: ({ dataset, model, seed, testAccuracy }: ReproduceRun) =>
        console.error(`${dataset} ${model} seed ${seed}: test acc ${pct(testAccuracy)}%`),
    }),
  });
  const outDir = options.outDir ?? "results";
  const path = options.out ?? join(outDir, `reproduce-${protocol}.json`);
  await writeFileAtomic(
    path,
    JSON.stringify({ ...result, date: new Date().toISOString() }, null, 2),
  );
  if (options.json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  console.log(comparisonTable(result).toString());
  console.log(`\nresults saved to ${path}`);
  return 0;
}
