/**
 * Seeded synthetic graphs: the contextual stochastic block model (controlled homophily and
 * feature signal) and a fast large random graph for scale tests.
 *
 * @module
 */
import type { GraphDataset } from "./dataset.ts";
import { createGraph } from "../graph/graph.ts";
import { denseMatrix } from "../graph/matrix.ts";
import { toUndirected } from "../graph/to_undirected.ts";
import { createRng, type Rng } from "../random/rng.ts";
import { stratifiedSplit } from "../splits/stratified_split.ts";

/** Options for {@linkcode csbm}. */
export interface CsbmOptions {
  /** Default 1000. */
  numNodes?: number;
  /** Default 4; nodes are spread evenly over the classes. */
  numClasses?: number;
  /** Average number of neighbours per node (directed edges / nodes); default 10. */
  avgDegree?: number;
  /** Fraction of edges joining nodes of the same class (edge homophily), in [0, 1]; default 0.8. */
  homophily?: number;
  /** Default 32. */
  featureDim?: number;
  /** Distance of each class mean from the origin, in noise standard deviations; default 1. */
  featureSignal?: number;
  /** Default 0. */
  seed?: number;
}

/**
 * A contextual stochastic block model (Deshpande et al., NeurIPS 2018): balanced random classes;
 * `numNodes * avgDegree / 2` distinct undirected edges, each joining two nodes of the same class
 * with probability `homophily` and of different classes otherwise (no self loops); features
 * `x_i = mu_{y_i} + N(0, I)` with a random class mean `mu_c` of norm `featureSignal`. Edges are
 * stored both ways. `splits[0]` is a stratified 70/15/15 split with the same seed.
 *
 * STATS (defaults):
 *
 * | name | nodes | edges (directed) | features | classes |
 * |------|------:|-----------------:|---------:|--------:|
 * | csbm | 1,000 | 10,000           | 32       | 4       |
 *
 * @throws {RangeError} `Cannot generate csbm: ...` for an option out of range or a graph too dense
 *   to place the edges.
 * @example
 * ```ts
 * import { csbm } from "./synthetic.ts";
 * const d = csbm({ numNodes: 60, numClasses: 3, avgDegree: 4, seed: 1 });
 * if (d.graph.edgeIndex.length / 2 !== 240 || d.numClasses !== 3) throw new Error("unexpected");
 * ```
 */
export function csbm(options: CsbmOptions = {}): GraphDataset {
  const {
    numNodes = 1000,
    numClasses = 4,
    avgDegree = 10,
    homophily = 0.8,
    featureDim = 32,
    featureSignal = 1,
    seed = 0,
  } = options;
  const bad = (what: string): never => {
    throw new RangeError(`Cannot generate csbm: ${what}`);
  };
  if (!Number.isInteger(numNodes) || numNodes < 2) {
    bad(`numNodes must be an integer >= 2, got ${numNodes}`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > numNodes) {
    bad(`numClasses must be an integer in [1, numNodes], got ${numClasses}`);
  }
  if (!(homophily >= 0 && homophily <= 1)) bad(`homophily must be in [0, 1], got ${homophily}`);
  if (!Number.isInteger(featureDim) || featureDim < 1) {
    bad(`featureDim must be a positive integer, got ${featureDim}`);
  }
  const numUndirected = Math.round((numNodes * avgDegree) / 2);
  // rejection sampling needs room: cap at a quarter of all possible pairs
  if (!(numUndirected >= 0) || numUndirected > (numNodes * (numNodes - 1)) / 8) {
    bad(
      `avgDegree ${avgDegree} is too dense for ${numNodes} nodes (at most ${(numNodes - 1) / 4})`,
    );
  }
  const rng = createRng(seed);
  const y = new Int32Array(numNodes);
  for (let i = 0; i < numNodes; i++) y[i] = i % numClasses;
  rng.shuffle(y);
  const members: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < numNodes; i++) members[y[i]].push(i);
  const seen = new Set<number>();
  const edgeIndex = new Int32Array(2 * numUndirected);
  let placed = 0;
  for (let tries = 0; placed < numUndirected; tries++) {
    if (tries > 50 * numUndirected + 1000) {
      bad(`could not place ${numUndirected} edges with homophily ${homophily} (classes too small)`);
    }
    const u = rng.int(numNodes);
    const same = numClasses === 1 || rng.next() < homophily;
    const c = same ? y[u] : (y[u] + 1 + rng.int(numClasses - 1)) % numClasses;
    const v = members[c][rng.int(members[c].length)];
    const key = Math.min(u, v) * numNodes + Math.max(u, v);
    if (u === v || seen.has(key)) continue;
    seen.add(key);
    edgeIndex[placed] = u;
    edgeIndex[numUndirected + placed] = v;
    placed++;
  }
  const x = classFeatures(rng, y, numClasses, featureDim, featureSignal);
  const graph = toUndirected(createGraph({ numNodes, edgeIndex, x, y }, "csbm"));
  return {
    name: "csbm",
    graph: graph as GraphDataset["graph"],
    numClasses,
    splits: [stratifiedSplit(y, { seed })],
  };
}

/** Gaussian features around a random class mean of norm `signal`. */
function classFeatures(rng: Rng, y: Int32Array, numClasses: number, dim: number, signal: number) {
  const means = new Float32Array(numClasses * dim);
  for (let c = 0; c < numClasses; c++) {
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      const g = rng.normal();
      means[c * dim + j] = g;
      norm += g * g;
    }
    const scale = signal / Math.sqrt(norm || 1);
    for (let j = 0; j < dim; j++) means[c * dim + j] *= scale;
  }
  const data = new Float32Array(y.length * dim);
  for (let i = 0; i < y.length; i++) {
    for (let j = 0; j < dim; j++) data[i * dim + j] = means[y[i] * dim + j] + rng.normal();
  }
  return denseMatrix(data, y.length, dim);
}

/** Options for {@linkcode randomGraph}. */
export interface RandomGraphOptions {
  /** Default 169,343 (ogbn-arxiv's size). */
  numNodes?: number;
  /** Directed edges to draw (duplicates possible, no self loops); default 1,170,000. */
  numEdges?: number;
  /** Default 128. */
  numFeatures?: number;
  /** Default 40. */
  numClasses?: number;
  /** Default 0. */
  seed?: number;
}

/**
 * A fast seeded random graph at ogbn-arxiv scale, for speed and memory tests. Each edge joins a
 * uniform source to a target drawn with density falling like `1 / sqrt(id)`, so in-degrees are
 * skewed (a few hubs, many leaves); self loops are redirected to the next node. Labels are uniform;
 * features are Gaussian around a class mean (norm 1), so models can learn something. Edges are
 * directed and may repeat (no coalescing, to stay fast). `splits[0]` is a stratified 70/15/15 split.
 *
 * STATS (defaults):
 *
 * | name   | nodes   | edges (directed) | features | classes |
 * |--------|--------:|-----------------:|---------:|--------:|
 * | random | 169,343 | 1,170,000        | 128      | 40      |
 *
 * @example
 * ```ts
 * import { randomGraph } from "./synthetic.ts";
 * const d = randomGraph({ numNodes: 100, numEdges: 500, numFeatures: 4, numClasses: 3 });
 * if (d.graph.edgeIndex.length !== 1000 || d.graph.x.cols !== 4) throw new Error("unexpected");
 * ```
 */
export function randomGraph(options: RandomGraphOptions = {}): GraphDataset {
  const {
    numNodes = 169_343,
    numEdges = 1_170_000,
    numFeatures = 128,
    numClasses = 40,
    seed = 0,
  } = options;
  if (!Number.isInteger(numNodes) || numNodes < 2) {
    throw new RangeError(
      `Cannot generate random graph: numNodes must be an integer >= 2, got ${numNodes}`,
    );
  }
  if (!Number.isInteger(numEdges) || numEdges < 0) {
    throw new RangeError(
      `Cannot generate random graph: numEdges must be a non-negative integer, got ${numEdges}`,
    );
  }
  const rng = createRng(seed);
  const edgeIndex = new Int32Array(2 * numEdges);
  for (let e = 0; e < numEdges; e++) {
    const s = rng.int(numNodes);
    const r = rng.next();
    let t = Math.floor(numNodes * r * r);
    if (t === s) t = (t + 1) % numNodes;
    edgeIndex[e] = s;
    edgeIndex[numEdges + e] = t;
  }
  const y = new Int32Array(numNodes);
  for (let i = 0; i < numNodes; i++) y[i] = rng.int(numClasses);
  const x = classFeatures(rng, y, numClasses, numFeatures, 1);
  const graph = createGraph({ numNodes, edgeIndex, x, y }, "random");
  return {
    name: "random",
    graph: graph as GraphDataset["graph"],
    numClasses,
    splits: [stratifiedSplit(y, { seed })],
  };
}
