/**
 * Sparse message-passing ops with gradients, the kernels every graph layer is built on: `spmm`
 * (weighted neighbour sums), `spmmHeads` (one weight per edge and attention head), `sddmm` and
 * `gatherEdgeScores` (per-edge scores), `edgeSoftmax` (attention normalisation), `gcnNormWeights`
 * (GCN normalisation of learned edge weights), `aggregate` (sum/mean/max) and `sparseDenseMatmul`
 * (sparse features times weights). On the wasm backend they run in place on tfjs's WebAssembly heap (SpMM and
 * edge dot products as f32x4 SIMD code), on cpu as typed-array loops with the same results, and on
 * other backends (webgpu, tensorflow) as tf ops that keep data on the device. All are deterministic.
 * Only `adjacency` and `SparseAdjacency`, what every model's `forward` takes, are also in the
 * top-level module.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency, edgeSoftmax, gatherEdgeScores, spmm } from "./mod.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1, 2], [2, 2, 2]] }));
 * const h = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
 * const alpha = edgeSoftmax(adj, gatherEdgeScores(adj, tf.tensor1d([0, 0, 0]), tf.zeros([3])));
 * const out = spmm(adj, h, alpha as tf.Tensor1D);
 * if (out.shape.join() !== "3,2") throw new Error("unexpected");
 * ```
 *
 * @module
 */
export { adjacency, type Grouping, SparseAdjacency } from "./adjacency.ts";
export { spmm } from "./spmm.ts";
export { spmmHeads } from "./spmm_heads.ts";
export { sddmm } from "./sddmm.ts";
export { gatherEdgeScores } from "./gather_edge_scores.ts";
export { edgeSoftmax } from "./edge_softmax.ts";
export { aggregate, type Aggregation } from "./aggregate.ts";
export { sparseDenseMatmul } from "./sparse_dense_matmul.ts";
export { gcnNormWeights, type GcnNormWeightsOptions } from "./gcn_norm_weights.ts";
