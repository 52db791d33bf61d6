/**
 * The forward pass and listing shared by the stacked models (MLP, GCN, GAT, GraphSAGE).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { dropout as applyDropout, reluDropout } from "../nn/dropout.ts";
import type { ForwardOptions, NodeFeatures } from "../nn/module.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import type { ModelConfig } from "./model.ts";

/** A layer of a stack: anything mapping features over the adjacency to a dense tensor. */
export interface StackLayer {
  forward(x: NodeFeatures, adj: SparseAdjacency, options?: ForwardOptions): tf.Tensor2D;
}

/**
 * Runs `dropout -> layer -> activation` for every layer, without the activation after the last
 * (the shared forward pass of the PyG example models). Each layer runs in its own tidy scope and
 * its input is released once used, so only what the backward pass keeps stays alive; `ReLU ->
 * dropout` is one fused op ({@linkcode reluDropout}) that keeps a single `[N, F]` copy.
 */
export function runStack(
  layers: readonly StackLayer[],
  x: NodeFeatures,
  adj: SparseAdjacency,
  options: ForwardOptions,
  dropout: number,
  activation: "relu" | "elu",
): tf.Tensor2D {
  return tf.tidy(() => {
    let h: NodeFeatures = applyDropout(x, dropout, options);
    for (let i = 0; i < layers.length; i++) {
      const input = h;
      const last = i === layers.length - 1;
      h = tf.tidy(() => {
        const out = layers[i].forward(input, adj, options);
        if (last) return out;
        if (activation === "relu") return reluDropout(out, dropout, options);
        return applyDropout(tf.elu(out), dropout, options);
      });
      // Tensors the tape keeps for the backward pass survive this (their data is shared).
      if (input !== x && input instanceof tf.Tensor) input.dispose();
    }
    return h as tf.Tensor2D;
  });
}

/** PyTorch-style listing: `GCN(\n  convs.0: GCNConv(4, 8)\n  ...\n)`. */
export function describeStack(
  className: string,
  field: string,
  layers: readonly object[],
  extra: string,
): string {
  const lines = layers.map((layer, i) => `  ${field}.${i}: ${layer}`);
  return `${className}(\n${lines.join("\n")}\n  ${extra}\n)`;
}

/** Widths of `numLayers` layers: in -> hidden -> ... -> hidden -> out. */
export function layerWidths(
  config: Required<ModelConfig>,
  hidden: number = config.hiddenChannels,
): { inChannels: number; outChannels: number; last: boolean }[] {
  const { inChannels, outChannels, numLayers } = config;
  return Array.from({ length: numLayers }, (_, i) => ({
    inChannels: i === 0 ? inChannels : hidden,
    outChannels: i === numLayers - 1 ? outChannels : config.hiddenChannels,
    last: i === numLayers - 1,
  }));
}
