/**
 * `deno task train --config <file> [--backend b] [--seed n] [--json]`: one training run from a
 * config, with epoch lines, the test report and the best checkpoint.
 *
 * @module
 */
import { type ExperimentConfig, loadConfig } from "../config/experiment_config.ts";
import { runExperiment } from "../experiment/run_experiment.ts";
import type { Callback, EpochRecord } from "../train/callbacks.ts";
import type { FetchOptions } from "../io/fetch.ts";

/** Options of {@linkcode trainCommand}. */
export interface TrainCommandOptions extends FetchOptions {
  config: string;
  backend?: string;
  seed?: number;
  json?: boolean;
  /** Print an epoch line every this many epochs (and the last); default 10. */
  logEvery?: number;
  /** Where to save the best weights; default `results/checkpoints/<dataset>-<model>-seed<n>.ckpt`. */
  checkpoint?: string;
}

/** The JSON `deno task train --json` prints. */
export interface TrainSummaryJson {
  dataset: string;
  model: string;
  seed: number;
  backend: string;
  epochs: number;
  bestEpoch: number;
  valAccuracy: number;
  testAccuracy: number;
  testMacroF1: number;
  seconds: number;
  checkpoint: string;
}

/**
 * Formats one epoch like the paper's training log.
 *
 * @example
 * ```ts
 * import { formatEpoch } from "./train_command.ts";
 * const line = formatEpoch({
 *   epoch: 10, trainLoss: 0.421, trainAcc: 0.9, valLoss: 0.5, valAcc: 0.923, lr: 1e-4, seconds: 0.01,
 * });
 * if (!line.includes("val acc 92.30%")) throw new Error(line);
 * ```
 */
export function formatEpoch(r: EpochRecord): string {
  return `epoch ${String(r.epoch).padStart(4)}  train loss ${r.trainLoss.toFixed(4)}  ` +
    `train acc ${(100 * r.trainAcc).toFixed(2)}%  val loss ${r.valLoss.toFixed(4)}  ` +
    `val acc ${(100 * r.valAcc).toFixed(2)}%  lr ${r.lr.toExponential(1)}  ` +
    `${(1000 * r.seconds).toFixed(0)} ms`;
}

const CLEAR_LINE = "\r\x1b[K";

/** Runs the command; returns the exit code. */
export async function trainCommand(options: TrainCommandOptions): Promise<number> {
  const file = await loadConfig(options.config);
  const config: ExperimentConfig = {
    ...file,
    ...(options.backend && { backend: options.backend as ExperimentConfig["backend"] }),
    ...(options.seed !== undefined && { seed: options.seed }),
  };
  const logEvery = options.logEvery ?? 10;
  const tty = Deno.stderr.isTerminal();
  const log = (line: string) => {
    // The progress line lives on stderr: clear it so the epoch line does not land on top of it.
    if (tty) Deno.stderr.writeSync(new TextEncoder().encode(CLEAR_LINE));
    (options.json ? console.error : console.log)(line);
  };
  const epochLines: Callback = {
    onEpochEnd(record, context) {
      if (record.epoch % logEvery === 0 || record.epoch === context.epochs) {
        log(formatEpoch(record));
      }
    },
  };
  const checkpointPath = options.checkpoint ??
    `results/checkpoints/${config.dataset}-${config.model.name}-seed${config.seed}.ckpt`;
  const { mirror, cacheDir } = options;
  const run = await runExperiment(config, {
    checkpointPath,
    callbacks: [epochLines],
    ...(mirror && { mirror }),
    ...(cacheDir && { cacheDir }),
  });
  const { result } = run;
  const summary: TrainSummaryJson = {
    dataset: config.dataset,
    model: config.model.name,
    seed: config.seed,
    backend: run.backend,
    epochs: result.history.length,
    bestEpoch: result.bestEpoch,
    valAccuracy: result.bestValAcc,
    testAccuracy: result.test.accuracy,
    testMacroF1: result.test.macroF1,
    seconds: result.seconds,
    checkpoint: checkpointPath,
  };
  run.model.dispose();
  if (options.json) {
    console.log(JSON.stringify(summary));
    return 0;
  }
  console.log(
    `\n${config.model.name} on ${config.dataset} (seed ${config.seed}, ${run.backend}): best ` +
      `epoch ${result.bestEpoch} of ${result.history.length}, val acc ` +
      `${(100 * result.bestValAcc).toFixed(2)}%`,
  );
  console.log(
    `test accuracy ${(100 * result.test.accuracy).toFixed(2)}%, macro-F1 ` +
      `${(100 * result.test.macroF1).toFixed(2)}%\n\n${result.test.report}`,
  );
  console.log(`best weights saved to ${checkpointPath}`);
  return 0;
}
