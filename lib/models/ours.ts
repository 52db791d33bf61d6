/**
 * "Ours": the adaptive graph-structure learner of the paper (chapters 2.1-2.3, 4.2), as a node
 * classifier the trainer fits like any other model.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Graph } from "../graph/graph.ts";
import { toDense } from "../graph/matrix.ts";
import { adjacencyGraph, gcnAdjacency } from "../nn/_derived_adjacency.ts";
import { dropout, reluDropout } from "../nn/dropout.ts";
import { Linear } from "../nn/linear.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "../nn/module.ts";
import { createRng, type Rng } from "../random/rng.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { sddmm } from "../sparse/sddmm.ts";
import { spmm } from "../sparse/spmm.ts";
import { type AnchorGraph, AnchorGraphLearner } from "../structure/anchor_learner.ts";
import { graphChange } from "../structure/graph_change.ts";
import { mixGraphs } from "../structure/graph_mix.ts";
import { granularityLevels, type HierarchyGraph, hierarchyGraph } from "../structure/hierarchy.ts";
import { WeightedCosineLearner } from "../structure/metric_learner.ts";
import { MultiGranularityPropagation } from "../structure/multi_granularity.ts";
import { dirichletEnergy, logDegreeBarrier, sparsityL1 } from "../structure/regularizers.ts";
import type { LearnedGraph } from "../structure/types.ts";
import { edgeSimilarity, weightedEmbedding } from "../structure/_weighted_cosine.ts";
import { propagateOverAnchors } from "../structure/_anchor_graph.ts";

/** Hyperparameters of {@linkcode Ours}; every field but the channels has a default. */
export interface OursConfig extends OursOptions {
  inChannels: number;
  hiddenChannels: number;
  outChannels: number;
  /** Seed of the initialisation (default 0). */
  seed?: number;
  /** Dropout on the propagated hidden representation (default 0.5). */
  dropout?: number;
}

/** What {@linkcode Ours} adds to the shared model hyperparameters. */
export interface OursOptions {
  /** Dropout on the input features (default 0.5). */
  inputDropout?: number;
  /** DropNode rate: each sample drops whole nodes before propagating (default 0.5). */
  dropNode?: number;
  /** Random propagations per training step, tied by the consistency loss (default 4). */
  samples?: number;
  /** Propagation steps K (default 8). */
  steps?: number;
  /**
   * Teleport (restart) probability beta of `h_t = (1 - beta) P h_{t-1} + beta h_0`; without it the
   * output is the mixed-order mean `1/(K+1) sum_k P^k h_0` (default: mixed-order).
   */
  teleport?: number;
  /** Weight of the consistency loss between the samples (default 1). */
  consistency?: number;
  /** Sharpening temperature of the samples' mean prediction (default 0.5). */
  temperature?: number;
  /** Learn a kNN (or node-anchor) graph from the node representations and mix it in (default: off). */
  learnedGraph?: LearnedGraphConfig;
  /** Weights of the joint objective's graph terms (chapter 2.1; default all 0). */
  regularization?: RegularizationConfig;
  /** Propagate also over a coarsening hierarchy (chapter 2.3; default: off). */
  multiGranularity?: MultiGranularityConfig;
}

/** Keys of {@linkcode OursOptions}: valid for `ours` only. */
export const OURS_OPTION_KEYS: readonly (keyof OursOptions)[] = [
  "inputDropout",
  "dropNode",
  "samples",
  "steps",
  "teleport",
  "consistency",
  "temperature",
  "learnedGraph",
  "regularization",
  "multiGranularity",
];

/** The learned graph of {@linkcode Ours} (chapters 2.1, 2.2). */
export interface LearnedGraphConfig {
  /**
   * Anchor nodes m: learn node-anchor affinities R `[N, m]` (IDGL's anchor graph) instead of a kNN
   * graph over all node pairs, so the learned graph costs `O(N m)` instead of `O(N^2)`; `k` then
   * counts anchors per node (default: off; at most N, at least `k`).
   */
  anchors?: number;
  /** Neighbours per node of the kNN graph, or anchors per node with `anchors` (default 10). */
  k?: number;
  /** Heads of the weighted-cosine metric (default 4). */
  heads?: number;
  /** Initial share lambda of the learned graph in `(1 - lambda) Â_input + lambda Â_learned` (default 0.3). */
  mix?: number;
  /** Learn lambda too (default true). */
  learnMix?: boolean;
  /** Rebuild the graph's edges from the current representations every this many epochs (default 20). */
  refreshEvery?: number;
  /** Co-evolution: rebuild-and-propagate rounds per refresh, at most (default 3). */
  maxIterations?: number;
  /** Co-evolution stops when the graph changes less than this (relative Frobenius; default 0.05). */
  tolerance?: number;
}

/** `lambda R(A) + gamma S(A, X)` of chapter 2.1 on the learned graph. */
export interface RegularizationConfig {
  /** Weight of the L1 sparsity term (default 0). */
  sparsity?: number;
  /** Weight of the log-degree barrier against isolated nodes (default 0). */
  connectivity?: number;
  /** Weight gamma of the feature smoothness `tr(X^T L X)` (default 0). */
  smoothness?: number;
}

/** One round of a co-evolution rebuild (chapter 2.2): how much the graph changed in it. */
export interface CoEvolutionRound {
  /** The epoch the rebuild ran before (1-based). */
  epoch: number;
  /** The round within that rebuild (1-based). */
  round: number;
  /** Relative Frobenius change of the edge weights against the previous round's graph. */
  change: number;
}

/** Multi-granularity propagation of chapter 2.3. */
export interface MultiGranularityConfig {
  /** Damping `exp(-alpha |g_u - g_v|)` per level crossed (default 1). */
  alpha?: number;
  /** Coarse levels of the hierarchy (default 2). */
  levels?: number;
  /** Share of the multi-granularity branch in the output (default 0.5). */
  weight?: number;
}

/** Per input graph: its GCN-normalised operator, and what the optional parts need from it. */
interface InputState {
  /** The input graph as given: `mixGraphs` normalises it itself. */
  raw: SparseAdjacency;
  normalized: SparseAdjacency;
  hierarchy?: HierarchyGraph;
  /** Dense features for the smoothness term, made once per input graph. */
  features?: tf.Tensor2D;
}

/**
 * The propagation operator of one forward pass: weights are constant or differentiable. With
 * `anchor`, `P h = (1 - lambda) adj h + lambda anchorPropagate(r, h)`.
 */
interface Operator {
  adj: SparseAdjacency;
  weights?: tf.Tensor1D;
  anchor?: { r: AnchorGraph; lambda: number | tf.Scalar };
}

type OptionalParts = "teleport" | "learnedGraph" | "regularization" | "multiGranularity";

const DEFAULTS = {
  inputDropout: 0.5,
  dropout: 0.5,
  dropNode: 0.5,
  samples: 4,
  steps: 8,
  consistency: 1,
  temperature: 0.5,
  seed: 0,
};

type GraphSettings =
  & Required<Omit<LearnedGraphConfig, "anchors">>
  & Pick<LearnedGraphConfig, "anchors">;

const GRAPH_DEFAULTS: GraphSettings = {
  k: 10,
  heads: 4,
  mix: 0.3,
  learnMix: true,
  refreshEvery: 20,
  maxIterations: 3,
  tolerance: 0.05,
};

/**
 * The adaptive model of the paper: encode, learn a graph, propagate, classify.
 *
 * - Encoder: `h_0 = X W_1 + b_1` (after input dropout).
 * - Learned graph (chapter 2.1): kNN edges between the nodes whose weighted-cosine similarity
 *   `s_ij = 1/H sum_h cos(w_h * h_i, w_h * h_j)` is highest; edge weights `relu(s_ij)` are
 *   differentiable in `h_0` and the heads `w_h`. Propagation runs over
 *   `P = (1 - lambda) Â_input + lambda Â_learned` (both GCN-normalised; lambda learnable).
 * - Anchor variant (`learnedGraph.anchors` m; IDGL's anchor graph, Chen et al. 2020,
 *   https://arxiv.org/abs/2006.13009): instead of the kNN graph, node-anchor affinities
 *   `R_ia = relu(s_{i,a})` to the `k` most similar of m anchor nodes drawn with the model's seed
 *   ({@linkcode AnchorGraphLearner}), and
 *   `P h = (1 - lambda) Â_input h + lambda D^-1 R Λ^-1 R^T h` with `Λ = diag(R^T 1)` and
 *   `D = diag(R 1)` ({@linkcode anchorPropagate}): the N x N graph is never formed, a step costs
 *   `O(N k F)` and keeps one `[N, F]` tensor for backprop (its gradient recomputes the rest), and
 *   the graph terms below are computed through R (`sparsityL1`, `logDegreeBarrier` and
 *   `dirichletEnergy` take the AnchorGraph).
 * - Co-evolution (chapter 2.2): every `refreshEvery` epochs the kNN edges (or R's node-anchor
 *   pairs) are rebuilt from the representations propagated over the current graph, then again
 *   from those propagated over the new graph, until the graph changes by less than `tolerance`
 *   (relative Frobenius change of the edge weights, of R in the anchor variant; at most
 *   `maxIterations` rounds).
 * - Propagation: the mixed-order mean `z = 1/(K+1) sum_{k=0..K} P^k h_0`, or with `teleport`
 *   beta `h_t = (1 - beta) P h_{t-1} + beta h_0`; with `multiGranularity`, mixed with the
 *   multi-granularity propagation of chapter 2.3 over a coarsening hierarchy of the input graph.
 * - Classifier: `logits = dropout(relu(z)) W_2 + b_2`.
 * - Training draws `samples` DropNode masks per step (whole rows of `h_0` dropped). The loss is
 *   the task loss averaged over the samples, the consistency loss
 *   `consistency * mean_s ||p_s - sharpen(mean_s p_s)||^2` between their predictions (GRAND, Feng
 *   et al. 2020), and `lambda R(A) + gamma S(A, X)` on the learned graph (chapter 2.1).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { Ours } from "./ours.ts";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * await tf.setBackend("cpu");
 * const graph = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] });
 * const model = new Ours({ inChannels: 2, hiddenChannels: 4, outChannels: 2 });
 * const logits = model.forward(tf.ones([3, 2]) as tf.Tensor2D, adjacency(graph));
 * if (logits.shape.join() !== "3,2") throw new Error("unexpected shape");
 * model.dispose();
 * ```
 */
export class Ours extends Module {
  readonly name = "ours";
  readonly config: Required<Omit<OursConfig, OptionalParts>> & Pick<OursConfig, OptionalParts>;
  readonly encoder: Linear;
  readonly classifier: Linear;
  readonly metric?: WeightedCosineLearner;
  /** The anchor variant's learner of R (with `learnedGraph.anchors`, instead of `metric`). */
  readonly anchorLearner?: AnchorGraphLearner;
  /** Logit of lambda, the learned graph's share (a variable only with `learnMix`). */
  readonly mixLogit?: tf.Variable;
  readonly granular?: MultiGranularityPropagation;
  #graph?: GraphSettings;
  /** Logits of the last training forward's samples, for {@linkcode Ours.lossTerms}. */
  #samples: tf.Tensor2D[] = [];
  /** The learned graph of the last training forward, for the regularisers. */
  #learned?: LearnedGraph;
  #inputs = new WeakMap<SparseAdjacency, InputState>();
  #lastInput?: InputState;
  /** The current kNN edges or R's pairs (rebuilt by co-evolution) and their adjacency. */
  #edges?: { learned: LearnedGraph | AnchorGraph; adj: SparseAdjacency };
  #trace: CoEvolutionRound[] = [];

  constructor(config: OursConfig) {
    super();
    this.config = { ...DEFAULTS, ...config };
    validate(this.config);
    const rng = createRng(this.config.seed);
    this.encoder = new Linear(config.inChannels, config.hiddenChannels, { rng });
    this.classifier = new Linear(config.hiddenChannels, config.outChannels, { rng });
    if (config.learnedGraph) {
      this.#graph = { ...GRAPH_DEFAULTS, ...config.learnedGraph };
      const { anchors, heads } = this.#graph;
      const inChannels = config.hiddenChannels;
      if (anchors === undefined) {
        this.metric = new WeightedCosineLearner({ inChannels, heads, rng });
      } else {
        this.anchorLearner = new AnchorGraphLearner({
          inChannels,
          heads,
          numAnchors: anchors,
          seed: this.config.seed,
          rng,
        });
      }
      const { mix } = this.#graph;
      if (this.#graph.learnMix) this.mixLogit = tf.variable(tf.scalar(Math.log(mix / (1 - mix))));
    }
    if (config.multiGranularity) {
      const { alpha = 1, levels = 2 } = config.multiGranularity;
      this.granular = new MultiGranularityPropagation({
        alpha,
        steps: this.config.steps,
        teleport: this.config.teleport ?? 0.1,
        numLevels: levels,
      });
    }
  }

  /** The learned graph's current share lambda (undefined without a learned graph). */
  get mix(): number | undefined {
    if (!this.#graph) return undefined;
    return this.mixLogit ? 1 / (1 + Math.exp(-this.mixLogit.dataSync()[0])) : this.#graph.mix;
  }

  /**
   * The learned graph as evaluation sees it: the current kNN edges and their weights
   * `relu(s_ij)` from the encoded features (no dropout). With `learnedGraph.anchors` it is R, not
   * the node graph: an {@linkcode AnchorGraph} whose edges `i -> anchors[a]` carry `R_ia`
   * (propagate with {@linkcode anchorPropagate}). Undefined without `learnedGraph`, or before the
   * first epoch built the edges. The caller disposes `weights`.
   *
   * @example
   * ```ts
   * import * as tf from "@tensorflow/tfjs";
   * import { Ours } from "./ours.ts";
   * import { createGraph } from "../graph/graph.ts";
   * import { adjacency } from "../sparse/adjacency.ts";
   * await tf.setBackend("cpu");
   * const graph = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 2, 3], [1, 0, 3, 2]] });
   * const model = new Ours({
   *   inChannels: 3, hiddenChannels: 4, outChannels: 2, learnedGraph: { k: 2 },
   * });
   * const x = tf.randomNormal([4, 3], 0, 1, "float32", 0) as tf.Tensor2D;
   * model.beforeEpoch(1, x, adjacency(graph));
   * const learned = model.learnedGraph(x, adjacency(graph))!;
   * if (learned.weights.shape[0] !== learned.graph.edgeIndex.length / 2) throw new Error("unexpected");
   * learned.weights.dispose();
   * model.dispose();
   * ```
   *
   * @example With anchors: R, each node's `k` edges to anchor nodes
   * ```ts
   * import * as tf from "@tensorflow/tfjs";
   * import { Ours } from "./ours.ts";
   * import { createGraph } from "../graph/graph.ts";
   * import { adjacency } from "../sparse/adjacency.ts";
   * import type { AnchorGraph } from "../structure/anchor_learner.ts";
   * await tf.setBackend("cpu");
   * const graph = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 2, 3], [1, 0, 3, 2]] });
   * const model = new Ours({
   *   inChannels: 3, hiddenChannels: 4, outChannels: 2, learnedGraph: { anchors: 2, k: 1 },
   * });
   * const x = tf.randomNormal([4, 3], 0, 1, "float32", 0) as tf.Tensor2D;
   * model.beforeEpoch(1, x, adjacency(graph));
   * const r = model.learnedGraph(x, adjacency(graph)) as AnchorGraph;
   * const targets = r.graph.edgeIndex.slice(4); // one edge per node, each to an anchor
   * if (r.anchors.length !== 2 || !targets.every((t) => r.anchors.includes(t))) {
   *   throw new Error("unexpected");
   * }
   * r.weights.dispose();
   * model.dispose();
   * ```
   */
  learnedGraph(x: NodeFeatures, adj: SparseAdjacency): LearnedGraph | undefined {
    if (!this.#edges) return undefined;
    this.#input(adj, x);
    const h0 = this.encoder.forward(x);
    try {
      return this.#currentGraph(h0);
    } finally {
      h0.dispose();
    }
  }

  /**
   * The graph change of every co-evolution round so far, in order (the very first graph of a run
   * has nothing to compare with, so it has no entry). The training history keeps the last round of
   * each rebuild; this keeps them all.
   *
   * @example
   * ```ts
   * import { Ours } from "./ours.ts";
   * import { csbm } from "../datasets/synthetic.ts";
   * import { train } from "../train/trainer.ts";
   * const data = csbm({ numNodes: 40, numClasses: 2, avgDegree: 4, homophily: 0.8, seed: 1 });
   * const model = new Ours({
   *   inChannels: data.graph.x.cols, hiddenChannels: 8, outChannels: 2, samples: 2, steps: 2,
   *   learnedGraph: { k: 3, refreshEvery: 2, maxIterations: 3, tolerance: 0 },
   * });
   * await train(model, data, { epochs: 3, progress: false });
   * // Rebuilds before epochs 1 and 3, three rounds each; the first round of the run has no entry.
   * if (model.coEvolutionTrace.map((r) => r.round).join() !== "2,3,1,2,3") {
   *   throw new Error("unexpected");
   * }
   * model.dispose();
   * ```
   */
  get coEvolutionTrace(): readonly CoEvolutionRound[] {
    return this.#trace;
  }

  /** Logits `[N, C]`; in training mode those of the first sample (all are kept for the loss). */
  forward(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    const input = this.#input(adj, x);
    const h0 = this.encoder.forward(dropout(x, this.config.inputDropout, options));
    const op = this.#operator(input, h0, !!options.training);
    if (!options.training) {
      const logits = tf.tidy(() => this.#classify(this.#propagate(op, input, h0), options));
      h0.dispose();
      disposeOperator(op);
      return logits;
    }
    const rng = options.rng!;
    this.#samples = Array.from({ length: this.config.samples }, () => {
      const kept = dropNode(h0, this.config.dropNode, rng);
      return this.#classify(this.#propagate(op, input, kept), options);
    });
    return this.#samples[0];
  }

  /**
   * Co-evolution (chapter 2.2), before every `refreshEvery`-th epoch: rebuild the kNN edges from
   * the representations propagated over the current graph until the graph settles.
   */
  beforeEpoch(epoch: number, x: NodeFeatures, adj: SparseAdjacency): Record<string, number> {
    const graph = this.#graph;
    if (!graph || (this.#edges && (epoch - 1) % graph.refreshEvery !== 0)) return {};
    const input = this.#input(adj, x);
    let change = Infinity;
    let iterations = 0;
    const h0 = this.encoder.forward(x);
    try {
      while (iterations < graph.maxIterations && change > graph.tolerance) {
        iterations++;
        let nextGraph: Graph | undefined;
        let anchors: Int32Array | undefined;
        const weights = tf.tidy(() => {
          // The first graph of a run comes from the encoded features themselves.
          const z = this.#edges ? this.#evalPropagate(input, h0) : h0;
          const learned = this.anchorLearner
            ? this.anchorLearner.forward(z, { k: graph.k })
            : this.metric!.forward(z, { k: graph.k }, { symmetric: true });
          nextGraph = learned.graph;
          anchors = (learned as Partial<AnchorGraph>).anchors;
          return learned.weights;
        });
        const next = { graph: nextGraph!, weights, ...(anchors && { anchors }) };
        const previous = this.#edges?.learned;
        change = previous ? graphChange(previous, next) : Infinity;
        if (previous) this.#trace.push({ epoch, round: iterations, change });
        previous?.weights.dispose();
        this.#edges = { learned: next, adj: adjacency(next.graph) };
      }
    } finally {
      h0.dispose();
    }
    return {
      "graph iterations": iterations,
      ...(Number.isFinite(change) && { "graph change": change }),
      "learned share": this.mix!,
    };
  }

  /** Task loss averaged over the samples, their consistency loss, and the graph terms. */
  lossTerms(
    _logits: tf.Tensor2D,
    taskLoss: (logits: tf.Tensor2D) => tf.Scalar,
  ): Record<string, tf.Scalar> {
    const samples = this.#samples;
    const terms: Record<string, tf.Scalar> = {
      task: tf.div(tf.addN(samples.map(taskLoss)), samples.length) as tf.Scalar,
    };
    if (samples.length > 1 && this.config.consistency > 0) {
      const probs = samples.map((s) => tf.softmax(s));
      const mean = tf.div(tf.addN(probs), probs.length);
      const powered = tf.pow(mean, 1 / this.config.temperature);
      // The sharpened mean is a fixed target (no gradient), as in GRAND; tfjs has no stopGradient.
      const sharpened = tf.div(powered, tf.sum(powered, 1, true)) as tf.Tensor2D;
      const target = tf.tensor2d(sharpened.dataSync(), sharpened.shape);
      const gaps = probs.map((p) => tf.mean(tf.sum(tf.square(tf.sub(p, target)), 1)));
      terms.consistency = tf.mul(this.config.consistency / probs.length, tf.addN(gaps));
    }
    const learned = this.#learned;
    const { sparsity = 0, connectivity = 0, smoothness = 0 } = this.config.regularization ?? {};
    // The anchor variant's terms are those of the node graph R Λ^-1 R^T, computed through R.
    if (learned && sparsity > 0) terms.sparsity = tf.mul(sparsity, sparsityL1(learned, NODES));
    if (learned && connectivity > 0) {
      terms.connectivity = tf.mul(connectivity, logDegreeBarrier(learned));
    }
    const features = this.#lastInput?.features;
    if (learned && smoothness > 0 && features) {
      terms.smoothness = tf.mul(smoothness, dirichletEnergy(learned, features, NODES));
    }
    return terms;
  }

  /** The encoder's parameters. */
  firstLayerParameters(): tf.Variable[] {
    return this.encoder.parameters();
  }

  #input(adj: SparseAdjacency, x: NodeFeatures): InputState {
    let state = this.#inputs.get(adj);
    if (!state) {
      const anchors = this.#graph?.anchors;
      if (anchors !== undefined && anchors > adj.numNodes) {
        throw new RangeError(
          `Cannot apply model "ours": learnedGraph.anchors must be at most the number of nodes (${adj.numNodes}), got ${anchors}`,
        );
      }
      // Shared with GCNConv: one normalised adjacency per input graph.
      state = { raw: adj, normalized: gcnAdjacency(adj) };
      const mg = this.config.multiGranularity;
      if (mg) {
        const graph = adjacencyGraph(adj);
        const levels = granularityLevels(graph, { levels: mg.levels ?? 2, seed: this.config.seed });
        state.hierarchy = hierarchyGraph(graph, levels);
      }
      if ((this.config.regularization?.smoothness ?? 0) > 0) {
        state.features = tf.keep(
          x instanceof tf.Tensor ? x.clone() : tf.tensor2d(toDense(x).data, [x.rows, x.cols]),
        );
      }
      this.#inputs.set(adj, state);
    }
    this.#lastInput = state;
    return state;
  }

  /**
   * The current edges with weights `relu(s)` recomputed from `h0`, differentiable in `h0` and the
   * learner's heads: the kNN graph, or R in the anchor variant.
   */
  #currentGraph(h0: tf.Tensor2D): LearnedGraph | AnchorGraph {
    const { learned, adj } = this.#edges!;
    const weights = tf.tidy(() => {
      if (!this.anchorLearner) {
        const u = this.metric!.embed(h0);
        return tf.relu(sddmm(adj, u, u)) as tf.Tensor1D;
      }
      // As AnchorGraphLearner.forward weighs its pairs, on the pairs of the last refresh.
      const u = weightedEmbedding(h0, this.anchorLearner.weight as tf.Tensor2D);
      return tf.relu(edgeSimilarity(learned.graph, u)) as tf.Tensor1D;
    });
    return { ...learned, weights };
  }

  /** `P` for this forward: the input graph, or its mix with the learned graph. */
  #operator(input: InputState, h0: tf.Tensor2D, training: boolean): Operator {
    if (!this.#edges) return { adj: input.normalized };
    const current = this.#currentGraph(h0);
    const lambda = this.mixLogit ? tf.sigmoid(this.mixLogit) as tf.Scalar : this.#graph!.mix;
    if (training) this.#learned = current;
    if (this.anchorLearner) {
      return { adj: input.normalized, anchor: { r: current as AnchorGraph, lambda } };
    }
    const mixed = mixGraphs(input.raw, current, lambda);
    return { adj: adjacency(mixed.graph), weights: mixed.weights };
  }

  /** Propagated representations in evaluation mode, for rebuilding the graph. */
  #evalPropagate(input: InputState, h0: tf.Tensor2D): tf.Tensor2D {
    const op = this.#operator(input, h0, false);
    const z = this.#propagate(op, input, h0);
    disposeOperator(op);
    return z;
  }

  #propagate(op: Operator, input: InputState, h0: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const { steps, teleport } = this.config;
      let h = h0;
      const powers = [h0];
      for (let k = 0; k < steps; k++) {
        const next = op.anchor ? anchorStep(op.adj, op.anchor, h) : spmm(op.adj, h, op.weights);
        h = teleport === undefined
          ? next
          : tf.add(tf.mul(1 - teleport, next), tf.mul(teleport, h0));
        powers.push(h);
      }
      // One addN, not a running sum: tf.add keeps both inputs for backprop, so a running sum would
      // keep K partial sums besides the powers (the powers themselves are kept anyway).
      const z = teleport === undefined ? tf.div(tf.addN(powers), steps + 1) as tf.Tensor2D : h;
      if (!this.granular || !input.hierarchy) return z;
      const share = this.config.multiGranularity?.weight ?? 0.5;
      const coarse = this.granular.forward(h0, input.hierarchy);
      return tf.add(tf.mul(1 - share, z), tf.mul(share, coarse)) as tf.Tensor2D;
    });
  }

  #classify(z: tf.Tensor2D, options: ForwardOptions): tf.Tensor2D {
    return tf.tidy(() => this.classifier.forward(reluDropout(z, this.config.dropout, options)));
  }

  override dispose(): void {
    super.dispose();
    this.#edges?.learned.weights.dispose();
  }

  override toString(): string {
    const c = this.config;
    const parts = [
      `K=${c.steps}`,
      `samples=${c.samples}`,
      `dropNode=${c.dropNode}`,
      ...(this.#graph
        ? [
          this.#graph.anchors === undefined
            ? `learned kNN k=${this.#graph.k}`
            : `learned anchors m=${this.#graph.anchors} k=${this.#graph.k}`,
        ]
        : []),
      ...(this.granular ? ["multi-granularity"] : []),
    ];
    return `Ours(${c.inChannels} -> ${c.hiddenChannels} -> ${c.outChannels}, ${parts.join(", ")})`;
  }
}

function validate(c: Ours["config"]): void {
  const fail = (what: string): never => {
    throw new RangeError(`Cannot create model "ours": ${what}`);
  };
  const positiveInt = (key: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
      fail(`${key} must be a positive integer, got ${v}`);
    }
  };
  const fraction = (key: string, v: number | undefined) => {
    if (v !== undefined && !(v >= 0 && v < 1)) fail(`${key} must be in [0, 1), got ${v}`);
  };
  const nonNegative = (key: string, v: number | undefined) => {
    if (v !== undefined && !(v >= 0 && Number.isFinite(v))) {
      fail(`${key} must be a finite number >= 0, got ${v}`);
    }
  };
  for (const key of ["inChannels", "hiddenChannels", "outChannels", "samples", "steps"] as const) {
    positiveInt(key, c[key]);
  }
  for (const key of ["inputDropout", "dropout", "dropNode"] as const) fraction(key, c[key]);
  if (c.teleport !== undefined && !(c.teleport > 0 && c.teleport <= 1)) {
    fail(`teleport must be in (0, 1], got ${c.teleport}`);
  }
  nonNegative("consistency", c.consistency);
  if (!(c.temperature > 0)) fail(`temperature must be > 0, got ${c.temperature}`);
  const g = c.learnedGraph;
  if (g) {
    for (const key of ["anchors", "k", "heads", "refreshEvery", "maxIterations"] as const) {
      positiveInt(`learnedGraph.${key}`, g[key]);
    }
    const k = g.k ?? GRAPH_DEFAULTS.k;
    if (g.anchors !== undefined && k > g.anchors) {
      fail(`learnedGraph.k must be at most learnedGraph.anchors (${g.anchors}), got ${k}`);
    }
    if (g.mix !== undefined && !(g.mix > 0 && g.mix < 1)) {
      fail(`learnedGraph.mix must be in (0, 1), got ${g.mix}`);
    }
    nonNegative("learnedGraph.tolerance", g.tolerance);
  }
  for (const key of ["sparsity", "connectivity", "smoothness"] as const) {
    nonNegative(`regularization.${key}`, c.regularization?.[key]);
  }
  const m = c.multiGranularity;
  if (m) {
    nonNegative("multiGranularity.alpha", m.alpha);
    positiveInt("multiGranularity.levels", m.levels);
    if (m.weight !== undefined && !(m.weight >= 0 && m.weight <= 1)) {
      fail(`multiGranularity.weight must be in [0, 1], got ${m.weight}`);
    }
  }
}

const NODES = { normalize: "nodes" } as const;

// As anchorPropagate: a zero degree (of a node or an anchor) contributes nothing instead of 1/0.
const TINY = 1e-12;

/**
 * `(1 - lambda) Â_input h + lambda anchorPropagate(R, h)`: one step of the anchor variant, with a
 * hand-written gradient that recomputes the step instead of keeping it. Autodiff would keep about
 * eight `[N, F]` intermediates per step, for K steps times `samples` per forward (at arxiv scale
 * with 32 channels, K = 8 and 4 samples a training step passed 12 GiB on the cpu backend); this
 * keeps h, R's weights and lambda. With `Λ = R^T 1`,
 * `d = R 1`, `s = Λ^-1 R^T h`, `p = D^-1 R s`, `a = Â h`, `out = (1 - lambda) a + lambda p` and
 * `g = dL/dout`:
 *
 * ```text
 * dL/dlambda = sum(g ⊙ (p - a))
 * gb = lambda g / d,     dd_i = -gb_i · p_i,     gs = R^T gb
 * gt = gs / Λ,           dΛ_a = -gt_a · s_a
 * dL/dh = (1 - lambda) Â^T g + R gt
 * dL/dR_ia = s_a · gb_i + h_i · gt_a + dΛ_a + dd_i
 * ```
 *
 * (degrees below TINY are clamped as in anchorPropagate, and get no gradient).
 */
function anchorStep(
  input: SparseAdjacency,
  { r, lambda }: NonNullable<Operator["anchor"]>,
  h: tf.Tensor2D,
): tf.Tensor2D {
  const toAnchors = adjacency(r.graph);
  const toNodes = toAnchors.reversed;
  const f = tf.customGrad((...args) => {
    const [h, w, lam, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Scalar, tf.GradSaveFunc];
    save([h, w, lam]);
    return {
      value: tf.tidy(() =>
        tf.add(
          tf.mul(tf.sub(1, lam), spmm(input, h)),
          tf.mul(lam, propagateOverAnchors(toAnchors, { ...r, weights: w }, h)),
        ) as tf.Tensor2D
      ),
      gradFunc: (g: tf.Tensor2D, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [h, w, lam] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Scalar];
          const ones = tf.ones([h.shape[0], 1]) as tf.Tensor2D;
          const lambdaA = spmm(toAnchors, ones, w);
          const d = spmm(toNodes, ones, w);
          const [lamC, dC] = [tf.maximum(lambdaA, TINY), tf.maximum(d, TINY)];
          const s = tf.div(spmm(toAnchors, h, w), lamC) as tf.Tensor2D;
          const p = tf.div(spmm(toNodes, s, w), dC);
          const a = spmm(input, h);
          const dLam = tf.sum(tf.mul(g, tf.sub(p, a)));
          const gb = tf.div(tf.mul(g, lam), dC) as tf.Tensor2D;
          const dd = clampedGrad(tf.neg(tf.sum(tf.mul(gb, p), 1, true)), d);
          const gt = tf.div(spmm(toAnchors, gb, w), lamC) as tf.Tensor2D;
          const dLambdaA = clampedGrad(tf.neg(tf.sum(tf.mul(gt, s), 1, true)), lambdaA);
          const dh = tf.add(
            tf.mul(tf.sub(1, lam), spmm(input.reversed, g)),
            spmm(toNodes, gt, w),
          );
          const dw = tf.addN([
            sddmm(toNodes, s, gb),
            sddmm(toAnchors, h, gt),
            sddmm(toAnchors, ones, dLambdaA),
            sddmm(toNodes, ones, dd),
          ]);
          // tfjs keeps every incoming gradient until the backward pass ends; nothing reads this
          // one after this step (as in lib/nn/dropout.ts), so free its [N, F] now. Disposal is
          // reference counted: data shared with a live tensor stays.
          g.dispose();
          return [dh, dw, dLam];
        }),
    };
  });
  return tf.tidy(() =>
    f(h, r.weights, typeof lambda === "number" ? tf.scalar(lambda) : lambda) as tf.Tensor2D
  );
}

/** `grad` where `degree >= TINY`, 0 where `tf.maximum(degree, TINY)` clamped it. */
function clampedGrad(grad: tf.Tensor, degree: tf.Tensor): tf.Tensor2D {
  return tf.mul(grad, tf.cast(tf.greaterEqual(degree, TINY), "float32")) as tf.Tensor2D;
}

/** Frees what {@linkcode Ours}' operator made for one evaluation forward. */
function disposeOperator(op: Operator): void {
  op.weights?.dispose();
  op.anchor?.r.weights.dispose();
  if (op.anchor && typeof op.anchor.lambda !== "number") op.anchor.lambda.dispose();
}

/** Drops whole rows with probability `rate`, scaling the kept ones by `1 / (1 - rate)`. */
function dropNode(h: tf.Tensor2D, rate: number, rng: Rng): tf.Tensor2D {
  if (rate === 0) return h;
  const n = h.shape[0];
  const mask = Float32Array.from({ length: n }, () => rng.next() < rate ? 0 : 1 / (1 - rate));
  return tf.tidy(() => tf.mul(h, tf.tensor2d(mask, [n, 1])));
}
