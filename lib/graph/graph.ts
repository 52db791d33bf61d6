/**
 * The graph type every data set, transform and model in Open-AutoGLM shares: a COO edge index
 * like PyTorch Geometric's `edge_index`, optional node features and labels, and cached CSR views.
 *
 * @module
 */
import type { Matrix } from "./matrix.ts";

/** A graph with `numNodes` nodes and `numEdges` directed edges. */
export interface Graph {
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
  numNodes?: number;
  edgeIndex: Int32Array | readonly [ArrayLike<number>, ArrayLike<number>];
  edgeWeight?: Float32Array;
  x?: Matrix;
  y?: Int32Array;
}

/**
 * Builds and validates a graph. The edge index may be given as a flat `[2, E]` Int32Array or as
 * a pair `[sources, targets]`.
 *
 * @throws {RangeError} on an edge index out of range, NaN/Inf features, or count mismatches.
 * @example
 * ```ts
 * import { createGraph, numEdges } from "./graph.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] });
 * if (numEdges(g) !== 4) throw new Error("unexpected");
 * ```
 */
export function createGraph(init: GraphInit, name = "graph"): Graph {
  const edgeIndex = init.edgeIndex instanceof Int32Array
    ? init.edgeIndex
    : pairToEdgeIndex(init.edgeIndex, name);
  const numNodes = init.numNodes ?? init.x?.rows ?? init.y?.length;
  if (numNodes === undefined) {
    throw new RangeError(`Cannot create ${name}: give numNodes, x or y`);
  }
  const graph: Graph = { numNodes, edgeIndex };
  const full = {
    ...graph,
    ...(init.edgeWeight && { edgeWeight: init.edgeWeight }),
    ...(init.x && { x: init.x }),
    ...(init.y && { y: init.y }),
  };
  validateGraph(full, name);
  return full;
}

function pairToEdgeIndex(
  pair: readonly [ArrayLike<number>, ArrayLike<number>],
  name: string,
): Int32Array {
  const [src, dst] = pair;
  if (src.length !== dst.length) {
    throw new RangeError(
      `Cannot create ${name}: edgeIndex rows differ in length (${src.length} sources, ${dst.length} targets)`,
    );
  }
  const out = new Int32Array(2 * src.length);
  for (let e = 0; e < src.length; e++) {
    out[e] = src[e];
    out[src.length + e] = dst[e];
  }
  return out;
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
 * Checks a graph's invariants and throws a clear error naming the field that breaks one.
 *
 * @example
 * ```ts
 * import { validateGraph } from "./graph.ts";
 * let message = "";
 * try {
 *   validateGraph({ numNodes: 2, edgeIndex: new Int32Array([0, 5]) });
 * } catch (e) { message = (e as Error).message; }
 * if (!message.includes("out of range")) throw new Error("unexpected");
 * ```
 */
export function validateGraph(graph: Graph, name = "graph"): void {
  const { numNodes, edgeIndex, x, y, edgeWeight } = graph;
  if (!Number.isInteger(numNodes) || numNodes <= 0) {
    throw new RangeError(`Invalid ${name}: numNodes must be a positive integer, got ${numNodes}`);
  }
  if (edgeIndex.length % 2 !== 0) {
    throw new RangeError(
      `Invalid ${name}: edgeIndex must have shape [2, E], got ${edgeIndex.length} values`,
    );
  }
  for (let i = 0; i < edgeIndex.length; i++) {
    const v = edgeIndex[i];
    if (v < 0 || v >= numNodes) {
      const E = edgeIndex.length >> 1;
      const row = i < E ? "source" : "target";
      throw new RangeError(
        `Invalid ${name}: edgeIndex ${row} ${v} of edge ${i % E} is out of range [0, ${numNodes})`,
      );
    }
  }
  if (edgeWeight && edgeWeight.length !== edgeIndex.length >> 1) {
    throw new RangeError(
      `Invalid ${name}: edgeWeight has ${edgeWeight.length} values for ${
        edgeIndex.length >> 1
      } edges`,
    );
  }
  if (x) {
    if (x.rows !== numNodes) {
      throw new RangeError(
        `Invalid ${name}: x has ${x.rows} rows but the graph has ${numNodes} nodes`,
      );
    }
    const bad = x.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      const where = x.kind === "dense"
        ? `row ${Math.floor(bad / x.cols)}, column ${bad % x.cols}`
        : `stored value ${bad}`;
      throw new RangeError(
        `Invalid ${name}: x has a non-finite value (${x.data[bad]}) at ${where}`,
      );
    }
    if (x.kind === "csr") validateCsr(x, `${name}.x`);
  }
  if (y && y.length !== numNodes) {
    throw new RangeError(
      `Invalid ${name}: y has ${y.length} labels but the graph has ${numNodes} nodes`,
    );
  }
}

function validateCsr(m: Matrix & { kind: "csr" }, name: string): void {
  if (m.indptr.length !== m.rows + 1 || m.indptr[0] !== 0 || m.indptr[m.rows] !== m.data.length) {
    throw new RangeError(`Invalid ${name}: CSR indptr does not match ${m.rows} rows`);
  }
  if (m.indices.length !== m.data.length) {
    throw new RangeError(`Invalid ${name}: CSR indices and data differ in length`);
  }
  for (let k = 0; k < m.indices.length; k++) {
    if (m.indices[k] < 0 || m.indices[k] >= m.cols) {
      throw new RangeError(
        `Invalid ${name}: CSR column ${m.indices[k]} is out of range [0, ${m.cols})`,
      );
    }
  }
}

/**
 * A CSR view of the edges grouped by target node: for node `v`, `neighbors[indptr[v]..indptr[v+1]]`
 * are the sources of its incoming edges, and `edgeIds` the matching positions in the edge index.
 * This is the layout message passing aggregates over.
 */
export interface CsrView {
  readonly indptr: Int32Array;
  readonly neighbors: Int32Array;
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
