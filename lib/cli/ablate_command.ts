/**
 * `deno task ablate --config <file> [--seeds N] [--json] [--out file]`: the config's model
 * without each of its parts, every variant over the same seeds, printed and saved.
 *
 * @module
 */
import { loadConfig } from "../config/experiment_config.ts";
import { ablate } from "../experiment/ablation.ts";
import { comparisonTable } from "../experiment/comparison.ts";
import type { ReproduceRun } from "../experiment/reproduce.ts";
import type { FetchOptions } from "../io/fetch.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";

/** Options of {@linkcode ablateCommand}. */
export interface AblateCommandOptions extends FetchOptions {
  config: string;
  seeds?: number;
  backend?: string;
  json?: boolean;
  /** Results file (default `results/ablation-<dataset>.json`). */
  out?: string;
}

const pct = (x: number) => (100 * x).toFixed(1);

/**
 * Runs the command; returns the exit code.
 *
 * @example
 * ```ts ignore
 * import { ablateCommand } from "./ablate_command.ts";
 * await ablateCommand({ config: "configs/texas-ours-full.yaml", seeds: 10 });
 * ```
 */
export async function ablateCommand(options: AblateCommandOptions): Promise<number> {
  const loaded = await loadConfig(options.config);
  const config = options.backend ? { ...loaded, backend: options.backend as never } : loaded;
  const live = Deno.stderr.isTerminal();
  const result = await ablate(config, {
    ...(options.seeds !== undefined && { seeds: options.seeds }),
    ...(options.mirror && { mirror: options.mirror }),
    ...(options.cacheDir && { cacheDir: options.cacheDir }),
    progress: live,
    ...(!live && {
      onRun: ({ dataset, model, seed, testAccuracy }: ReproduceRun) =>
        console.error(`${dataset} ${model} seed ${seed}: test acc ${pct(testAccuracy)}%`),
    }),
  });
  const path = options.out ?? `results/ablation-${config.dataset}.json`;
  const saved = { ...result, config: options.config, date: new Date().toISOString() };
  await writeFileAtomic(path, JSON.stringify(saved, null, 2));
  if (options.json) {
    console.log(JSON.stringify(result));
    return 0;
  }
  console.log(comparisonTable(result).toString());
  console.log(`\nresults saved to ${path}`);
  return 0;
}
