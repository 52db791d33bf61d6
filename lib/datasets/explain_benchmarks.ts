/**
 * The synthetic node-classification benchmarks of GNNExplainer (Ying et al., NeurIPS 2019,
 * https://arxiv.org/abs/1903.03894), with their planted ground truth: BA-Shapes and Tree-Cycles,
 * built as PyG's `ExplainerDataset` builds them (`BAGraph` / `HouseMotif` / `CycleMotif`).
 *
 * @module
 */
import type { ExplanationGroundTruth, GraphDataset } from "./dataset.ts";
import { createGraph } from "../graph/graph.ts";
import { denseMatrix } from "../graph/matrix.ts";
import { toUndirected } from "../graph/to_undirected.ts";
import { createRng, type Rng } from "../random/rng.ts";
import { stratifiedSplit } from "../splits/stratified_split.ts";

/** Options shared by {@linkcode baShapes} and {@linkcode treeCycles}. */
export interface ExplainerBenchmarkOptions {
  /** Motifs attached to distinct random base nodes; default 80. */
  numMotifs?: number;
  /**
   * Random edges added at the end between unconnected node pairs, as a fraction of the undirected
   * edge count before they are added; default 0.01, GNNExplainer's own code (PyG adds none).
   */
  randomEdgeFraction?: number;
  /** Width of the constant features (all ones); default 10, like GNNExplainer's own code. */
  featureDim?: number;
  /** Seed of every random choice (base graph, attachment, random edges, split); default 0. */
  seed?: number;
}

/** Options for {@linkcode baShapes}. */
export interface BaShapesOptions extends ExplainerBenchmarkOptions {
  /** Nodes of the Barabasi-Albert base graph; default 300. */
  numBaseNodes?: number;
  /** Edges from each new base node to existing ones (Barabasi-Albert's `m`); default 5. */
  baseEdgesPerNode?: number;
}

/** Options for {@linkcode treeCycles}. */
export interface TreeCyclesOptions extends ExplainerBenchmarkOptions {
  /** Depth of the balanced binary base tree (`2^(depth+1) - 1` nodes); default 8. */
  depth?: number;
  /** Nodes (and edges) of each cycle motif; default 6. */
  cycleSize?: number;
}

/** The five-node house: nodes 0 and 1 carry the roof (node 4), 2 and 3 are the floor. */
const HOUSE_EDGES: readonly (readonly [number, number])[] = [
  [0, 1],
  [0, 3],
  [0, 4],
  [1, 2],
  [1, 4],
  [2, 3],
];
/** Class of each house node: PyG's `HouseMotif` labels plus 1 (0 is the base graph). */
const HOUSE_CLASSES = [1, 1, 2, 2, 3] as const;

/**
 * BA-Shapes: a Barabasi-Albert base graph of `numBaseNodes` nodes (each new node joins
 * `baseEdgesPerNode` distinct existing nodes chosen with probability proportional to degree,
 * starting from `m` isolated nodes, so the base has exactly `m (n - m)` edges) plus `numMotifs`
 * five-node houses. Each house joins one distinct random base node through one random house node,
 * as PyG's `ExplainerDataset(BAGraph(300, 5), "house", 80)`; then
 * `round(randomEdgeFraction * edges)` random edges join uniformly drawn unconnected pairs.
 *
 * The random edges differ between the sources: GNNExplainer's paper perturbs the graph with
 * random edges and its code's `perturb(G, 0.01)` adds 1 % of the edge count (our default 0.01);
 * PyG's `ExplainerDataset` adds none (pass 0). More noise is harder: with 0.1 a 3-layer GCN no
 * longer tells the roof from the other house nodes (test accuracy about 0.84 instead of 0.97).
 *
 * Nodes `0..numBaseNodes-1` are the base; house `k` is nodes `numBaseNodes + 5k + (0..4)`, so PyG's
 * example's evaluated nodes `400, 405, ...` are the first node of houses 20, 21, .... Classes
 * (`classNames`): 0 base, 1 house middle (the two nodes under the roof), 2 house bottom (the
 * floor), 3 house top (the roof), PyG's `HouseMotif` labels plus one. Features are constant
 * (`featureDim` ones), so only structure tells the classes apart. Edges are undirected (both
 * ways, sorted). `groundTruth` marks the house nodes and house edges. `splits[0]` is a stratified
 * 80/10/10 split with the same seed: PyG's example trains on a stratified 80 % and tests on 20 %
 * with no validation set; we keep its 80 % and halve the rest so that the best epoch is chosen
 * on validation, never on test.
 *
 * STATS (defaults):
 *
 * | name      | nodes | edges (directed) | features | classes |
 * |-----------|------:|-----------------:|---------:|--------:|
 * | ba-shapes | 700   | 4,110            | 10       | 4       |
 *
 * @throws {RangeError} `Cannot generate ba-shapes: <option> must be ..., got ...` for an option
 *   out of range or an unknown option.
 * @example
 * ```ts
 * import { baShapes } from "./explain_benchmarks.ts";
 * const d = baShapes({ numBaseNodes: 30, baseEdgesPerNode: 2, numMotifs: 4, seed: 1 });
 * if (d.graph.numNodes !== 50 || d.numClasses !== 4) throw new Error("unexpected");
 * // 4 houses, 6 edges each, stored both ways
 * if (d.groundTruth!.edgeMask.reduce((a, b) => a + b, 0) !== 48) throw new Error("unexpected");
 * ```
 */
export function baShapes(options: BaShapesOptions = {}): GraphDataset {
  const name = "ba-shapes";
  const check = optionChecker(name, options, [
    "numBaseNodes",
    "baseEdgesPerNode",
    "numMotifs",
    "randomEdgeFraction",
    "featureDim",
    "seed",
  ]);
  const m = check.integer("baseEdgesPerNode", options.baseEdgesPerNode ?? 5, 1);
  const numBaseNodes = check.integer("numBaseNodes", options.numBaseNodes ?? 300, m + 1);
  const common = commonOptions(check, options, numBaseNodes);
  const rng = createRng(common.seed);
  const base = barabasiAlbertEdges(numBaseNodes, m, rng);
  const house = { size: 5, edges: HOUSE_EDGES, classes: HOUSE_CLASSES };
  return plantMotifs(name, numBaseNodes, base, house, common, rng, [
    "base",
    "house middle",
    "house bottom",
    "house top",
  ]);
}

/**
 * Tree-Cycles: a balanced binary tree of depth `depth` (nodes in breadth-first order, children of
 * `i` are `2i + 1` and `2i + 2`, like NetworkX's `balanced_tree(2, depth)`: 511 nodes at depth 8)
 * plus `numMotifs` cycles of `cycleSize` nodes, each joined to one distinct random tree node
 * through one random cycle node (PyG's `ExplainerDataset` with `CycleMotif(6)`), then random
 * edges as in {@linkcode baShapes} (default fraction 0.01 as GNNExplainer's code; PyG adds none).
 *
 * Nodes `0..2^(depth+1)-2` are the tree; cycle `k` follows in order. Classes: 0 tree, 1 cycle.
 * Features are constant; edges undirected; `groundTruth` marks the cycle nodes and edges;
 * `splits[0]` is a stratified 80/10/10 split (see {@linkcode baShapes} for why).
 *
 * STATS (defaults):
 *
 * | name        | nodes | edges (directed) | features | classes |
 * |-------------|------:|-----------------:|---------:|--------:|
 * | tree-cycles | 991   | 2,162            | 10       | 2       |
 *
 * @throws {RangeError} `Cannot generate tree-cycles: <option> must be ..., got ...` for an option
 *   out of range or an unknown option.
 * @example
 * ```ts
 * import { treeCycles } from "./explain_benchmarks.ts";
 * const d = treeCycles({ depth: 3, numMotifs: 2, randomEdgeFraction: 0 });
 * // 15 tree nodes + 2 six-cycles; 14 tree edges + 12 cycle edges + 2 joins, both ways
 * if (d.graph.numNodes !== 27 || d.graph.edgeIndex.length / 2 !== 56) throw new Error("unexpected");
 * ```
 */
export function treeCycles(options: TreeCyclesOptions = {}): GraphDataset {
  const name = "tree-cycles";
  const check = optionChecker(name, options, [
    "depth",
    "cycleSize",
    "numMotifs",
    "randomEdgeFraction",
    "featureDim",
    "seed",
  ]);
  const depth = check.integer("depth", options.depth ?? 8, 1, 20);
  const size = check.integer("cycleSize", options.cycleSize ?? 6, 3);
  const numBaseNodes = 2 ** (depth + 1) - 1;
  const common = commonOptions(check, options, numBaseNodes);
  const rng = createRng(common.seed);
  const tree: number[] = [];
  for (let child = 1; child < numBaseNodes; child++) tree.push((child - 1) >> 1, child);
  const cycle = {
    size,
    edges: Array.from({ length: size }, (_, i) => [i, (i + 1) % size] as const),
    classes: new Array<number>(size).fill(1),
  };
  return plantMotifs(name, numBaseNodes, tree, cycle, common, rng, ["tree", "cycle"]);
}

interface CommonOptions {
  numMotifs: number;
  randomEdgeFraction: number;
  featureDim: number;
  seed: number;
}

function commonOptions(
  check: OptionChecker,
  options: ExplainerBenchmarkOptions,
  numBaseNodes: number,
): CommonOptions {
  const seed = options.seed ?? 0;
  if (typeof seed !== "number" || !Number.isFinite(seed)) check.fail("seed", "a number", seed);
  const randomEdgeFraction = options.randomEdgeFraction ?? 0.01;
  if (typeof randomEdgeFraction !== "number" || !(randomEdgeFraction >= 0)) {
    check.fail("randomEdgeFraction", "a number >= 0", randomEdgeFraction);
  }
  return {
    // distinct attachment nodes: at most one motif per base node
    numMotifs: check.integer("numMotifs", options.numMotifs ?? 80, 1, numBaseNodes),
    randomEdgeFraction,
    featureDim: check.integer("featureDim", options.featureDim ?? 10, 1),
    seed,
  };
}

interface Motif {
  size: number;
  edges: readonly (readonly [number, number])[];
  classes: readonly number[];
}

/**
 * Attaches the motifs to the base graph (flat undirected pairs), adds the random edges and builds
 * the data set with its ground truth.
 */
function plantMotifs(
  name: string,
  numBaseNodes: number,
  base: number[],
  motif: Motif,
  { numMotifs, randomEdgeFraction, featureDim, seed }: CommonOptions,
  rng: Rng,
  classNames: readonly string[],
): GraphDataset {
  const numNodes = numBaseNodes + numMotifs * motif.size;
  const pairs = [...base]; // undirected pairs u0, v0, u1, v1, ...
  const motifOfPair = new Map<number, number>(); // pair key -> motif, for motif edges only
  const key = (u: number, v: number) => Math.min(u, v) * numNodes + Math.max(u, v);
  const y = new Int32Array(numNodes);
  const nodeMotif = new Int32Array(numNodes).fill(-1);
  const anchors = rng.permutation(numBaseNodes).subarray(0, numMotifs);
  for (let k = 0; k < numMotifs; k++) {
    const first = numBaseNodes + k * motif.size;
    for (let i = 0; i < motif.size; i++) {
      y[first + i] = motif.classes[i];
      nodeMotif[first + i] = k;
    }
    for (const [a, b] of motif.edges) {
      pairs.push(first + a, first + b);
      motifOfPair.set(key(first + a, first + b), k);
    }
    pairs.push(anchors[k], first + rng.int(motif.size));
  }
  const present = new Set<number>();
  for (let p = 0; p < pairs.length; p += 2) present.add(key(pairs[p], pairs[p + 1]));
  const numRandom = Math.round(randomEdgeFraction * present.size);
  const maxPairs = (numNodes * (numNodes - 1)) / 2;
  if (present.size + numRandom > maxPairs / 2) {
    throw new RangeError(
      `Cannot generate ${name}: randomEdgeFraction ${randomEdgeFraction} asks for ${numRandom} ` +
        `random edges, too many for ${numNodes} nodes (at most half of all node pairs in all)`,
    );
  }
  for (let added = 0; added < numRandom;) {
    const u = rng.int(numNodes);
    const v = rng.int(numNodes);
    if (u === v || present.has(key(u, v))) continue;
    present.add(key(u, v));
    pairs.push(u, v);
    added++;
  }
  const E = pairs.length / 2;
  const edgeIndex = new Int32Array(2 * E);
  for (let e = 0; e < E; e++) [edgeIndex[e], edgeIndex[E + e]] = [pairs[2 * e], pairs[2 * e + 1]];
  const x = denseMatrix(new Float32Array(numNodes * featureDim).fill(1), numNodes, featureDim);
  const graph = toUndirected(createGraph({ numNodes, edgeIndex, x, y }, name));
  const directed = graph.edgeIndex.length / 2;
  const edgeMotif = new Int32Array(directed);
  const edgeMask = new Uint8Array(directed);
  for (let e = 0; e < directed; e++) {
    const k = motifOfPair.get(key(graph.edgeIndex[e], graph.edgeIndex[directed + e])) ?? -1;
    edgeMotif[e] = k;
    edgeMask[e] = k >= 0 ? 1 : 0;
  }
  const groundTruth: ExplanationGroundTruth = {
    nodeMask: Uint8Array.from(nodeMotif, (k) => (k >= 0 ? 1 : 0)),
    edgeMask,
    nodeMotif,
    edgeMotif,
    numMotifs,
  };
  return {
    name,
    graph: graph as GraphDataset["graph"],
    numClasses: classNames.length,
    classNames,
    splits: [stratifiedSplit(y, { train: 0.8, val: 0.1, test: 0.1, seed })],
    groundTruth,
    source: {
      url: "https://github.com/pyg-team/pytorch_geometric (ExplainerDataset), generated locally",
      license: "generated (no licence needed)",
      citation: "Ying et al., GNNExplainer, NeurIPS 2019, https://arxiv.org/abs/1903.03894",
    },
  };
}

/**
 * Barabasi-Albert preferential attachment (Barabasi & Albert, Science 1999), NetworkX's classic
 * construction: `m` isolated nodes; node `m` joins all of them; every later node joins `m`
 * distinct earlier nodes drawn with probability proportional to their degree.
 */
function barabasiAlbertEdges(n: number, m: number, rng: Rng): number[] {
  const pairs: number[] = [];
  const endpoints: number[] = []; // each node once per incident edge: degree-weighted draws
  let targets = Array.from({ length: m }, (_, i) => i);
  for (let source = m; source < n; source++) {
    for (const t of targets) {
      pairs.push(source, t);
      endpoints.push(source, t);
    }
    const chosen = new Set<number>();
    while (chosen.size < m) chosen.add(endpoints[rng.int(endpoints.length)]);
    targets = [...chosen];
  }
  return pairs;
}

interface OptionChecker {
  fail(option: string, expected: string, got: unknown): never;
  integer(option: string, value: unknown, min: number, max?: number): number;
}

/** Rejects unknown option names up front and checks integers, naming the generator and option. */
function optionChecker(name: string, options: object, known: readonly string[]): OptionChecker {
  const fail = (option: string, expected: string, got: unknown): never => {
    throw new RangeError(
      `Cannot generate ${name}: ${option} must be ${expected}, got ${JSON.stringify(got)}`,
    );
  };
  if (typeof options !== "object" || options === null) fail("options", "an object", options);
  for (const option of Object.keys(options)) {
    if (!known.includes(option)) {
      throw new RangeError(
        `Cannot generate ${name}: unknown option "${option}"; known: ${known.join(", ")}`,
      );
    }
  }
  return {
    fail,
    integer(option, value, min, max = Number.MAX_SAFE_INTEGER) {
      if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
        const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
        fail(option, `an integer ${range}`, value);
      }
      return value as number;
    },
  };
}
