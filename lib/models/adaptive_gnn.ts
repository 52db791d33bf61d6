/**
 * `AdaptiveGNN`: the adaptive graph-structure learner of the paper (its "Ours", chapters 2.1-2.3
 * and 4.2), as a node classifier the trainer fits like any other model. Its options, defaults and
 * ranges are in adaptive_gnn_options.ts.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Graph } from "../graph/graph.ts";
import { toDense } from "../graph/matrix.ts";
import { adjacencyGraph, gcnAdjacency } from "../nn/_derived_adjacency.ts";
import { dropNode } from "../nn/drop_node.ts";
import { loopedEdgeMask, maskedWeights } from "../nn/_edge_mask.ts";
import { dropout, reluDropout } from "../nn/dropout.ts";
import { Linear } from "../nn/linear.ts";
import { type ForwardOptions, Module, type NodeFeatures } from "../nn/module.ts";
import { createRng } from "../random/rng.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { sddmm } from "../sparse/sddmm.ts";
import { spmm } from "../sparse/spmm.ts";
import { type AnchorGraph, AnchorGraphLearner } from "../structure/anchor_learner.ts";
import { type AnchorMix, anchorStep } from "../structure/anchor_step.ts";
import { graphChange } from "../structure/graph_change.ts";
import { mixGraphs } from "../structure/graph_mix.ts";
import { granularityLevels, type HierarchyGraph, hierarchyGraph } from "../structure/hierarchy.ts";
import { WeightedCosineLearner } from "../structure/metric_learner.ts";
import { MultiGranularityPropagation } from "../structure/multi_granularity.ts";
import { dirichletEnergy, logDegreeBarrier, sparsityL1 } from "../structure/regularizers.ts";
import type { LearnedGraph } from "../structure/types.ts";
import { edgeSimilarity, weightedEmbedding } from "../structure/_weighted_cosine.ts";
import type { TrainingOutput } from "../train/trainable_model.ts";
import {
  type AdaptiveGNNConfig,
  LEARNED_GRAPH_DEFAULTS,
  type LearnedGraphSettings,
  MULTI_GRANULARITY_DEFAULTS,
  resolveAdaptiveGNNConfig,
  type ResolvedAdaptiveGNNConfig,
} from "./adaptive_gnn_options.ts";

/** One round of a co-evolution rebuild (chapter 2.2): how much the graph changed in it. */
export interface CoEvolutionRound {
  /** The epoch the rebuild ran before (1-based). */
  epoch: number;
  /** The round within that rebuild (1-based). */
  round: number;
  /** Relative Frobenius change of the edge weights against the previous round's graph. */
  change: number;
}

/**
 * What {@linkcode AdaptiveGNN.trainingForward} returns and {@linkcode AdaptiveGNN.lossTerms}
 * reads. In mini-batch training the trainer cuts `logits` and every `perNode` tensor to the
 * batch's seed rows.
 */
export interface AdaptiveGNNOutput extends TrainingOutput {
  /** The first sample's logits `[N, C]`. */
  logits: tf.Tensor2D;
  /** The logits `[N, C]` of every DropNode sample (the first is `logits`). */
  perNode: { samples: tf.Tensor2D[] };
  /** This forward's learned graph (with `learnedGraph`; R in the anchor variant). */
  learned?: LearnedGraph | AnchorGraph;
  /** The input features `[N, F]` the smoothness term measures (with `regularization.smoothness`). */
  features?: tf.Tensor2D;
}

/** Per input graph: its GCN-normalised operator, and its hierarchy for multi-granularity. */
interface InputState {
  /** The input graph as given: `mixGraphs` normalises it itself. */
  raw: SparseAdjacency;
  normalized: SparseAdjacency;
  hierarchy?: HierarchyGraph;
}

/**
 * The propagation operator of one forward pass: `spmm(adj, h, weights)`, or with `anchor`
 * `P h = (1 - lambda) Â h + lambda anchorPropagate(R, h)`. `learned` is the forward's learned
 * graph (weights differentiable in `h_0`).
 */
interface Operator {
  adj: SparseAdjacency;
  weights?: tf.Tensor1D;
  anchor?: AnchorMix;
  learned?: LearnedGraph | AnchorGraph;
}

const NODES = { normalize: "nodes" } as const;

/**
 * The adaptive model of the paper (its "Ours"): encode, learn a graph, propagate, classify.
 *
 * ```text
 * h_0    = X W_1 + b_1                                  (after input dropout)
 * P      = (1 - λ) Â_input + λ Â_learned                (Â: D^-1/2 (A + I) D^-1/2)
 * z      = 1/(K+1) Σ_{k=0..K} P^k h_0                   (mixed order; with teleport β:
 *                                                        h_k = (1 - β) P h_{k-1} + β h_0, z = h_K)
 * logits = dropout(relu(z)) W_2 + b_2
 * L      = 1/S Σ_s L_task(logits_s) + consistency · 1/S Σ_s ||p_s - sharpen(1/S Σ_s p_s)||^2
 *          + sparsity · R_1(A) + connectivity · R_deg(A) + smoothness · tr(X^T L_A X) / N
 * ```
 *
 * - Learned graph (chapter 2.1, `learnedGraph`): kNN edges between the nodes whose weighted-cosine
 *   similarity `s_ij = 1/H Σ_h cos(w_h ⊙ h_i, w_h ⊙ h_j)` is highest; edge weights `relu(s_ij)`
 *   are differentiable in `h_0` and the heads `w_h`; λ is learnable (`learnMix`). Without
 *   `learnedGraph`, `P = Â_input`.
 * - Anchor variant (`learnedGraph.anchors` m; IDGL's anchor graph, Chen et al. 2020,
 *   https://arxiv.org/abs/2006.13009): instead of the kNN graph, node-anchor affinities
 *   `R_ia = relu(s_{i,a})` to the `k` most similar of m anchor nodes drawn with the model's seed
 *   ({@linkcode AnchorGraphLearner}), and `Â_learned = D^-1 R Λ^-1 R^T` with `Λ = diag(R^T 1)`,
 *   `D = diag(R 1)` (`anchorPropagate`): the N x N graph is never formed, a step costs
 *   `O(N k F)` and keeps one `[N, F]` tensor for backprop ({@linkcode anchorStep} recomputes the
 *   rest), and the graph terms are computed through R.
 * - Co-evolution (chapter 2.2): every `refreshEvery` epochs the kNN edges (or R's node-anchor
 *   pairs) are rebuilt from the representations propagated over the current graph, then again
 *   from those propagated over the new graph, until the graph changes by less than `tolerance`
 *   (relative Frobenius change of the edge weights, of R in the anchor variant; at most
 *   `maxIterations` rounds). The first graph of a run comes from `h_0`; with
 *   `coEvolution: false` every rebuild does, in one round.
 * - Multi-granularity (chapter 2.3, `multiGranularity`): `z` mixed (share `weight`) with the
 *   propagation over a coarsening hierarchy of the input graph ({@linkcode MultiGranularityPropagation}).
 * - Training (GRAND, Feng et al. 2020, https://arxiv.org/abs/2005.11079) draws `samples` DropNode
 *   masks per step (whole rows of `h_0` dropped, {@linkcode dropNode}); `p_s` is sample s's
 *   softmax, sharpened with `temperature`; R and S act on the learned graph.
 *
 * Symbols: X the input features, A the learned graph's weighted adjacency, `L_A` its Laplacian,
 * `R_1` the mean absolute edge weight per node, `R_deg` the mean `-log(degree)`, S samples, K
 * `steps`, β `teleport`. Defaults and ranges: {@linkcode ADAPTIVE_GNN_DEFAULTS},
 * {@linkcode ADAPTIVE_GNN_RANGES}.
 *
 * Shapes: `x` `[N, F_in]` (dense or CSR), output logits `[N, C]`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { AdaptiveGNN } from "./adaptive_gnn.ts";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * await tf.setBackend("cpu");
 * const graph = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] });
 * const model = new AdaptiveGNN({ inChannels: 2, hiddenChannels: 4, outChannels: 2 });
 * const logits = model.forward(tf.ones([3, 2]) as tf.Tensor2D, adjacency(graph));
 * if (logits.shape.join() !== "3,2") throw new Error("unexpected shape");
 * model.dispose();
 * ```
 */
export class AdaptiveGNN extends Module {
  /** The registry name. */
  readonly name = "adaptive";
  /** The config with every default filled in. */
  readonly config: ResolvedAdaptiveGNNConfig;
  /** `h_0 = X W_1 + b_1`. */
  readonly encoder: Linear;
  /** `logits = dropout(relu(z)) W_2 + b_2`. */
  readonly classifier: Linear;
  /** The weighted-cosine kNN learner (with `learnedGraph`, without `anchors`). */
  readonly metric?: WeightedCosineLearner;
  /** The anchor variant's learner of R (with `learnedGraph.anchors`, instead of `metric`). */
  readonly anchorLearner?: AnchorGraphLearner;
  /** Logit of lambda, the learned graph's share (a variable only with `learnMix`). */
  readonly mixLogit?: tf.Variable;
  /** The multi-granularity branch (with `multiGranularity`). */
  readonly granular?: MultiGranularityPropagation;
  #graph?: LearnedGraphSettings;
  #inputs = new WeakMap<SparseAdjacency, InputState>();
  /** The current kNN edges or R's pairs (rebuilt by co-evolution) and their adjacency. */
  #edges?: { learned: LearnedGraph | AnchorGraph; adj: SparseAdjacency };
  /** Dense input features for the smoothness term, made once per features object. */
  #features?: { source: NodeFeatures; dense: tf.Tensor2D };
  #trace: CoEvolutionRound[] = [];

  /**
   * Builds the model from its config (see `AdaptiveGNNConfig`); the same `seed` gives the same
   * weights and anchors.
   *
   * @throws {RangeError} naming the first invalid option
   */
  constructor(config: AdaptiveGNNConfig) {
    super();
    this.config = resolveAdaptiveGNNConfig(config);
    const rng = createRng(this.config.seed);
    this.encoder = new Linear(config.inChannels, config.hiddenChannels, { rng });
    this.classifier = new Linear(config.hiddenChannels, config.outChannels, { rng });
    if (config.learnedGraph) {
      this.#graph = { ...LEARNED_GRAPH_DEFAULTS, ...config.learnedGraph };
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
      if (this.#graph.learnMix) {
        // tf.variable shares the initial value's data; the scalar itself must still be freed.
        this.mixLogit = tf.tidy(() => tf.variable(tf.scalar(Math.log(mix / (1 - mix)))));
      }
    }
    if (config.multiGranularity) {
      const { alpha, levels } = this.#multiGranularity!;
      this.granular = new MultiGranularityPropagation({
        alpha,
        steps: this.config.steps,
        teleport: this.config.teleport ?? 0.1,
        numLevels: levels,
      });
    }
  }

  get #multiGranularity():
    | Required<NonNullable<AdaptiveGNNConfig["multiGranularity"]>>
    | undefined {
    const given = this.config.multiGranularity;
    return given && { ...MULTI_GRANULARITY_DEFAULTS, ...given };
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
   * (propagate with `anchorPropagate`). Undefined without `learnedGraph`, or before the
   * first epoch built the edges. The caller disposes `weights`.
   *
   * @example
   * ```ts
   * import * as tf from "@tensorflow/tfjs";
   * import { AdaptiveGNN } from "./adaptive_gnn.ts";
   * import { createGraph } from "../graph/graph.ts";
   * import { adjacency } from "../sparse/adjacency.ts";
   * await tf.setBackend("cpu");
   * const graph = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 2, 3], [1, 0, 3, 2]] });
   * const model = new AdaptiveGNN({
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
   * import { AdaptiveGNN } from "./adaptive_gnn.ts";
   * import { createGraph } from "../graph/graph.ts";
   * import { adjacency } from "../sparse/adjacency.ts";
   * import type { AnchorGraph } from "../structure/anchor_learner.ts";
   * await tf.setBackend("cpu");
   * const graph = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 2, 3], [1, 0, 3, 2]] });
   * const model = new AdaptiveGNN({
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
    this.#input(adj);
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
   * import { AdaptiveGNN } from "./adaptive_gnn.ts";
   * import { csbm } from "../datasets/synthetic.ts";
   * import { train } from "../train/trainer.ts";
   * const data = csbm({ numNodes: 40, numClasses: 2, avgDegree: 4, homophily: 0.8, seed: 1 });
   * const model = new AdaptiveGNN({
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

  /**
   * Logits `[N, C]`. In training mode those of the first DropNode sample: train with
   * {@linkcode AdaptiveGNN.trainingForward}, which returns every sample for the loss.
   */
  forward(x: NodeFeatures, adj: SparseAdjacency, options: ForwardOptions = {}): tf.Tensor2D {
    const { edgeMask } = options;
    if (edgeMask) this.#checkEdgeMask(options);
    if (options.training) {
      const { logits, perNode } = this.trainingForward(x, adj, options);
      tf.dispose(perNode.samples.slice(1));
      return logits;
    }
    const input = this.#input(adj);
    return tf.tidy(() => {
      const h0 = this.encoder.forward(dropout(x, this.config.inputDropout, options));
      const op = edgeMask
        ? {
          adj: input.normalized,
          weights: maskedWeights(input.normalized, loopedEdgeMask("AdaptiveGNN", adj, edgeMask)),
        }
        : this.#operator(input, h0);
      return this.#classify(this.#propagate(op, input, h0), options);
    });
  }

  /**
   * The training forward: input dropout, then `samples` DropNode samples propagated and
   * classified, with what {@linkcode AdaptiveGNN.lossTerms} needs besides their logits (this
   * forward's learned graph, the features of the smoothness term).
   *
   * @param x node features `[N, F_in]`
   * @param adj the input graph
   * @param options `rng`: seeds the dropout and DropNode masks (required unless both rates are 0)
   * @returns the samples' logits and the learned graph; the trainer passes it to `lossTerms`
   *
   * @example
   * ```ts
   * import * as tf from "@tensorflow/tfjs";
   * import { AdaptiveGNN } from "./adaptive_gnn.ts";
   * import { createGraph } from "../graph/graph.ts";
   * import { createRng } from "../random/rng.ts";
   * import { adjacency } from "../sparse/adjacency.ts";
   * const adj = adjacency(createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] }));
   * const model = new AdaptiveGNN({ inChannels: 2, hiddenChannels: 4, outChannels: 2, samples: 3 });
   * const output = model.trainingForward(tf.ones([3, 2]) as tf.Tensor2D, adj, { rng: createRng(0) });
   * const terms = model.lossTerms(output, (logits) => tf.mean(logits) as tf.Scalar);
   * if (output.perNode.samples.length !== 3 || Object.keys(terms).join() !== "task,consistency") {
   *   throw new Error("unexpected");
   * }
   * model.dispose();
   * ```
   */
  trainingForward(
    x: NodeFeatures,
    adj: SparseAdjacency,
    options: ForwardOptions = {},
  ): AdaptiveGNNOutput {
    const training = { ...options, training: true };
    const input = this.#input(adj);
    const h0 = this.encoder.forward(dropout(x, this.config.inputDropout, training));
    const op = this.#operator(input, h0);
    const samples = Array.from({ length: this.config.samples }, () => {
      const kept = dropNode(h0, this.config.dropNode, training);
      return this.#classify(this.#propagate(op, input, kept), training);
    });
    const features = this.#features?.dense;
    return {
      logits: samples[0],
      perNode: { samples },
      ...(op.learned && { learned: op.learned }),
      ...(features && { features }),
    };
  }

  /**
   * Co-evolution (chapter 2.2), before every `refreshEvery`-th epoch: rebuild the kNN edges (or
   * R's pairs) from the representations propagated over the current graph until the graph
   * settles; with `coEvolution: false`, once from the encoded features.
   */
  beforeEpoch(epoch: number, x: NodeFeatures, adj: SparseAdjacency): Record<string, number> {
    const graph = this.#graph;
    if (!graph || (this.#edges && (epoch - 1) % graph.refreshEvery !== 0)) return {};
    const input = this.#input(adj);
    this.#keepFeatures(x);
    const rounds = graph.coEvolution ? graph.maxIterations : 1;
    let change = Infinity;
    let iterations = 0;
    const h0 = this.encoder.forward(x);
    try {
      while (iterations < rounds && change > graph.tolerance) {
        iterations++;
        let nextGraph: Graph | undefined;
        let anchors: Int32Array | undefined;
        const weights = tf.tidy(() => {
          // The first graph of a run (every graph without co-evolution) comes from h0 itself.
          const z = this.#edges && graph.coEvolution
            ? this.#propagate(this.#operator(input, h0), input, h0)
            : h0;
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

  /**
   * Task loss averaged over the samples, their consistency loss, and the graph terms of
   * `output`'s learned graph.
   *
   * @param output what {@linkcode AdaptiveGNN.trainingForward} returned (cut to the seed rows in
   * mini-batch training)
   * @param taskLoss the task loss of one sample's logits
   * @returns the named terms whose sum is minimised
   */
  lossTerms(
    output: AdaptiveGNNOutput,
    taskLoss: (logits: tf.Tensor2D) => tf.Scalar,
  ): Record<string, tf.Scalar> {
    const { samples } = output.perNode;
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
    const { learned, features } = output;
    const { sparsity = 0, connectivity = 0, smoothness = 0 } = this.config.regularization ?? {};
    // The anchor variant's terms are those of the node graph R Λ^-1 R^T, computed through R.
    if (learned && sparsity > 0) terms.sparsity = tf.mul(sparsity, sparsityL1(learned, NODES));
    if (learned && connectivity > 0) {
      terms.connectivity = tf.mul(connectivity, logDegreeBarrier(learned));
    }
    if (learned && smoothness > 0 && features) {
      terms.smoothness = tf.mul(smoothness, dirichletEnergy(learned, features, NODES));
    }
    return terms;
  }

  /** The encoder's parameters. */
  firstLayerParameters(): tf.Variable[] {
    return this.encoder.parameters();
  }

  #input(adj: SparseAdjacency): InputState {
    const built = this.#edges?.learned.graph.numNodes;
    if (built !== undefined && adj.numNodes !== built) {
      throw new RangeError(
        `Cannot apply model "adaptive": its learned graph (learnedGraph) spans the ${built} nodes ` +
          `of the graph it was built on, got a graph of ${adj.numNodes} nodes; a learned graph ` +
          "cannot run on neighbour-sampled subgraphs (train options batchSize and fanouts): " +
          "train it full-batch, or without learnedGraph",
      );
    }
    let state = this.#inputs.get(adj);
    if (!state) {
      const anchors = this.#graph?.anchors;
      if (anchors !== undefined && anchors > adj.numNodes) {
        throw new RangeError(
          `Cannot apply model "adaptive": learnedGraph.anchors must be at most the number of nodes (${adj.numNodes}), got ${anchors}`,
        );
      }
      // Shared with GCNConv: one normalised adjacency per input graph.
      state = { raw: adj, normalized: gcnAdjacency(adj) };
      const mg = this.#multiGranularity;
      if (mg) {
        const graph = adjacencyGraph(adj);
        const levels = granularityLevels(graph, { levels: mg.levels, seed: this.config.seed });
        state.hierarchy = hierarchyGraph(graph, levels);
      }
      this.#inputs.set(adj, state);
    }
    return state;
  }

  /** Edge masks scale the input graph's messages: not defined for a learned or coarsened graph. */
  #checkEdgeMask(options: ForwardOptions): void {
    const why = options.training
      ? "it applies in evaluation mode only"
      : this.config.learnedGraph
      ? "a learned graph (learnedGraph) has edges of its own"
      : this.config.multiGranularity
      ? "the multiGranularity branch propagates over a coarsened graph"
      : undefined;
    if (why) throw new RangeError(`Cannot apply model "adaptive" with edgeMask: ${why}`);
  }

  /** Keeps a dense copy of `x` for the smoothness term (only when it is on). */
  #keepFeatures(x: NodeFeatures): void {
    if (!((this.config.regularization?.smoothness ?? 0) > 0) || this.#features?.source === x) {
      return;
    }
    this.#features?.dense.dispose();
    const dense = tf.keep(
      x instanceof tf.Tensor ? x.clone() : tf.tensor2d(toDense(x).data, [x.rows, x.cols]),
    );
    this.#features = { source: x, dense };
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
  #operator(input: InputState, h0: tf.Tensor2D): Operator {
    if (!this.#edges) return { adj: input.normalized };
    const learned = this.#currentGraph(h0);
    const lambda = this.mixLogit ? tf.sigmoid(this.mixLogit) as tf.Scalar : this.#graph!.mix;
    if (this.anchorLearner) {
      const anchor = { input: input.normalized, r: learned as AnchorGraph, lambda };
      return { adj: input.normalized, anchor, learned };
    }
    const mixed = mixGraphs(input.raw, learned, lambda);
    return { adj: adjacency(mixed.graph), weights: mixed.weights, learned };
  }

  #propagate(op: Operator, input: InputState, h0: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const { steps, teleport } = this.config;
      let h = h0;
      const powers = [h0];
      for (let k = 0; k < steps; k++) {
        const next = op.anchor ? anchorStep(h, op.anchor) : spmm(op.adj, h, op.weights);
        h = teleport === undefined
          ? next
          : tf.add(tf.mul(1 - teleport, next), tf.mul(teleport, h0));
        powers.push(h);
      }
      // One addN, not a running sum: tf.add keeps both inputs for backprop, so a running sum would
      // keep K partial sums besides the powers (the powers themselves are kept anyway).
      const z = teleport === undefined ? tf.div(tf.addN(powers), steps + 1) as tf.Tensor2D : h;
      if (!this.granular || !input.hierarchy) return z;
      const share = this.#multiGranularity!.weight;
      const coarse = this.granular.forward(h0, input.hierarchy);
      return tf.add(tf.mul(1 - share, z), tf.mul(share, coarse)) as tf.Tensor2D;
    });
  }

  #classify(z: tf.Tensor2D, options: ForwardOptions): tf.Tensor2D {
    return tf.tidy(() => this.classifier.forward(reluDropout(z, this.config.dropout, options)));
  }

  /** Frees the parameters, the current learned graph's weights and the kept features. */
  override dispose(): void {
    super.dispose();
    this.#edges?.learned.weights.dispose();
    this.#features?.dense.dispose();
  }

  /** `AdaptiveGNN(1433 -> 32 -> 7, K=8, samples=4, dropNode=0.5, ...)`. */
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
          ...(this.#graph.coEvolution ? [] : ["no co-evolution"]),
        ]
        : []),
      ...(this.granular ? ["multi-granularity"] : []),
    ];
    return `AdaptiveGNN(${c.inChannels} -> ${c.hiddenChannels} -> ${c.outChannels}, ${
      parts.join(", ")
    })`;
  }
}
