/**
 * `deno task ablate --config <file> [--seeds N] [--json] [--out file]`: the config's model
 * without each of its parts, every variant over the same seeds, printed and saved.
 *
 * @module
 */
import { loadConfig } from "../config/experiment_config.ts";
import { ablate } from "../experiment/ablation.ts";
import type { FetchOptions } from "../io/fetch.ts";
import { runReporting, saveAndPrint } from "./_comparison_output.ts";

/** Options of {@linkcode ablateCommand}. */
export interface AblateCommandOptions extends FetchOptions {
  config: string;
  seeds?: number;
  backend?: string;
  json?: boolean;
  /** Results file (default `results/ablation-<dataset>.json`). */
  out?: string;
}

/**
 * Runs the command; returns the exit code.
 *
 * @example
 * ```ts ignore
 * import { ablateCommand } from "./ablate_command.ts";
 * await ablateCommand({ config: "configs/texas-adaptive-full.yaml", seeds: 10 });
 * ```
 */
export async function ablateCommand(options: AblateCommandOptions): Promise<number> {
  const loaded = await loadConfig(options.config);
  const config = options.backend ? { ...loaded, backend: options.backend as never } : loaded;
  const result = await ablate(config, {
    ...(options.seeds !== undefined && { seeds: options.seeds }),
    ...(options.mirror && { mirror: options.mirror }),
    ...(options.cacheDir && { cacheDir: options.cacheDir }),
    ...runReporting(),
  });
  const path = options.out ?? `results/ablation-${config.dataset}.json`;
  await saveAndPrint(result, path, options.json, { config: options.config });
  return 0;
}
