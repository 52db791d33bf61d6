/**
 * Temporal node splits by publication year, as in OGB's ogbn-arxiv.
 *
 * @module
 */
import type { NodeSplit } from "./split.ts";

/** Options for {@linkcode timeSplit}. */
export interface TimeSplitOptions {
  /** Last year (inclusive) of the training part, e.g. 2017 for ogbn-arxiv. */
  trainUntil: number;
  /** Last year (inclusive) of the validation part, e.g. 2018 for ogbn-arxiv. */
  valUntil: number;
}

/**
 * Splits nodes by time: train is `year <= trainUntil`, val is `trainUntil < year <= valUntil`,
 * test is every later year. ogbn-arxiv (https://ogb.stanford.edu/docs/nodeprop/#ogbn-arxiv) uses
 * `trainUntil: 2017, valUntil: 2018`.
 *
 * @param years Year (or any time stamp) per node.
 * @throws {RangeError} when `valUntil < trainUntil` or a year is not finite.
 * @example
 * ```ts
 * import { timeSplit } from "./time_split.ts";
 * const s = timeSplit([2016, 2019, 2018, 2017], { trainUntil: 2017, valUntil: 2018 });
 * if (s.train.join() !== "0,3" || s.val.join() !== "2" || s.test.join() !== "1") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function timeSplit(years: ArrayLike<number>, options: TimeSplitOptions): NodeSplit {
  const { trainUntil, valUntil } = options;
  if (!(valUntil >= trainUntil)) {
    throw new RangeError(
      `Cannot split nodes by time: valUntil (${valUntil}) must not be before trainUntil (${trainUntil})`,
    );
  }
  const part = new Uint8Array(years.length);
  const counts = [0, 0, 0];
  for (let i = 0; i < years.length; i++) {
    const t = years[i];
    if (!Number.isFinite(t)) {
      throw new RangeError(`Cannot split nodes by time: year of node ${i} is ${t}`);
    }
    part[i] = t <= trainUntil ? 0 : t <= valUntil ? 1 : 2;
    counts[part[i]]++;
  }
  const out = counts.map((n) => new Int32Array(n));
  const fill = [0, 0, 0];
  for (let i = 0; i < years.length; i++) out[part[i]][fill[part[i]]++] = i;
  return { name: "time", train: out[0], val: out[1], test: out[2] };
}
