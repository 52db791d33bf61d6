/**
 * Shared fixtures for the trainer tests: a tiny linear model (x W + b, optional input dropout)
 * and a seeded, linearly separable toy data set with a random graph.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../../lib/graph/graph.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import type { GraphDataset } from "../../lib/datasets/dataset.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "../../lib/nn/module.ts";
import { dropout } from "../../lib/nn/dropout.ts";
import { createRng } from "../../lib/random/rng.ts";
import type { SparseAdjacency } from "../../lib/sparse/adjacency.ts";

/** Runs the trainer tests on the plain cpu backend (deterministic, always available). */
export async function useCpu(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
}

/** `logits = dropout(x) W + b`, with W initialised from `seed`. */
export class TinyModel extends Module {
  readonly name = "tiny";
  weight: tf.Variable;
  bias: tf.Variable;
  readonly config: { inChannels: number; outChannels: number; dropout: number };

  constructor(inChannels: number, outChannels: number, { seed = 0, rate = 0 } = {}) {
    super();
    const rng = createRng(seed);
    const w = Float32Array.from({ length: inChannels * outChannels }, () => rng.normal() * 0.1);
    this.weight = tf.variable(tf.tensor2d(w, [inChannels, outChannels]));
    this.bias = tf.variable(tf.zeros([outChannels]));
    this.config = { inChannels, outChannels, dropout: rate };
  }

  forward(x: NodeFeatures, _adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => {
      const h = dropout(x as tf.Tensor2D, this.config.dropout, options);
      return tf.add(tf.matMul(h, this.weight), this.bias) as tf.Tensor2D;
    });
  }

  firstLayerParameters(): tf.Variable[] {
    return [this.weight];
  }
}

/**
 * `n` nodes in `numClasses` Gaussian blobs (class c centred at 3 e_c in `dims` dimensions), a
 * random graph of `2n` edges, and a 50/25/25 split.
 */
export function toyDataset(
  { n = 80, numClasses = 3, dims = 4, seed = 1 } = {},
): GraphDataset {
  const rng = createRng(seed);
  const y = Int32Array.from({ length: n }, (_, i) => i % numClasses);
  const x = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dims; d++) x[i * dims + d] = rng.normal() * 0.7 + (d === y[i] ? 3 : 0);
  }
  const src = Array.from({ length: 2 * n }, () => rng.int(n));
  const dst = Array.from({ length: 2 * n }, () => rng.int(n));
  const graph = createGraph({ numNodes: n, edgeIndex: [src, dst], x: denseMatrix(x, n, dims), y });
  const perm = rng.permutation(n);
  const sorted = (a: Int32Array) => a.slice().sort();
  return {
    name: "toy",
    graph: graph as GraphDataset["graph"],
    numClasses,
    splits: [{
      name: "toy",
      train: sorted(perm.subarray(0, n / 2)),
      val: sorted(perm.subarray(n / 2, (3 * n) / 4)),
      test: sorted(perm.subarray((3 * n) / 4)),
    }],
  };
}
