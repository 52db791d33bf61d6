/**
 * The graph type every data set, transform and model in Open-AutoGLM shares: a COO edge index
 * like PyTorch Geometric's `edge_index`, optional node features and labels, and cached CSR views.
 *
 * @module
 */
import { checkGraph, checkMatrixKind, type Fail } from "./_check_graph.ts";
import type { Matrix } from "./matrix.ts";

/** A graph with `numNodes` nodes and `numEdges` directed edges. */
export interface Graph {
  /** Number of nodes `N`. */
  readonly numNodes: number;
  /**
   * COO edge index of shape `[2, E]`, row-major: `edgeIndex[e]` is the source and
   * `edgeIndex[E + e]` the target of edge `e` (PyG's `edge_index[0]` and `edge_index[1]`).
   */
  readonly edgeIndex: Int32Array;
  /** Optional weight per edge, length `E`. */
  readonly edgeWeight?: Float32Array;
  /** Node features `[N, F]`, dense or sparse. */
  readonly x?: Matrix;
  /** Class label per node, length `N`. */
  readonly y?: Int32Array;
}

/** What {@linkcode createGraph} takes: a {@linkcode Graph}, `numNodes` defaulting to the rows of `x`. */
export interface GraphInit {
  /** Number of nodes `N` (default: the rows of `x`, else the length of `y`). */
  numNodes?: number;
  /** A flat `[2, E]` Int32Array, or a pair `[sources, targets]` of integer node indices. */
  edgeIndex: Int32Array | readonly [ArrayLike<number>, ArrayLike<number>];
  /** Optional weight per edge, finite, length `E`. */
  edgeWeight?: Float32Array;
  /** Node features `[N, F]`, finite. */
  x?: Matrix;
  /** Integer class label per node, length `N`. */
  y?: Int32Array;
}

/**
 * Builds and validates a graph. The edge index may be given as a flat `[2, E]` Int32Array or as
 * a pair `[sources, targets]` of integer arrays (like PyG's `edge_index`).
 *
 * @param init the edges, and optionally the node count, edge weights, features and labels
 * @param name what the graph is called in errors (default `"graph"`)
 * @throws {RangeError} `Cannot create <name>: <field and position> ...` for a fractional or
 *   out-of-range node index, a non-finite feature or edge weight, fractional labels, or arrays
 *   whose sizes disagree.
 * @example
 * ```ts
 * import { createGraph, numEdges } from "./graph.ts";
 * import { denseMatrix } from "./matrix.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] });
 * if (numEdges(g) !== 4) throw new Error("unexpected");
 * let message = "";
 * try {
 *   createGraph({ edgeIndex: [[0], [1]], x: denseMatrix(new Float32Array([1, NaN]), 2, 1) });
 * } catch (e) { message = (e as Error).message; }
 * if (message !== "Cannot create graph: x[1, 0] is NaN; features must be finite") {
 *   throw new Error(message);
 * }
 * ```
 */
export function createGraph(init: GraphInit, name = "graph"): Graph {
  const fail = (detail: string): never => {
    throw new RangeError(`Cannot create ${name}: ${detail}`);
  };
  if (init.x !== undefined) checkMatrixKind(init.x, fail);
  const numNodes = init.numNodes ?? init.x?.rows ?? init.y?.length;
  if (numNodes === undefined) fail("give numNodes, x or y");
  if (!(Number.isInteger(numNodes) && numNodes! > 0)) {
    fail(`numNodes must be a positive integer, got ${numNodes}`);
  }
  const edgeIndex = init.edgeIndex instanceof Int32Array
    ? init.edgeIndex
    : pairToEdgeIndex(init.edgeIndex, numNodes!, fail);
  const graph: Graph = {
    numNodes: numNodes!,
    edgeIndex,
    ...(init.edgeWeight && { edgeWeight: init.edgeWeight }),
    ...(init.x && { x: init.x }),
    ...(init.y && { y: init.y }),
  };
  checkGraph(graph, fail);
  return graph;
}

/** Copies `[sources, targets]` into a flat Int32Array, checking each index before it is cast. */
function pairToEdgeIndex(
  pair: readonly [ArrayLike<number>, ArrayLike<number>],
  numNodes: number,
  fail: Fail,
): Int32Array {
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(isArrayLike)) {
    fail(
      "edgeIndex must be an Int32Array of shape [2, E] or a pair [sources, targets] of arrays",
    );
  }
  const [src, dst] = pair;
  if (src.length !== dst.length) {
    fail(
      `edgeIndex rows differ in length (${src.length} sources, ${dst.length} targets)`,
    );
  }
  const E = src.length;
  const out = new Int32Array(2 * E);
  for (let i = 0; i < 2 * E; i++) {
    const v = i < E ? src[i] : dst[i - E];
    if (!Number.isInteger(v)) {
      fail(`edgeIndex[${i < E ? 0 : 1}][${i % E}] is ${v}; node indices must be integers`);
    }
    if (v < 0 || v >= numNodes) {
      fail(`edgeIndex[${i < E ? 0 : 1}][${i % E}] is ${v}, out of range [0, ${numNodes})`);
    }
    out[i] = v;
  }
  return out;
}

function isArrayLike(value: unknown): value is ArrayLike<number> {
  return typeof value === "object" && value !== null &&
    typeof (value as ArrayLike<number>).length === "number";
}

/** Number of directed edges `E` (columns of the edge index). */
export function numEdges(graph: Pick<Graph, "edgeIndex">): number {
  return graph.edgeIndex.length >> 1;
}

/** Source node of every edge (a view, length `E`). */
export function sources(graph: Pick<Graph, "edgeIndex">): Int32Array {
  return graph.edgeIndex.subarray(0, numEdges(graph));
}

/** Target node of every edge (a view, length `E`). */
export function targets(graph: Pick<Graph, "edgeIndex">): Int32Array {
  return graph.edgeIndex.subarray(numEdges(graph));
}

/** Number of feature columns, 0 without features. */
export function numFeatures(graph: Graph): number {
  return graph.x?.cols ?? 0;
}

/**
 * Checks a graph's invariants (the ones {@linkcode createGraph} checks) and throws an error naming
 * the field and position that break one: use it on a graph built or edited by hand.
 *
 * @param graph the graph to check
 * @param name what the graph is called in the error (default `"graph"`)
 * @throws {RangeError} `Invalid <name>: <field and position> ...` on the first broken invariant
 * @example
 * ```ts
 * import { validateGraph } from "./graph.ts";
 * let message = "";
 * try {
 *   validateGraph({ numNodes: 2, edgeIndex: new Int32Array([0, 5]) });
 * } catch (e) { message = (e as Error).message; }
 * if (message !== "Invalid graph: edgeIndex[1][0] is 5, out of range [0, 2)") {
 *   throw new Error(message);
 * }
 * ```
 */
export function validateGraph(graph: Graph, name = "graph"): void {
  checkGraph(graph, (detail) => {
    throw new RangeError(`Invalid ${name}: ${detail}`);
  });
}

/**
 * A CSR view of the edges grouped by target node: for node `v`, `neighbors[indptr[v]..indptr[v+1]]`
 * are the sources of its incoming edges, and `edgeIds` the matching positions in the edge index.
 * This is the layout message passing aggregates over.
 */
export interface CsrView {
  /** `N + 1` offsets into `neighbors` and `edgeIds`. */
  readonly indptr: Int32Array;
  /** The other end of each edge, grouped by node. */
  readonly neighbors: Int32Array;
  /** Each entry's position in the edge index. */
  readonly edgeIds: Int32Array;
}

/**
 * Incoming-edge CSR view of a graph (stable order within a node), computed on every call; an
 * adjacency from `adjacency(graph)` keeps one.
 *
 * @example
 * ```ts
 * import { createGraph, csrByTarget } from "./graph.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 2, 1], [1, 1, 0]] });
 * const { indptr, neighbors } = csrByTarget(g);
 * if (indptr.join() !== "0,1,3,3" || neighbors.join() !== "1,0,2") throw new Error("unexpected");
 * ```
 */
export function csrByTarget(graph: Pick<Graph, "numNodes" | "edgeIndex">): CsrView {
  return groupEdges(graph.numNodes, targets(graph), sources(graph));
}

/**
 * Outgoing-edge CSR view: for node `u`, the targets of its outgoing edges.
 *
 * @example
 * ```ts
 * import { createGraph, csrBySource } from "./graph.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 2, 1], [1, 1, 0]] });
 * if (csrBySource(g).indptr.join() !== "0,1,2,3") throw new Error("unexpected");
 * ```
 */
export function csrBySource(graph: Pick<Graph, "numNodes" | "edgeIndex">): CsrView {
  return groupEdges(graph.numNodes, sources(graph), targets(graph));
}

function groupEdges(numNodes: number, keys: Int32Array, values: Int32Array): CsrView {
  const indptr = new Int32Array(numNodes + 1);
  for (let e = 0; e < keys.length; e++) indptr[keys[e] + 1]++;
  for (let v = 0; v < numNodes; v++) indptr[v + 1] += indptr[v];
  const cursor = indptr.slice(0, numNodes);
  const neighbors = new Int32Array(keys.length);
  const edgeIds = new Int32Array(keys.length);
  for (let e = 0; e < keys.length; e++) {
    const slot = cursor[keys[e]]++;
    neighbors[slot] = values[e];
    edgeIds[slot] = e;
  }
  return { indptr, neighbors, edgeIds };
}
