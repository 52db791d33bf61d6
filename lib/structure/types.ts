/**
 * What every structure learner returns.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { Graph } from "../graph/graph.ts";

/** How a learner keeps pairs: the `k` most similar per node, or every pair above `epsilon`. */
export type Sparsify = { k: number; epsilon?: never } | { epsilon: number; k?: never };

/**
 * A learned graph on N nodes as a differentiable weighted edge list: pass
 * `adjacency(learned.graph)` and `learned.weights` to `spmm` to propagate over it.
 */
export interface LearnedGraph {
  /** The structure: edges only; `weights` holds their values. */
  readonly graph: Graph;
  /** Differentiable weight per edge `[E]`, aligned with `graph.edgeIndex`. */
  readonly weights: tf.Tensor1D;
}

/**
 * The node-anchor affinities `R` `[N, m]` of an anchor graph as an edge list on the N nodes: edge
 * `i -> anchors[a]` carries `R_ia`. It is not the node graph itself, `A = R Λ^-1 R^T` with
 * `Λ = diag(R^T 1)`: propagate with `anchorPropagate`; the regularisers (`sparsityL1`,
 * `logDegreeBarrier`, `dirichletEnergy`) take it and compute A's terms through R.
 */
export interface AnchorGraph extends LearnedGraph {
  /** The anchor nodes, ascending; anchor `a` is node `anchors[a]`. */
  readonly anchors: Int32Array;
}
