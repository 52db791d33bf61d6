/**
 * Random per-class node splits, like PyTorch Geometric's `RandomNodeSplit` transform.
 *
 * @module
 */
import { createRng } from "../random/rng.ts";
import type { NodeSplit } from "./split.ts";
import { groupByClass, sortedIndex } from "./_classes.ts";

/** Options for {@linkcode randomNodeSplit}. */
export interface RandomNodeSplitOptions {
  /** Training nodes drawn from each class (default 20). */
  numTrainPerClass?: number;
  /** Validation nodes drawn from each class after training; overrides `numVal` when given. */
  numValPerClass?: number;
  /** Validation nodes drawn from all nodes left after training (default 500; a value in (0, 1) is a fraction of the labelled nodes). */
  numVal?: number;
  /** Test nodes drawn from what is left (default 1000; a fraction as for `numVal`), or `"rest"` for all of it. */
  numTest?: number | "rest";
  /** Seed of the random choice (default 0). */
  seed?: number;
}

/**
 * Splits labelled nodes like PyG's `RandomNodeSplit` in its `"random"` mode (`numTest` a count)
 * and `"test_rest"` mode (`numTest: "rest"`), the splits of Kipf & Welling and of Shchur et al.
 * (https://arxiv.org/abs/1811.05868):
 *
 * 1. train: from each class, `numTrainPerClass` members chosen at random (all of them when the
 *    class is smaller, as in PyG);
 * 2. val: `numValPerClass` more members of each class when given (again all there are, when
 *    fewer remain); otherwise `numVal` nodes chosen at random from all labelled nodes not in train;
 * 3. test: `numTest` nodes chosen at random from the labelled nodes left, or all of them.
 *
 * Nodes with a negative label (unlabelled) are in no part. Indices come back sorted ascending.
 * The same seed always gives the same split.
 *
 * @param y Class label per node.
 * @throws {RangeError} when an option is not a non-negative integer, or `numVal + numTest` exceed
 * the labelled nodes left after training.
 * @example
 * ```ts
 * import { randomNodeSplit } from "./random_node_split.ts";
 * const y = new Int32Array([0, 0, 0, 1, 1, 1, 1, 2, 2, 2]);
 * const split = randomNodeSplit(y, { numTrainPerClass: 2, numVal: 2, numTest: "rest", seed: 1 });
 * if (split.train.length !== 6 || split.val.length !== 2 || split.test.length !== 2) {
 *   throw new Error("unexpected sizes");
 * }
 * ```
 */
export function randomNodeSplit(y: Int32Array, options: RandomNodeSplitOptions = {}): NodeSplit {
  const { numTrainPerClass = 20, numValPerClass, seed = 0 } = options;
  checkCount(numTrainPerClass, "numTrainPerClass");
  if (numValPerClass !== undefined) checkCount(numValPerClass, "numValPerClass");
  const rng = createRng(seed);
  const { numClasses, start, nodes } = groupByClass(y);
  const labelled = nodes.length;
  const used = new Uint8Array(y.length);
  const train: number[] = [];
  const val: number[] = [];
  for (let c = 0; c < numClasses; c++) {
    const members = rng.shuffle(nodes.slice(start[c], start[c + 1]));
    const nTrain = Math.min(numTrainPerClass, members.length);
    for (let k = 0; k < nTrain; k++) train.push(members[k]);
    if (numValPerClass !== undefined) {
      const nVal = Math.min(numValPerClass, members.length - nTrain);
      for (let k = nTrain; k < nTrain + nVal; k++) val.push(members[k]);
    }
  }
  for (const i of train) used[i] = 1;
  for (const i of val) used[i] = 1;
  const left: number[] = [];
  for (const i of nodes) if (!used[i]) left.push(i);
  // PyG sorts the remainder by node id before permuting it; do the same so results do not depend
  // on the class grouping.
  const remaining = rng.shuffle(sortedIndex(left));
  const numVal = numValPerClass === undefined
    ? resolveCount(options.numVal ?? 500, labelled, "numVal")
    : 0;
  const rawTest = options.numTest ?? 1000;
  const numTest = rawTest === "rest"
    ? remaining.length - numVal
    : resolveCount(rawTest, labelled, "numTest");
  if (numVal + numTest > remaining.length) {
    throw new RangeError(
      `Cannot split nodes: numVal ${numVal} + numTest ${numTest} exceed the ${remaining.length} labelled nodes left after training`,
    );
  }
  for (let k = 0; k < numVal; k++) val.push(remaining[k]);
  const valPart = numValPerClass ?? numVal;
  return {
    name: numValPerClass === undefined
      ? `random-${numTrainPerClass}-${valPart}-${rawTest}`
      : `random-${numTrainPerClass}-${valPart}${rawTest === "rest" ? "" : `-${rawTest}`}`,
    train: sortedIndex(train),
    val: sortedIndex(val),
    test: sortedIndex(remaining.subarray(numVal, numVal + numTest)),
  };
}

function checkCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `Cannot split nodes: ${name} must be a non-negative integer, got ${value}`,
    );
  }
}

/** A count, or a fraction in (0, 1) of `total` (PyG accepts both for `num_val`/`num_test`). */
function resolveCount(value: number, total: number, name: string): number {
  if (value > 0 && value < 1) return Math.round(value * total);
  checkCount(value, name);
  return value;
}
