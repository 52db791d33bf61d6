/**
 * Mini-batches by neighbour sampling, like PyTorch Geometric's `NeighborLoader` (GraphSAGE,
 * [Hamilton et al., 2017](https://arxiv.org/abs/1706.02216)).
 *
 * @module
 */
import type { Graph } from "../graph/graph.ts";
import type { Matrix } from "../graph/matrix.ts";
import { selectRows } from "../graph/select_rows.ts";
import { createRng, type Rng } from "../random/rng.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";

/** Options of {@linkcode NeighborLoader}. */
export interface NeighborLoaderOptions {
  /** The seed nodes to iterate over (e.g. the training split). */
  inputNodes: ArrayLike<number>;
  /** Incoming neighbours sampled per node at each hop; `-1` keeps all of them. */
  fanouts: readonly number[];
  /** Seed nodes per batch (default 32). */
  batchSize?: number;
  /** Shuffle the seed nodes at every pass (default true). */
  shuffle?: boolean;
  /** Seed of the shuffling and sampling stream (default 0). */
  seed?: number;
}

/** One sampled mini-batch. */
export interface NeighborBatch {
  /** The sampled subgraph, relabelled `0..n-1`, with `x` and `y` rows when the graph has them. */
  readonly graph: Graph;
  /** Its adjacency, ready for the model. */
  readonly adjacency: SparseAdjacency;
  /** Global id of every subgraph node; the first `numSeeds` are the seed nodes. */
  readonly nodes: Int32Array;
  /** Features of the subgraph nodes (absent when the graph has none). */
  readonly x?: Matrix;
  /** Labels of the subgraph nodes (absent when the graph has none). */
  readonly y?: Int32Array;
  /** Number of seed nodes: the first rows of the batch. */
  readonly numSeeds: number;
  /**
   * Nodes added at each hop, seeds first (PyG's `num_sampled_nodes`): `[numSeeds, hop 1, hop 2,
   * ...]`; the nodes of hop `k` are the next `numSampledNodes[k]` rows after those of hop `k - 1`.
   */
  readonly numSampledNodes: readonly number[];
  /**
   * Edges sampled at each hop (PyG's `num_sampled_edges`); those of hop `k` point into the nodes
   * added at hop `k - 1`, so the nodes of the last hop only send.
   */
  readonly numSampledEdges: readonly number[];
}

/**
 * Iterates over `inputNodes` in batches of `batchSize` seeds, each with its sampled
 * `fanouts.length`-hop neighbourhood: at hop `k`, every node added at the previous hop gets up
 * to `fanouts[k]` of its incoming neighbours, drawn uniformly without replacement. Sampled edges
 * point from neighbour to node, so messages flow towards the seeds. Each pass reshuffles from
 * the same seeded stream, so a loader with the same seed yields the same batches.
 *
 * @example
 * ```ts
 * import { createGraph } from "../graph/graph.ts";
 * import { NeighborLoader } from "./neighbor_loader.ts";
 * const g = createGraph({ numNodes: 4, edgeIndex: [[1, 2, 3], [0, 0, 1]] });
 * const loader = new NeighborLoader(g, { inputNodes: [0], fanouts: [-1, -1], shuffle: false });
 * const [batch] = [...loader];
 * if (batch.nodes.join() !== "0,1,2,3" || batch.numSeeds !== 1) throw new Error("unexpected");
 * // Hop 1 adds 1 and 2 (edges into 0), hop 2 adds 3 (the edge into 1).
 * if (batch.numSampledNodes.join() !== "1,2,1" || batch.numSampledEdges.join() !== "2,1") {
 *   throw new Error("unexpected hops");
 * }
 * ```
 */
export class NeighborLoader implements Iterable<NeighborBatch> {
  readonly #graph: Graph;
  readonly #input: Int32Array;
  readonly #fanouts: number[];
  readonly #batchSize: number;
  readonly #shuffle: boolean;
  readonly #rng: Rng;
  // Global -> local id; reset after each batch by walking the batch's nodes, never all N.
  readonly #local: Int32Array;
  #scratch = new Int32Array(16);

  /** Validates the options; errors name the option. */
  constructor(graph: Graph, options: NeighborLoaderOptions) {
    const { inputNodes, fanouts, batchSize = 32, shuffle = true, seed = 0 } = options;
    const fail = (what: string): never => {
      throw new RangeError(`Cannot create NeighborLoader: ${what}`);
    };
    if (!Array.isArray(fanouts) || fanouts.length === 0) {
      fail("fanouts must be a non-empty array (one entry per hop)");
    }
    fanouts.forEach((f, k) => {
      if (!(Number.isInteger(f) && (f > 0 || f === -1))) {
        fail(`fanouts[${k}] must be a positive integer or -1, got ${f}`);
      }
    });
    if (!(Number.isInteger(batchSize) && batchSize > 0)) {
      fail(`batchSize must be a positive integer, got ${batchSize}`);
    }
    for (let i = 0; i < inputNodes.length; i++) {
      const v = inputNodes[i];
      if (!(Number.isInteger(v) && v >= 0 && v < graph.numNodes)) {
        fail(`inputNodes[${i}] is ${v}, out of range [0, ${graph.numNodes})`);
      }
    }
    this.#graph = graph;
    this.#input = Int32Array.from(inputNodes);
    this.#fanouts = [...fanouts];
    this.#batchSize = batchSize;
    this.#shuffle = shuffle;
    this.#rng = createRng(seed);
    this.#local = new Int32Array(graph.numNodes).fill(-1);
  }

  /** Number of batches per pass. */
  get length(): number {
    return Math.ceil(this.#input.length / this.#batchSize);
  }

  /** One pass over the input nodes. */
  *[Symbol.iterator](): Iterator<NeighborBatch> {
    const order = this.#shuffle ? this.#rng.shuffle(this.#input.slice()) : this.#input;
    for (let start = 0; start < order.length; start += this.#batchSize) {
      yield this.#sample(order.subarray(start, start + this.#batchSize));
    }
  }

  #sample(seeds: Int32Array): NeighborBatch {
    // The graph's current edges: adjacency() rebuilds its CSR after an in-place edit.
    const { indptr, neighbors, edgeIds } = adjacency(this.#graph).byTarget;
    const local = this.#local;
    const nodes: number[] = [];
    const src: number[] = [];
    const dst: number[] = [];
    const eid: number[] = [];
    for (const v of seeds) {
      if (local[v] < 0) {
        local[v] = nodes.length;
        nodes.push(v);
      }
    }
    const numSeeds = nodes.length;
    const numSampledNodes = [numSeeds];
    const numSampledEdges: number[] = [];
    let frontierStart = 0;
    for (const fanout of this.#fanouts) {
      const frontierEnd = nodes.length;
      for (let i = frontierStart; i < frontierEnd; i++) {
        const v = nodes[i];
        const a = indptr[v];
        const deg = indptr[v + 1] - a;
        const take = fanout === -1 || deg <= fanout ? deg : fanout;
        let picks: Int32Array;
        if (take === deg) picks = this.#identity(deg);
        else {
          // Partial Fisher-Yates: the first `take` slots are a uniform sample without replacement.
          picks = this.#identity(deg);
          for (let j = 0; j < take; j++) {
            const r = j + this.#rng.int(deg - j);
            const t = picks[j];
            picks[j] = picks[r];
            picks[r] = t;
          }
        }
        for (let j = 0; j < take; j++) {
          const u = neighbors[a + picks[j]];
          if (local[u] < 0) {
            local[u] = nodes.length;
            nodes.push(u);
          }
          src.push(local[u]);
          dst.push(i);
          eid.push(edgeIds[a + picks[j]]);
        }
      }
      numSampledNodes.push(nodes.length - frontierEnd);
      numSampledEdges.push(src.length - numSampledEdges.reduce((a, b) => a + b, 0));
      frontierStart = frontierEnd;
    }
    const nodeIds = Int32Array.from(nodes);
    for (const v of nodeIds) local[v] = -1;
    const E = src.length;
    const edgeIndex = new Int32Array(2 * E);
    edgeIndex.set(src, 0);
    edgeIndex.set(dst, E);
    const w = this.#graph.edgeWeight;
    const edgeWeight = w ? Float32Array.from(eid, (e) => w[e]) : undefined;
    const x = this.#graph.x ? selectRows(this.#graph.x, nodeIds) : undefined;
    const y = this.#graph.y ? Int32Array.from(nodeIds, (v) => this.#graph.y![v]) : undefined;
    const graph: Graph = {
      numNodes: nodeIds.length,
      edgeIndex,
      ...(edgeWeight && { edgeWeight }),
      ...(x && { x }),
      ...(y && { y }),
    };
    return {
      graph,
      adjacency: adjacency(graph),
      nodes: nodeIds,
      ...(x && { x }),
      ...(y && { y }),
      numSeeds,
      numSampledNodes,
      numSampledEdges,
    };
  }

  #identity(n: number): Int32Array {
    if (this.#scratch.length < n) {
      this.#scratch = new Int32Array(Math.max(n, 2 * this.#scratch.length));
    }
    const s = this.#scratch;
    for (let i = 0; i < n; i++) s[i] = i;
    return s;
  }
}
