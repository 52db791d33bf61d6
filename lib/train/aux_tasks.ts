/**
 * Self-supervised auxiliary tasks for multi-task training: link prediction (a dot-product decoder
 * scored with binary cross-entropy on positive and sampled negative pairs, evaluated by ROC-AUC on
 * held-out edges) and feature reconstruction (mean squared error of a decoder's output on the
 * features of masked nodes).
 *
 * Pair lists are flat `[2, P]` Int32Arrays like `Graph.edgeIndex` (see lib/train/edge_split.ts).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Matrix } from "../graph/matrix.ts";
import { rocAuc } from "../metrics/roc_auc.ts";
import type { Rng } from "../random/rng.ts";
import { ContentCache } from "../graph/_content_cache.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { sddmm } from "../sparse/sddmm.ts";
import { spmm } from "../sparse/spmm.ts";

// adjacency() caches the CSR views sddmm and spmm need per pair list (rebuilt if it is edited).
function pairAdjacency(action: string, pairs: Int32Array, numNodes: number): SparseAdjacency {
  if (pairs.length % 2 !== 0) {
    throw new RangeError(
      `Cannot ${action}: pairs must be a flat [2, P] array, got ${pairs.length} values`,
    );
  }
  const bad = pairs.findIndex((v) => !(v >= 0 && v < numNodes));
  if (bad >= 0) {
    throw new RangeError(
      `Cannot ${action}: pair ${bad % (pairs.length >> 1)} has node ${
        pairs[bad]
      }, out of range [0, ${numNodes}) for z with ${numNodes} rows`,
    );
  }
  return adjacency({ numNodes, edgeIndex: pairs });
}

/**
 * The dot-product decoder of graph auto-encoders (Kipf & Welling, "Variational Graph
 * Auto-Encoders", https://arxiv.org/abs/1611.07308): `score(u, v) = z_u · z_v`, a logit of the
 * pair being an edge. Differentiable in `z`; runs as one sampled product over the pairs
 * ({@linkcode sddmm}), never forming `Z Z^T`.
 *
 * @param z node embeddings `[N, D]`
 * @param pairs flat `[2, P]` node pairs
 * @returns one logit per pair `[P]`
 * @throws {RangeError} when a pair names a node outside `z`
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { dotProductScores } from "./aux_tasks.ts";
 * const z = tf.tensor2d([[1, 0], [2, 1], [0, 3]]);
 * const s = dotProductScores(z, new Int32Array([0, 1, 1, 2])); // pairs (0, 1) and (1, 2)
 * if (s.dataSync().join() !== "2,3") throw new Error("unexpected");
 * ```
 */
export function dotProductScores(z: tf.Tensor2D, pairs: Int32Array): tf.Tensor1D {
  if (z.rank !== 2) {
    throw new RangeError(`Cannot score pairs: z must be [N, D], got shape [${z.shape}]`);
  }
  const adj = pairAdjacency("score pairs", pairs, z.shape[0]);
  if (adj.numEdges === 0) return tf.zeros([0]) as tf.Tensor1D;
  return sddmm(adj, z, z);
}

function concatPairs(a: Int32Array, b: Int32Array): Int32Array {
  const P = a.length >> 1, Q = b.length >> 1;
  const out = new Int32Array(2 * (P + Q));
  out.set(a.subarray(0, P), 0);
  out.set(b.subarray(0, Q), P);
  out.set(a.subarray(P), P + Q);
  out.set(b.subarray(Q), 2 * P + Q);
  return out;
}

/** The positives and negatives of a link loss as one pair list with 0/1 labels. */
export interface LabelledPairs {
  /** Positive pairs first, then negative ones, flat `[2, P + Q]`. */
  pairs: Int32Array;
  /** 1 for the first `P` pairs, 0 for the rest, as a float32 tensor `[P + Q]`. */
  labels: tf.Tensor1D;
}

/**
 * Joins positive and negative pairs for {@linkcode linkPredictionLoss} (build once per step; the
 * caller disposes `labels`).
 *
 * @example
 * ```ts
 * import { labelledPairs } from "./aux_tasks.ts";
 * const { pairs, labels } = labelledPairs(new Int32Array([0, 1]), new Int32Array([0, 2]));
 * if (pairs.join() !== "0,0,1,2" || labels.dataSync().join() !== "1,0") throw new Error("unexpected");
 * ```
 */
export function labelledPairs(positive: Int32Array, negative: Int32Array): LabelledPairs {
  const P = positive.length >> 1, Q = negative.length >> 1;
  const labels = new Float32Array(P + Q);
  labels.fill(1, 0, P);
  return { pairs: concatPairs(positive, negative), labels: tf.tensor1d(labels) };
}

/**
 * Link-prediction loss: binary cross-entropy of the dot-product logits `s = z_u · z_v`, label 1 on
 * the positive pairs and 0 on the negative ones, averaged over all pairs:
 *
 * ```text
 * L_link = 1/(P+Q) ( Σ_{pos} softplus(-s) + Σ_{neg} softplus(s) ) = mean( softplus(s) - y s )
 * ```
 *
 * @param z node embeddings `[N, D]`
 * @param pairs from {@linkcode labelledPairs}
 * @returns the mean loss (a scalar)
 * @throws {RangeError} when there are no pairs
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { labelledPairs, linkPredictionLoss } from "./aux_tasks.ts";
 * const z = tf.tensor2d([[1, 0], [1, 0], [0, 1]]);
 * const lp = labelledPairs(new Int32Array([0, 1]), new Int32Array([0, 2]));
 * // Logits 1 (positive) and 0 (negative): (softplus(-1) + softplus(0)) / 2.
 * const loss = linkPredictionLoss(z, lp).dataSync()[0];
 * const expected = (Math.log1p(Math.exp(-1)) + Math.log(2)) / 2;
 * if (Math.abs(loss - expected) > 1e-6) throw new Error(String(loss));
 * ```
 */
export function linkPredictionLoss(z: tf.Tensor2D, pairs: LabelledPairs): tf.Scalar {
  if (pairs.pairs.length === 0) {
    throw new RangeError("Cannot compute the link prediction loss: there are no pairs");
  }
  return tf.tidy(() => {
    const s = dotProductScores(z, pairs.pairs);
    return tf.mean(tf.sub(tf.softplus(s), tf.mul(pairs.labels, s))) as tf.Scalar;
  });
}

/**
 * ROC-AUC of the dot-product decoder on positive vs negative pairs (no gradient), with
 * {@linkcode rocAuc}: the probability that a random positive pair outscores a random negative one.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { linkAuc } from "./aux_tasks.ts";
 * const z = tf.tensor2d([[1, 0], [1, 0], [0, 1]]);
 * if (linkAuc(z, new Int32Array([0, 1]), new Int32Array([0, 2])) !== 1) throw new Error("unexpected");
 * ```
 */
export function linkAuc(z: tf.Tensor2D, positive: Int32Array, negative: Int32Array): number {
  const P = positive.length >> 1, Q = negative.length >> 1;
  if (P === 0 || Q === 0) {
    throw new RangeError(
      `Cannot compute the link AUC: need positive and negative pairs, got ${P} and ${Q}`,
    );
  }
  const scores = tf.tidy(() => dotProductScores(z, concatPairs(positive, negative)));
  const values = scores.dataSync();
  scores.dispose();
  const labels = new Uint8Array(P + Q).fill(1, 0, P);
  return rocAuc(labels, values);
}

/**
 * Picks the nodes whose features are masked for reconstruction: `max(1, round(rate * N))` nodes
 * drawn without replacement, in increasing order.
 *
 * @example
 * ```ts
 * import { createRng } from "../random/rng.ts";
 * import { maskNodes } from "./aux_tasks.ts";
 * if (maskNodes(10, 0.2, createRng(0)).length !== 2) throw new Error("unexpected");
 * ```
 */
export function maskNodes(numNodes: number, rate: number, rng: Rng): Int32Array {
  if (!(rate > 0 && rate <= 1)) {
    throw new RangeError(`Cannot mask nodes: rate must be in (0, 1], got ${rate}`);
  }
  if (!(Number.isInteger(numNodes) && numNodes > 0)) {
    throw new RangeError(`Cannot mask nodes: numNodes must be a positive integer, got ${numNodes}`);
  }
  const count = Math.max(1, Math.round(rate * numNodes));
  return rng.permutation(numNodes).slice(0, count).sort();
}

/**
 * `x` with the rows `rows` set to zero (a CSR input stays CSR, those rows emptied): the masked
 * input whose hidden rows a decoder must reconstruct from the neighbours.
 *
 * @example
 * ```ts
 * import { denseMatrix } from "../graph/matrix.ts";
 * import { maskRows } from "./aux_tasks.ts";
 * const x = denseMatrix(new Float32Array([1, 2, 3, 4]), 2, 2);
 * if (maskRows(x, new Int32Array([1])).data.join() !== "1,2,0,0") throw new Error("unexpected");
 * ```
 */
export function maskRows(x: Matrix, rows: Int32Array): Matrix {
  const masked = new Uint8Array(x.rows);
  for (const r of rows) {
    if (!(r >= 0 && r < x.rows)) {
      throw new RangeError(`Cannot mask rows: row ${r} is out of range [0, ${x.rows})`);
    }
    masked[r] = 1;
  }
  if (x.kind === "dense") {
    const data = x.data.slice();
    for (const r of rows) data.fill(0, r * x.cols, (r + 1) * x.cols);
    return { ...x, data };
  }
  const indptr = new Int32Array(x.rows + 1);
  for (let r = 0; r < x.rows; r++) {
    indptr[r + 1] = indptr[r] + (masked[r] ? 0 : x.indptr[r + 1] - x.indptr[r]);
  }
  const indices = new Int32Array(indptr[x.rows]);
  const data = new Float32Array(indptr[x.rows]);
  for (let r = 0; r < x.rows; r++) {
    if (masked[r]) continue;
    indices.set(x.indices.subarray(x.indptr[r], x.indptr[r + 1]), indptr[r]);
    data.set(x.data.subarray(x.indptr[r], x.indptr[r + 1]), indptr[r]);
  }
  return { kind: "csr", rows: x.rows, cols: x.cols, indptr, indices, data };
}

// Selection graphs: edge rows[k] -> k, so spmm puts row rows[k] of h at row k; per row list and
// row count, rebuilt when the row list is edited in place.
const selections = new ContentCache<SparseAdjacency>();

/**
 * Rows `rows` of `h`, differentiable: `out[k] = h[rows[k]]`. Runs as a sparse product with a
 * selection matrix, whose gradient is a scatter along the same edges; tf's own `gather` gradient
 * (UnsortedSegmentSum) has no wasm kernel and loops over all `N` rows on the cpu backend.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { gatherRows } from "./aux_tasks.ts";
 * const h = tf.tensor2d([[1], [2], [3]]);
 * if (gatherRows(h, new Int32Array([2, 0])).dataSync().join() !== "3,1") throw new Error("unexpected");
 * ```
 */
export function gatherRows(h: tf.Tensor2D, rows: Int32Array): tf.Tensor2D {
  const N = h.shape[0];
  const adj = selections.get([rows], [rows, N], () => {
    const M = rows.length;
    const bad = rows.findIndex((r) => !(r >= 0 && r < N));
    if (bad >= 0) {
      throw new RangeError(
        `Cannot gather rows: rows[${bad}] is ${rows[bad]}, out of range [0, ${N})`,
      );
    }
    const edgeIndex = new Int32Array(2 * M);
    edgeIndex.set(rows, 0);
    for (let k = 0; k < M; k++) edgeIndex[M + k] = k;
    return adjacency({ numNodes: Math.max(N, M), edgeIndex });
  });
  return tf.tidy(() => {
    const M = rows.length;
    // spmm needs as many rows as the selection graph has nodes.
    const padded = adj.numNodes > N ? tf.pad(h, [[0, adj.numNodes - N], [0, 0]]) : h;
    return tf.slice(spmm(adj, padded as tf.Tensor2D), [0, 0], [M, -1]) as tf.Tensor2D;
  });
}

/**
 * Feature-reconstruction loss: the mean squared error between a decoder's output for the masked
 * nodes and their original features (masked-autoencoder style, as in GraphMAE,
 * https://arxiv.org/abs/2205.10803, with MSE instead of its scaled cosine error):
 *
 * ```text
 * L_rec = 1/(M F) Σ_{v ∈ masked} || x̂_v - x_v ||²
 * ```
 *
 * @param decoded the decoder's output for the masked nodes `[M, F]`
 * @param target their original features `[M, F]` (`toTensor(selectRows(x, masked))`)
 * @returns the mean loss (a scalar)
 * @throws {RangeError} when the shapes differ
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { featureReconstructionLoss } from "./aux_tasks.ts";
 * const loss = featureReconstructionLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 0]]));
 * if (loss.dataSync()[0] !== 0.5) throw new Error("unexpected");
 * ```
 */
export function featureReconstructionLoss(decoded: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  if (decoded.shape.join() !== target.shape.join()) {
    throw new RangeError(
      `Cannot compute the reconstruction loss: decoded has shape [${decoded.shape}] but target has [${target.shape}]`,
    );
  }
  return tf.tidy(() => tf.mean(tf.squaredDifference(decoded, target)) as tf.Scalar);
}
