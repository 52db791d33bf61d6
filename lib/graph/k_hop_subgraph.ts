/**
 * k-hop neighbourhoods, like PyTorch Geometric's `torch_geometric.utils.k_hop_subgraph`.
 *
 * @module
 */
import { csrByTarget, type Graph } from "./graph.ts";
import { inducedSubgraph } from "./_induced_subgraph.ts";

/** Options for {@linkcode kHopSubgraph}. */
export interface KHopSubgraphOptions {
  /** Renumber the subset's nodes `0..n-1` in ascending order (default true). */
  relabel?: boolean;
}

/** What {@linkcode kHopSubgraph} returns (PyG's `subset, edge_index, mapping, edge_mask`). */
export interface KHopSubgraph {
  /** The subgraph induced by `subset` (relabelled unless `relabel: false`). */
  readonly graph: Graph;
  /** All nodes within `numHops` hops of the seeds, ascending. */
  readonly subset: Int32Array;
  /** Position of each seed node in `subset` (its id in the relabelled graph). */
  readonly mapping: Int32Array;
  /** `1` for every original edge kept (both ends in `subset`). */
  readonly edgeMask: Uint8Array;
}

/**
 * The nodes that can reach the seed nodes in at most `numHops` steps, and the subgraph they
 * induce, with PyG's default `flow="source_to_target"`: each hop adds the sources of the edges
 * pointing into the nodes found so far, i.e. the nodes whose messages reach the seeds through
 * `numHops` layers of message passing. As in PyG (`directed=False`), the returned subgraph keeps
 * every edge between subset nodes, not only the edges followed.
 *
 * @param nodeIdx A seed node or several.
 * @throws {RangeError} when a seed is out of range or `numHops` is not a non-negative integer.
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { kHopSubgraph } from "./k_hop_subgraph.ts";
 * const path = createGraph({ numNodes: 5, edgeIndex: [[0, 1, 2, 3], [1, 2, 3, 4]] });
 * const { subset, mapping } = kHopSubgraph(path, 3, 2);
 * if (subset.join() !== "1,2,3" || mapping.join() !== "2") throw new Error("unexpected");
 * ```
 */
export function kHopSubgraph(
  graph: Graph,
  nodeIdx: number | ArrayLike<number>,
  numHops: number,
  options: KHopSubgraphOptions = {},
): KHopSubgraph {
  const { relabel = true } = options;
  const N = graph.numNodes;
  const seeds = typeof nodeIdx === "number" ? [nodeIdx] : Array.from(nodeIdx);
  if (!Number.isInteger(numHops) || numHops < 0) {
    throw new RangeError(
      `Cannot take k-hop subgraph: numHops must be a non-negative integer, got ${numHops}`,
    );
  }
  const inSet = new Uint8Array(N);
  let frontier: number[] = [];
  for (const s of seeds) {
    if (!(Number.isInteger(s) && s >= 0 && s < N)) {
      throw new RangeError(`Cannot take k-hop subgraph: seed node ${s} is out of range [0, ${N})`);
    }
    if (!inSet[s]) frontier.push(s);
    inSet[s] = 1;
  }
  const { indptr, neighbors } = csrByTarget(graph);
  for (let hop = 0; hop < numHops && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const v of frontier) {
      for (let k = indptr[v]; k < indptr[v + 1]; k++) {
        const u = neighbors[k];
        if (!inSet[u]) {
          inSet[u] = 1;
          next.push(u);
        }
      }
    }
    frontier = next;
  }
  let n = 0;
  for (let v = 0; v < N; v++) n += inSet[v];
  const subset = new Int32Array(n);
  const position = new Int32Array(N);
  for (let v = 0, k = 0; v < N; v++) {
    if (inSet[v]) {
      position[v] = k;
      subset[k++] = v;
    }
  }
  const mapping = Int32Array.from(seeds, (s) => position[s]);
  const { graph: sub, edgeMask } = inducedSubgraph(graph, subset, relabel, "take k-hop subgraph");
  return { graph: sub, subset, mapping, edgeMask };
}
