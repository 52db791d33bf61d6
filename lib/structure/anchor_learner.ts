/**
 * An anchor-based graph learner whose cost is linear in N (IDGL's anchors): nodes connect to m
 * sampled anchor nodes, and the node graph `R Λ^-1 R^T` is used through R only, for propagation
 * and for the regularisers.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../graph/graph.ts";
import { Module } from "../nn/module.ts";
import { checkPositiveInt, initRng } from "../nn/_check.ts";
import type { InitOptions } from "../nn/init.ts";
import { createRng } from "../random/rng.ts";
import { adjacency } from "../sparse/adjacency.ts";
import type { AnchorGraph, Sparsify } from "./types.ts";
import { propagateOverAnchors } from "./_anchor_graph.ts";
import {
  checkEmbeddings,
  checkSparsify,
  headWeights,
  pairWeights,
  thresholdCandidates,
  topKCandidates,
  untaped,
  weightedEmbedding,
} from "./_weighted_cosine.ts";

export type { AnchorGraph } from "./types.ts";

/**
 * `numAnchors` distinct nodes drawn uniformly with a seed, in ascending order.
 *
 * @param numNodes N
 * @param numAnchors m, at most N
 * @param seed the seed of the draw
 * @returns the anchor node ids `[m]`, ascending
 * @throws {RangeError} when `numAnchors` is not an integer in `[1, numNodes]`
 *
 * @example
 * ```ts
 * import { sampleAnchors } from "./anchor_learner.ts";
 * const a = sampleAnchors(100, 5, 0);
 * if (a.length !== 5 || a.join() !== sampleAnchors(100, 5, 0).join()) throw new Error("unexpected");
 * ```
 */
export function sampleAnchors(numNodes: number, numAnchors: number, seed: number): Int32Array {
  checkPositiveInt("anchors", "numNodes", numNodes);
  if (!(Number.isInteger(numAnchors) && numAnchors >= 1 && numAnchors <= numNodes)) {
    throw new RangeError(
      `Cannot sample anchors: numAnchors must be an integer in [1, ${numNodes}] (numNodes), got ${numAnchors}`,
    );
  }
  return createRng(seed).permutation(numNodes).slice(0, numAnchors).sort();
}

/** Options for {@linkcode AnchorGraphLearner}. */
export interface AnchorGraphLearnerOptions extends InitOptions {
  /** Width `d` of the node embeddings `z` `[N, d]`. */
  inChannels: number;
  /** Number of heads `H` of the weighted cosine (default 4). */
  heads?: number;
  /** Number of anchors `m` (default 512); graphs with fewer nodes use every node. */
  numAnchors?: number;
  /** Initial head weights: `"glorot"` (default, as IDGL) or `"ones"` (plain cosine). */
  init?: "glorot" | "ones";
}

/** Options of {@linkcode AnchorGraphLearner.forward}. */
export interface AnchorGraphOptions {
  /**
   * The anchor nodes (distinct, each in `[0, N)`); default: {@linkcode sampleAnchors} with the
   * learner's `seed`, drawn once per N. Pass fresh ones to resample per epoch, as IDGL does.
   */
  anchors?: Int32Array;
  /** Node rows per block of the candidate search (default: blocks of at most 2^24 scores). */
  blockRows?: number;
  /** With `{ epsilon }`: fail once more node-anchor pairs than this pass (default 2e8). */
  maxEdges?: number;
}

const NAME = "AnchorGraphLearner";

/**
 * Learns node-anchor affinities with a multi-head weighted cosine, in the spirit of IDGL's
 * anchor graphs (Chen et al. 2020, https://arxiv.org/abs/2006.13009), so the learned graph costs
 * `O(N m)` instead of `O(N^2)`:
 *
 * ```text
 * s_ia = 1/H Σ_h cos(w_h ⊙ z_i, w_h ⊙ z_{anchors[a]})
 * epsilon:  R_ia = relu(s_ia - epsilon)        (pairs with s_ia <= epsilon are not stored)
 * kNN:      R_ia = relu(s_ia) for the k anchors with the largest s_ia, 0 elsewhere
 * A = R Λ^-1 R^T,   Λ = diag(R^T 1)            (the node graph, never materialised)
 * ```
 *
 * `z` `[N, d]` are node features or embeddings, `w_h` (rows of `weight`, `[H, d]`) are learned,
 * and the `m` anchors are nodes sampled with the learner's seed (or given per call). A node that
 * is itself an anchor scores 1 against itself. With `A_ij = Σ_a R_ia R_ja / Λ_a`, `D^-1 A` is the
 * transition matrix of a two-step walk node -> anchor -> node; use A through
 * {@linkcode anchorPropagate} and the regularisers (`sparsityL1`, `logDegreeBarrier`,
 * `dirichletEnergy` take an AnchorGraph), which only touch R.
 *
 * Cost: candidates are searched without gradient, one block of node rows at a time against the
 * m anchors (`O(N m H d)` time, `O(rows * m)` memory); the kept pairs' weights are recomputed
 * differentiably as edge dot products of the weighted embeddings, so gradients reach `weight`
 * and `z`. With `{ k }` R has `N k` entries; with `{ epsilon }` as many as pass the threshold (up
 * to `N m`). Memory is `O(N H d + E)`: on 169,343 nodes x 128 features with 512 anchors and
 * k = 16, a two-layer anchor GNN step (forward and backward) peaked at 3.8 GiB RSS with H = 1
 * and 5.3 GiB with H = 4 on wasm, whose heap stops at 4 GiB: there, keep E (epsilon) and H d
 * moderate.
 *
 * Shapes: `z` `[N, d]`; the result has `E` edges `i -> anchors[a]` (`N k` for kNN), `weights` `[E]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { AnchorGraphLearner, anchorPropagate } from "./anchor_learner.ts";
 * const learner = new AnchorGraphLearner({ inChannels: 2, heads: 1, numAnchors: 2, seed: 0 });
 * const z = tf.tensor2d([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]]);
 * const r = learner.forward(z, { k: 1 }); // one anchor per node
 * const out = anchorPropagate(r, z);
 * if (r.weights.shape[0] !== 4 || out.shape.join() !== "4,2") throw new Error("unexpected");
 * ```
 */
export class AnchorGraphLearner extends Module {
  /** Width `d` of the embeddings. */
  readonly inChannels: number;
  /** Number of heads `H`. */
  readonly heads: number;
  /** Number of anchors `m` asked for. */
  readonly numAnchors: number;
  /** The head weights `w_h`, `[H, d]`. */
  weight: tf.Variable;
  #seed: number;
  #anchors = new Map<number, Int32Array>();

  /** Creates the learner with seeded head weights. */
  constructor(options: AnchorGraphLearnerOptions) {
    super();
    const { inChannels, heads = 4, numAnchors = 512, init = "glorot" } = options;
    checkPositiveInt(NAME, "numAnchors", numAnchors);
    this.weight = headWeights(NAME, { inChannels, heads, init }, initRng(options));
    this.inChannels = inChannels;
    this.heads = heads;
    this.numAnchors = numAnchors;
    this.#seed = options.seed ?? 0;
  }

  /**
   * The default anchors for a graph of `numNodes` nodes: {@linkcode sampleAnchors} with the
   * learner's seed and `min(numAnchors, numNodes)` anchors, the same on every call (a fresh copy
   * each time, so editing a result cannot change the learner's anchors).
   */
  anchorsFor(numNodes: number): Int32Array {
    let found = this.#anchors.get(numNodes);
    if (!found) {
      found = sampleAnchors(numNodes, Math.min(this.numAnchors, numNodes), this.#seed);
      this.#anchors.set(numNodes, found);
    }
    return found.slice();
  }

  /**
   * Builds the node-anchor affinities R (see the class docs).
   *
   * @param z node embeddings `[N, d]`
   * @param sparsify `{ k }` (k anchors per node, `1 <= k <= m`) or `{ epsilon }`
   * @param options `anchors`, `blockRows`, `maxEdges`
   * @returns R as edges `i -> anchors[a]` with differentiable weights, and the anchors
   * @throws {RangeError} on a bad shape, k or anchor list, or when `{ epsilon }` keeps more than
   *   `maxEdges` pairs
   */
  forward(z: tf.Tensor2D, sparsify: Sparsify, options: AnchorGraphOptions = {}): AnchorGraph {
    checkEmbeddings(NAME, z, this.inChannels);
    const n = z.shape[0];
    const anchors = options.anchors ?? this.anchorsFor(n);
    checkAnchors(anchors, n);
    const m = anchors.length;
    checkSparsify(NAME, sparsify, m, "at most the number of anchors");
    const { blockRows, maxEdges = 2e8 } = options;
    if (blockRows !== undefined) checkPositiveInt(NAME, "blockRows", blockRows);
    checkPositiveInt(NAME, "maxEdges", maxEdges);
    const u = weightedEmbedding(z, this.weight as tf.Tensor2D);
    try {
      const pairs = untaped(() => {
        const keys = tf.tidy(() => tf.gather(u, tf.tensor1d(anchors, "int32")) as tf.Tensor2D);
        try {
          return sparsify.k !== undefined
            ? topKCandidates(u, keys, sparsify.k, { blockRows })
            : thresholdCandidates(u, keys, sparsify.epsilon, maxEdges, {
              blockRows,
              what: `${NAME} affinities`,
            });
        } finally {
          keys.dispose();
        }
      });
      const edges = pairs.query.length;
      const edgeIndex = new Int32Array(2 * edges);
      edgeIndex.set(pairs.query);
      for (let e = 0; e < edges; e++) edgeIndex[edges + e] = anchors[pairs.key[e]];
      const graph = createGraph({ numNodes: n, edgeIndex }, "anchor graph");
      return { graph, weights: pairWeights(graph, u, sparsify), anchors };
    } finally {
      u.dispose();
    }
  }

  /** `AnchorGraphLearner(d, heads=H, anchors=m)`. */
  override toString(): string {
    return `${NAME}(${this.inChannels}, heads=${this.heads}, anchors=${this.numAnchors})`;
  }
}

function checkAnchors(anchors: Int32Array, n: number): void {
  if (!(anchors instanceof Int32Array) || anchors.length === 0) {
    throw new RangeError(`Cannot apply ${NAME}: anchors must be a non-empty Int32Array`);
  }
  const seen = new Uint8Array(n);
  for (let a = 0; a < anchors.length; a++) {
    const v = anchors[a];
    if (!(v >= 0 && v < n)) {
      throw new RangeError(
        `Cannot apply ${NAME}: anchors[${a}] = ${v} is out of range [0, ${n})`,
      );
    }
    if (seen[v]) throw new RangeError(`Cannot apply ${NAME}: anchor ${v} appears twice`);
    seen[v] = 1;
  }
}

function checkAnchorGraph(r: AnchorGraph, h: tf.Tensor2D): void {
  const edges = r.graph.edgeIndex.length >> 1;
  if (r.weights.rank !== 1 || r.weights.shape[0] !== edges) {
    throw new RangeError(
      `Cannot compute anchorPropagate: expected r.weights [${edges}] (one per edge), got shape [${r.weights.shape}]`,
    );
  }
  if (h.rank !== 2 || h.shape[0] !== r.graph.numNodes) {
    throw new RangeError(
      `Cannot compute anchorPropagate: expected [${r.graph.numNodes}, F] features (one row per node), got shape [${h.shape}]`,
    );
  }
}

/**
 * Propagates over the anchor graph's node graph without forming it (IDGL's anchor message
 * passing): node -> anchor, then anchor -> node.
 *
 * ```text
 * out = D^-1 R Λ^-1 R^T h,   Λ = diag(R^T 1),   D = diag(R Λ^-1 R^T 1) = diag(R 1)
 * ```
 *
 * `D^-1 A` is row-stochastic, so every node gets a weighted mean of the features of the nodes
 * that share its anchors (its own included). A node without anchors, or an anchor with an empty
 * column, contributes 0. Cost `O(E F)` with E the entries of R (`N k` for kNN), memory `O(N F)`.
 * Differentiable in `r.weights` and `h`.
 *
 * @param r the node-anchor affinities from {@linkcode AnchorGraphLearner.forward}
 * @param h node features `[N, F]`
 * @returns the propagated features `[N, F]`
 * @throws {RangeError} when `h` does not have one row per node
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { anchorPropagate } from "./anchor_learner.ts";
 * // Nodes 0 and 1 both attach to anchor 0 only, so both get the mean of their features.
 * const r = {
 *   graph: createGraph({ numNodes: 2, edgeIndex: [[0, 1], [0, 0]] }),
 *   weights: tf.tensor1d([1, 3]),
 *   anchors: new Int32Array([0]),
 * };
 * const out = anchorPropagate(r, tf.tensor2d([[4], [8]])).dataSync();
 * // (1 * 4 + 3 * 8) / 4 = 7 for anchor 0; then each node takes anchor 0's value.
 * if (out.join() !== "7,7") throw new Error("unexpected");
 * ```
 */
export function anchorPropagate(r: AnchorGraph, h: tf.Tensor2D): tf.Tensor2D {
  checkAnchorGraph(r, h);
  return propagateOverAnchors(adjacency(r.graph), r, h);
}
