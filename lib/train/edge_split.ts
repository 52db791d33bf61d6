/**
 * Link-prediction splits: held-out positive edges removed from the message-passing graph, and
 * negative node pairs sampled away from existing edges.
 *
 * @module
 */
import type { Graph } from "../graph/graph.ts";
import { ContentCache } from "../graph/_content_cache.ts";
import { isUndirected } from "../graph/to_undirected.ts";
import { createRng, type Rng } from "../random/rng.ts";

/** Options of {@linkcode splitEdges}. */
export interface EdgeSplitOptions {
  /** Fraction of the edges held out for validation (default 0.05, as in Kipf & Welling's GAE). */
  val?: number;
  /** Fraction of the edges held out for testing (default 0.1). */
  test?: number;
  /** Seeds the choice of held-out edges and negatives (default 0). */
  seed?: number;
  /**
   * Treat `u -> v` and `v -> u` as one edge, held out together (default: whether the graph is
   * undirected, every edge having its reverse).
   */
  undirected?: boolean;
}

/**
 * A link-prediction split. Pair lists are flat `[2, P]` Int32Arrays like `Graph.edgeIndex`:
 * `pairs[k]` is the source and `pairs[P + k]` the target of pair `k`.
 */
export interface EdgeSplit {
  /** The graph to propagate over: the input without its val/test edges (features and labels kept). */
  trainGraph: Graph;
  /** Training positives, one pair per (undirected) edge of `trainGraph`, self loops excluded. */
  trainPositive: Int32Array;
  /** Validation positives: held-out edges, one pair per undirected edge. */
  valPositive: Int32Array;
  /** As many pairs as `valPositive`, none of them an edge of the input graph. */
  valNegative: Int32Array;
  /** Test positives: held-out edges, one pair per undirected edge. */
  testPositive: Int32Array;
  /** As many pairs as `testPositive`, none an edge of the input and none in `valNegative`. */
  testNegative: Int32Array;
  /** Whether edges were split as undirected pairs. */
  undirected: boolean;
}

/** Number of pairs in a flat `[2, P]` pair list. */
export function numPairs(pairs: Int32Array): number {
  return pairs.length >> 1;
}

function pairKey(u: number, v: number, n: number, undirected: boolean): number {
  return undirected && v < u ? v * n + u : u * n + v;
}

function toPairs(src: ArrayLike<number>, dst: ArrayLike<number>): Int32Array {
  const P = src.length;
  const out = new Int32Array(2 * P);
  for (let k = 0; k < P; k++) {
    out[k] = src[k];
    out[P + k] = dst[k];
  }
  return out;
}

// Key sets of a graph's edges, built once per edge index and direction (again after an edit).
const keyCache = new ContentCache<Set<number>>();
const DIRECTED = {};
const UNDIRECTED = {};

function edgeKeys(graph: Pick<Graph, "numNodes" | "edgeIndex">, undirected: boolean): Set<number> {
  const { edgeIndex, numNodes } = graph;
  return keyCache.get(
    [edgeIndex, undirected ? UNDIRECTED : DIRECTED],
    [edgeIndex, numNodes],
    () => {
      const E = edgeIndex.length >> 1;
      const keys = new Set<number>();
      for (let e = 0; e < E; e++) {
        const u = edgeIndex[e], v = edgeIndex[E + e];
        if (u !== v) keys.add(pairKey(u, v, numNodes, undirected));
      }
      return keys;
    },
  );
}

/** Options of {@linkcode sampleNegativeEdges}. */
export interface NegativeSamplingOptions {
  /** Treat pairs as unordered: avoid `v -> u` edges too and never draw both orders (default false). */
  undirected?: boolean;
  /** Further pair keys to avoid (`u * N + v`, with `u < v` when undirected). */
  exclude?: ReadonlySet<number>;
}

/**
 * Samples `count` distinct node pairs `(u, v)`, `u ≠ v`, that are not edges of `graph` (uniform
 * over such pairs, by rejection; when more than half of the free pairs are wanted, by shuffling
 * all of them). Use the message-passing graph for training negatives, and the full graph for
 * evaluation negatives.
 *
 * @param graph the edges to avoid, over `graph.numNodes` nodes
 * @param count number of pairs to draw
 * @param rng the seeded generator to draw from
 * @returns the pairs as a flat `[2, count]` Int32Array
 * @throws {RangeError} when fewer than `count` node pairs are free
 *
 * @example
 * ```ts
 * import { createGraph } from "../graph/graph.ts";
 * import { createRng } from "../random/rng.ts";
 * import { sampleNegativeEdges } from "./edge_split.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] });
 * // Undirected, the only free pair is {0, 2}.
 * const neg = sampleNegativeEdges(g, 1, createRng(0), { undirected: true });
 * if ([neg[0], neg[1]].sort().join() !== "0,2") throw new Error("unexpected");
 * ```
 */
export function sampleNegativeEdges(
  graph: Pick<Graph, "numNodes" | "edgeIndex">,
  count: number,
  rng: Rng,
  options: NegativeSamplingOptions = {},
): Int32Array {
  const { undirected = false, exclude } = options;
  const n = graph.numNodes;
  if (!(Number.isInteger(count) && count >= 0)) {
    throw new RangeError(
      `Cannot sample negative edges: count must be a non-negative integer, got ${count}`,
    );
  }
  const edges = edgeKeys(graph, undirected);
  const isTaken = (key: number) => edges.has(key) || (exclude?.has(key) ?? false);
  const allPairs = undirected ? (n * (n - 1)) / 2 : n * (n - 1);
  let taken = edges.size;
  if (exclude) { for (const key of exclude) if (!edges.has(key)) taken++; }
  const free = allPairs - taken;
  if (count > free) {
    throw new RangeError(
      `Cannot sample ${count} negative edges: the graph on ${n} nodes has only ${free} ${
        undirected ? "unordered" : "ordered"
      } node pairs without an edge`,
    );
  }
  const src = new Int32Array(count);
  const dst = new Int32Array(count);
  if (count > free / 2) {
    // Dense case: rejection would stall, so list every free pair and take a random subset.
    const candidates: number[] = [];
    for (let u = 0; u < n; u++) {
      for (let v = undirected ? u + 1 : 0; v < n; v++) {
        if (u !== v && !isTaken(u * n + v)) candidates.push(u * n + v);
      }
    }
    for (let k = 0; k < count; k++) {
      const j = k + rng.int(candidates.length - k);
      const key = candidates[j];
      candidates[j] = candidates[k];
      src[k] = Math.floor(key / n);
      dst[k] = key % n;
    }
    return toPairs(src, dst);
  }
  const drawn = new Set<number>();
  for (let k = 0; k < count;) {
    const u = rng.int(n), v = rng.int(n);
    if (u === v) continue;
    const key = pairKey(u, v, n, undirected);
    if (isTaken(key) || drawn.has(key)) continue;
    drawn.add(key);
    src[k] = u;
    dst[k++] = v;
  }
  return toPairs(src, dst);
}

function checkFraction(name: string, value: number): void {
  if (!(value >= 0 && value < 1)) {
    throw new RangeError(`Cannot split edges: ${name} must be in [0, 1), got ${value}`);
  }
}

/**
 * Splits a graph's edges for link prediction. The distinct edges (self loops aside; `u -> v` and
 * `v -> u` as one edge when `undirected`) are shuffled with `seed`; the first `floor(val * M)`
 * become validation positives, the next `floor(test * M)` test positives, the rest training
 * positives. Held-out edges leave the message-passing graph `trainGraph` in both directions (and
 * with any duplicates), so a model never propagates over an edge it is asked to predict.
 * Validation and test negatives are sampled, as many as the positives, among the node pairs that
 * are not edges of the input graph, disjoint from each other.
 *
 * @param graph the graph to split
 * @param options `val` (0.05), `test` (0.1), `seed` (0), `undirected` (detected)
 * @returns the message-passing graph and the positive and negative pairs
 * @throws {RangeError} for fractions outside [0, 1) or summing to 1 or more, and when the graph
 *   has too few edges to give every part (train, and val/test when their fraction is > 0) one edge
 *
 * @example
 * ```ts
 * import { createGraph, numEdges } from "../graph/graph.ts";
 * import { toUndirected } from "../graph/to_undirected.ts";
 * import { numPairs, splitEdges } from "./edge_split.ts";
 * // A ring of 20 nodes: 20 undirected edges -> 1 val, 2 test, 17 train.
 * const ring = Array.from({ length: 20 }, (_, i) => i);
 * const g = toUndirected(createGraph({ numNodes: 20, edgeIndex: [ring, ring.map((i) => (i + 1) % 20)] }));
 * const s = splitEdges(g, { seed: 1 });
 * if (numPairs(s.valPositive) !== 1 || numPairs(s.testPositive) !== 2) throw new Error("unexpected");
 * if (numEdges(s.trainGraph) !== 34 || numPairs(s.trainPositive) !== 17) throw new Error("unexpected");
 * ```
 */
export function splitEdges(graph: Graph, options: EdgeSplitOptions = {}): EdgeSplit {
  const { val = 0.05, test = 0.1, seed = 0 } = options;
  checkFraction("val", val);
  checkFraction("test", test);
  if (!(val + test < 1)) {
    throw new RangeError(`Cannot split edges: val + test must be below 1, got ${val + test}`);
  }
  const undirected = options.undirected ?? isUndirected(graph);
  const n = graph.numNodes;
  const E = graph.edgeIndex.length >> 1;
  const src = graph.edgeIndex.subarray(0, E);
  const dst = graph.edgeIndex.subarray(E);
  // Distinct pairs in order of first appearance (so the split depends only on the seed).
  const pairIndex = new Map<number, number>();
  const pairSrc: number[] = [];
  const pairDst: number[] = [];
  const edgePair = new Int32Array(E).fill(-1);
  for (let e = 0; e < E; e++) {
    const u = src[e], v = dst[e];
    if (u === v) continue;
    const key = pairKey(u, v, n, undirected);
    let p = pairIndex.get(key);
    if (p === undefined) {
      pairIndex.set(key, p = pairSrc.length);
      pairSrc.push(undirected ? Math.min(u, v) : u);
      pairDst.push(undirected ? Math.max(u, v) : v);
    }
    edgePair[e] = p;
  }
  const M = pairSrc.length;
  const nVal = Math.floor(val * M);
  const nTest = Math.floor(test * M);
  const nTrain = M - nVal - nTest;
  if (nTrain < 1 || (val > 0 && nVal < 1) || (test > 0 && nTest < 1)) {
    throw new RangeError(
      `Cannot split edges: ${M} ${
        undirected ? "undirected" : "directed"
      } edges (self loops aside) ` +
        `are too few for val ${val} and test ${test}: got ${nTrain} train, ${nVal} val and ${nTest} ` +
        `test edges, and each part needs at least 1; use a larger graph or larger fractions`,
    );
  }
  const rng = createRng(seed);
  const order = rng.permutation(M);
  // 0: train, 1: val, 2: test.
  const part = new Uint8Array(M);
  for (let k = 0; k < nVal + nTest; k++) part[order[k]] = k < nVal ? 1 : 2;
  const pick = (k0: number, k1: number) =>
    toPairs(
      Array.from(order.subarray(k0, k1), (p) => pairSrc[p]),
      Array.from(order.subarray(k0, k1), (p) => pairDst[p]),
    );
  const kept: number[] = [];
  for (let e = 0; e < E; e++) if (edgePair[e] < 0 || part[edgePair[e]] === 0) kept.push(e);
  const edgeIndex = new Int32Array(2 * kept.length);
  kept.forEach((e, k) => {
    edgeIndex[k] = src[e];
    edgeIndex[kept.length + k] = dst[e];
  });
  const trainGraph: Graph = {
    ...graph,
    edgeIndex,
    ...(graph.edgeWeight && { edgeWeight: Float32Array.from(kept, (e) => graph.edgeWeight![e]) }),
  };
  const negatives = sampleNegativeEdges(graph, nVal + nTest, rng, { undirected });
  const P = nVal + nTest;
  return {
    trainGraph,
    trainPositive: pick(nVal + nTest, M),
    valPositive: pick(0, nVal),
    valNegative: toPairs(negatives.subarray(0, nVal), negatives.subarray(P, P + nVal)),
    testPositive: pick(nVal, nVal + nTest),
    testNegative: toPairs(negatives.subarray(nVal, P), negatives.subarray(P + nVal)),
    undirected,
  };
}
