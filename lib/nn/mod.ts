/**
 * Neural-network building blocks: the {@linkcode Module} base class, seeded initialisers, dropout,
 * `Linear`, and the message-passing layers `GCNConv`, `GATConv` and `SAGEConv` (PyTorch Geometric
 * semantics, built on the sparse ops of lib/sparse), for writing models of your own. Only
 * `toTensor` (features as a tensor) is also in the top-level module.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { GCNConv } from "./mod.ts";
 * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] }));
 * const out = new GCNConv(5, 2).forward(tf.ones([3, 5]) as tf.Tensor2D, adj);
 * if (out.shape.join() !== "3,2") throw new Error("unexpected");
 * ```
 *
 * @module
 */
export { type ForwardOptions, Module, type NodeFeatures } from "./module.ts";
export { glorotUniform, type InitOptions, zeros } from "./init.ts";
export { dropout, reluDropout } from "./dropout.ts";
export { dropNode } from "./drop_node.ts";
export { matmul } from "./matmul.ts";
export { toTensor } from "./to_tensor.ts";
export { Linear, type LinearOptions } from "./linear.ts";
export { GCNConv, type GCNConvOptions } from "./gcn_conv.ts";
export { GATConv, type GATConvOptions } from "./gat_conv.ts";
export { SAGEConv, type SAGEConvOptions } from "./sage_conv.ts";
