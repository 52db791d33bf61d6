/**
 * Self loops `(i, i)`: removing, adding and completing them, like PyTorch Geometric's
 * `remove_self_loops`, `add_self_loops` and `add_remaining_self_loops`.
 *
 * @module
 */
import { type Graph, numEdges } from "./graph.ts";
import { filterEdges, withEdges } from "./_with_edges.ts";

/** Options for {@linkcode addSelfLoops} and {@linkcode addRemainingSelfLoops}. */
export interface SelfLoopOptions {
  /** Weight of each new loop when the graph has edge weights (default 1, PyG's `fill_value`). */
  fillValue?: number;
}

/**
 * Drops every edge `(i, i)`, keeping the other edges (and their weights) in order.
 *
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { removeSelfLoops } from "./self_loops.ts";
 * const g = removeSelfLoops(createGraph({ numNodes: 2, edgeIndex: [[0, 0, 1], [0, 1, 1]] }));
 * if (g.edgeIndex.join() !== "0,1") throw new Error("unexpected");
 * ```
 */
export function removeSelfLoops(graph: Graph): Graph {
  const E = numEdges(graph);
  const { edgeIndex } = graph;
  const keep = new Uint8Array(E);
  for (let e = 0; e < E; e++) keep[e] = edgeIndex[e] !== edgeIndex[E + e] ? 1 : 0;
  return filterEdges(graph, keep);
}

/**
 * Appends a loop `(i, i)` for every node `i` after the existing edges (PyG's `add_self_loops`;
 * existing loops are kept, so a node can end up with two). With edge weights, the new loops get
 * `fillValue`; without, the result has no weights either.
 *
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { addSelfLoops } from "./self_loops.ts";
 * const g = addSelfLoops(
 *   createGraph({ numNodes: 2, edgeIndex: [[0], [1]], edgeWeight: new Float32Array([3]) }),
 *   { fillValue: 2 },
 * );
 * if (g.edgeIndex.join() !== "0,0,1,1,0,1") throw new Error("unexpected edges");
 * if (g.edgeWeight?.join() !== "3,2,2") throw new Error("unexpected weights");
 * ```
 */
export function addSelfLoops(graph: Graph, options: SelfLoopOptions = {}): Graph {
  const { fillValue = 1 } = options;
  const E = numEdges(graph);
  const N = graph.numNodes;
  const out = new Int32Array(2 * (E + N));
  out.set(graph.edgeIndex.subarray(0, E), 0);
  out.set(graph.edgeIndex.subarray(E), E + N);
  for (let i = 0; i < N; i++) {
    out[E + i] = i;
    out[2 * E + N + i] = i;
  }
  let weights: Float32Array | undefined;
  if (graph.edgeWeight) {
    weights = new Float32Array(E + N).fill(fillValue);
    weights.set(graph.edgeWeight, 0);
  }
  return withEdges(graph, out, weights);
}

/**
 * Gives every node exactly one self loop (PyG's `add_remaining_self_loops`): existing loops are
 * removed from their place, and one loop per node is appended after the other edges, in node
 * order. A node that already had a loop keeps that loop's weight (the last one, if it had several);
 * the others get `fillValue`. Without edge weights, the result has no weights either.
 *
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { addRemainingSelfLoops } from "./self_loops.ts";
 * const g = addRemainingSelfLoops(createGraph({
 *   numNodes: 2,
 *   edgeIndex: [[1, 0], [1, 1]],
 *   edgeWeight: new Float32Array([5, 3]),
 * }));
 * if (g.edgeIndex.join() !== "0,0,1,1,0,1") throw new Error("unexpected edges");
 * if (g.edgeWeight?.join() !== "3,1,5") throw new Error("unexpected weights");
 * ```
 */
export function addRemainingSelfLoops(graph: Graph, options: SelfLoopOptions = {}): Graph {
  const { fillValue = 1 } = options;
  const E = numEdges(graph);
  const N = graph.numNodes;
  const { edgeIndex, edgeWeight } = graph;
  const loopWeight = new Float32Array(N).fill(fillValue);
  let kept = 0;
  for (let e = 0; e < E; e++) {
    const s = edgeIndex[e];
    if (s === edgeIndex[E + e]) {
      if (edgeWeight) loopWeight[s] = edgeWeight[e];
    } else kept++;
  }
  const M = kept + N;
  const out = new Int32Array(2 * M);
  const weights = edgeWeight ? new Float32Array(M) : undefined;
  let j = 0;
  for (let e = 0; e < E; e++) {
    if (edgeIndex[e] === edgeIndex[E + e]) continue;
    out[j] = edgeIndex[e];
    out[M + j] = edgeIndex[E + e];
    if (weights) weights[j] = edgeWeight![e];
    j++;
  }
  for (let i = 0; i < N; i++, j++) {
    out[j] = i;
    out[M + j] = i;
    if (weights) weights[j] = loopWeight[i];
  }
  return withEdges(graph, out, weights);
}

/**
 * Number of self loops `(i, i)` in the edge list (counting duplicates).
 *
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { countSelfLoops } from "./self_loops.ts";
 * const g = createGraph({ numNodes: 2, edgeIndex: [[0, 0, 1], [0, 1, 1]] });
 * if (countSelfLoops(g) !== 2) throw new Error("unexpected");
 * ```
 */
export function countSelfLoops(graph: Pick<Graph, "edgeIndex">): number {
  const E = numEdges(graph);
  let n = 0;
  for (let e = 0; e < E; e++) if (graph.edgeIndex[e] === graph.edgeIndex[E + e]) n++;
  return n;
}
