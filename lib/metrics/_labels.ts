/**
 * Resolving which class labels a classification metric scores.
 *
 * @module
 */

import { checkLabels, checkPair } from "./_validate.ts";
import type { LabelOptions } from "./classification.ts";

/**
 * The classes to score, in order, and a lookup from label to position (-1 if not scored).
 */
export function resolveLabels(
  action: string,
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  { numClasses, labels }: LabelOptions = {},
): { labels: number[]; index: (label: number) => number } {
  checkPair(action, yTrue, yPred);
  checkLabels(action, "yTrue", yTrue);
  checkLabels(action, "yPred", yPred);
  if (numClasses !== undefined && labels !== undefined) {
    throw new TypeError(`${action}: pass either numClasses or labels, not both`);
  }
  if (numClasses !== undefined) {
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new RangeError(`${action}: numClasses is ${numClasses} (expected a positive integer)`);
    }
    for (const [name, y] of [["yTrue", yTrue], ["yPred", yPred]] as const) {
      for (let i = 0; i < y.length; i++) {
        if (y[i] < 0 || y[i] >= numClasses) {
          throw new RangeError(
            `${action}: ${name}[${i}] is ${y[i]} (expected a class in 0..${
              numClasses - 1
            } for numClasses ${numClasses})`,
          );
        }
      }
    }
    return { labels: Array.from({ length: numClasses }, (_, c) => c), index: (l) => l };
  }
  let list: number[];
  if (labels !== undefined) {
    list = Array.from(labels);
    if (list.length === 0) throw new RangeError(`${action}: labels is empty`);
    checkLabels(action, "labels", list);
    if (new Set(list).size !== list.length) {
      throw new RangeError(`${action}: labels contains duplicates (${list.join(", ")})`);
    }
  } else {
    const seen = new Set<number>();
    for (let i = 0; i < yTrue.length; i++) seen.add(yTrue[i]);
    for (let i = 0; i < yPred.length; i++) seen.add(yPred[i]);
    list = [...seen].sort((a, b) => a - b);
  }
  const pos = new Map(list.map((l, i) => [l, i]));
  return { labels: list, index: (l) => pos.get(l) ?? -1 };
}
