/**
 * Checking a data set built or edited by hand.
 *
 * @module
 */
import { checkDataset } from "./_check_dataset.ts";
import type { GraphDataset } from "./dataset.ts";

/**
 * Checks a data set the way the loaders and trainers do: the graph's invariants (node indices in
 * range, finite features, one label per node), `numClasses` a positive integer, every label in
 * `[0, numClasses)`, and every stored split valid for the graph (see `validateSplit`). Use it on a
 * data set you built or edited yourself; `loadDataset` and `train` run the same checks.
 *
 * @param dataset the data set to check
 * @throws {RangeError} `Invalid dataset <name>: <field and position> ...` on the first broken
 *   invariant
 * @example
 * ```ts
 * import { validateDataset } from "./validate_dataset.ts";
 * import { csbm } from "./synthetic.ts";
 * const data = csbm({ numNodes: 30, numClasses: 2, avgDegree: 2, seed: 1 });
 * validateDataset(data);
 * const y = data.graph.y.slice();
 * y[4] = 2;
 * let message = "";
 * try { validateDataset({ ...data, graph: { ...data.graph, y } }); } catch (e) {
 *   message = (e as Error).message;
 * }
 * if (message !== "Invalid dataset csbm: y[4] is 2; labels must be integers in [0, 2) (numClasses)") {
 *   throw new Error(message);
 * }
 * ```
 */
export function validateDataset(dataset: GraphDataset): void {
  checkDataset(dataset, (detail) => {
    throw new RangeError(`Invalid dataset ${dataset?.name}: ${detail}`);
  });
}
