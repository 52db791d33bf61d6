/**
 * How much a learned graph changed between two iterations: the stopping test of the co-evolution
 * loop.
 *
 * @module
 */
import type { LearnedGraph } from "./types.ts";

/**
 * The relative Frobenius change between two learned graphs on the same nodes:
 *
 * ```text
 * change = ||A_next - A_prev||_F / ||A_prev||_F
 * ```
 *
 * over the union of both edge sets (an edge missing from one graph counts as weight 0 there;
 * duplicate edges add up, as in `spmm`). The edge lists may differ and come in any order. When
 * `A_prev` is all zeros, the change is 0 if `A_next` is too, else `Infinity`. Reads the weights
 * back to the host (synchronously): call it between epochs, not inside a gradient step.
 *
 * @param previous the graph of the last iteration, `A_prev`
 * @param next the graph of this iteration, `A_next`
 * @returns the relative change, `>= 0`
 * @throws {RangeError} when the graphs have different numbers of nodes or a weight vector does
 *   not match its edges
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { graphChange } from "./graph_change.ts";
 * const prev = {
 *   graph: createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] }),
 *   weights: tf.tensor1d([3, 4]),
 * };
 * const next = {
 *   graph: createGraph({ numNodes: 3, edgeIndex: [[1, 2], [2, 0]] }),
 *   weights: tf.tensor1d([4, 1]),
 * };
 * // Edge 0 -> 1 lost (3), 1 -> 2 unchanged (4), 2 -> 0 new (1): sqrt(9 + 0 + 1) / sqrt(9 + 16).
 * if (Math.abs(graphChange(prev, next) - Math.sqrt(10) / 5) > 1e-12) throw new Error("unexpected");
 * ```
 */
export function graphChange(previous: LearnedGraph, next: LearnedGraph): number {
  const n = previous.graph.numNodes;
  if (next.graph.numNodes !== n) {
    throw new RangeError(
      `Cannot compute graphChange: previous has ${n} nodes but next has ${next.graph.numNodes}`,
    );
  }
  // Entry (v, u) accumulates +w from `next` and -w from `previous`.
  const diff = new Map<number, number>();
  const prevEntries = new Map<number, number>();
  add(previous, "previous", -1, diff, prevEntries);
  add(next, "next", 1, diff);
  let num = 0;
  for (const d of diff.values()) num += d * d;
  let den = 0;
  for (const w of prevEntries.values()) den += w * w;
  if (den === 0) return num === 0 ? 0 : Infinity;
  return Math.sqrt(num / den);
}

function add(
  g: LearnedGraph,
  name: string,
  sign: number,
  diff: Map<number, number>,
  entries?: Map<number, number>,
): void {
  const { edgeIndex, numNodes } = g.graph;
  const edges = edgeIndex.length >> 1;
  if (g.weights.rank !== 1 || g.weights.shape[0] !== edges) {
    throw new RangeError(
      `Cannot compute graphChange: expected ${name}.weights [${edges}] (one per edge), got shape [${g.weights.shape}]`,
    );
  }
  const w = g.weights.dataSync();
  for (let e = 0; e < edges; e++) {
    const key = edgeIndex[edges + e] * numNodes + edgeIndex[e];
    diff.set(key, (diff.get(key) ?? 0) + sign * w[e]);
    entries?.set(key, (entries.get(key) ?? 0) + w[e]);
  }
}
