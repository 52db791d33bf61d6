/**
 * What `reproduce` and `ablate` share on the command line: how runs report progress, and how the
 * finished table is saved and printed.
 *
 * @module
 */
import { comparisonTable } from "../experiment/comparison.ts";
import type { ReproduceResult, ReproduceRun } from "../experiment/results.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";

const pct = (x: number) => (100 * x).toFixed(1);

/**
 * A terminal gets one live line; a log (CI, a file) keeps one line per run instead.
 */
export function runReporting(): {
  progress: boolean;
  onRun?: (run: ReproduceRun) => void;
} {
  const live = Deno.stderr.isTerminal();
  return {
    progress: live,
    ...(!live && {
      onRun: ({ dataset, model, seed, testAccuracy }: ReproduceRun) =>
        console.error(`${dataset} ${model} seed ${seed}: test acc ${pct(testAccuracy)}%`),
    }),
  };
}

/**
 * Saves `result` (with `extra` fields and the date) atomically to `path`, then prints it as JSON
 * or as the comparison table.
 */
export async function saveAndPrint(
  result: ReproduceResult,
  path: string,
  json: boolean | undefined,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const saved = { ...result, ...extra, date: new Date().toISOString() };
  await writeFileAtomic(path, JSON.stringify(saved, null, 2));
  if (json) {
    console.log(JSON.stringify(result));
  } else {
    console.log(comparisonTable(result).toString());
    console.log(`\nresults saved to ${path}`);
  }
}
