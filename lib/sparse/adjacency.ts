/**
 * The sparse adjacency every message-passing op takes: built once per graph content, holding the
 * incoming-edge CSR (forward pass), the outgoing-edge CSR (backward pass) and optional weights.
 *
 * @module
 */
import {
  csrBySource,
  csrByTarget,
  type CsrView,
  type Graph,
  sources,
  targets,
} from "../graph/graph.ts";
import { ContentCache } from "../graph/_content_cache.ts";
import { permute } from "./_kernels.ts";

/**
 * Items grouped into segments, the form the segment reductions take: segment `r` owns items
 * `ids[indptr[r]..indptr[r+1]]` (for {@linkcode SparseAdjacency.targetGroups}, the edges into
 * node `r`).
 */
export interface Grouping {
  /** `[segments + 1]` offsets into `ids`. */
  readonly indptr: Int32Array;
  /** The items of every segment, segment after segment. */
  readonly ids: Int32Array;
}

/**
 * A graph's edges as sparse matrices: `A[v, u] = w_e` for every edge `e = (u -> v)` (duplicates
 * add up). Make one with {@linkcode adjacency}; the CSR views are computed once and cached.
 *
 * An adjacency is a snapshot: it keeps its own copy of the edge index and weights, so editing the
 * graph's arrays afterwards leaves it (and everything cached from it: normalised adjacencies,
 * device copies) as it was, and the next `adjacency(graph)` builds a new one. Its own arrays are
 * read-only by contract.
 */
export class SparseAdjacency {
  /** Number of nodes `N`. */
  readonly numNodes: number;
  /** Number of edges `E`. */
  readonly numEdges: number;
  /** Source node of each edge. */
  readonly src: Int32Array;
  /** Target node of each edge. */
  readonly dst: Int32Array;
  /** Constant weight per edge (edge order), or `undefined` for all ones. */
  readonly edgeWeight?: Float32Array;
  /** Incoming edges grouped by target: `A` in CSR form. */
  readonly byTarget: CsrView;
  #graph: Graph;
  #bySource?: CsrView;
  #weightByTarget?: Float32Array;
  #weightBySource?: Float32Array;
  #inDegree?: Float32Array;
  #reversed?: SparseAdjacency;

  /** Use {@linkcode adjacency}, which validates its input; this copies the arrays it is given. */
  constructor(graph: Pick<Graph, "numNodes" | "edgeIndex">, edgeWeight?: Float32Array) {
    const own = { numNodes: graph.numNodes, edgeIndex: graph.edgeIndex.slice() };
    this.numNodes = own.numNodes;
    this.src = sources(own);
    this.dst = targets(own);
    this.numEdges = this.src.length;
    this.edgeWeight = edgeWeight?.slice();
    this.byTarget = csrByTarget(own);
    this.#graph = { ...own, ...(this.edgeWeight && { edgeWeight: this.edgeWeight }) };
  }

  /** The edges and constant weights as a {@linkcode Graph} (the adjacency's own arrays). */
  get graph(): Graph {
    return this.#graph;
  }

  /** Outgoing edges grouped by source: `A^T` in CSR form (built on first use). */
  get bySource(): CsrView {
    return this.#bySource ??= csrBySource(this.#graph);
  }

  /**
   * `A^T` as an adjacency of its own: every edge reversed, in the same edge order and with the same
   * weights (built on first use).
   */
  get reversed(): SparseAdjacency {
    if (!this.#reversed) {
      const edgeIndex = new Int32Array(2 * this.numEdges);
      edgeIndex.set(this.dst);
      edgeIndex.set(this.src, this.numEdges);
      this.#reversed = new SparseAdjacency({ numNodes: this.numNodes, edgeIndex }, this.edgeWeight);
    }
    return this.#reversed;
  }

  /** Edges grouped by target, for the segment reductions. */
  get targetGroups(): Grouping {
    return { indptr: this.byTarget.indptr, ids: this.byTarget.edgeIds };
  }

  /** Edges grouped by source, for the segment reductions. */
  get sourceGroups(): Grouping {
    return { indptr: this.bySource.indptr, ids: this.bySource.edgeIds };
  }

  /** The constant weights in target-CSR order (cached), `undefined` when unweighted. */
  get weightByTarget(): Float32Array | undefined {
    if (!this.edgeWeight) return undefined;
    return this.#weightByTarget ??= permute(this.edgeWeight, this.byTarget.edgeIds);
  }

  /** The constant weights in source-CSR order (cached), `undefined` when unweighted. */
  get weightBySource(): Float32Array | undefined {
    if (!this.edgeWeight) return undefined;
    return this.#weightBySource ??= permute(this.edgeWeight, this.bySource.edgeIds);
  }

  /** Number of incoming edges per node (duplicates counted), as float32. */
  get inDegree(): Float32Array {
    if (!this.#inDegree) {
      const { indptr } = this.byTarget;
      this.#inDegree = new Float32Array(this.numNodes);
      for (let v = 0; v < this.numNodes; v++) this.#inDegree[v] = indptr[v + 1] - indptr[v];
    }
    return this.#inDegree;
  }

  /** `SparseAdjacency(N, E)`. */
  toString(): string {
    return `SparseAdjacency(${this.numNodes}, ${this.numEdges}${
      this.edgeWeight ? ", weighted" : ""
    })`;
  }
}

/**
 * Builds the sparse adjacency of a graph, with `edgeWeight` (default: the graph's own
 * `edgeWeight`, else all ones) as constant weights. Give the ops an edge-weight tensor instead when
 * the weights need gradients.
 *
 * The result is cached: while the edge index and weights hold the same values, every call returns
 * the same adjacency (so what layers derive from it is computed once); after an in-place edit of
 * either array the next call builds a new one. The check fingerprints both arrays on every call,
 * a few milliseconds for an arxiv-scale graph.
 *
 * @param graph the graph (its arrays are copied into the adjacency)
 * @param edgeWeight one weight per edge, in edge order
 * @returns the adjacency, with CSR views ready for {@linkcode spmm} and friends
 * @throws {RangeError} when a node id is out of range, or `edgeWeight` has the wrong length or a
 *   non-finite value
 *
 * @example
 * ```ts
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "./adjacency.ts";
 * const graph = createGraph({ numNodes: 3, edgeIndex: [[0, 1], [2, 2]] });
 * const adj = adjacency(graph);
 * if (adj.byTarget.indptr.join() !== "0,0,0,2" || adjacency(graph) !== adj) {
 *   throw new Error("unexpected");
 * }
 * graph.edgeIndex[3] = 1; // edge 1 -> 2 becomes 1 -> 1
 * if (adjacency(graph).byTarget.indptr.join() !== "0,0,1,2") throw new Error("stale");
 * ```
 */
export function adjacency(
  graph: Pick<Graph, "numNodes" | "edgeIndex" | "edgeWeight">,
  edgeWeight: Float32Array | undefined = graph.edgeWeight,
): SparseAdjacency {
  // One adjacency per (edge index, weights) while their content is unchanged: repeated runs on a
  // data set share its CSR views and device copies, and what layers derive from it (normalised
  // weights, self loops). An in-place edit of either array builds a new one.
  const { numNodes, edgeIndex } = graph;
  return built.get(
    [edgeIndex, edgeWeight ?? NO_WEIGHT],
    [edgeIndex, edgeWeight, numNodes],
    () => {
      checkEdges(numNodes, edgeIndex, edgeWeight);
      return new SparseAdjacency(graph, edgeWeight);
    },
  );
}

function checkEdges(numNodes: number, edgeIndex: Int32Array, edgeWeight?: Float32Array): void {
  const E = edgeIndex.length >> 1;
  for (let i = 0; i < edgeIndex.length; i++) {
    if (!(edgeIndex[i] >= 0 && edgeIndex[i] < numNodes)) {
      throw new RangeError(
        `Cannot build adjacency: edgeIndex ${i < E ? "source" : "target"} ${edgeIndex[i]} of edge ${
          i % E
        } is out of range [0, ${numNodes})`,
      );
    }
  }
  if (edgeWeight) {
    if (edgeWeight.length !== E) {
      throw new RangeError(
        `Cannot build adjacency: expected edgeWeight with ${E} values, got ${edgeWeight.length}`,
      );
    }
    const bad = edgeWeight.findIndex((w) => !Number.isFinite(w));
    if (bad >= 0) {
      throw new RangeError(
        `Cannot build adjacency: edgeWeight ${bad} is not finite (${edgeWeight[bad]})`,
      );
    }
  }
}

const NO_WEIGHT = new Float32Array(0);
const built = new ContentCache<SparseAdjacency>();
