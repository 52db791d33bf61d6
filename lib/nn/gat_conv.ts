/**
 * The graph attention layer of Veličković et al.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { addBias } from "./_add_bias.ts";
import { addSelfLoops, removeSelfLoops } from "../graph/self_loops.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import { edgeSoftmax } from "../sparse/edge_softmax.ts";
import { gatherEdgeScores } from "../sparse/gather_edge_scores.ts";
import { spmm } from "../sparse/spmm.ts";
import { spmmHeads } from "../sparse/spmm_heads.ts";
import { dropout } from "./dropout.ts";
import { glorotUniform, type InitOptions, zeros } from "./init.ts";
import { Linear } from "./linear.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "./module.ts";
import { adjacencyGraph, derivedAdjacency, graphAdjacency } from "./_derived_adjacency.ts";
import { checkFeatures, checkPositiveInt, checkRate, initRng } from "./_check.ts";
import { layerEdgeMask } from "./_edge_mask.ts";

/** Options for {@linkcode GATConv}. */
export interface GATConvOptions extends InitOptions {
  /** Number of attention heads `K` (default 1). */
  heads?: number;
  /** Concatenate the heads' outputs (default true); false averages them. */
  concat?: boolean;
  /** Slope of the LeakyReLU on negative scores (default 0.2). */
  negativeSlope?: number;
  /** Dropout on the normalised attention coefficients, in training only (default 0). */
  dropout?: number;
  /** Replace existing self loops by exactly one loop per node (default true). */
  addSelfLoops?: boolean;
  /** Add a learnable bias (default true). */
  bias?: boolean;
  /** Prepare the self-looped adjacency once per input adjacency object (default true). */
  cached?: boolean;
}

/**
 * The graph attentional operator from Veličković et al., "Graph Attention Networks"
 * (https://arxiv.org/abs/1710.10903), as PyG's `GATConv`:
 *
 * ```text
 * x'_i = ‖_{k=1..K} Σ_{j ∈ N(i) ∪ {i}} α^k_ij W^k x_j + b          (concat = true)
 * x'_i = 1/K Σ_{k=1..K} Σ_{j ∈ N(i) ∪ {i}} α^k_ij W^k x_j + b      (concat = false)
 * α^k_ij = softmax_j( LeakyReLU( a^k_src · W^k x_j + a^k_dst · W^k x_i ) )
 * ```
 *
 * In matrix form, per head `k`: `H^k = X W^k`, `E^k_ij = LeakyReLU(s^k_j + t^k_i)` with
 * `s^k = H^k a^k_src` and `t^k = H^k a^k_dst`, `α^k = softmax` of `E^k` over each row's edges,
 * and `X'^k = α^k H^k`. Here `N(i)` is the set of sources of edges into `i`, `K` the number of
 * heads, `C = F_out` the channels per head, `W = [W^1 … W^K]` (`lin.weight`, `[F_in, K C]`,
 * Glorot uniform, no bias), `a_src`, `a_dst` (`attSrc`, `attDst`, `[K, C]`, Glorot uniform), `b`
 * (`bias`, `[K C]` when concatenating, else `[C]`; zeros) and `‖` concatenation. Softmax ties
 * follow the edge list: duplicate edges count separately. Edge weights are ignored, as in PyG.
 *
 * Options: `heads` (1), `concat` (true), `negativeSlope` (0.2), `dropout` (0, on `α` in
 * training), `addSelfLoops` (true: existing loops are removed and one loop per node added, PyG's
 * `remove_self_loops` + `add_self_loops`), `bias` (true), `cached` (true), `seed` (0) or `rng`.
 *
 * Shapes: `x` `[N, F_in]` (dense or CSR), `adj` over `N` nodes, output `[N, K F_out]` when
 * concatenating, else `[N, F_out]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { GATConv } from "./gat_conv.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] }));
 * const conv = new GATConv(4, 2, { heads: 3 });
 * const out = conv.forward(tf.ones([3, 4]) as tf.Tensor2D, adj);
 * if (out.shape.join() !== "3,6") throw new Error("unexpected shape");
 * if (conv.toString() !== "GATConv(4, 2, heads=3)") throw new Error("unexpected repr");
 * ```
 */
export class GATConv extends Module {
  /** Input features per node `F_in`. */
  readonly inChannels: number;
  /** Output features per head `F_out`. */
  readonly outChannels: number;
  /** The options with every default filled in. */
  readonly options: Readonly<Required<Omit<GATConvOptions, keyof InitOptions>>>;
  /** `W`: `[F_in, heads * F_out]`, no bias. */
  readonly lin: Linear;
  /** `[heads, F_out]`. */
  readonly attSrc: tf.Variable;
  /** `[heads, F_out]`. */
  readonly attDst: tf.Variable;
  /** `[heads * F_out]` (concat) or `[F_out]`, or `undefined` without bias. */
  readonly bias?: tf.Variable;

  /**
   * Creates the layer with seeded Glorot weights and zero biases.
   * @throws {RangeError} for a non-positive size or a dropout outside [0, 1)
   */
  constructor(inChannels: number, outChannels: number, options: GATConvOptions = {}) {
    super();
    checkPositiveInt("GATConv", "inChannels", inChannels);
    checkPositiveInt("GATConv", "outChannels", outChannels);
    const {
      heads = 1,
      concat = true,
      negativeSlope = 0.2,
      dropout: attentionDropout = 0,
      addSelfLoops = true,
      bias = true,
      cached = true,
    } = options;
    checkPositiveInt("GATConv", "heads", heads);
    checkRate("GATConv", "dropout", attentionDropout);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.options = {
      heads,
      concat,
      negativeSlope,
      dropout: attentionDropout,
      addSelfLoops,
      bias,
      cached,
    };
    const rng = initRng(options);
    this.lin = new Linear(inChannels, heads * outChannels, { bias: false, rng });
    this.attSrc = glorotUniform([heads, outChannels], rng);
    this.attDst = glorotUniform([heads, outChannels], rng);
    if (bias) this.bias = zeros([concat ? heads * outChannels : outChannels]);
  }

  /** The adjacency attention runs over: with one self loop per node unless `addSelfLoops` is off. */
  propagationAdjacency(adj: SparseAdjacency): SparseAdjacency {
    const { addSelfLoops: loops, cached } = this.options;
    if (!loops) return adj;
    return derivedAdjacency(adj, "gat:loops", cached, (raw) => {
      const g = adjacencyGraph(raw);
      return graphAdjacency(addSelfLoops(removeSelfLoops({ ...g, edgeWeight: undefined })));
    });
  }

  /** Applies attention to `x` `[N, F_in]` over the raw adjacency `adj`. */
  forward(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    checkFeatures("GATConv", x, this.inChannels, adj);
    const prop = this.propagationAdjacency(adj);
    const { heads, concat } = this.options;
    const C = this.outChannels;
    return tf.tidy(() => {
      const h = this.lin.forward(x); // [N, K C]
      const N = h.shape[0];
      let alpha = dropout(this.#attention(h, prop), this.options.dropout, options); // [E, K]
      const { edgeMask } = options;
      if (edgeMask) {
        // Each attention-weighted message scaled by its edge's weight (PyG's set_masks).
        const mask = layerEdgeMask("GATConv", adj, prop, edgeMask);
        alpha = tf.mul(alpha, tf.expandDims(mask, 1));
      }
      // All heads in one pass: head k aggregates columns k*C .. k*C + C - 1 with alpha[:, k].
      let out = heads === 1
        ? spmm(prop, h, tf.reshape(alpha, [prop.numEdges]) as tf.Tensor1D)
        : spmmHeads(prop, h, alpha as tf.Tensor2D);
      if (heads > 1 && !concat) out = tf.mean(tf.reshape(out, [N, heads, C]), 1) as tf.Tensor2D;
      return this.bias ? addBias(out, this.bias) : out;
    });
  }

  /**
   * The attention coefficients `α` `[E', K]` (no dropout) on the edges of
   * {@linkcode GATConv.propagationAdjacency}`(adj)`: the edges of `adj` without its self loops, in
   * order, then one loop per node. What attention-based explanations read.
   */
  attention(x: NodeFeatures, adj: SparseAdjacency): tf.Tensor2D {
    checkFeatures("GATConv", x, this.inChannels, adj);
    const prop = this.propagationAdjacency(adj);
    return tf.tidy(() => this.#attention(this.lin.forward(x), prop));
  }

  #attention(h: tf.Tensor2D, prop: SparseAdjacency): tf.Tensor2D {
    const { heads, negativeSlope } = this.options;
    const h3 = tf.reshape(h, [h.shape[0], heads, this.outChannels]);
    const s = tf.sum(tf.mul(h3, this.attSrc), -1) as tf.Tensor2D; // [N, K]
    const t = tf.sum(tf.mul(h3, this.attDst), -1) as tf.Tensor2D;
    const scores = tf.leakyRelu(gatherEdgeScores(prop, s, t), negativeSlope);
    return edgeSoftmax(prop, scores) as tf.Tensor2D;
  }

  /** `GATConv(F_in, F_out, heads=H)`, like PyG's repr. */
  override toString(): string {
    return `GATConv(${this.inChannels}, ${this.outChannels}, heads=${this.options.heads})`;
  }
}
