/**
 * Mixing a learned graph with the input graph, both GCN-normalised, into one weighted edge list.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { gcnNorm } from "../graph/gcn_norm.ts";
import { createGraph, type Graph } from "../graph/graph.ts";
import type { CsrMatrix } from "../graph/matrix.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { gcnNormWeights } from "../sparse/gcn_norm_weights.ts";
import { sparseDenseMatmul } from "../sparse/sparse_dense_matmul.ts";
import type { LearnedGraph } from "./types.ts";

/** The constant part of a mix: the union edge list and where each piece's weights go. */
interface Union {
  readonly graph: Graph;
  /** `Â_input` on the union's edges (0 where the input has none), or undefined without input. */
  readonly inputWeight?: Float32Array;
  /** `[U, E_learned + N]` 0/1: union edge <- learned edges, then the N added self loops. */
  readonly gather: CsrMatrix;
}

// One union per (learned adjacency, input adjacency): a learned graph is mixed once per step.
// Both keys are adjacency snapshots (adjacency() rebuilds them after an edit), so the union can
// never describe other edges than the ones mixed.
const unions = new WeakMap<SparseAdjacency, WeakMap<SparseAdjacency | typeof NO_INPUT, Union>>();
const NO_INPUT = {};

/**
 * Mixes the input graph and a learned graph into one weighted edge list, both normalised as GCN
 * does (Kipf & Welling, https://arxiv.org/abs/1609.02907):
 *
 * ```text
 * Â = D^-1/2 (A + I) D^-1/2,   D = diag((A + I) 1)
 * Â_mix = (1 - lambda) Â_input + lambda Â_learned
 * ```
 *
 * so one `spmm(adjacency(mixed.graph), x, mixed.weights)` is `Â_mix x`. `A_input` takes the
 * input adjacency's constant weights (1 without) and is normalised by `gcnNorm`, `A_learned` takes
 * the learned graph's differentiable `weights` (non-negative, as the learners make them) and is
 * normalised the same way by `gcnNormWeights`: degrees over incoming edges, and `I` added to the
 * nodes without a self loop (a node's own loop keeps its weight, as in GCNConv; with
 * `lambda = 0` the mix is exactly GCN's propagation matrix).
 *
 * The result's edges are the union of both graphs' edges and one self loop per node, each once:
 * the input's edges in order, then its missing self loops, then the learned edges not seen yet.
 * Its weights are differentiable in the learned weights and, when `lambda` is a tensor (a
 * `tf.Variable`, or e.g. `tf.sigmoid` of one to keep it in `[0, 1]`), in `lambda`. Without an
 * input graph (`input` undefined) the result is `Â_learned` and `lambda` is ignored (it is 1).
 *
 * @param input the input graph's adjacency, or `undefined` for none
 * @param learned the learned graph on the same nodes
 * @param lambda the learned graph's share: a number in `[0, 1]` or a scalar tensor
 * @returns the mixed graph as a {@linkcode LearnedGraph}
 * @throws {RangeError} when the graphs differ in nodes, the learned weights do not match their
 *   edges, or a numeric `lambda` is outside `[0, 1]`
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { spmm } from "../sparse/spmm.ts";
 * import { mixGraphs } from "./graph_mix.ts";
 * const input = adjacency(createGraph({ numNodes: 2, edgeIndex: [[0, 1], [1, 0]] }));
 * const learned = {
 *   graph: createGraph({ numNodes: 2, edgeIndex: [[0], [1]] }),
 *   weights: tf.tensor1d([1]),
 * };
 * const mixed = mixGraphs(input, learned, 0.5);
 * // 0 -> 1, 1 -> 0 and two self loops: Â_input is 1/2 everywhere.
 * if (mixed.weights.shape[0] !== 4) throw new Error("unexpected");
 * const out = spmm(adjacency(mixed.graph), tf.tensor2d([[1], [1]]), mixed.weights);
 * if (out.shape.join() !== "2,1") throw new Error("unexpected");
 * ```
 */
export function mixGraphs(
  input: SparseAdjacency | undefined,
  learned: LearnedGraph,
  lambda: number | tf.Scalar,
): LearnedGraph {
  const n = learned.graph.numNodes;
  const edges = learned.graph.edgeIndex.length >> 1;
  if (learned.weights.rank !== 1 || learned.weights.shape[0] !== edges) {
    throw new RangeError(
      `Cannot mix graphs: expected learned.weights [${edges}] (one per edge), got shape [${learned.weights.shape}]`,
    );
  }
  if (input && input.numNodes !== n) {
    throw new RangeError(
      `Cannot mix graphs: input has ${input.numNodes} nodes but the learned graph has ${n}`,
    );
  }
  if (typeof lambda === "number" && !(lambda >= 0 && lambda <= 1)) {
    throw new RangeError(`Cannot mix graphs: lambda must be in [0, 1], got ${lambda}`);
  }
  if (typeof lambda !== "number" && lambda.rank !== 0) {
    throw new RangeError(
      `Cannot mix graphs: lambda must be a number or a scalar tensor, got shape [${lambda.shape}]`,
    );
  }
  const learnedAdj = adjacency(learned.graph);
  const union = unionOf(input, learnedAdj);
  return {
    graph: union.graph,
    weights: tf.tidy(() => {
      // `Â_learned`'s weights: the learned edges' `[E]`, then the N self loops', `[E + N]`.
      const normalized = gcnNormWeights(learnedAdj, learned.weights);
      const mapped = tf.reshape(
        sparseDenseMatmul(union.gather, tf.reshape(normalized, [-1, 1]) as tf.Tensor2D),
        [-1],
      );
      if (!union.inputWeight) return mapped as tf.Tensor1D;
      const fixed = tf.tensor1d(union.inputWeight);
      return tf.add(tf.mul(fixed, tf.sub(1, lambda)), tf.mul(mapped, lambda)) as tf.Tensor1D;
    }),
  };
}

function unionOf(input: SparseAdjacency | undefined, learned: SparseAdjacency): Union {
  let byInput = unions.get(learned);
  if (!byInput) unions.set(learned, byInput = new WeakMap());
  const key = input ?? NO_INPUT;
  let found = byInput.get(key);
  if (!found) byInput.set(key, found = buildUnion(input, learned));
  return found;
}

function buildUnion(input: SparseAdjacency | undefined, learned: SparseAdjacency): Union {
  const n = learned.numNodes;
  const slot = new Map<number, number>();
  const src: number[] = [];
  const dst: number[] = [];
  const weight: number[] = [];
  const slotOf = (u: number, v: number): number => {
    const key = v * n + u;
    let s = slot.get(key);
    if (s === undefined) {
      s = src.length;
      slot.set(key, s);
      src.push(u);
      dst.push(v);
      weight.push(0);
    }
    return s;
  };
  if (input) {
    // Â_input on the host (its weights are constants): its edges, then its added self loops.
    const norm = gcnNorm(input.graph);
    const E = norm.edgeWeight.length;
    for (let e = 0; e < E; e++) {
      weight[slotOf(norm.edgeIndex[e], norm.edgeIndex[E + e])] += norm.edgeWeight[e];
    }
  }
  const edges = learned.numEdges;
  const targetSlot = new Int32Array(edges + n);
  for (let e = 0; e < edges; e++) targetSlot[e] = slotOf(learned.src[e], learned.dst[e]);
  for (let v = 0; v < n; v++) targetSlot[edges + v] = slotOf(v, v);
  const total = src.length;
  // Row s of the gather matrix lists the learned entries that land on union edge s.
  const indptr = new Int32Array(total + 1);
  for (const s of targetSlot) indptr[s + 1]++;
  for (let s = 0; s < total; s++) indptr[s + 1] += indptr[s];
  const cursor = indptr.slice(0, total);
  const indices = new Int32Array(targetSlot.length);
  for (let j = 0; j < targetSlot.length; j++) indices[cursor[targetSlot[j]]++] = j;
  const gather: CsrMatrix = {
    kind: "csr",
    rows: total,
    cols: targetSlot.length,
    indptr,
    indices,
    data: new Float32Array(targetSlot.length).fill(1),
  };
  const graph = createGraph({ numNodes: n, edgeIndex: [src, dst] }, "mixed graph");
  return { graph, gather, ...(input && { inputWeight: Float32Array.from(weight) }) };
}
