/**
 * A live one-line training progress display: a carriage-return updated line on stderr in a
 * terminal, or one updating display in a Deno Jupyter notebook.
 *
 * @module
 */
import type { EpochRecord } from "./callbacks.ts";

/** Where the progress goes. */
export type ProgressTarget =
  | { kind: "terminal"; write(text: string): void }
  | {
    kind: "jupyter";
    display(bundle: Record<string, string>, options: { update: boolean }): void;
  }
  | { kind: "none" };

/** Options of {@linkcode Progress}. */
export interface ProgressOptions {
  /** Where to draw (default: detected from `mode`). */
  target?: ProgressTarget;
  /** Clock in milliseconds (default `performance.now`). */
  now?: () => number;
  /** Minimum milliseconds between notebook updates (default 250, about 4 per second). */
  throttleMs?: number;
}

interface JupyterApi {
  display(value: unknown, options?: Record<string, unknown>): Promise<void>;
}

function jupyterApi(): JupyterApi | undefined {
  try {
    const api = (Deno as unknown as { jupyter?: JupyterApi }).jupyter;
    return typeof api?.display === "function" ? api : undefined;
  } catch {
    return undefined; // reading Deno.jupyter outside a kernel throws
  }
}

/**
 * Picks the target: `"auto"` draws in a notebook or when stderr is a terminal, `true` also draws
 * to a non-terminal stderr, `false` draws nothing; a {@linkcode ProgressTarget} is used as is.
 *
 * @example
 * ```ts
 * import { progressTarget } from "./progress.ts";
 * if (progressTarget(false).kind !== "none") throw new Error("unexpected");
 * const mine = { kind: "terminal" as const, write: (_text: string) => {} };
 * if (progressTarget(mine) !== mine) throw new Error("unexpected");
 * ```
 */
export function progressTarget(mode: boolean | "auto" | ProgressTarget): ProgressTarget {
  if (typeof mode === "object") return mode;
  if (mode === false) return { kind: "none" };
  const api = jupyterApi();
  if (api) {
    const displayId = `autoglm-progress-${crypto.randomUUID()}`;
    return {
      kind: "jupyter",
      display: (bundle, { update }) =>
        void api.display(bundle, { raw: true, display_id: displayId, update }).catch(() => {}),
    };
  }
  if (mode === true || Deno.stderr.isTerminal()) {
    const encoder = new TextEncoder();
    return { kind: "terminal", write: (text) => Deno.stderr.writeSync(encoder.encode(text)) };
  }
  return { kind: "none" };
}

/**
 * Seconds as a short duration: `42s`, `3m07s`, `2h05m` (`?` when not finite).
 *
 * @example
 * ```ts
 * import { formatDuration } from "./progress.ts";
 * if (formatDuration(187) !== "3m07s" || formatDuration(59.6) !== "1m00s") throw new Error();
 * ```
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, "0")}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/**
 * Formats one progress line: epoch/total, train loss, val accuracy, rate, speed and ETA.
 *
 * @example
 * ```ts
 * import { formatProgress } from "./progress.ts";
 * const record = { epoch: 10, trainLoss: 0.5, trainAcc: 0.9, valLoss: 0.7, valAcc: 0.75, lr: 0.01, seconds: 0.1 };
 * const line = formatProgress(record, 200, 20);
 * if (line !== "epoch 10/200 | loss 0.5000 | val acc 0.7500 | lr 0.01 | 20.0 it/s | ETA 10s") {
 *   throw new Error(line);
 * }
 * ```
 */
export function formatProgress(record: EpochRecord, total: number, itPerSec: number): string {
  const eta = (total - record.epoch) / itPerSec;
  return `epoch ${record.epoch}/${total} | loss ${record.trainLoss.toFixed(4)} | val acc ${
    record.valAcc.toFixed(4)
  } | lr ${Number(record.lr.toPrecision(3))} | ${itPerSec.toFixed(1)} it/s | ETA ${
    formatDuration(eta)
  }`;
}

/**
 * The progress display for one training run: call `update` after every epoch and `done` at the
 * end (it writes the final line and, in a terminal, the newline).
 *
 * @example
 * ```ts
 * import { Progress } from "./progress.ts";
 * let out = "";
 * let t = 0;
 * const p = new Progress(2, { target: { kind: "terminal", write: (s) => out += s }, now: () => t });
 * const r = { epoch: 1, trainLoss: 1, trainAcc: 0, valLoss: 1, valAcc: 0.5, lr: 0.01, seconds: 1 };
 * t = 1000; p.update(r);
 * t = 2000; p.update({ ...r, epoch: 2 });
 * p.done();
 * if (!out.startsWith("\repoch 1/2") || !out.endsWith("\n")) throw new Error(JSON.stringify(out));
 * ```
 */
export class Progress {
  readonly #total: number;
  readonly #target: ProgressTarget;
  readonly #now: () => number;
  readonly #throttleMs: number;
  readonly #start: number;
  #lastDraw = -Infinity;
  #drawn = false;
  #pending?: string;

  /** A display for `total` epochs. */
  constructor(total: number, options: ProgressOptions = {}) {
    this.#total = total;
    this.#target = options.target ?? progressTarget("auto");
    this.#now = options.now ?? (() => performance.now());
    this.#throttleMs = options.throttleMs ?? 250;
    this.#start = this.#now();
  }

  /** Shows the state after an epoch (notebook updates are throttled; the last one is kept). */
  update(record: EpochRecord): void {
    if (this.#target.kind === "none") return;
    const now = this.#now();
    const itPerSec = record.epoch / Math.max((now - this.#start) / 1000, 1e-9);
    const line = formatProgress(record, this.#total, itPerSec);
    if (this.#target.kind === "terminal") {
      this.#target.write(`\r${line}\x1b[K`);
      this.#drawn = true;
      return;
    }
    this.#pending = line;
    if (now - this.#lastDraw >= this.#throttleMs) this.#flush(now);
  }

  /** Draws the last state and ends the line. */
  done(): void {
    if (this.#target.kind === "terminal") {
      if (this.#drawn) this.#target.write("\n");
    } else if (this.#target.kind === "jupyter" && this.#pending !== undefined) {
      this.#flush(this.#now());
    }
  }

  #flush(now: number): void {
    if (this.#target.kind !== "jupyter" || this.#pending === undefined) return;
    const line = this.#pending;
    const html = `<pre style="margin:0">${
      line.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    }</pre>`;
    this.#target.display({ "text/plain": line, "text/html": html }, { update: this.#drawn });
    this.#drawn = true;
    this.#lastDraw = now;
    this.#pending = undefined;
  }
}
