/**
 * What every structure learner returns.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { Graph } from "../graph/graph.ts";

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
