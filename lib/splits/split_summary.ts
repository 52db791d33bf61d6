/**
 * Per-part counts and class proportions of a node split, ready for tables and plots.
 *
 * @module
 */
import type { NodeSplit } from "./split.ts";

/** Counts of one part of a split. */
export interface SplitPartSummary {
  /** Which part this is. */
  readonly part: "train" | "val" | "test";
  /** Nodes in the part. */
  readonly count: number;
  /** Part size over the number of nodes. */
  readonly fraction: number;
  /** Nodes of each class in the part (length `numClasses`). */
  readonly classCounts: number[];
  /** `classCounts` over `count` (zeros for an empty part). */
  readonly classProportions: number[];
}

/** What {@linkcode splitSummary} returns. */
export interface SplitSummary {
  /** The split's name. */
  readonly name: string;
  /** Nodes in the graph. */
  readonly numNodes: number;
  /** Classes counted. */
  readonly numClasses: number;
  /** Train, val and test, in that order. */
  readonly parts: readonly SplitPartSummary[];
  /** Nodes in no part (parts assumed disjoint, see `validateSplit`). */
  readonly unassigned: number;
  /** Class proportions over all nodes with a label in `[0, numClasses)`, for comparison. */
  readonly overallProportions: number[];
}

/**
 * Summarises a split: size, fraction and per-class counts and proportions of each part.
 *
 * @param split The split.
 * @param y Class label per node (its length is the number of nodes).
 * @param numClasses Number of classes; labels outside `[0, numClasses)` are not counted per class.
 * @example
 * ```ts
 * import { splitSummary } from "./split_summary.ts";
 * const y = new Int32Array([0, 1, 1, 0]);
 * const split = {
 *   name: "toy", train: new Int32Array([0, 1, 2]), val: new Int32Array([3]), test: new Int32Array(),
 * };
 * const s = splitSummary(split, y, 2);
 * if (s.parts[0].classCounts.join() !== "1,2" || s.parts[1].count !== 1) throw new Error("unexpected");
 * ```
 */
export function splitSummary(split: NodeSplit, y: Int32Array, numClasses: number): SplitSummary {
  const numNodes = y.length;
  const classCountsOf = (index: ArrayLike<number>): number[] => {
    const counts = new Array<number>(numClasses).fill(0);
    for (let k = 0; k < index.length; k++) {
      const c = y[index[k]];
      if (c >= 0 && c < numClasses) counts[c]++;
    }
    return counts;
  };
  const parts = (["train", "val", "test"] as const).map((part): SplitPartSummary => {
    const index = split[part];
    const classCounts = classCountsOf(index);
    return {
      part,
      count: index.length,
      fraction: numNodes > 0 ? index.length / numNodes : 0,
      classCounts,
      classProportions: classCounts.map((n) => (index.length > 0 ? n / index.length : 0)),
    };
  });
  const overall = new Array<number>(numClasses).fill(0);
  let labelled = 0;
  for (let i = 0; i < numNodes; i++) {
    if (y[i] >= 0 && y[i] < numClasses) {
      overall[y[i]]++;
      labelled++;
    }
  }
  return {
    name: split.name,
    numNodes,
    numClasses,
    parts,
    unassigned: numNodes - parts.reduce((a, p) => a + p.count, 0),
    overallProportions: overall.map((n) => (labelled > 0 ? n / labelled : 0)),
  };
}
