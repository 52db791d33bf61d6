/**
 * The k-hop computation subgraph an explainer works on: every node and edge whose messages can
 * reach the explained nodes through the model's message-passing steps.
 *
 * @module
 */
import { type Graph, numEdges } from "../graph/graph.ts";
import { kHopSubgraph } from "../graph/k_hop_subgraph.ts";

/** How far a model sees: `numHops` message-passing steps, or the whole graph and why. */
export type ReceptiveField =
  | { readonly numHops: number; readonly fullGraphReason?: undefined }
  | { readonly numHops?: undefined; readonly fullGraphReason: string };

/**
 * The graph an explanation was computed on (PyG's `k_hop_subgraph` with `flow="source_to_target"`:
 * `subset`, `edge_index`, `mapping`, the kept edges), plus the boundary edges the model needs to
 * give exactly its full-graph output. Ids in `nodeIds` and `edgeIds` are the full graph's.
 */
export interface ComputationSubgraph {
  /** Message-passing steps covered (the model's receptive field); `undefined` on the full graph. */
  readonly numHops?: number;
  /** True when the explanation covers the whole graph (see `fullGraphReason`). */
  readonly fullGraph: boolean;
  /** Why the whole graph was used (a non-local receptive field), when it was. */
  readonly fullGraphReason?: string;
  /** The subgraph's nodes, ascending: node `i` of the subgraph is `nodeIds[i]` of the full graph. */
  readonly nodeIds: Int32Array;
  /** The position of each explained node in `nodeIds` (PyG's `mapping`). */
  readonly mapping: Int32Array;
  /** `[2, E_s]` row-major, relabelled: every full-graph edge with both ends in `nodeIds`. */
  readonly edgeIndex: Int32Array;
  /** The full-graph id of each subgraph edge. */
  readonly edgeIds: Int32Array;
  /**
   * Edges into the subgraph's nodes from outside it, and their sources: they carry no message to
   * the explained nodes within `numHops` steps but count in degrees (GCN's `D^-1/2 (A + I)
   * D^-1/2`), so the model runs with them and gives its full-graph output. Never masked.
   */
  readonly boundary: { readonly nodeIds: Int32Array; readonly edgeIds: Int32Array };
}

/**
 * The graph a model runs on for a {@linkcode ComputationSubgraph}: the subgraph's nodes, then the
 * boundary's; the subgraph's edges (so a mask over them is the first `E_s` weights), then the
 * boundary's.
 */
export interface SubgraphInput {
  /** The nodes and edges, relabelled. */
  readonly graph: Pick<Graph, "numNodes" | "edgeIndex">;
  /** The full-graph id of each node of `graph` (features are gathered from these rows). */
  readonly rows: Int32Array;
  /** The number of subgraph edges `E_s` (the rest are boundary edges). */
  readonly numSubgraphEdges: number;
}

/**
 * The number of message-passing steps of a model, or why it has no local receptive field: GCN,
 * GAT and GraphSAGE see `numLayers` hops, the MLP 0, AdaptiveGNN its `steps` K, unless it learns a
 * kNN graph (`learnedGraph`: any two similar nodes are linked) or mixes in a coarsened hierarchy
 * of the whole graph (`multiGranularity`).
 *
 * @param model a model of lib/models (its `name` and `config` are read)
 * @returns `{ numHops }`, or `{ fullGraphReason }`
 *
 * @example
 * ```ts
 * import { createModel } from "../models/create_model.ts";
 * import { receptiveField } from "./computation_subgraph.ts";
 * const gcn = createModel("gcn", { inChannels: 4, hiddenChannels: 8, outChannels: 2, numLayers: 3 });
 * if (receptiveField(gcn).numHops !== 3) throw new Error("unexpected");
 * gcn.dispose();
 * ```
 */
export function receptiveField(
  model: { readonly name: string; readonly config: object },
): ReceptiveField {
  const config = model.config as {
    numLayers?: number;
    steps?: number;
    learnedGraph?: unknown;
    multiGranularity?: unknown;
  };
  switch (model.name) {
    case "mlp":
      return { numHops: 0 };
    case "gcn":
    case "gat":
    case "sage":
      return { numHops: config.numLayers! };
    case "adaptive":
      if (config.learnedGraph) {
        return {
          fullGraphReason: "AdaptiveGNN with a learned kNN graph (learnedGraph) links nodes by " +
            "feature similarity anywhere in the graph, so its receptive field is not local",
        };
      }
      if (config.multiGranularity) {
        return {
          fullGraphReason: "AdaptiveGNN's multiGranularity branch propagates over a coarsening " +
            "of the whole graph, so its receptive field is not local",
        };
      }
      return { numHops: config.steps! };
    default:
      return {
        fullGraphReason: `model "${model.name}" has no known number of message-passing steps`,
      };
  }
}

/**
 * The computation subgraph of `nodes` for a model with receptive field `field`: the nodes within
 * `numHops` hops (following edges into the explained nodes, PyG's `flow="source_to_target"`), every
 * edge between them, and the boundary edges into them (see {@linkcode ComputationSubgraph}); or
 * the whole graph when the field is not local.
 *
 * @param graph the full graph (only `numNodes` and `edgeIndex` are read)
 * @param nodes the explained nodes, valid distinct ids
 * @param field from {@linkcode receptiveField}
 * @returns the subgraph, with full-graph ids
 *
 * @example
 * ```ts
 * import { createGraph } from "../graph/graph.ts";
 * import { computationSubgraph } from "./computation_subgraph.ts";
 * // The path 0 - 1 - 2 - 3, both directions: two hops from node 0 reach 1 and 2, and the
 * // edge 3 -> 2 is a boundary edge (it counts in node 2's degree).
 * const path = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 1, 2, 2, 3], [1, 0, 2, 1, 3, 2]] });
 * const sub = computationSubgraph(path, [0], { numHops: 2 });
 * if (sub.nodeIds.join() !== "0,1,2" || sub.edgeIds.join() !== "0,1,2,3") throw new Error("nodes");
 * if (sub.boundary.nodeIds.join() !== "3" || sub.boundary.edgeIds.join() !== "5") {
 *   throw new Error("boundary");
 * }
 * ```
 */
export function computationSubgraph(
  graph: Pick<Graph, "numNodes" | "edgeIndex">,
  nodes: ArrayLike<number>,
  field: ReceptiveField,
): ComputationSubgraph {
  const N = graph.numNodes;
  const E = numEdges(graph);
  const { edgeIndex } = graph;
  if (field.numHops === undefined) {
    const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
    return {
      fullGraph: true,
      fullGraphReason: field.fullGraphReason,
      nodeIds: all(N),
      mapping: Int32Array.from(nodes),
      edgeIndex: edgeIndex.slice(),
      edgeIds: all(E),
      boundary: { nodeIds: new Int32Array(0), edgeIds: new Int32Array(0) },
    };
  }
  const { numHops } = field;
  const k = kHopSubgraph({ numNodes: N, edgeIndex }, nodes, numHops);
  const edgeIds: number[] = [];
  const boundaryEdges: number[] = [];
  const inSubset = new Uint8Array(N);
  for (const v of k.subset) inSubset[v] = 1;
  const isBoundary = new Uint8Array(N);
  for (let e = 0; e < E; e++) {
    if (k.edgeMask[e]) edgeIds.push(e);
    else if (numHops > 0 && inSubset[edgeIndex[E + e]]) {
      boundaryEdges.push(e);
      isBoundary[edgeIndex[e]] = 1;
    }
  }
  const boundaryNodes: number[] = [];
  for (let v = 0; v < N; v++) if (isBoundary[v]) boundaryNodes.push(v);
  return {
    numHops,
    fullGraph: false,
    nodeIds: k.subset,
    mapping: k.mapping,
    edgeIndex: k.graph.edgeIndex,
    edgeIds: Int32Array.from(edgeIds),
    boundary: { nodeIds: Int32Array.from(boundaryNodes), edgeIds: Int32Array.from(boundaryEdges) },
  };
}

/**
 * The graph to run the model on for `sub`: its nodes then the boundary's, its edges then the
 * boundary's, relabelled (see {@linkcode SubgraphInput}).
 *
 * @param graph the full graph `sub` was taken from
 * @param sub from {@linkcode computationSubgraph}
 * @returns the relabelled graph and the full-graph row of each of its nodes
 *
 * @example
 * ```ts
 * import { createGraph } from "../graph/graph.ts";
 * import { computationSubgraph, subgraphInput } from "./computation_subgraph.ts";
 * const path = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 1, 2, 2, 3], [1, 0, 2, 1, 3, 2]] });
 * const input = subgraphInput(path, computationSubgraph(path, [0], { numHops: 2 }));
 * // Nodes 0, 1, 2 then boundary node 3; the boundary edge 3 -> 2 comes last.
 * if (input.rows.join() !== "0,1,2,3" || input.numSubgraphEdges !== 4) throw new Error("rows");
 * if (input.graph.edgeIndex.join() !== "0,1,1,2,3,1,0,2,1,2") throw new Error("edges");
 * ```
 */
export function subgraphInput(
  graph: Pick<Graph, "numNodes" | "edgeIndex">,
  sub: ComputationSubgraph,
): SubgraphInput {
  if (sub.fullGraph) {
    return { graph, rows: sub.nodeIds, numSubgraphEdges: sub.edgeIds.length };
  }
  const E = numEdges(graph);
  const n = sub.nodeIds.length;
  const rows = new Int32Array(n + sub.boundary.nodeIds.length);
  rows.set(sub.nodeIds);
  rows.set(sub.boundary.nodeIds, n);
  const local = new Map<number, number>();
  rows.forEach((v, i) => local.set(v, i));
  const Es = sub.edgeIds.length;
  const Eb = sub.boundary.edgeIds.length;
  const edgeIndex = new Int32Array(2 * (Es + Eb));
  for (let e = 0; e < Es; e++) {
    edgeIndex[e] = sub.edgeIndex[e];
    edgeIndex[Es + Eb + e] = sub.edgeIndex[Es + e];
  }
  for (let b = 0; b < Eb; b++) {
    const e = sub.boundary.edgeIds[b];
    edgeIndex[Es + b] = local.get(graph.edgeIndex[e])!;
    edgeIndex[2 * Es + Eb + b] = local.get(graph.edgeIndex[E + e])!;
  }
  return { graph: { numNodes: rows.length, edgeIndex }, rows, numSubgraphEdges: Es };
}
