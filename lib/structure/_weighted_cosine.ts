/**
 * What the weighted-cosine learners share: the multi-head weighted embedding whose dot products are
 * the similarities, the block-wise candidate search that never holds all pairs at once, and a way
 * to run that search off the gradient tape.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Graph } from "../graph/graph.ts";
import { glorotUniform } from "../nn/init.ts";
import { checkPositiveInt } from "../nn/_check.ts";
import type { Rng } from "../random/rng.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { sddmm } from "../sparse/sddmm.ts";
import { spmm } from "../sparse/spmm.ts";
import type { Sparsify } from "./types.ts";

/** Entries of one `[rows, M]` block of scores the candidate search holds at a time (64 MiB). */
export const BLOCK_ENTRIES = 1 << 24;

/** The head options both learners take. */
export interface HeadOptions {
  /** Width `d` of the node embeddings. */
  inChannels: number;
  /** Number of heads `H`. */
  heads: number;
  /** Initial head weights: Glorot uniform (as IDGL) or all ones (plain cosine). */
  init: "glorot" | "ones";
}

/** Checks the head options (errors name the learner `what`) and makes the weights `[H, d]`. */
export function headWeights(what: string, options: HeadOptions, rng: Rng): tf.Variable {
  const { inChannels, heads, init } = options;
  checkPositiveInt(what, "inChannels", inChannels);
  checkPositiveInt(what, "heads", heads);
  if (init !== "glorot" && init !== "ones") {
    throw new RangeError(`Cannot create ${what}: init must be "glorot" or "ones", got ${init}`);
  }
  if (init === "ones") return tf.variable(tf.ones([heads, inChannels]));
  return glorotUniform([heads, inChannels], rng);
}

/**
 * The kept pairs' differentiable weights: `relu(s_e)` for kNN, `relu(s_e - epsilon)` (0 as a pair
 * leaves the graph) for epsilon, `s_e` the weighted cosine of edge `e`'s ends.
 */
export function pairWeights(graph: Graph, u: tf.Tensor2D, sparsify: Sparsify): tf.Tensor1D {
  const shift = sparsify.epsilon ?? 0;
  return tf.tidy(() => tf.relu(tf.sub(edgeSimilarity(graph, u), shift)));
}

/**
 * Rows `U_i = concat_h normalize(w_h ⊙ z_i) / sqrt(H)`, `[N, H d]`, so that
 * `U_i · U_j = 1/H Σ_h cos(w_h ⊙ z_i, w_h ⊙ z_j)`. A zero row `w_h ⊙ z_i` stays zero (its cosines
 * are taken as 0) instead of dividing by 0.
 *
 * The gradient is written by hand so that only `z`, `weight`, `U` and the `[N, H]` inverse norms
 * are kept for the backward pass, not the chain of `[N, H, d]` intermediates autodiff would keep:
 * at ogbn-arxiv scale each of those is hundreds of MB, and tfjs-wasm's heap ends at 4 GiB. With
 * `v_h = w_h ⊙ z_i`, `u_h = v_h / ||v_h||` and `U_h = u_h / sqrt(H)`:
 *
 * ```text
 * dL/dv_h = (dL/dU_h - (dL/dU_h · u_h) u_h) / (sqrt(H) ||v_h||)
 * dL/dz_i = Σ_h w_h ⊙ dL/dv_h,    dL/dw_h = Σ_i z_i ⊙ dL/dv_h
 * ```
 */
export function weightedEmbedding(z: tf.Tensor2D, weight: tf.Tensor2D): tf.Tensor2D {
  const [n, d] = z.shape;
  const heads = weight.shape[0];
  const c = 1 / Math.sqrt(heads);
  const f = tf.customGrad((...args) => {
    const [z, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    const [u, inv] = tf.tidy(() => {
      const zw = tf.mul(tf.reshape(z, [n, 1, d]), tf.reshape(w, [1, heads, d]));
      const inv = tf.rsqrt(tf.maximum(tf.sum(tf.square(zw), 2, true), MIN_SQUARED_NORM));
      return [tf.reshape(tf.mul(zw, tf.mul(inv, c)), [n, heads * d]) as tf.Tensor2D, inv];
    });
    save([z, w, u, inv]);
    return {
      value: u,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [z, w, u, inv] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor3D];
        // One head at a time, so the transients are [N, d], not [N, H, d].
        let dz = tf.zeros([n, d]) as tf.Tensor2D;
        const dw: tf.Tensor[] = [];
        for (let h = 0; h < heads; h++) {
          const [dzNext, dwHead] = tf.tidy(() => {
            const uh = tf.slice(u, [0, h * d], [n, d]);
            const gh = tf.slice(dy, [0, h * d], [n, d]);
            const invH = tf.reshape(tf.slice(inv, [0, h, 0], [n, 1, 1]), [n, 1]);
            // U_h = c u_h, so (g · u_h) u_h = (g · U_h) U_h / c^2. Rows clamped at the minimum
            // norm are scaled, not normalised: no projection there.
            const normalised = tf.cast(tf.less(invH, 1 / Math.sqrt(MIN_SQUARED_NORM)), "float32");
            const along = tf.mul(tf.sum(tf.mul(gh, uh), 1, true), tf.mul(normalised, 1 / (c * c)));
            const dv = tf.mul(tf.sub(gh, tf.mul(along, uh)), tf.mul(invH, c));
            const wh = tf.slice(w, [h, 0], [1, d]);
            return [tf.add(dz, tf.mul(dv, wh)), tf.sum(tf.mul(dv, z), 0, true)];
          });
          dz.dispose();
          dz = dzNext as tf.Tensor2D;
          dw.push(dwHead);
        }
        const dW = tf.concat(dw, 0);
        tf.dispose(dw);
        return [dz, dW];
      },
    };
  });
  return f(z, weight) as tf.Tensor2D;
}

const MIN_SQUARED_NORM = 1e-24;

// Each adjacency with its reverse edges appended, for the gradient of edgeSimilarity. Keyed on
// the adjacency, a snapshot of the graph's edges: an edited graph gets a new one.
const bothWays = new WeakMap<SparseAdjacency, SparseAdjacency>();

function withReverse(adj: SparseAdjacency): SparseAdjacency {
  let found = bothWays.get(adj);
  if (!found) {
    const e = adj.numEdges;
    const edgeIndex = new Int32Array(4 * e);
    edgeIndex.set(adj.src, 0);
    edgeIndex.set(adj.dst, e);
    edgeIndex.set(adj.dst, 2 * e);
    edgeIndex.set(adj.src, 3 * e);
    bothWays.set(adj, found = adjacency({ numNodes: adj.numNodes, edgeIndex }));
  }
  return found;
}

/**
 * `s_e = U_u · U_v` for every edge `e = (u -> v)`: `sddmm(adj, U, U)` with a gradient that
 * allocates one `[N, H d]` result instead of two plus their sum (both of sddmm's inputs are U):
 * `dU = (S + S^T) U` with `S[v, u] = dy_e`, one spmm over the edges and their reverses.
 */
export function edgeSimilarity(graph: Graph, u: tf.Tensor2D): tf.Tensor1D {
  const adj = adjacency(graph);
  const f = tf.customGrad((...args) => {
    const [u, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([u]);
    return {
      value: sddmm(adj, u, u),
      gradFunc: (dy: tf.Tensor1D, [u]: tf.Tensor[]) =>
        tf.tidy(() => spmm(withReverse(adj), u as tf.Tensor2D, tf.concat([dy, dy]))),
    };
  });
  return f(u) as tf.Tensor1D;
}

/**
 * Runs `f` with the gradient tape off, even inside `tf.grads`: its ops are neither recorded nor
 * kept for backprop. The candidate search needs no gradient, and on the tape its blocks would stay
 * in memory until the backward pass. (Ops inside a `customGrad` forward are not taped.)
 */
export function untaped<T>(f: () => T): T {
  let out: { value: T } | undefined;
  const run = tf.customGrad((...args) => {
    const [x] = args as [tf.Tensor];
    out = { value: f() };
    return { value: tf.zeros([]), gradFunc: () => tf.zerosLike(x) };
  });
  const dummy = tf.scalar(0);
  run(dummy).dispose();
  dummy.dispose();
  return out!.value;
}

/** Pairs found by a candidate search: `query[i]` and `key[i]` of each kept pair. */
export interface Candidates {
  readonly query: Int32Array;
  readonly key: Int32Array;
}

/** Options of the candidate searches. */
export interface SearchOptions {
  /** Query rows per block (default: see {@linkcode blockShape}). */
  blockRows?: number;
}

/** Row and column counts of the score tiles: at most {@linkcode BLOCK_ENTRIES} scores each. */
export function blockShape(
  n: number,
  m: number,
  self: boolean,
  blockRows?: number,
): { rows: number; cols: number } {
  // Against itself, row blocks of at most N / 8 let the triangle skip about 7/16 of the products.
  const rows = Math.max(1, Math.min(n, blockRows ?? Math.min(self ? Math.ceil(n / 8) : n, 4096)));
  return { rows, cols: Math.max(1, Math.min(m, Math.floor(BLOCK_ENTRIES / rows))) };
}

/**
 * Runs `visit` on every tile of scores `queries[r0..r0+rows] · keys[c0..c0+cols]`, read to the
 * host, row blocks in order. With `self` (queries are the keys) only tiles that reach the
 * diagonal or lie right of it are computed: a row block starting at `r0` sees columns `>= r0`
 * only (its first tile may start a little before r0; those columns are passed too, and the caller
 * skips them).
 */
function forEachTile(
  queries: tf.Tensor2D,
  keys: tf.Tensor2D,
  self: boolean,
  blockRows: number | undefined,
  visit: (r0: number, rows: number, c0: number, cols: number, scores: Float32Array) => void,
): void {
  const [n, d] = queries.shape;
  const m = keys.shape[0];
  const shape = blockShape(n, m, self, blockRows);
  // keys^T once, so every tile is a plain (untransposed) product: tfjs-wasm's transposed
  // BatchMatMul is several times slower.
  const keysT = tf.transpose(keys) as tf.Tensor2D;
  try {
    for (let r0 = 0; r0 < n; r0 += shape.rows) {
      const rows = Math.min(shape.rows, n - r0);
      tf.tidy(() => {
        const q = rows === n ? queries : tf.slice(queries, [r0, 0], [rows, d]);
        const first = self ? r0 : 0;
        for (let c0 = first; c0 < m; c0 += shape.cols) {
          const cols = Math.min(shape.cols, m - c0);
          const k = cols === m ? keysT : tf.slice(keysT, [0, c0], [d, cols]);
          const tile = tf.matMul(q, k);
          visit(r0, rows, c0, cols, tile.dataSync() as Float32Array);
          tile.dispose();
          if (k !== keysT) k.dispose();
        }
      });
    }
  } finally {
    keysT.dispose();
  }
}

/**
 * Per-row bounded heaps keeping the `k` best `(score, index)` pairs: higher score first, ties to
 * the lower index, so the result does not depend on the order pairs arrive in.
 */
class TopK {
  readonly score: Float32Array;
  readonly index: Int32Array;

  constructor(readonly n: number, readonly k: number) {
    this.score = new Float32Array(n * k).fill(-Infinity);
    this.index = new Int32Array(n * k).fill(0x7fffffff);
  }

  /** Offers pair `(row, j)` with score `s`. */
  push(row: number, j: number, s: number): void {
    const base = row * this.k;
    const { score, index, k } = this;
    // The root is the worst kept pair: lowest score, then highest index.
    if (!(s > score[base] || (s === score[base] && j < index[base]))) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      let w = l;
      const r = l + 1;
      if (
        r < k &&
        (score[base + r] < score[base + l] ||
          (score[base + r] === score[base + l] && index[base + r] > index[base + l]))
      ) w = r;
      if (score[base + w] < s || (score[base + w] === s && index[base + w] > j)) {
        score[base + i] = score[base + w];
        index[base + i] = index[base + w];
        i = w;
      } else break;
    }
    score[base + i] = s;
    index[base + i] = j;
  }

  /** Row `row`'s kept indices, best first. */
  sorted(row: number): number[] {
    const base = row * this.k;
    const order = Array.from({ length: this.k }, (_, t) => base + t);
    order.sort((a, b) => this.score[b] - this.score[a] || this.index[a] - this.index[b]);
    return order.map((t) => this.index[t]);
  }
}

/**
 * The `k` highest-scoring keys of every query (score `queries[i] · keys[j]`), best first, ties to
 * the lower key index. With `self` (queries are the keys, `keys` ignored) the pair `(i, i)` is
 * skipped and each score is computed once for both `(i, j)` and `(j, i)`.
 */
export function topKCandidates(
  queries: tf.Tensor2D,
  keys: tf.Tensor2D | "self",
  k: number,
  options: SearchOptions = {},
): Candidates {
  const n = queries.shape[0];
  const self = keys === "self";
  const best = new TopK(n, k);
  const worst = best.score;
  forEachTile(queries, self ? queries : keys, self, options.blockRows, (r0, rows, c0, cols, s) => {
    for (let r = 0; r < rows; r++) {
      const i = r0 + r;
      const row = r * cols;
      if (!self) {
        // Most pairs lose to the row's root (its worst kept score); test that before push.
        for (let c = 0; c < cols; c++) {
          if (s[row + c] >= worst[i * k]) best.push(i, c0 + c, s[row + c]);
        }
        continue;
      }
      // Columns inside this row block come again as rows; only later columns are mirrored.
      const mirrorFrom = r0 + rows;
      for (let c = Math.max(0, r0 - c0); c < cols; c++) {
        const j = c0 + c;
        if (j === i) continue;
        const v = s[row + c];
        // Most pairs lose to both roots (the worst kept scores); test that before calling push.
        if (v >= worst[i * k]) best.push(i, j, v);
        if (j >= mirrorFrom && v >= worst[j * k]) best.push(j, i, v);
      }
    }
  });
  const query = new Int32Array(n * k);
  const key = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    const picked = best.sorted(i);
    for (let t = 0; t < k; t++) {
      query[i * k + t] = i;
      key[i * k + t] = picked[t];
    }
  }
  return { query, key };
}

/**
 * Every pair with score `> epsilon`, sorted by query then key index. With `self` (queries are the
 * keys) the pair `(i, i)` is skipped and each score is computed once for both directions. Throws
 * once more than `maxPairs` are found, naming what to change.
 */
export function thresholdCandidates(
  queries: tf.Tensor2D,
  keys: tf.Tensor2D | "self",
  epsilon: number,
  maxPairs: number,
  options: SearchOptions & { what: string },
): Candidates {
  const n = queries.shape[0];
  const self = keys === "self";
  const initial = Math.max(1, Math.min(1024, maxPairs));
  let query: Int32Array = new Int32Array(initial);
  let key: Int32Array = new Int32Array(initial);
  let out = 0;
  const emit = (i: number, j: number): void => {
    if (out === query.length) {
      if (out >= maxPairs) {
        throw new RangeError(
          `Cannot build ${options.what}: more than ${maxPairs} pairs score above epsilon ${epsilon}; raise epsilon, use { k } or raise maxEdges`,
        );
      }
      const size = Math.min(2 * out, maxPairs);
      query = grow(query, size);
      key = grow(key, size);
    }
    query[out] = i;
    key[out] = j;
    out++;
  };
  forEachTile(queries, self ? queries : keys, self, options.blockRows, (r0, rows, c0, cols, s) => {
    for (let r = 0; r < rows; r++) {
      const i = r0 + r;
      const row = r * cols;
      const mirrorFrom = r0 + rows;
      for (let c = self ? Math.max(0, r0 - c0) : 0; c < cols; c++) {
        const j = c0 + c;
        if (!(s[row + c] > epsilon) || (self && j === i)) continue;
        emit(i, j);
        if (self && j >= mirrorFrom) emit(j, i);
      }
    }
  });
  return sortPairs(query.subarray(0, out), key.subarray(0, out), n);
}

/** The pairs sorted by query, then key (two stable counting passes). */
function sortPairs(query: Int32Array, key: Int32Array, n: number): Candidates {
  const byKey = countingOrder(key, n, undefined);
  const order = countingOrder(query, n, byKey);
  const q = new Int32Array(order.length);
  const k = new Int32Array(order.length);
  for (let t = 0; t < order.length; t++) {
    q[t] = query[order[t]];
    k[t] = key[order[t]];
  }
  return { query: q, key: k };
}

/** A stable order of `items` (or of `within`, when given) by `values`, which lie in `[0, n)`. */
function countingOrder(values: Int32Array, n: number, within: Int32Array | undefined): Int32Array {
  const count = new Int32Array(n + 1);
  for (let t = 0; t < values.length; t++) count[values[t] + 1]++;
  for (let v = 0; v < n; v++) count[v + 1] += count[v];
  const order = new Int32Array(values.length);
  for (let t = 0; t < values.length; t++) {
    const item = within ? within[t] : t;
    order[count[values[item]]++] = item;
  }
  return order;
}

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(Math.max(size, a.length + 1));
  b.set(a);
  return b;
}

/** Throws unless `z` is `[N, inChannels]` with N >= 2. */
export function checkEmbeddings(what: string, z: tf.Tensor, inChannels: number): void {
  if (!(z instanceof tf.Tensor) || z.rank !== 2) {
    throw new RangeError(
      `Cannot apply ${what}: expected 2-D z [N, ${inChannels}], got ${
        z instanceof tf.Tensor ? `shape [${z.shape}]` : typeof z
      }`,
    );
  }
  if (z.shape[1] !== inChannels) {
    throw new RangeError(
      `Cannot apply ${what}: expected z with ${inChannels} columns, got ${z.shape[1]}`,
    );
  }
  if (z.shape[0] < 2) {
    throw new RangeError(
      `Cannot apply ${what}: expected z with at least 2 rows, got ${z.shape[0]}`,
    );
  }
}

/** Throws unless `sparsify` is `{ k }` with `1 <= k <= maxK` or `{ epsilon }` with a finite epsilon. */
export function checkSparsify(what: string, sparsify: Sparsify, maxK: number, of: string): void {
  if (sparsify === null || typeof sparsify !== "object") {
    throw new TypeError(`Cannot apply ${what}: expected sparsify { k } or { epsilon }`);
  }
  if ("k" in sparsify && sparsify.k !== undefined) {
    const { k } = sparsify;
    if (!(Number.isInteger(k) && k >= 1 && k <= maxK)) {
      throw new RangeError(
        `Cannot apply ${what}: k must be an integer in [1, ${maxK}] (${of}), got ${k}`,
      );
    }
    return;
  }
  if ("epsilon" in sparsify && sparsify.epsilon !== undefined) {
    if (!Number.isFinite(sparsify.epsilon)) {
      throw new RangeError(
        `Cannot apply ${what}: epsilon must be a finite number, got ${sparsify.epsilon}`,
      );
    }
    return;
  }
  throw new TypeError(`Cannot apply ${what}: expected sparsify { k } or { epsilon }`);
}
