/**
 * The graph regularisers of the joint objective of chapter 2.1,
 * `L = L_task + lambda * R(A) + gamma * S(A, X)`: sparsity (L1), connectivity (a log-degree
 * barrier against isolated nodes) and feature smoothness (Dirichlet energy), each for a dense
 * `[N, N]` adjacency, a {@linkcode LearnedGraph} edge list and an {@linkcode AnchorGraph} (whose
 * node graph `R Λ^-1 R^T` is used through R), with the same value on the same graph.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { matmul } from "../nn/matmul.ts";
import { adjacency } from "../sparse/adjacency.ts";
import { sddmm } from "../sparse/sddmm.ts";
import { spmm } from "../sparse/spmm.ts";
import type { AnchorGraph, LearnedGraph } from "./types.ts";
import { anchorCrossTerm, anchorNodeDegree, isAnchorGraph } from "./_anchor_graph.ts";

/**
 * A graph the regularisers take: a dense adjacency `[N, N]` (`A[v, u]` the weight of `u -> v`), a
 * {@linkcode LearnedGraph} whose edge `e = (u -> v)` adds `weights[e]` to `A[v, u]`, or an
 * {@linkcode AnchorGraph}: node-anchor affinities R `[N, m]` (non-negative, as the anchor learner
 * makes them) standing for the node graph `A = R Λ^-1 R^T`, `Λ = diag(R^T 1)`, which is never
 * formed: every term is computed through R in `O(E F)`.
 */
export type RegularizerGraph = tf.Tensor2D | LearnedGraph | AnchorGraph;

/**
 * Scaling of a summed regulariser: `"none"` (default), `"nodes"` divides by N (the mean per node;
 * a row-stochastic A has total weight N), `"entries"` by N^2 (the mean over all entries of A, as
 * IDGL does). Both forms of a graph share N, so they still agree; dividing an edge list by its
 * number of edges instead would give a different quantity than the dense form.
 */
export type RegularizerNormalization = "none" | "nodes" | "entries";

/** Options of {@linkcode sparsityL1} and {@linkcode dirichletEnergy}. */
export interface RegularizerOptions {
  /** See {@linkcode RegularizerNormalization} (default `"none"`). */
  normalize?: RegularizerNormalization;
}

/** Options of {@linkcode logDegreeBarrier}. */
export interface LogDegreeBarrierOptions {
  /** Added to every degree so an isolated node gives a large but finite penalty (default 1e-6). */
  eps?: number;
}

/**
 * The L1 sparsity penalty:
 *
 * ```text
 * R_1(A) = Σ_ij |A_ij|        (edge list: Σ_e |w_e|)
 *                             (anchor graph: Σ_ij A_ij = 1^T R Λ^-1 R^T 1 = Σ_a Λ_a = Σ_ia R_ia)
 * ```
 *
 * divided by N or N^2 as `normalize` asks. On a row-stochastic A (a softmax output) it is the
 * constant N and has no gradient: apply it to the weights before normalisation, e.g. the relu
 * scores of `DenseGraphLearner.scores`, where pushing entries to 0 removes them under `maskZeros`.
 * Duplicate edges count separately, which equals the dense value unless they carry opposite signs.
 *
 * @param a dense `[N, N]` or an edge list
 * @param options `normalize`
 * @returns the penalty, a scalar
 * @throws {RangeError} when `a` is not square or its weights do not match its edges
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { sparsityL1 } from "./regularizers.ts";
 * const a = tf.tensor2d([[0, 0.5], [-1, 0]]);
 * if (sparsityL1(a).dataSync()[0] !== 1.5) throw new Error("unexpected");
 * if (sparsityL1(a, { normalize: "entries" }).dataSync()[0] !== 1.5 / 4) throw new Error("unexpected");
 * ```
 *
 * @example An anchor graph, through R
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { sparsityL1 } from "./regularizers.ts";
 * // Nodes 0 and 1 attach to anchor 0 with weights 1 and 3: A = [1, 3]^T [1, 3] / 4 sums to 4.
 * const r = {
 *   graph: createGraph({ numNodes: 2, edgeIndex: [[0, 1], [0, 0]] }),
 *   weights: tf.tensor1d([1, 3]),
 *   anchors: new Int32Array([0]),
 * };
 * if (sparsityL1(r).dataSync()[0] !== 4) throw new Error("unexpected");
 * ```
 */
export function sparsityL1(a: RegularizerGraph, options: RegularizerOptions = {}): tf.Scalar {
  const n = checkGraph("sparsityL1", a);
  return tf.tidy(() =>
    scale(tf.sum(tf.abs(a instanceof tf.Tensor ? a : a.weights)), n, options.normalize)
  );
}

/**
 * The log-degree barrier against isolated nodes (Kalofolias 2016, IDGL):
 *
 * ```text
 * R_deg(A) = -1/N Σ_i log(d_i + eps),   d_i = Σ_j (A_ij + A_ji) / 2
 * ```
 *
 * `d_i` is the degree in the symmetrised graph `(A + A^T) / 2`, the same graph
 * {@linkcode dirichletEnergy} uses: the mean of node i's incoming and outgoing weight. On a
 * row-stochastic A it is `(1 + Σ_j A_ji) / 2`, so it penalises nodes that no other node draws from.
 * An anchor graph's A is symmetric, and `d = A 1 = R Λ^-1 R^T 1 = R 1`.
 *
 * @param a dense `[N, N]` or an edge list
 * @param options `eps` (default 1e-6)
 * @returns the barrier, a scalar (already a mean over nodes)
 * @throws {RangeError} when `a` is not square or its weights do not match its edges
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { logDegreeBarrier } from "./regularizers.ts";
 * // Symmetrised degrees: node 0 (2 + 0) / 2 = 1, node 1 (0 + 2) / 2 = 1: -log(1) = 0.
 * const value = logDegreeBarrier(tf.tensor2d([[0, 2], [0, 0]]), { eps: 0 }).dataSync()[0];
 * if (Math.abs(value) > 1e-7) throw new Error("unexpected");
 * ```
 */
export function logDegreeBarrier(
  a: RegularizerGraph,
  options: LogDegreeBarrierOptions = {},
): tf.Scalar {
  checkGraph("logDegreeBarrier", a);
  const eps = options.eps ?? 1e-6;
  return tf.tidy(() => tf.neg(tf.mean(tf.log(tf.add(symmetricDegree(a), eps)))));
}

/**
 * The Dirichlet energy (feature smoothness) of X on the graph:
 *
 * ```text
 * S(A, X) = tr(X^T L X),   L = D - A_s,   A_s = (A + A^T) / 2,   D = diag(Σ_j A_s,ij)
 *         = 1/2 Σ_ij A_ij ||x_i - x_j||^2          (edge list: 1/2 Σ_e w_e ||x_u - x_v||^2)
 * ```
 *
 * The Laplacian is taken of the symmetrised A (a directed A has no symmetric Laplacian); the value
 * equals the one of A itself, since `||x_i - x_j||^2` is symmetric in i and j. It is small when
 * strongly connected nodes have similar features. Computed as `Σ_i d_i ||x_i||^2 - Σ_ij A_ij x_i·x_j`
 * (the edge list through `sddmm`, without an `[E, F]` copy of X; an anchor graph with
 * `Σ_ij A_ij x_i·x_j = Σ_a ||(R^T X)_a||^2 / Λ_a`).
 *
 * @param a dense `[N, N]` or an edge list
 * @param x node features `[N, F]`
 * @param options `normalize`
 * @returns the energy, a scalar
 * @throws {RangeError} when `a` is not square, its weights do not match its edges or `x` does
 *   not have N rows
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { dirichletEnergy } from "./regularizers.ts";
 * // One edge of weight 2 between x_0 = (0, 0) and x_1 = (1, 1): 1/2 * 2 * 2 = 2.
 * const a = tf.tensor2d([[0, 2], [0, 0]]);
 * const value = dirichletEnergy(a, tf.tensor2d([[0, 0], [1, 1]])).dataSync()[0];
 * if (Math.abs(value - 2) > 1e-6) throw new Error("unexpected");
 * ```
 *
 * @example An anchor graph, through R
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { dirichletEnergy } from "./regularizers.ts";
 * // Nodes 0 and 1 both attach to anchor 0 with weight 1: A = [[1, 1], [1, 1]] / 2, one edge of
 * // weight 1/2 between x = 0 and x = 2: 1/2 * 4 = 2.
 * const r = {
 *   graph: createGraph({ numNodes: 2, edgeIndex: [[0, 1], [0, 0]] }),
 *   weights: tf.tensor1d([1, 1]),
 *   anchors: new Int32Array([0]),
 * };
 * const value = dirichletEnergy(r, tf.tensor2d([[0], [2]])).dataSync()[0];
 * if (Math.abs(value - 2) > 1e-6) throw new Error("unexpected");
 * ```
 */
export function dirichletEnergy(
  a: RegularizerGraph,
  x: tf.Tensor2D,
  options: RegularizerOptions = {},
): tf.Scalar {
  const n = checkGraph("dirichletEnergy", a);
  if (x.rank !== 2 || x.shape[0] !== n) {
    throw new RangeError(
      `Cannot compute dirichletEnergy: expected x [${n}, F] (one row per node), got shape [${x.shape}]`,
    );
  }
  return tf.tidy(() => {
    if (isAnchorGraph(a)) {
      // The degree term first: the order in which the ops are taped fixes how the gradients of R
      // add up, and this is the order the anchor variant's results were computed in.
      const degreeTerm = tf.sum(tf.mul(symmetricDegree(a), tf.sum(tf.square(x), 1)));
      return scale(tf.sub(degreeTerm, anchorCrossTerm(a, x)), n, options.normalize);
    }
    const norms = tf.sum(tf.square(x), 1);
    const cross = a instanceof tf.Tensor
      ? tf.sum(tf.mul(x, matmul(a, x)))
      : tf.sum(tf.mul(a.weights, sddmm(adjacency(a.graph), x, x)));
    return scale(tf.sub(tf.sum(tf.mul(symmetricDegree(a), norms)), cross), n, options.normalize);
  });
}

/** Options of {@linkcode graphRegularization}. */
export interface GraphRegularizationOptions {
  /** Weight `lambda` of the structure term R(A) (sparsity and connectivity). */
  lambda: number;
  /** Weight `gamma` of the smoothness term S(A, X). */
  gamma: number;
  /** Share of the log-degree barrier within R(A) (default 1). */
  beta?: number;
  /** Normalisation of the L1 and Dirichlet terms (default `"none"`). */
  normalize?: RegularizerNormalization;
  /** `eps` of the barrier (default 1e-6). */
  eps?: number;
  /** What the L1 is taken of (default `a`), e.g. the pre-softmax scores of a row-stochastic A. */
  sparsityOf?: RegularizerGraph;
}

/**
 * The weighted regularisation terms of chapter 2.1, named for a model's `lossTerms` (a type alias,
 * not an interface, so it is assignable to `Record<string, tf.Scalar>`).
 */
export type GraphRegularizationTerms = {
  /** `lambda * R_1(A)`. */
  sparsity: tf.Scalar;
  /** `lambda * beta * R_deg(A)`. */
  connectivity: tf.Scalar;
  /** `gamma * S(A, X)`. */
  smoothness: tf.Scalar;
};

/**
 * The graph part of chapter 2.1's joint objective, split into named terms whose sum is
 * `lambda * R(A) + gamma * S(A, X)`:
 *
 * ```text
 * R(A) = R_1(A) + beta * R_deg(A)        (sparsityL1 and logDegreeBarrier)
 * S(A, X) = tr(X^T L X)                   (dirichletEnergy)
 * ```
 *
 * Return the terms from a model's `lossTerms` next to the task loss and the trainer records each
 * per epoch.
 *
 * @param a the learned graph, dense `[N, N]` or an edge list
 * @param x the features whose smoothness is measured `[N, F]`
 * @param options `lambda`, `gamma`, `beta`, `normalize`, `eps`, `sparsityOf`
 * @returns `{ sparsity, connectivity, smoothness }`, weighted scalars
 * @throws {RangeError} on a non-finite weight or a shape mismatch
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { graphRegularization } from "./regularizers.ts";
 * const a = tf.tensor2d([[0, 1], [1, 0]]);
 * const terms = graphRegularization(a, tf.tensor2d([[0], [1]]), { lambda: 0.1, gamma: 2 });
 * // sparsity 0.1 * 2; connectivity 0.1 * -log(1 + 1e-6); smoothness 2 * (1/2 * 2 * 1).
 * const smoothness = terms.smoothness.dataSync()[0];
 * if (Math.abs(terms.sparsity.dataSync()[0] - 0.2) > 1e-6 || Math.abs(smoothness - 2) > 1e-6) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function graphRegularization(
  a: RegularizerGraph,
  x: tf.Tensor2D,
  options: GraphRegularizationOptions,
): GraphRegularizationTerms {
  const { lambda, gamma, beta = 1, normalize } = options;
  for (const [key, value] of [["lambda", lambda], ["gamma", gamma], ["beta", beta]] as const) {
    if (!Number.isFinite(value)) {
      throw new RangeError(
        `Cannot compute graphRegularization: ${key} must be a finite number, got ${value}`,
      );
    }
  }
  return tf.tidy((): GraphRegularizationTerms => ({
    sparsity: tf.mul(sparsityL1(options.sparsityOf ?? a, { normalize }), lambda),
    connectivity: tf.mul(logDegreeBarrier(a, { eps: options.eps }), lambda * beta),
    smoothness: tf.mul(dirichletEnergy(a, x, { normalize }), gamma),
  }));
}

/** Checks `a` and returns its number of nodes. */
function checkGraph(op: string, a: RegularizerGraph): number {
  if (a instanceof tf.Tensor) {
    if (a.rank !== 2 || a.shape[0] !== a.shape[1]) {
      throw new RangeError(
        `Cannot compute ${op}: expected a square adjacency [N, N], got shape [${a.shape}]`,
      );
    }
    return a.shape[0];
  }
  const edges = a.graph.edgeIndex.length / 2;
  if (a.weights.rank !== 1 || a.weights.shape[0] !== edges) {
    throw new RangeError(
      `Cannot compute ${op}: expected weights [${edges}] (one per edge), got shape [${a.weights.shape}]`,
    );
  }
  return a.graph.numNodes;
}

/** Degrees of `(A + A^T) / 2`: the mean of each node's incoming and outgoing weight, `[N]`. */
function symmetricDegree(a: RegularizerGraph): tf.Tensor1D {
  if (a instanceof tf.Tensor) return tf.mul(tf.add(tf.sum(a, 0), tf.sum(a, 1)), 0.5);
  if (isAnchorGraph(a)) return tf.reshape(anchorNodeDegree(a), [-1]);
  // spmm sums each node's incoming weights (A 1), over the reversed edges its outgoing ones
  // (A^T 1): deterministic on every backend, unlike segment sums (which tfjs-wasm also lacks).
  const adj = adjacency(a.graph);
  const ones = tf.ones([a.graph.numNodes, 1]) as tf.Tensor2D;
  const both = tf.add(spmm(adj, ones, a.weights), spmm(adj.reversed, ones, a.weights));
  return tf.mul(tf.reshape(both, [-1]), 0.5);
}

function scale(
  value: tf.Scalar,
  n: number,
  normalize: RegularizerNormalization = "none",
): tf.Scalar {
  if (normalize === "none") return value;
  if (normalize === "nodes") return tf.div(value, n);
  if (normalize === "entries") return tf.div(value, n * n);
  throw new RangeError(
    `Cannot normalise: normalize must be "none", "nodes" or "entries", got ${normalize}`,
  );
}
