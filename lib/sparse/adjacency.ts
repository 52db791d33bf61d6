/**
 * The sparse adjacency every message-passing op takes: built once per graph, holding the
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
import { permute } from "./_kernels.ts";
import type { Grouping } from "./_device.ts";

/**
 * A graph's edges as sparse matrices: `A[v, u] = w_e` for every edge `e = (u -> v)` (duplicates
 * add up). Make one with {@linkcode adjacency}; the CSR views are computed once and cached.
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
  #graph: Pick<Graph, "numNodes" | "edgeIndex">;
  #bySource?: CsrView;
  #weightByTarget?: Float32Array;
  #weightBySource?: Float32Array;
  #inDegree?: Float32Array;
  #reversed?: SparseAdjacency;

  /** Use {@linkcode adjacency}, which validates its input. */
  constructor(graph: Pick<Graph, "numNodes" | "edgeIndex">, edgeWeight?: Float32Array) {
    this.numNodes = graph.numNodes;
    this.src = sources(graph);
    this.dst = targets(graph);
    this.numEdges = this.src.length;
    this.edgeWeight = edgeWeight;
    this.byTarget = csrByTarget(graph);
    this.#graph = graph;
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
      this.#reversed = adjacency({ numNodes: this.numNodes, edgeIndex }, this.edgeWeight);
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
 * @param graph the graph (its edge index is used as is, not copied)
 * @param edgeWeight one weight per edge, in edge order
 * @returns the adjacency, with CSR views ready for {@linkcode spmm} and friends
 * @throws {RangeError} when `edgeWeight` has the wrong length or a non-finite value
 *
 * @example
 * ```ts
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "./adjacency.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1], [2, 2]] }));
 * if (adj.byTarget.indptr.join() !== "0,0,0,2") throw new Error("unexpected");
 * ```
 */
export function adjacency(
  graph: Pick<Graph, "numNodes" | "edgeIndex" | "edgeWeight">,
  edgeWeight: Float32Array | undefined = graph.edgeWeight,
): SparseAdjacency {
  // One adjacency per (edge index, weights): repeated runs on a data set share its CSR views and
  // device copies, and what layers derive from it (normalised weights, self loops).
  const byWeight = built.get(graph.edgeIndex);
  const found = byWeight?.get(edgeWeight ?? NO_WEIGHT);
  if (found && found.numNodes === graph.numNodes) return found;
  const E = graph.edgeIndex.length >> 1;
  const { numNodes, edgeIndex } = graph;
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
  const made = new SparseAdjacency(graph, edgeWeight);
  const map = byWeight ?? new WeakMap<Float32Array, SparseAdjacency>();
  map.set(edgeWeight ?? NO_WEIGHT, made);
  built.set(graph.edgeIndex, map);
  return made;
}

const NO_WEIGHT = new Float32Array(0);
const built = new WeakMap<Int32Array, WeakMap<Float32Array, SparseAdjacency>>();
