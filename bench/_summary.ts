/**
 * The bench's arithmetic and report: the order of the two sides in each round, medians over rounds,
 * paired ratios and the markdown table BENCHMARKS.md takes as is.
 *
 * @module
 */

/** A side of a comparison. */
export type Side = "ours" | "reference";

/** What one child process printed: figures, labels, or `error`. */
export type Result = Record<string, unknown>;

/**
 * The order of the two sides in round `round` (0-based): ours first in even rounds, the reference
 * first in odd ones, so a load that rises or falls during a run does not favour one side.
 *
 * @example
 * ```ts
 * import { sideOrder } from "./_summary.ts";
 * const order = [0, 1, 2].map((r) => sideOrder(r).join(" "));
 * if (order.join(", ") !== "ours reference, reference ours, ours reference") throw new Error();
 * ```
 */
export function sideOrder(round: number): [Side, Side] {
  return round % 2 === 0 ? ["ours", "reference"] : ["reference", "ours"];
}

/**
 * The median of `values` (the mean of the middle two for an even count).
 *
 * @example
 * ```ts
 * import { median } from "./_summary.ts";
 * if (median([3, 1, 2]) !== 2 || median([4, 1, 3, 2]) !== 2.5) throw new Error();
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("Cannot take the median: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One side's rounds as one result: the median of every numeric figure, other values from the first
 * round, or the first round's `error` when any round failed.
 *
 * @example
 * ```ts
 * import { summarize } from "./_summary.ts";
 * const s = summarize([{ ms: 3, backend: "wasm" }, { ms: 1, backend: "wasm" }, { ms: 2 }]);
 * if (s.ms !== 2 || s.backend !== "wasm") throw new Error();
 * if (summarize([{ ms: 1 }, { error: "exit 1" }]).error !== "exit 1") throw new Error();
 * ```
 */
export function summarize(rounds: readonly Result[]): Result {
  const failed = rounds.find((r) => r.error !== undefined);
  if (failed) return { error: failed.error };
  const out: Result = {};
  for (const key of new Set(rounds.flatMap((r) => Object.keys(r)))) {
    const values = rounds.map((r) => r[key]).filter((v) => v !== undefined);
    out[key] = values.every((v) => typeof v === "number") ? median(values as number[]) : values[0];
  }
  return out;
}

/** The median and range of per-round ratios. */
export interface PairedRatio {
  median: number;
  min: number;
  max: number;
}

/**
 * Ratios `ours[i][key] / reference[i][refKey]` of the rounds both sides measured, paired by round
 * (the two ran back to back, under the same load), or undefined when no round has both figures.
 *
 * @example
 * ```ts
 * import { pairedRatio } from "./_summary.ts";
 * const r = pairedRatio([{ ms: 2 }, { ms: 3 }, { ms: 4 }], [{ ms: 2 }, { ms: 2 }, { ms: 2 }], "ms");
 * if (r?.median !== 1.5 || r.min !== 1 || r.max !== 2) throw new Error();
 * ```
 */
export function pairedRatio(
  ours: readonly Result[],
  reference: readonly Result[],
  key: string,
  refKey: string = key,
): PairedRatio | undefined {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(ours.length, reference.length); i++) {
    const ratio = Number(ours[i][key]) / Number(reference[i][refKey]);
    if (Number.isFinite(ratio)) ratios.push(ratio);
  }
  if (ratios.length === 0) return undefined;
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/**
 * A ratio as the table shows it: `0.96x`, with the range over rounds where it shows (two decimals).
 *
 * @example
 * ```ts
 * import { formatRatio } from "./_summary.ts";
 * if (formatRatio({ median: 0.964, min: 0.91, max: 1.02 }) !== "0.96x (0.91-1.02)") throw new Error();
 * if (formatRatio({ median: 2, min: 1.999, max: 2.001 }) !== "2.00x") throw new Error();
 * ```
 */
export function formatRatio(r: PairedRatio): string {
  const [median, min, max] = [r.median, r.min, r.max].map((v) => v.toFixed(2));
  return min === max ? `${median}x` : `${median}x (${min}-${max})`;
}

/**
 * Rows as a markdown table with padded columns (as `deno fmt` writes it, so it pastes unchanged).
 *
 * @example
 * ```ts
 * import { markdownTable } from "./_summary.ts";
 * const md = markdownTable([{ task: "gcn", ratio: "0.96x" }, { task: "gat", ratio: "1.10x" }]);
 * const expected = [
 *   "| task | ratio |",
 *   "| ---- | ----- |",
 *   "| gcn  | 0.96x |",
 *   "| gat  | 1.10x |",
 * ].join("\n");
 * if (md !== expected) throw new Error(md);
 * ```
 */
export function markdownTable(rows: readonly Record<string, string>[]): string {
  if (rows.length === 0) throw new RangeError("Cannot build a markdown table: no rows");
  const columns = Object.keys(rows[0]);
  const cell = (text: string) => text.replaceAll("|", "\\|");
  const widths = columns.map((c) =>
    Math.max(3, c.length, ...rows.map((r) => cell(r[c] ?? "").length))
  );
  const line = (texts: string[]) => `| ${texts.map((t, j) => t.padEnd(widths[j])).join(" | ")} |`;
  return [
    line(columns),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c] ?? "")))),
  ].join("\n");
}
