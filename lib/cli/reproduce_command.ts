/**
 * `deno task reproduce [--datasets a,b] [--models m,n] [--seeds N] [--protocol original|paper]
 * [--json]`: the chapter 2.5 comparison table, printed and saved under `results/`.
 *
 * @module
 */
import { join } from "node:path";
import { type Protocol, reproduce } from "../experiment/reproduce.ts";
import type { FetchOptions } from "../io/fetch.ts";
import { runReporting, saveAndPrint } from "./_comparison_output.ts";

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
    ...runReporting(),
  });
  const path = options.out ?? join(options.outDir ?? "results", `reproduce-${protocol}.json`);
  await saveAndPrint(result, path, options.json);
  return 0;
}
