/**
 * The dense adaptive graph-structure module of chapter 4.2, `A = softmax(relu(X W X^T + b))`, for
 * graphs of up to a few thousand nodes, and its conversion to a sparse {@linkcode LearnedGraph}.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../graph/graph.ts";
import { glorotUniform, type InitOptions } from "../nn/init.ts";
import { matmul } from "../nn/matmul.ts";
import { Module } from "../nn/module.ts";
import { checkFeatures, checkPositiveInt, initRng } from "../nn/_check.ts";
import type { LearnedGraph } from "./types.ts";

/**
 * Largest N {@linkcode DenseGraphLearner} accepts by default: its `[N, N]` float32 A is 100 MB,
 * and training holds several such tensors.
 *
 * @example
 * ```ts
 * import { DENSE_MAX_NODES, DenseGraphLearner } from "./dense_graph_learner.ts";
 * const learner = new DenseGraphLearner({ inChannels: 8 });
 * if (learner.maxNodes !== DENSE_MAX_NODES) throw new Error("unexpected");
 * ```
 */
export const DENSE_MAX_NODES = 5000;

/** Options for {@linkcode DenseGraphLearner}. */
export interface DenseGraphLearnerOptions extends InitOptions {
  /** Width `d` of the node features `X` `[N, d]`. */
  inChannels: number;
  /** Leave the entries relu zeroed out of the softmax, so they are exact zeros of A (default false). */
  maskZeros?: boolean;
  /** Learn the scalar `b` (default true); without it `b = 0`. */
  bias?: boolean;
  /**
   * Initial `W`: `"identity"` (default) is `I / sqrt(d)` (no randomness: `seed` and `rng` are
   * unused), `"glorot"` draws Glorot uniform from `seed` / `rng`.
   */
  init?: "identity" | "glorot";
  /** Largest N accepted (default {@linkcode DENSE_MAX_NODES}). */
  maxNodes?: number;
}

/**
 * The adaptive graph-structure module of chapter 4.2: every pair of nodes gets a learned bilinear
 * score, and each row is normalised into a distribution over neighbours:
 *
 * ```text
 * S = relu(X W X^T + b)                       s_ij = relu(x_i^T W x_j + b)
 * A = softmax_row(S)                          A_ij = exp(s_ij) / Σ_k exp(s_ik)
 * A = softmax_row(S | S > 0)   (maskZeros)    A_ij = [s_ij > 0] exp(s_ij) / Σ_k [s_ik > 0] exp(s_ik)
 * ```
 *
 * where `X` `[N, d]` are node features or embeddings, `W` (`weight`, `[d, d]`) and the scalar `b`
 * (`bias`, `[]`, initially 0) are learned, and `A_ij` is the weight with which node `i` receives
 * from node `j` (the `A[v, u]` convention of `spmm`: `A X` aggregates). Rows sum to 1.
 *
 * Why `maskZeros`: the paper says relu favours sparsity, but a plain softmax gives a relu-zeroed
 * score `exp(0) = 1`, more than the `exp(s) < 1` that negative score would have had, so with the
 * formula as written no entry of A is ever 0 and relu makes A *less* peaked. Masking the zeros out
 * of the softmax makes each relu zero an exact zero of A, which is what "sparsity" means. A row
 * whose scores are all `<= 0` then has nothing to normalise; it becomes a self loop (`A_ii = 1`,
 * no gradient through that row), so rows stay stochastic and the node keeps its own features.
 * With masking, A jumps where a score crosses 0 (that entry's share drops from `exp(0) / Z` to 0);
 * gradients are those of the current piece.
 *
 * Initialisation: `W = I / sqrt(d)` by default, so `S = relu(X X^T / sqrt(d))` starts as feature
 * similarity with the scale of scaled dot-product attention: for features with unit-variance
 * entries the off-diagonal scores have unit variance, and `A` is neither uniform (as `W = 0` would
 * give) nor collapsed onto the diagonal (as large random `W` tends to give). `init: "glorot"`
 * draws `W` from the seed instead. Scale or normalise raw features (e.g. bag-of-words rows) before
 * relying on either.
 *
 * Cost: `O(N^2 d)` time and `O(N^2)` memory; N above `maxNodes` (default 5000) is an error: use
 * the kNN (`WeightedCosineLearner`) or anchor (`AnchorGraphLearner`) learners there.
 *
 * Shapes: `x` `[N, d]`, output `[N, N]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { DenseGraphLearner } from "./dense_graph_learner.ts";
 * const learner = new DenseGraphLearner({ inChannels: 2, maskZeros: true });
 * const a = learner.forward(tf.tensor2d([[1, 0], [0.9, 0.1], [0, 1]]));
 * const rowSums = tf.sum(a, 1).dataSync();
 * if (a.shape.join() !== "3,3" || rowSums.some((s) => Math.abs(s - 1) > 1e-6)) {
 *   throw new Error("unexpected");
 * }
 * // Nodes 0 and 2 have orthogonal features: score 0, so no edge between them.
 * if (a.arraySync()[0][2] !== 0) throw new Error("expected a masked zero");
 * ```
 */
export class DenseGraphLearner extends Module {
  /** Width `d` of the features it scores. */
  readonly inChannels: number;
  /** Whether zero scores are masked out of the softmax (no edge), see the options. */
  readonly maskZeros: boolean;
  /** The largest N it accepts (the output is `[N, N]`). */
  readonly maxNodes: number;
  /** `W`, `[d, d]`. */
  readonly weight: tf.Variable;
  /** The scalar `b`, `[]`, or `undefined` without bias. */
  readonly bias?: tf.Variable;

  /**
   * Creates the learner (`W` as the options say, `b` = 0).
   * @throws {RangeError} naming the first invalid option
   */
  constructor(options: DenseGraphLearnerOptions) {
    super();
    const { inChannels, init = "identity" } = options;
    checkPositiveInt("DenseGraphLearner", "inChannels", inChannels);
    this.maxNodes = options.maxNodes ?? DENSE_MAX_NODES;
    checkPositiveInt("DenseGraphLearner", "maxNodes", this.maxNodes);
    if (init !== "identity" && init !== "glorot") {
      throw new RangeError(
        `Cannot create DenseGraphLearner: init must be "identity" or "glorot", got ${init}`,
      );
    }
    this.inChannels = inChannels;
    this.maskZeros = options.maskZeros ?? false;
    this.weight = init === "glorot"
      ? glorotUniform([inChannels, inChannels], initRng(options))
      : tf.tidy(() => tf.variable(tf.mul(tf.eye(inChannels), 1 / Math.sqrt(inChannels))));
    if (options.bias ?? true) this.bias = tf.variable(tf.scalar(0));
  }

  /** The relu scores `S = relu(X W X^T + b)` `[N, N]` (e.g. for an L1 penalty before the softmax). */
  scores(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.relu(this.#preActivation(x)));
  }

  /** The learned adjacency `A` `[N, N]`, row-stochastic (see the class docs). */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => reluSoftmax(this.#preActivation(x), this.maskZeros));
  }

  /** `X W X^T + b`, after checking `x`. */
  #preActivation(x: tf.Tensor2D): tf.Tensor2D {
    this.#check(x);
    const p = matmul(matmul(x, this.weight as tf.Tensor2D), tf.transpose(x));
    return this.bias ? tf.add(p, this.bias) : p;
  }

  /** `DenseGraphLearner(d)`, with `maskZeros` when set. */
  override toString(): string {
    return `DenseGraphLearner(${this.inChannels}${this.maskZeros ? ", maskZeros" : ""})`;
  }

  #check(x: tf.Tensor2D): void {
    checkFeatures("DenseGraphLearner", x, this.inChannels);
    const n = x.shape[0];
    if (n > this.maxNodes) {
      const mb = Math.round((n * n * 4) / 1e6);
      throw new RangeError(
        `Cannot apply DenseGraphLearner: ${n} nodes exceed its limit of ${this.maxNodes} ` +
          `(the dense [N, N] adjacency needs ${mb} MB per copy): use WeightedCosineLearner ` +
          `(kNN) or AnchorGraphLearner for large graphs, or raise maxNodes`,
      );
    }
  }
}

/**
 * `softmax_row(relu(P))`, masked or not, with one fused gradient: the row-softmax rule
 * `dS = A ⊙ (dA - Σ_j dA_ij A_ij)` times relu's `[P > 0]`. tfjs's own chain would back-propagate
 * through the row max too (5-10x slower on wasm), though the softmax does not depend on it.
 */
function reluSoftmax(p: tf.Tensor2D, maskZeros: boolean): tf.Tensor2D {
  const f = tf.customGrad((...args) => {
    const [pre, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const s = tf.relu(pre);
    // s >= 0, so sign(s) is the 0/1 relu mask [P > 0].
    const kept = tf.sign(s);
    let a: tf.Tensor2D;
    if (maskZeros) {
      // The row max is a kept entry whenever the row has one: exp never overflows and a
      // non-empty row's sum is at least exp(0) = 1. Empty rows become self loops.
      const e = tf.mul(tf.exp(tf.sub(s, tf.max(s, 1, true))), kept);
      const empty = tf.sub(1, tf.sign(tf.sum(kept, 1, true)));
      a = tf.div(e, tf.add(tf.sum(e, 1, true), empty));
      // Reading one number back spares building an [N, N] identity in the usual case.
      if (tf.max(empty).dataSync()[0] > 0) a = tf.add(a, tf.mul(empty, tf.eye(s.shape[0])));
    } else {
      a = tf.softmax(s);
    }
    save([a, kept]);
    return {
      value: a,
      gradFunc: (dy: tf.Tensor, [a, kept]: tf.Tensor[]) => {
        // Masked entries and self-loop rows have A ⊙ (dA - Σ) = 0: no gradient, as intended.
        const ds = tf.mul(a, tf.sub(dy, tf.sum(tf.mul(dy, a), 1, true)));
        return maskZeros ? ds : tf.mul(ds, kept);
      },
    };
  });
  return f(p) as tf.Tensor2D;
}

/** Options for {@linkcode denseToLearnedGraph}. */
export interface DenseToLearnedGraphOptions {
  /** Keep at most the `k` largest entries per row (default: every nonzero entry). */
  k?: number;
}

/**
 * Turns a dense adjacency `[N, N]` into a sparse {@linkcode LearnedGraph}: entry `A_ij != 0` is the
 * edge `j -> i` with weight `A_ij`, keeping per row `i` every nonzero or only the `k` largest
 * (ties to the smaller `j`). The choice of edges has no gradient; the weights are gathered from
 * `a`, so gradients reach it. Use it to plot a learned graph or to propagate sparsely with `spmm`.
 *
 * @param a dense adjacency `[N, N]`, `A[v, u]` the weight of `u -> v`
 * @param options `k`, the number of entries kept per row
 * @returns the edge list, edges grouped by target row, largest first
 * @throws {RangeError} when `a` is not square or `k` is not a positive integer
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { denseToLearnedGraph } from "./dense_graph_learner.ts";
 * const a = tf.tensor2d([[0.7, 0.3, 0], [0, 1, 0], [0.2, 0.5, 0.3]]);
 * const { graph, weights } = denseToLearnedGraph(a, { k: 2 });
 * // Row 2 keeps 1 -> 2 (0.5) and 2 -> 2 (0.3).
 * if (graph.edgeIndex.join() !== "0,1,1,1,2,0,0,1,2,2") throw new Error("unexpected edges");
 * if (weights.dataSync().join() !== String(new Float32Array([0.7, 0.3, 1, 0.5, 0.3]))) {
 *   throw new Error("unexpected weights");
 * }
 * ```
 */
export function denseToLearnedGraph(
  a: tf.Tensor2D,
  options: DenseToLearnedGraphOptions = {},
): LearnedGraph {
  if (a.rank !== 2 || a.shape[0] !== a.shape[1]) {
    throw new RangeError(
      `Cannot convert to a LearnedGraph: expected a square a [N, N], got shape [${a.shape}]`,
    );
  }
  const n = a.shape[0];
  const k = options.k ?? n;
  if (!(Number.isInteger(k) && k > 0)) {
    throw new RangeError(
      `Cannot convert to a LearnedGraph: k must be a positive integer, got ${k}`,
    );
  }
  const values = a.dataSync();
  const src: number[] = [];
  const dst: number[] = [];
  const flat: number[] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) if (values[i * n + j] !== 0) row.push(j);
    row.sort((p, q) => values[i * n + q] - values[i * n + p] || p - q);
    for (const j of row.slice(0, k)) {
      src.push(j);
      dst.push(i);
      flat.push(i * n + j);
    }
  }
  const graph = createGraph({ numNodes: n, edgeIndex: [src, dst] });
  return { graph, weights: tf.tidy(() => gatherFlat(tf.reshape(a, [-1]), flat)) };
}

/**
 * `values[indices]` with scatterND as the gradient: tf.gather's gradient needs
 * UnsortedSegmentSum, which tfjs-wasm lacks. The indices are unique, so no sums are reordered.
 */
function gatherFlat(values: tf.Tensor1D, indices: number[]): tf.Tensor1D {
  const at = () => tf.tensor2d(indices, [indices.length, 1], "int32");
  const f = tf.customGrad((v) => ({
    value: tf.gatherND(v as tf.Tensor, at()) as tf.Tensor1D,
    gradFunc: (dy: tf.Tensor) => tf.scatterND(at(), dy, [values.size]),
  }));
  return f(values) as tf.Tensor1D;
}
