/**
 * `deno task reproduce [--datasets a,b] [--models m,n] [--seeds N] [--protocol
 * original|paper|tuned] [--json]`: the chapter 2.5 comparison table, printed and saved under
 * `results/`.
 *
 * @module
 */
import { join } from "node:path";
import { reproduce } from "../experiment/reproduce.ts";
import type { Protocol } from "../experiment/results.ts";
import type { FetchOptions } from "../io/fetch.ts";
import { runReporting, saveAndPrint } from "./_comparison_output.ts";

const PROTOCOLS: readonly Protocol[] = ["original", "paper", "tuned"];

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
  /** ogbn-arxiv: the folder of OGB's arxiv.zip (raw/, split/). */
  root?: string;
}

/** Runs the command; returns the exit code. */
export async function reproduceCommand(options: ReproduceCommandOptions): Promise<number> {
  const protocol = options.protocol ?? "original";
  if (!PROTOCOLS.includes(protocol as Protocol)) {
    throw new Error(
      `Cannot reproduce: --protocol must be one of ${PROTOCOLS.join(", ")}, got "${protocol}"`,
    );
  }
  const { mirror, cacheDir, root } = options;
  const result = await reproduce({
    ...(options.datasets && { datasets: options.datasets }),
    ...(options.models && { models: options.models }),
    ...(options.seeds !== undefined && { seeds: options.seeds }),
    ...(options.backend && { backend: options.backend as never }),
    ...(mirror && { mirror }),
    ...(cacheDir && { cacheDir }),
    ...(root && { root }),
    protocol: protocol as Protocol,
    ...runReporting(),
  });
  const path = options.out ?? join(options.outDir ?? "results", `reproduce-${protocol}.json`);
  await saveAndPrint(result, path, options.json);
  return 0;
}
