/**
 * The graph convolution of Kipf & Welling.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { addBias } from "./_add_bias.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import { matmul } from "./matmul.ts";
import { sparseDenseMatmul } from "../sparse/sparse_dense_matmul.ts";
import { spmm } from "../sparse/spmm.ts";
import { glorotUniform, type InitOptions, zeros } from "./init.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "./module.ts";
import { gcnAdjacency } from "./_derived_adjacency.ts";
import { checkFeatures, checkPositiveInt, initRng } from "./_check.ts";
import { layerEdgeMask, maskedWeights } from "./_edge_mask.ts";

/** Options for {@linkcode GCNConv}. */
export interface GCNConvOptions extends InitOptions {
  /** Add a learnable bias `b` (default true). */
  bias?: boolean;
  /** Give every node one self loop before normalising, `A + I` (default true). */
  addSelfLoops?: boolean;
  /** Normalise symmetrically with `D^-1/2 (A + I) D^-1/2` (default true); false uses `A` as is. */
  normalize?: boolean;
  /** Prepare the normalised adjacency once per input adjacency object (default true). */
  cached?: boolean;
}

/**
 * The graph convolutional operator from Kipf & Welling, "Semi-Supervised Classification with Graph
 * Convolutional Networks" (https://arxiv.org/abs/1609.02907), as PyG's `GCNConv`:
 *
 * ```text
 * X' = D̂^-1/2 Â D̂^-1/2 X W + b                                  (matrix form)
 * x'_i = W^T Σ_{j ∈ N(i) ∪ {i}} e_ji / sqrt(d̂_j d̂_i) x_j + b      (per node)
 * ```
 *
 * where `Â = A + I` is the adjacency with one self loop per node (existing loops keep their
 * weight), `e_ji` the weight of edge `j -> i` (1 without edge weights, 1 on added loops),
 * `d̂_i = 1 + Σ_{j ∈ N(i)} e_ji` the weighted in-degree in `Â` (`D̂` its diagonal matrix),
 * `N(i)` the sources of edges into `i`, `W` (`weight`, `[F_in, F_out]`, Glorot uniform) and `b`
 * (`bias`, `[F_out]`, zeros). The raw adjacency goes in; its constant edge weights (if any) are
 * used, and the normalised copy is cached per adjacency object when `cached`.
 *
 * Options: `bias` (true), `addSelfLoops` (true), `normalize` (true; when false, `A` with its own
 * weights is used directly and no loops are added, as in PyG), `cached` (true), `seed` (0) or `rng`.
 *
 * The propagation runs at the narrower width, both orders being exact: `A (X W)` when
 * `F_out <= F_in` (PyG's order; at equal widths it keeps `X`, usually alive anyway, for the
 * backward pass instead of a new `A X`), `(A X) W` when the layer widens (e.g. 128 -> 256 on
 * ogbn-arxiv). A CSR `X` is always multiplied first, as sparse.
 *
 * Shapes: `x` `[N, F_in]` (dense or CSR), `adj` over `N` nodes with `E` edges, output
 * `[N, F_out]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { GCNConv } from "./gcn_conv.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] }));
 * const conv = new GCNConv(4, 2);
 * const out = conv.forward(tf.ones([3, 4]) as tf.Tensor2D, adj);
 * if (out.shape.join() !== "3,2") throw new Error("unexpected shape");
 * if (conv.toString() !== "GCNConv(4, 2)") throw new Error("unexpected repr");
 * ```
 */
export class GCNConv extends Module {
  /** Input features per node `F_in`. */
  readonly inChannels: number;
  /** Output features per node `F_out`. */
  readonly outChannels: number;
  /** The options with every default filled in. */
  readonly options: Readonly<Required<Omit<GCNConvOptions, keyof InitOptions>>>;
  /** `[F_in, F_out]`. */
  readonly weight: tf.Variable;
  /** `[F_out]`, or `undefined` without bias. */
  readonly bias?: tf.Variable;

  /**
   * Creates the layer with a seeded Glorot weight and a zero bias.
   * @throws {RangeError} for a non-positive size
   */
  constructor(inChannels: number, outChannels: number, options: GCNConvOptions = {}) {
    super();
    checkPositiveInt("GCNConv", "inChannels", inChannels);
    checkPositiveInt("GCNConv", "outChannels", outChannels);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    const { bias = true, addSelfLoops = true, normalize = true, cached = true } = options;
    this.options = { bias, addSelfLoops, normalize, cached };
    this.weight = glorotUniform([inChannels, outChannels], initRng(options));
    if (bias) this.bias = zeros([outChannels]);
  }

  /** The adjacency this layer propagates over: normalised (and cached) unless `normalize` is off. */
  propagationAdjacency(adj: SparseAdjacency): SparseAdjacency {
    const { normalize, addSelfLoops, cached } = this.options;
    if (!normalize) return adj;
    return gcnAdjacency(adj, addSelfLoops, cached);
  }

  /** Applies the convolution to `x` `[N, F_in]` over the raw adjacency `adj`. */
  forward(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    checkFeatures("GCNConv", x, this.inChannels, adj);
    const prop = this.propagationAdjacency(adj);
    return tf.tidy(() => {
      const w = this.weight as tf.Tensor2D;
      const { edgeMask } = options;
      // With a mask, each normalised message is scaled by its edge's weight (PyG's set_masks).
      const weights = edgeMask &&
        maskedWeights(prop, layerEdgeMask("GCNConv", adj, prop, edgeMask));
      let out: tf.Tensor2D;
      if (!(x instanceof tf.Tensor)) out = spmm(prop, sparseDenseMatmul(x, w), weights);
      else if (this.outChannels <= this.inChannels) out = spmm(prop, matmul(x, w), weights);
      else out = matmul(spmm(prop, x, weights), w);
      return this.bias ? addBias(out, this.bias) : out;
    });
  }

  /** `GCNConv(F_in, F_out)`, like PyG's repr. */
  override toString(): string {
    return `GCNConv(${this.inChannels}, ${this.outChannels})`;
  }
}
