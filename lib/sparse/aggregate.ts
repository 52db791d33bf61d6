/**
 * Neighbour aggregation (sum, mean, max) over incoming edges.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SparseAdjacency } from "./adjacency.ts";
import { checkRows } from "./_check.ts";
import { csrMax, csrMaxBackward } from "./_kernels.ts";
import { propagate } from "./_propagate.ts";
import { deviceArray, onHost, segmentArgMax, segmentReduce } from "./_device.ts";

/** How {@linkcode aggregate} combines a node's incoming messages. */
export type Aggregation = "sum" | "mean" | "max";

const AGGREGATIONS: readonly string[] = ["sum", "mean", "max"];

function maxAggregate(adj: SparseAdjacency, x: tf.Tensor2D): tf.Tensor2D {
  const F = x.shape[1];
  const f = tf.customGrad((...args) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    if (onHost()) {
      const { indptr, neighbors } = adj.byTarget;
      const { out, arg } = csrMax(indptr, neighbors, x.dataSync() as Float32Array, F);
      return {
        value: tf.tensor2d(out, [adj.numNodes, F]),
        // Only the (first) neighbour attaining the max influences the output: its feature gets
        // the whole gradient, the others none.
        gradFunc: (dy: tf.Tensor2D) =>
          tf.tensor2d(csrMaxBackward(arg, dy.dataSync() as Float32Array, adj.numNodes, F), [
            adj.numNodes,
            F,
          ]),
      };
    }
    const { value, chosen } = tf.tidy(() => {
      const messages = tf.gather(x, deviceArray(adj.src));
      const chosen = segmentArgMax(messages as tf.Tensor2D, adj.targetGroups); // edge id or -1
      const value = segmentReduce(messages, adj.targetGroups, "max");
      return { value, chosen };
    });
    save([chosen]);
    chosen.dispose();
    return {
      value: value as tf.Tensor2D,
      // As on the host: route dy[v, f] along the chosen edge only, then sum into the sources.
      gradFunc: (dy: tf.Tensor2D, [chosen]: tf.Tensor[]) =>
        tf.tidy(() => {
          const dst = deviceArray(adj.dst);
          const edgeIds = tf.expandDims(tf.range(0, adj.numEdges, 1, "int32"), 1);
          const mask = tf.equal(tf.gather(chosen, dst), edgeIds);
          const g = tf.mul(tf.gather(dy, dst), tf.cast(mask, "float32"));
          return segmentReduce(g, adj.sourceGroups, "sum") as tf.Tensor2D;
        }),
    };
  });
  return f(x) as tf.Tensor2D;
}

function aggregate_(adj: SparseAdjacency, x: tf.Tensor2D, reduce: Aggregation): tf.Tensor2D {
  if (!AGGREGATIONS.includes(reduce)) {
    throw new RangeError(
      `Cannot apply aggregate: expected reduce to be one of ${
        AGGREGATIONS.join(", ")
      }, got ${reduce}`,
    );
  }
  checkRows("aggregate", "x", x, adj.numNodes, [2]);
  if (reduce === "max") return maxAggregate(adj, x);
  // Mean is the sum with weight 1 / indeg(v) on every edge into v.
  const w = reduce === "mean" ? meanWeights(adj) : undefined;
  const f = tf.customGrad((...args) => {
    const [x] = args as [tf.Tensor2D];
    return {
      value: propagate(adj, x, w, "forward"),
      // A linear map A_w x: its gradient is A_w^T dy.
      gradFunc: (dy: tf.Tensor2D) => propagate(adj, dy, w, "transpose"),
    };
  });
  return f(x) as tf.Tensor2D;
}

const meanWeightCache = new WeakMap<SparseAdjacency, Float32Array>();
function meanWeights(adj: SparseAdjacency): Float32Array {
  let w = meanWeightCache.get(adj);
  if (!w) {
    const deg = adj.inDegree;
    w = new Float32Array(adj.numEdges);
    for (let e = 0; e < w.length; e++) w[e] = 1 / deg[adj.dst[e]];
    meanWeightCache.set(adj, w);
  }
  return w;
}

/**
 * Aggregates each node's incoming neighbours' features, ignoring edge weights (use
 * {@linkcode spmm} for weighted sums):
 *
 * ```text
 * sum:  out[v] = sum_{u -> v} x[u]
 * mean: out[v] = sum_{u -> v} x[u] / indeg(v)
 * max:  out[v, f] = max_{u -> v} x[u, f]
 * ```
 *
 * Duplicate edges count as many times as they appear; nodes without incoming edges get 0. For
 * `max` the gradient goes to the neighbour attaining the max (the first in edge order on ties).
 *
 * Shapes: `x` `[N, F]`, result `[N, F]`.
 *
 * @param adj the graph's adjacency, from {@linkcode adjacency}
 * @param x node features `[N, F]`
 * @param reduce `"sum"`, `"mean"` or `"max"`
 * @returns the aggregated features `[N, F]`
 * @throws {RangeError} on an unknown `reduce` or an `x` that does not match the graph
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "./adjacency.ts";
 * import { aggregate } from "./aggregate.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1], [2, 2]] }));
 * const x = tf.tensor2d([[1], [5], [0]]);
 * if (aggregate(adj, x, "mean").dataSync().join() !== "0,0,3") throw new Error("mean");
 * if (aggregate(adj, x, "max").dataSync().join() !== "0,0,5") throw new Error("max");
 * ```
 */
export const aggregate: (
  adj: SparseAdjacency,
  x: tf.Tensor2D,
  reduce: Aggregation,
) => tf.Tensor2D = tf.op({ aggregate_ });
