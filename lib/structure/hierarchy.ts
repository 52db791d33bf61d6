/**
 * Granularity levels for multi-granularity propagation (chapter 2.3): a hierarchy of connected
 * clusters by repeated graph coarsening, and the hierarchy graph that joins every node to its
 * cluster at each level.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { createGraph, type Graph, numEdges } from "../graph/graph.ts";
import { createRng } from "../random/rng.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { spmm } from "../sparse/spmm.ts";
import { aggregateEdges, aggregationPass, type EdgeList, symmetricCsr } from "./_coarsen.ts";

/** Options for {@linkcode granularityLevels}. */
export interface GranularityOptions {
  /** Most coarse levels to build (default 3). */
  levels?: number;
  /** Stop once a level has at most this many clusters (default 1). */
  minClusters?: number;
  /**
   * Shrink factor each level aims for, `> 1` (default 4): aggregation passes repeat until a level
   * has at most `1 / ratio` of the previous level's non-isolated nodes (plus the isolated ones, which
   * cannot merge), or a pass merges nothing more.
   */
  ratio?: number;
  /** Seed of the visiting order and tie-breaking (default 0). */
  seed?: number;
}

/** One coarse level of a hierarchy from {@linkcode granularityLevels}. */
export interface GranularityLevel {
  /** Level number `g`, from 1 (the original nodes are level 0). */
  readonly level: number;
  /** Number of clusters `K_g`. */
  readonly numClusters: number;
  /** Cluster of every original node at this level, length `N`, ids in `[0, K_g)`. */
  readonly assignment: Int32Array;
  /** Cluster of every node of the previous level (original nodes for level 1), in `[0, K_g)`. */
  readonly parent: Int32Array;
  /** Number of original nodes in each cluster, length `K_g`. */
  readonly sizes: Int32Array;
  /**
   * The coarse graph: clusters as nodes, an edge `C -> D` for every pair joined by an original edge,
   * weighted by the summed original weights (1 for unweighted edges); no self loops.
   */
  readonly graph: Graph;
}

/**
 * Builds granularity levels by repeated coarsening: each level groups the previous level's nodes
 * into connected clusters by heavy-edge matching (Karypis & Kumar's METIS coarsening,
 * https://doi.org/10.1137/S1064827595287997) with the normalised score `w_uv / (size_u size_v)`,
 * where nodes left without a free neighbour join the neighbouring cluster they are most strongly
 * tied to (so stars and hubs coarsen too). Edge directions are ignored: the weight between two
 * nodes is the sum over both directions; self loops are ignored.
 *
 * Guarantees: every cluster induces a connected subgraph of the (undirected) input graph, so
 * clusters never span connected components; levels are nested (`parent` maps each level onto the
 * next); each aggregation pass at least halves the number of non-isolated nodes; time and memory
 * are linear in `N + E` per pass. Building stops after `levels` levels, once a level has at most
 * `minClusters` clusters, or when nothing can merge any more (every component is one cluster).
 * The same seed gives the same levels.
 *
 * @param graph the graph to coarsen (edge weights, if any, must be non-negative)
 * @param options level count, stopping size, shrink ratio and seed
 * @returns the levels, finest first (possibly fewer than `levels`, empty if nothing merges)
 * @throws {RangeError} for an option out of range or a negative or non-finite edge weight
 *
 * @example
 * ```ts
 * import { createGraph } from "../graph/graph.ts";
 * import { granularityLevels } from "./hierarchy.ts";
 * // Two triangles joined by one edge.
 * const graph = createGraph({
 *   numNodes: 6,
 *   edgeIndex: [[0, 1, 2, 3, 4, 5, 2], [1, 2, 0, 4, 5, 3, 3]],
 * });
 * const levels = granularityLevels(graph, { levels: 2, ratio: 2, seed: 0 });
 * const sizes = levels[0].sizes.reduce((a, b) => a + b, 0);
 * if (sizes !== 6 || levels[0].numClusters > 3) throw new Error("unexpected");
 * ```
 */
export function granularityLevels(
  graph: Graph,
  options: GranularityOptions = {},
): GranularityLevel[] {
  const { levels = 3, minClusters = 1, ratio = 4, seed = 0 } = options;
  const fail = (what: string): never => {
    throw new RangeError(`Cannot build granularity levels: ${what}`);
  };
  if (!Number.isInteger(levels) || levels < 1) {
    fail(`levels must be a positive integer, got ${levels}`);
  }
  if (!Number.isInteger(minClusters) || minClusters < 1) {
    fail(`minClusters must be a positive integer, got ${minClusters}`);
  }
  if (!(ratio > 1 && Number.isFinite(ratio))) fail(`ratio must be a number > 1, got ${ratio}`);
  const N = graph.numNodes;
  const E = numEdges(graph);
  const weight = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    const w = graph.edgeWeight ? graph.edgeWeight[e] : 1;
    if (!(w >= 0 && Number.isFinite(w))) {
      fail(`edgeWeight ${e} must be finite and non-negative, got ${w}`);
    }
    weight[e] = w;
  }
  const rng = createRng(seed);
  let edges: EdgeList = {
    src: graph.edgeIndex.subarray(0, E),
    dst: graph.edgeIndex.subarray(E),
    weight,
  };
  let size: Float64Array = new Float64Array(N).fill(1);
  let assignment = new Int32Array(N);
  for (let u = 0; u < N; u++) assignment[u] = u;
  let count = N;
  const out: GranularityLevel[] = [];
  while (out.length < levels && count > minClusters) {
    let csr = symmetricCsr(count, edges);
    // Nodes without neighbours cannot merge: aim at `1 / ratio` of the others, so a graph of many
    // small components (Cora has 78) does not collapse its big component to reach the ratio.
    let isolated = 0;
    for (let u = 0; u < count; u++) if (csr.indptr[u] === csr.indptr[u + 1]) isolated++;
    const target = Math.max(minClusters, isolated + Math.floor((count - isolated) / ratio));
    const parent = new Int32Array(count);
    for (let u = 0; u < count; u++) parent[u] = u;
    let k = count;
    let levelEdges = edges;
    let levelSize: Float64Array = size;
    // Passes within a level, each over the graph the previous pass produced.
    while (k > target) {
      const pass = aggregationPass(csr, levelSize, rng);
      if (pass.numClusters === k) break;
      for (let u = 0; u < count; u++) parent[u] = pass.assign[parent[u]];
      levelEdges = aggregateEdges(levelEdges, pass.assign, pass.numClusters);
      levelSize = sumBy(levelSize, pass.assign, pass.numClusters);
      k = pass.numClusters;
      if (k > target) csr = symmetricCsr(k, levelEdges);
    }
    if (k === count) break;
    assignment = assignment.map((c) => parent[c]);
    const sizes = Int32Array.from(levelSize);
    const coarse = createGraph({
      numNodes: k,
      edgeIndex: concat(levelEdges.src, levelEdges.dst),
      edgeWeight: Float32Array.from(levelEdges.weight),
    }, `level ${out.length + 1} graph`);
    out.push({ level: out.length + 1, numClusters: k, assignment, parent, sizes, graph: coarse });
    edges = levelEdges;
    size = levelSize;
    count = k;
  }
  return out;
}

function sumBy(values: Float64Array, assign: Int32Array, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let u = 0; u < values.length; u++) out[assign[u]] += values[u];
  return out;
}

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** What {@linkcode hierarchyGraph} needs of a level: the cluster of every original node. */
export interface LevelAssignment {
  /** Cluster of every original node, ids `0..K-1` with every id used; levels must nest. */
  readonly assignment: Int32Array;
}

/** Options for {@linkcode hierarchyGraph}. */
export interface HierarchyGraphOptions {
  /**
   * Also join the super-nodes of each level along their coarse graph (one weight-1 edge per pair
   * of clusters joined by an original edge, both ways), so coarse information travels within its
   * level too (default false: only node-cluster and cluster-parent edges).
   */
  levelEdges?: boolean;
}

/** The original graph plus one super-node per cluster and level, from {@linkcode hierarchyGraph}. */
export interface HierarchyGraph {
  /**
   * The hierarchy graph on `M = N + Σ_g K_g` nodes: first the original nodes, then the clusters of
   * level 1, level 2, ... Edges: the original edges (same order, weights, 1 when unweighted), then
   * for each level `g` every level-`(g-1)` node to its cluster and back (weight 1), then (option
   * `levelEdges`) the coarse graphs' edges. Always has `edgeWeight`.
   */
  readonly graph: Graph;
  /** Granularity level `g` of every node, length `M` (0 for the original nodes). */
  readonly granularity: Int32Array;
  /** Number of original nodes `N`. */
  readonly numOriginal: number;
  /** Number of coarse levels `L`. */
  readonly numLevels: number;
  /** Level `g`'s nodes are `levelOffsets[g] .. levelOffsets[g + 1] - 1`; length `L + 2`. */
  readonly levelOffsets: Int32Array;
  /** Original nodes under each node (1 for original nodes), length `M`. */
  readonly sizes: Int32Array;
  /**
   * Features for every hierarchy node from features `h` `[N, F]` of the original nodes: the
   * original rows unchanged, each super-node the mean of its original members. Differentiable
   * (an `spmm` over member -> cluster edges); shapes `[N, F]` -> `[M, F]`.
   */
  liftFeatures(h: tf.Tensor2D): tf.Tensor2D;
}

/**
 * Builds the hierarchy graph of chapter 2.3: the original nodes (granularity `g = 0`) plus one
 * super-node per cluster at each level (`g` = the level), with the original edges, an edge from
 * every node to its cluster at the next level and back, and optionally the coarse graphs' edges,
 * so that fine and coarse information can mix. Super-node features come from
 * {@linkcode HierarchyGraph.liftFeatures}.
 *
 * @param graph the original graph on `N` nodes
 * @param levels nested clusterings, finest first (e.g. from {@linkcode granularityLevels}, or any
 *   labelling as `{ assignment }`)
 * @param options whether to add the coarse graphs' edges
 * @returns the hierarchy graph with its granularity levels and feature lifting
 * @throws {RangeError} when an assignment has the wrong length, skips an id or does not nest
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { hierarchyGraph } from "./hierarchy.ts";
 * const graph = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] });
 * const h = hierarchyGraph(graph, [{ assignment: new Int32Array([0, 0, 1]) }]);
 * if (h.graph.numNodes !== 5 || h.granularity.join() !== "0,0,0,1,1") throw new Error("nodes");
 * const lifted = h.liftFeatures(tf.tensor2d([[2], [4], [8]]));
 * if (lifted.dataSync().join() !== "2,4,8,3,8") throw new Error("features");
 * ```
 */
export function hierarchyGraph(
  graph: Graph,
  levels: readonly LevelAssignment[],
  options: HierarchyGraphOptions = {},
): HierarchyGraph {
  const { levelEdges = false } = options;
  const N = graph.numNodes;
  const L = levels.length;
  const counts = levels.map((level, i) => checkAssignment(level.assignment, N, i));
  const levelOffsets = new Int32Array(L + 2);
  levelOffsets[1] = N;
  for (let g = 1; g <= L; g++) levelOffsets[g + 1] = levelOffsets[g] + counts[g - 1];
  const M = levelOffsets[L + 1];
  const granularity = new Int32Array(M);
  for (let g = 1; g <= L; g++) granularity.fill(g, levelOffsets[g], levelOffsets[g + 1]);
  const sizes = new Int32Array(M);
  sizes.fill(1, 0, N);
  for (let g = 1; g <= L; g++) {
    const a = levels[g - 1].assignment;
    for (let u = 0; u < N; u++) sizes[levelOffsets[g] + a[u]]++;
  }
  // parents[g - 1][c]: the level-g cluster of node c of level g - 1.
  const parents = levels.map((_, i) => parentMap(levels, i, counts, N));
  const pairs = levelEdges ? levels.map((level) => coarsePairs(graph, level.assignment)) : [];
  const E = numEdges(graph);
  const total = E + 2 * (levelOffsets[L] + pairs.reduce((n, p) => n + p.length / 2, 0));
  const edgeIndex = new Int32Array(2 * total);
  const edgeWeight = new Float32Array(total).fill(1);
  edgeIndex.set(graph.edgeIndex.subarray(0, E), 0);
  edgeIndex.set(graph.edgeIndex.subarray(E), total);
  if (graph.edgeWeight) edgeWeight.set(graph.edgeWeight, 0);
  let e = E;
  const push = (s: number, t: number) => {
    edgeIndex[e] = s;
    edgeIndex[total + e++] = t;
  };
  for (let g = 1; g <= L; g++) {
    const parent = parents[g - 1];
    const from = levelOffsets[g - 1];
    for (let c = 0; c < parent.length; c++) push(from + c, levelOffsets[g] + parent[c]);
    for (let c = 0; c < parent.length; c++) push(levelOffsets[g] + parent[c], from + c);
  }
  pairs.forEach((p, i) => {
    const offset = levelOffsets[i + 1];
    for (let j = 0; j < p.length; j += 2) {
      push(offset + p[j], offset + p[j + 1]);
      push(offset + p[j + 1], offset + p[j]);
    }
  });
  const hierarchy = createGraph({ numNodes: M, edgeIndex, edgeWeight }, "hierarchy graph");
  // Built now, not on first use: later edits of `levels` must not reach this hierarchy.
  const lift = liftAdjacency(levels, levelOffsets, sizes, N);
  return {
    graph: hierarchy,
    granularity,
    numOriginal: N,
    numLevels: L,
    levelOffsets,
    sizes,
    liftFeatures(h: tf.Tensor2D): tf.Tensor2D {
      if (h.rank !== 2 || h.shape[0] !== N) {
        throw new RangeError(
          `Cannot lift features: expected h with ${N} rows (one per original node), got shape [${h.shape}]`,
        );
      }
      return tf.tidy(() => spmm(lift, tf.concat([h, tf.zeros([M - N, h.shape[1]])], 0)));
    },
  };
}

/** Checks one assignment and returns its number of clusters. */
function checkAssignment(assignment: Int32Array, N: number, i: number): number {
  if (assignment.length !== N) {
    throw new RangeError(
      `Cannot build hierarchy graph: levels[${i}].assignment has ${assignment.length} entries for ${N} nodes`,
    );
  }
  let K = 0;
  for (let u = 0; u < N; u++) {
    const c = assignment[u];
    if (!(c >= 0)) {
      throw new RangeError(
        `Cannot build hierarchy graph: levels[${i}].assignment[${u}] is ${c}, expected a cluster id >= 0`,
      );
    }
    if (c >= K) K = c + 1;
  }
  const used = new Uint8Array(K);
  for (let u = 0; u < N; u++) used[assignment[u]] = 1;
  const missing = used.indexOf(0);
  if (missing >= 0) {
    throw new RangeError(
      `Cannot build hierarchy graph: levels[${i}].assignment uses ids up to ${
        K - 1
      } but no node is in cluster ${missing}`,
    );
  }
  return K;
}

/** The cluster at level `i + 1` of every node at level `i` (original nodes when `i = 0`). */
function parentMap(
  levels: readonly LevelAssignment[],
  i: number,
  counts: number[],
  N: number,
): Int32Array {
  const next = levels[i].assignment;
  if (i === 0) return next;
  const prev = levels[i - 1].assignment;
  const parent = new Int32Array(counts[i - 1]).fill(-1);
  for (let u = 0; u < N; u++) {
    const p = parent[prev[u]];
    if (p >= 0 && p !== next[u]) {
      throw new RangeError(
        `Cannot build hierarchy graph: levels do not nest: cluster ${prev[u]} of levels[${
          i - 1
        }] is split between clusters ${p} and ${next[u]} of levels[${i}]`,
      );
    }
    parent[prev[u]] = next[u];
  }
  return parent;
}

/** Distinct unordered cluster pairs `a < b` joined by an original edge, flat `[a0, b0, a1, ...]`. */
function coarsePairs(graph: Graph, assignment: Int32Array): Int32Array {
  const E = numEdges(graph);
  const seen = new Set<number>();
  const K = assignment.reduce((m, c) => Math.max(m, c + 1), 0);
  const out: number[] = [];
  for (let e = 0; e < E; e++) {
    const a = assignment[graph.edgeIndex[e]];
    const b = assignment[graph.edgeIndex[E + e]];
    if (a === b) continue;
    const key = Math.min(a, b) * K + Math.max(a, b);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(Math.min(a, b), Math.max(a, b));
  }
  return Int32Array.from(out);
}

/** `u -> u` (weight 1) for original nodes and `u -> cluster` (weight 1 / size) at every level. */
function liftAdjacency(
  levels: readonly LevelAssignment[],
  levelOffsets: Int32Array,
  sizes: Int32Array,
  N: number,
): SparseAdjacency {
  const L = levels.length;
  const M = levelOffsets[L + 1];
  const E = N * (L + 1);
  const edgeIndex = new Int32Array(2 * E);
  const weight = new Float32Array(E);
  for (let u = 0; u < N; u++) {
    edgeIndex[u] = u;
    edgeIndex[E + u] = u;
    weight[u] = 1;
  }
  for (let g = 1; g <= L; g++) {
    const a = levels[g - 1].assignment;
    for (let u = 0; u < N; u++) {
      const e = g * N + u;
      const c = levelOffsets[g] + a[u];
      edgeIndex[e] = u;
      edgeIndex[E + e] = c;
      weight[e] = 1 / sizes[c];
    }
  }
  return adjacency({ numNodes: M, edgeIndex }, weight);
}
