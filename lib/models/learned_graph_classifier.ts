/**
 * Chapter 4.2's adaptive graph-structure module as a whole node classifier: the graph is learned
 * from the features, `A = softmax(relu(Z W Zᵀ + b))`, and the input graph is never read.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import { createGraph, type Graph } from "../graph/graph.ts";
import type { Matrix } from "../graph/matrix.ts";
import { dropout, reluDropout } from "../nn/dropout.ts";
import { Linear } from "../nn/linear.ts";
import { matmul } from "../nn/matmul.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "../nn/module.ts";
import { toTensor } from "../nn/to_tensor.ts";
import { createRng } from "../random/rng.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import { DenseGraphLearner } from "../structure/dense_graph_learner.ts";

/** Options of {@linkcode LearnedGraphClassifier}. */
export interface LearnedGraphClassifierConfig {
  /** Input features `F`. */
  inChannels: number;
  /** Width of the hidden features `Z`. */
  hiddenChannels: number;
  /** Classes `C`. */
  outChannels: number;
  /** Leave the entries relu zeroed out of the softmax, so they are exact zeros of `A`. */
  maskZeros?: boolean;
  /** Dropout on the input and on the hidden features (default 0.5). */
  dropout?: number;
  /** Seed of the initial weights (default 0). */
  seed?: number;
}

/**
 * A node classifier that learns its own dense graph (chapter 4.2) and never reads the input one:
 *
 * ```text
 * Z = X W1 + b1                     hidden features
 * A = softmax_row(relu(Z W Zᵀ + b))  DenseGraphLearner; W starts as I / sqrt(hidden)
 * logits = A (relu(Z) W2 + b2)       each node: the A-weighted mean of the others' class scores
 * ```
 *
 * with dropout on `X` and on `relu(Z)` in training. `A[i, j]` is the weight with which node `i`
 * receives from node `j`. `A` has `N²` entries, so this is for graphs of a few hundred to a few
 * thousand nodes (`DenseGraphLearner` refuses more than `DENSE_MAX_NODES` by default). Train it
 * with `train()` like any model.
 *
 * Shapes: `x` `[N, F]` (dense or CSR), logits `[N, C]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { LearnedGraphClassifier } from "./learned_graph_classifier.ts";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * const model = new LearnedGraphClassifier({ inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * const x = tf.randomUniform([5, 4], 0, 1, "float32", 0) as tf.Tensor2D;
 * const unused = adjacency(createGraph({ numNodes: 5, edgeIndex: [[], []] }));
 * const logits = model.forward(x, unused);
 * if (logits.shape.join() !== "5,2") throw new Error("shape");
 * const learned = model.learnedGraph(x, new Int32Array([0, 1, 0, 1, 1]));
 * if (learned.edgeIndex.length !== 2 * 25) throw new Error("a plain softmax connects every pair");
 * model.dispose();
 * ```
 */
export class LearnedGraphClassifier extends Module {
  /** What `train()` names the model in its messages. */
  readonly name = "learned-graph classifier";
  /** The configuration with every default filled in. */
  readonly config: Required<LearnedGraphClassifierConfig>;
  /** `Z = X W1 + b1`. */
  readonly encoder: Linear;
  /** `A = softmax(relu(Z W Zᵀ + b))`. */
  readonly learner: DenseGraphLearner;
  /** `W2, b2`: hidden features to class scores. */
  readonly classifier: Linear;

  /** Builds the layers, seeded by `config.seed`. */
  constructor(config: LearnedGraphClassifierConfig) {
    super();
    this.config = { maskZeros: false, dropout: 0.5, seed: 0, ...config };
    const { inChannels, hiddenChannels, outChannels, maskZeros, seed } = this.config;
    const rng = createRng(seed);
    this.encoder = new Linear(inChannels, hiddenChannels, { rng });
    this.learner = new DenseGraphLearner({ inChannels: hiddenChannels, maskZeros });
    this.classifier = new Linear(hiddenChannels, outChannels, { rng });
  }

  /** The learned `A` `[N, N]` in evaluation mode (no dropout); the caller disposes it. */
  learnedAdjacency(x: NodeFeatures): tf.Tensor2D {
    const z = this.encoder.forward(x);
    const a = this.learner.forward(z);
    z.dispose();
    return a;
  }

  /**
   * The learned `A` as a graph: an edge `j -> i` with weight `A[i, j]` for every nonzero entry
   * (self loops included), ready for `graphComparisonTable` or `adjacencyComparison`.
   *
   * @param x the features: a tensor, or a graph's `x` (dense or CSR)
   * @param y labels to attach (for homophily)
   */
  learnedGraph(x: NodeFeatures | Matrix, y?: Int32Array): Graph {
    const dense = (x as Matrix).kind === "dense" ? toTensor(x as Matrix) : undefined;
    const a = this.learnedAdjacency(dense ?? x as NodeFeatures);
    dense?.dispose();
    const n = a.shape[0];
    const values = a.dataSync() as Float32Array;
    a.dispose();
    const src: number[] = [], dst: number[] = [], weight: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const w = values[i * n + j];
        if (w !== 0) {
          src.push(j);
          dst.push(i);
          weight.push(w);
        }
      }
    }
    return createGraph({
      numNodes: n,
      edgeIndex: [src, dst],
      edgeWeight: Float32Array.from(weight),
      ...(y && { y }),
    });
  }

  /** Logits `[N, C]`; the input graph `_adj` is deliberately unused. */
  forward(x: NodeFeatures, _adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    const rate = this.config.dropout;
    const z = this.encoder.forward(dropout(x, rate, options));
    const a = this.learner.forward(z);
    return matmul(a, this.classifier.forward(reluDropout(z, rate, options)));
  }

  /** `LearnedGraphClassifier(Linear(F, hidden), DenseGraphLearner(...), Linear(hidden, C))`. */
  override toString(): string {
    return `LearnedGraphClassifier(${this.encoder}, ${this.learner}, ${this.classifier})`;
  }
}
