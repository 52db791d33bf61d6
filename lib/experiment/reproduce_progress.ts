/**
 * The live line of `reproduce`, `ablate`, `runStudy` and `compare`: one updating display for a
 * whole table of trainings (`run 13/60 · cora gat seed 2 · test 82.1% · elapsed 1m05s · ETA
 * 4m10s`), instead of one line per run.
 *
 * @module
 */
import { formatDuration, type ProgressTarget, progressTarget } from "../train/progress.ts";
import type { ReproduceRun } from "./results.ts";

/** Options of {@linkcode ReproduceProgress}. */
export interface ReproduceProgressOptions {
  /** Where to draw (default `progressTarget("auto")`: a notebook, or a terminal's stderr). */
  target?: ProgressTarget;
  /** Clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

/**
 * Formats the live line after `done` of `total` runs, the last being `last`. The ETA assumes the
 * remaining runs take as long as the finished ones did on average (GAT runs are slower than GCN
 * runs, so it is rough until every model has run once).
 *
 * @param done runs finished so far
 * @param total runs planned
 * @param elapsedSeconds wall-clock seconds since the first run started
 * @param last the run that just finished (absent before the first one), or its description
 * @returns one line without a newline
 *
 * @example
 * ```ts
 * import { formatReproduceProgress } from "./reproduce_progress.ts";
 * const last = {
 *   dataset: "cora", model: "gat", seed: 2, testAccuracy: 0.821, valAccuracy: 0.8, bestEpoch: 90,
 *   epochs: 190, seconds: 8,
 * };
 * const line = formatReproduceProgress(13, 60, 65, last);
 * if (line !== "run 13/60 · cora gat seed 2 · test 82.1% · elapsed 1m05s · ETA 3m55s") {
 *   throw new Error(line);
 * }
 * ```
 */
export function formatReproduceProgress(
  done: number,
  total: number,
  elapsedSeconds: number,
  last?: ReproduceRun | string,
): string {
  const parts = [`run ${done}/${total}`];
  if (typeof last === "string") {
    parts.push(last);
  } else if (last) {
    parts.push(
      `${last.dataset} ${last.model} seed ${last.seed}`,
      `test ${(100 * last.testAccuracy).toFixed(1)}%`,
    );
  } else {
    parts.push("starting");
  }
  parts.push(`elapsed ${formatDuration(elapsedSeconds)}`);
  if (done >= total) parts.push("done");
  else if (done > 0) parts.push(`ETA ${formatDuration(elapsedSeconds / done * (total - done))}`);
  return parts.join(" · ");
}

/**
 * The live line for `total` runs: call `update(run)` after each run (or `update(text)` with a
 * description of what finished, e.g. a tuning trial's run, which has no test accuracy),
 * `skip(n)` for planned runs that turn out to be done already (a resumed study), and `done()`
 * at the end (in a terminal it ends the line). In a notebook every update replaces one display
 * (by display id); in a terminal it rewrites one carriage-return line on stderr.
 *
 * @example
 * ```ts
 * import { ReproduceProgress } from "./reproduce_progress.ts";
 * const shown: string[] = [];
 * let t = 0;
 * const progress = new ReproduceProgress(2, {
 *   target: { kind: "jupyter", display: (bundle) => shown.push(bundle["text/plain"]) },
 *   now: () => t,
 * });
 * const run = {
 *   dataset: "cora", model: "gcn", seed: 0, testAccuracy: 0.815, valAccuracy: 0.79, bestEpoch: 150,
 *   epochs: 200, seconds: 2,
 * };
 * t = 2000; progress.update(run);
 * t = 4000; progress.update({ ...run, seed: 1 });
 * progress.done();
 * if (shown.at(-1) !== "run 2/2 · cora gcn seed 1 · test 81.5% · elapsed 4s · done") {
 *   throw new Error(shown.join("\n"));
 * }
 * ```
 */
export class ReproduceProgress {
  #total: number;
  readonly #target: ProgressTarget;
  readonly #now: () => number;
  readonly #start: number;
  #done = 0;
  #drawn = false;

  /** A live line for `total` runs; draws the "starting" line at once. */
  constructor(total: number, options: ReproduceProgressOptions = {}) {
    if (!(Number.isInteger(total) && total > 0)) {
      throw new RangeError(
        `Cannot create ReproduceProgress: total must be a positive integer, got ${total}`,
      );
    }
    this.#total = total;
    this.#target = options.target ?? progressTarget("auto");
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
    this.#draw();
  }

  /** Shows that `run` finished (a run record, or a description of it). */
  update(run: ReproduceRun | string): void {
    this.#done++;
    this.#draw(run);
  }

  /** Removes `count` planned runs that need not run (results already saved). */
  skip(count: number): void {
    if (!(Number.isInteger(count) && count >= 0 && count <= this.#total - this.#done)) {
      throw new RangeError(
        `Cannot skip runs: count must be an integer in [0, ${
          this.#total - this.#done
        }], got ${count}`,
      );
    }
    this.#total -= count;
  }

  /** Ends the line in a terminal (a notebook display needs nothing). */
  done(): void {
    if (this.#target.kind === "terminal" && this.#drawn) {
      this.#target.write("\n");
      this.#drawn = false;
    }
  }

  #draw(last?: ReproduceRun | string): void {
    const line = formatReproduceProgress(
      this.#done,
      this.#total,
      (this.#now() - this.#start) / 1000,
      last,
    );
    if (this.#target.kind === "terminal") {
      this.#target.write(`\r${line}\x1b[K`);
    } else if (this.#target.kind === "jupyter") {
      const html = `<pre style="margin:0">${
        line.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
      }</pre>`;
      this.#target.display({ "text/plain": line, "text/html": html }, { update: this.#drawn });
    } else {
      return;
    }
    this.#drawn = true;
  }
}
