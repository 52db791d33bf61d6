/**
 * The GraphSAGE layer of Hamilton et al.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { addBias } from "./_add_bias.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import { aggregate as aggregateBy, type Aggregation } from "../sparse/aggregate.ts";
import { spmm } from "../sparse/spmm.ts";
import { checkEdgeMask } from "./_edge_mask.ts";
import { matmul } from "./matmul.ts";
import { toTensor } from "./to_tensor.ts";
import { sparseDenseMatmul } from "../sparse/sparse_dense_matmul.ts";
import { Linear } from "./linear.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "./module.ts";
import { checkFeatures, checkPositiveInt, initRng } from "./_check.ts";
import type { InitOptions } from "./init.ts";

/** Options for {@linkcode SAGEConv}. */
export interface SAGEConvOptions extends InitOptions {
  /** Neighbour aggregation: `"mean"` (default), `"max"` or `"sum"`. */
  aggregation?: Aggregation;
  /** Add the transformed root features `W_1 x_i` (default true). */
  rootWeight?: boolean;
  /** Add a learnable bias (default true). */
  bias?: boolean;
}

const AGGREGATIONS: readonly Aggregation[] = ["mean", "max", "sum"];

/**
 * The GraphSAGE operator from Hamilton et al., "Inductive Representation Learning on Large Graphs"
 * (https://arxiv.org/abs/1706.02216), as PyG's `SAGEConv`:
 *
 * ```text
 * x'_i = W_1 x_i + W_2 · agg_{j ∈ N(i)} x_j + b                        (per node)
 * X' = X W_1 + AGG(A, X) W_2 + b,   AGG(A, X) = D^-1 A X for "mean"   (matrix form)
 * ```
 *
 * where `N(i)` is the set of sources of edges into `i` (duplicates counted), `agg` the mean, sum
 * or element-wise max over them (0 for a node without incoming edges), `A` the unweighted
 * adjacency and `D` its in-degree matrix, `W_1` (`linR.weight`, `[F_in, F_out]`, the root weight),
 * `W_2` (`linL.weight`, `[F_in, F_out]`) Glorot uniform and `b` (`linL.bias`, `[F_out]`) zeros,
 * following PyG's `lin_r` / `lin_l`. Edge weights are ignored; no self loops are added.
 *
 * Options: `aggregation` (`"mean"`), `rootWeight` (true), `bias` (true), `seed` (0) or `rng`.
 * For mean and sum, which are linear, `X W_2` is computed before aggregating when it narrows the
 * features; a CSR `X` is multiplied as sparse (for max it is densified first).
 *
 * Shapes: `x` `[N, F_in]` (dense or CSR), `adj` over `N` nodes, output `[N, F_out]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { SAGEConv } from "./sage_conv.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] }));
 * const conv = new SAGEConv(4, 2);
 * const out = conv.forward(tf.ones([3, 4]) as tf.Tensor2D, adj);
 * if (out.shape.join() !== "3,2") throw new Error("unexpected shape");
 * if (conv.toString() !== "SAGEConv(4, 2, aggr=mean)") throw new Error("unexpected repr");
 * ```
 */
export class SAGEConv extends Module {
  /** Input features per node `F_in`. */
  readonly inChannels: number;
  /** Output features per node `F_out`. */
  readonly outChannels: number;
  /** How neighbours are combined: `"mean"` (default), `"max"` or `"sum"`. */
  readonly aggregation: Aggregation;
  /** `W_2` and `b`: applied to the aggregated neighbours. */
  readonly linL: Linear;
  /** `W_1`: applied to the node itself (no bias), or `undefined` without root weight. */
  readonly linR?: Linear;

  /**
   * Creates the layer with seeded Glorot weights and a zero bias.
   * @throws {RangeError} for a non-positive size or an unknown aggregation
   */
  constructor(inChannels: number, outChannels: number, options: SAGEConvOptions = {}) {
    super();
    checkPositiveInt("SAGEConv", "inChannels", inChannels);
    checkPositiveInt("SAGEConv", "outChannels", outChannels);
    const { aggregation = "mean", rootWeight = true, bias = true } = options;
    if (!AGGREGATIONS.includes(aggregation)) {
      throw new RangeError(
        `Cannot create SAGEConv: aggregation must be one of ${
          AGGREGATIONS.join(", ")
        }, got "${aggregation}"`,
      );
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.aggregation = aggregation;
    const rng = initRng(options);
    this.linL = new Linear(inChannels, outChannels, { bias, rng });
    if (rootWeight) this.linR = new Linear(inChannels, outChannels, { bias: false, rng });
  }

  /** Applies the layer to `x` `[N, F_in]` over the adjacency `adj`. */
  forward(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    checkFeatures("SAGEConv", x, this.inChannels, adj);
    const { edgeMask } = options;
    if (edgeMask) checkEdgeMask("SAGEConv", edgeMask, adj);
    if (edgeMask && this.aggregation === "max") {
      throw new RangeError(
        'Cannot apply SAGEConv: edgeMask needs aggregation "mean" or "sum", got "max"',
      );
    }
    const aggregate = edgeMask
      ? (a: SparseAdjacency, h: tf.Tensor2D) => maskedAggregate(a, h, this.aggregation, edgeMask)
      : (a: SparseAdjacency, h: tf.Tensor2D) => aggregateBy(a, h, this.aggregation);
    return tf.tidy(() => {
      const linear = this.aggregation !== "max";
      const dense = x instanceof tf.Tensor;
      let out: tf.Tensor2D;
      if (linear && (!dense || this.outChannels < this.inChannels)) {
        // Aggregating XW is cheaper, and exact because mean and sum commute with W.
        const w = this.linL.weight as tf.Tensor2D;
        const xw = x instanceof tf.Tensor ? matmul(x, w) : sparseDenseMatmul(x, w);
        out = aggregate(adj, xw as tf.Tensor2D);
        if (this.linL.bias) out = addBias(out, this.linL.bias);
      } else {
        const xd = dense ? x : toTensor(x);
        out = this.linL.forward(aggregate(adj, xd));
      }
      return this.linR ? tf.add(out, this.linR.forward(x)) : out;
    });
  }

  /** `SAGEConv(F_in, F_out, aggr=mean)`, like PyG's repr. */
  override toString(): string {
    return `SAGEConv(${this.inChannels}, ${this.outChannels}, aggr=${this.aggregation})`;
  }
}

/**
 * Mean or sum of the incoming messages, each scaled by its edge's mask value; the mean still
 * divides by the unmasked in-degree, as PyG's `set_masks` does.
 */
function maskedAggregate(
  adj: SparseAdjacency,
  x: tf.Tensor2D,
  aggregation: Aggregation,
  mask: tf.Tensor1D,
): tf.Tensor2D {
  return tf.tidy(() => {
    if (aggregation === "sum") return spmm(adj, x, mask);
    const degree = tf.gather(tf.tensor1d(adj.inDegree), adj.dst);
    return spmm(adj, x, tf.div(mask, degree) as tf.Tensor1D);
  });
}
