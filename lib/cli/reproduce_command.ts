/**
 * `deno task reproduce [--datasets a,b] [--models m,n] [--seeds N] [--protocol original|paper]
 * [--json]`: the chapter 2.5 comparison table, printed and saved under `results/`.
 *
 * @module
 */
import { writeFileAtomic } from "../io/write_atomic.ts";
import { join } from "node:path";
import { table } from "../display/table.ts";
import { type Protocol, reproduce, type ReproduceResult } from "../experiment/reproduce.ts";
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
}

const pct = (x: number) => (100 * x).toFixed(1);

/**
 * The comparison table as display rows (accuracies in percent).
 *
 * @example
 * ```ts
 * import { comparisonRows } from "./reproduce_command.ts";
 * const rows = comparisonRows({ protocol: "original", backend: "cpu", rows: [{
 *   dataset: "cora", model: "gcn", seeds: 2, testAccuracy: { mean: 0.8, std: 0.01, runs: [0.79, 0.81] },
 *   valAccuracy: { mean: 0.79, std: 0 }, seconds: 3, paper: 0.815,
 * }] });
 * if (rows[0]["test acc (%)"] !== "80.0 ± 1.0" || rows[0]["paper (%)"] !== "81.5") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function comparisonRows(result: ReproduceResult): Record<string, string | number>[] {
  return result.rows.map((r) => ({
    dataset: r.dataset,
    model: r.model,
    seeds: r.seeds,
    "test acc (%)": `${pct(r.testAccuracy.mean)} ± ${pct(r.testAccuracy.std)}`,
    "val acc (%)": `${pct(r.valAccuracy.mean)} ± ${pct(r.valAccuracy.std)}`,
    "paper (%)": r.paper === undefined ? "-" : pct(r.paper),
    "seconds": r.seconds.toFixed(1),
  }));
}

/** Runs the command; returns the exit code. */
export async function reproduceCommand(options: ReproduceCommandOptions): Promise<number> {
  const protocol = options.protocol ?? "original";
  if (protocol !== "original" && protocol !== "paper") {
    throw new Error(`Cannot reproduce: --protocol must be original or paper, got "${protocol}"`);
  }
  const { mirror, cacheDir } = options;
  const result = await reproduce({
    ...(options.datasets && { datasets: options.datasets }),
    ...(options.models && { models: options.models }),
    ...(options.seeds !== undefined && { seeds: options.seeds }),
    ...(options.backend && { backend: options.backend as never }),
    ...(mirror && { mirror }),
    ...(cacheDir && { cacheDir }),
    protocol: protocol as Protocol,
    onRun: ({ dataset, model, seed, testAccuracy }) =>
      console.error(`${dataset} ${model} seed ${seed}: test acc ${pct(testAccuracy)}%`),
  });
  const outDir = options.outDir ?? "results";
  const path = join(outDir, `reproduce-${protocol}.json`);
  await writeFileAtomic(
    path,
    JSON.stringify({ ...result, date: new Date().toISOString() }, null, 2),
  );
  if (options.json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  const title = `Test accuracy at the best validation epoch, mean ± std over seeds ` +
    `(${protocol} protocol, ${result.backend})`;
  console.log(table(comparisonRows(result), { title }).toString());
  console.log(`\nresults saved to ${path}`);
  return 0;
}
