/**
 * The invariants of a data set, checked in one pass over each array; shared by
 * {@linkcode validateDataset}, `loadDataset` and the trainers, which put their own action in front.
 *
 * @module
 */
import { checkGraph, type Fail } from "../graph/_check_graph.ts";
import { checkSplit } from "../splits/_check_split.ts";
import type { GraphDataset } from "./dataset.ts";

/** Which parts of a data set {@linkcode checkDataset} checks (default all). */
interface DatasetChecks {
  /** The graph's invariants, finite features included (`createGraph`'s checks). */
  graph?: boolean;
  /** `numClasses` and every label in `[0, numClasses)`. */
  labels?: boolean;
  /** Every stored split against the graph's nodes. */
  splits?: boolean;
}

/**
 * Reports the first broken invariant of `dataset` through `fail`, naming the field and position
 * (`x[12, 3] is NaN; features must be finite`, `y[5] is 7; labels must be in [0, 7)`).
 */
export function checkDataset(
  dataset: GraphDataset,
  fail: Fail,
  { graph = true, labels = true, splits = true }: DatasetChecks = {},
): void {
  const g = dataset?.graph;
  if (typeof g !== "object" || g === null) fail(`the data set has no graph, got ${g}`);
  if (!g.x) fail("the graph has no features x");
  if (graph) checkGraph(g, fail);
  if (labels) {
    const { numClasses } = dataset;
    if (!(Number.isInteger(numClasses) && numClasses > 0)) {
      fail(`numClasses must be a positive integer, got ${numClasses}`);
    }
    const y = g.y;
    if (!y) fail("the graph has no labels y");
    if (y.length !== g.numNodes) {
      fail(`y has ${y.length} labels but the graph has ${g.numNodes} nodes`);
    }
    for (let i = 0; i < y.length; i++) {
      const c = y[i];
      if (!(Number.isInteger(c) && c >= 0 && c < numClasses)) {
        fail(`y[${i}] is ${c}; labels must be integers in [0, ${numClasses}) (numClasses)`);
      }
    }
  }
  if (splits) {
    if (!Array.isArray(dataset.splits)) fail(`splits must be a list, got ${dataset.splits}`);
    for (const split of dataset.splits) {
      checkSplit(split, g.numNodes, (detail) => fail(`split ${split.name}: ${detail}`));
    }
  }
}
