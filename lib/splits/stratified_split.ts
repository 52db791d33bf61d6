/**
 * Stratified random node splits: every part keeps the class proportions of the whole.
 *
 * @module
 */
import { createRng } from "../random/rng.ts";
import type { NodeSplit } from "./split.ts";
import { groupByClass, sortedIndex } from "./_classes.ts";

/** Options for {@linkcode stratifiedSplit}: fractions of the labelled nodes. */
export interface StratifiedSplitOptions {
  /** Fraction for training (default 0.7). */
  train?: number;
  /** Fraction for validation (default 0.15). */
  val?: number;
  /** Fraction for testing (default 0.15). Fractions summing to less than 1 leave nodes out. */
  test?: number;
  /** Seed of the random choice (default 0). */
  seed?: number;
}

/**
 * Splits labelled nodes at random into train/val/test so that each part holds the same class
 * proportions as the whole (like scikit-learn's stratified splits), deterministic for a seed.
 *
 * Allocation rules, for a class with `n` members and a part with fraction `f`:
 * - the class puts `floor(n f)` or `ceil(n f)` members into the part, so proportions hold up to
 *   one node per class and part; the class's members are all placed (or left out, when the
 *   fractions sum to less than 1);
 * - which parts round up is decided so that the overall part sizes stay closest to their targets
 *   (the rounding that is furthest behind its running target goes first), so part sizes stay within
 *   about one node of `round(f * labelled)` instead of drifting with the number of classes;
 * - small classes: a class with at least one member always gets at least one training node when
 *   `train > 0`, so a class with a single member is train only; classes smaller than
 *   `1 / min(val, test)` may have no val or test node (their share there rounds to 0 or 1);
 * - nodes with a negative label (unlabelled) are in no part.
 *
 * Indices come back sorted ascending and the parts are disjoint.
 *
 * @param y Class label per node.
 * @throws {RangeError} when a fraction is outside [0, 1] or they sum to more than 1.
 * @example
 * ```ts
 * import { stratifiedSplit } from "./stratified_split.ts";
 * const y = new Int32Array(100).map((_, i) => (i < 60 ? 0 : 1));
 * const s = stratifiedSplit(y, { train: 0.5, val: 0.25, test: 0.25, seed: 3 });
 * const trainOf0 = s.train.filter((i) => y[i] === 0).length;
 * if (s.train.length !== 50 || trainOf0 !== 30) throw new Error("unexpected");
 * ```
 */
export function stratifiedSplit(y: Int32Array, options: StratifiedSplitOptions = {}): NodeSplit {
  const { train = 0.7, val = 0.15, test = 0.15, seed = 0 } = options;
  const given = [train, val, test];
  ["train", "val", "test"].forEach((name, p) => {
    if (!(given[p] >= 0 && given[p] <= 1)) {
      throw new RangeError(
        `Cannot split nodes: ${name} fraction must be in [0, 1], got ${given[p]}`,
      );
    }
  });
  const total = train + val + test;
  if (total > 1 + 1e-9) {
    throw new RangeError(
      `Cannot split nodes: train, val and test fractions sum to ${total} (expected at most 1)`,
    );
  }
  // A fourth, left-out part takes whatever the fractions leave.
  const fractions = [train, val, test, Math.max(0, 1 - total)];
  const rng = createRng(seed);
  const { numClasses, start, nodes } = groupByClass(y);
  const parts: number[][] = [[], [], [], []];
  const expected = [0, 0, 0, 0]; // exact running targets over the classes seen so far
  const allocated = [0, 0, 0, 0];
  for (let c = 0; c < numClasses; c++) {
    const n = start[c + 1] - start[c];
    if (n === 0) continue;
    const counts = fractions.map((f) => Math.floor(n * f + 1e-9));
    for (let p = 0; p < 4; p++) {
      expected[p] += n * fractions[p];
      allocated[p] += counts[p];
    }
    let extra = n - counts.reduce((a, b) => a + b, 0);
    const roundUp = (p: number) => {
      counts[p]++;
      allocated[p]++;
      extra--;
    };
    if (extra > 0 && train > 0 && counts[0] === 0) roundUp(0);
    while (extra > 0) {
      // Parts whose exact share has a fractional remainder and have not rounded up yet.
      let best = -1;
      for (let p = 0; p < 4; p++) {
        const exact = n * fractions[p];
        if (counts[p] >= Math.ceil(exact - 1e-9)) continue;
        if (best < 0 || expected[p] - allocated[p] > expected[best] - allocated[best]) best = p;
      }
      roundUp(best < 0 ? 0 : best); // best < 0 only through float round-off
    }
    const members = rng.shuffle(nodes.slice(start[c], start[c + 1]));
    let k = 0;
    for (let p = 0; p < 3; p++) {
      for (let m = 0; m < counts[p]; m++) parts[p].push(members[k++]);
    }
  }
  const pct = (f: number) => String(Math.round(f * 100));
  return {
    name: `stratified-${pct(train)}-${pct(val)}-${pct(test)}`,
    train: sortedIndex(parts[0]),
    val: sortedIndex(parts[1]),
    test: sortedIndex(parts[2]),
  };
}
