/**
 * Multi-granularity propagation (chapter 2.3): information flows over the hierarchy graph and is
 * damped by `exp(-alpha |g_u - g_v|)` when it crosses granularity levels, as a differentiable layer
 * and as a simulation of spreading over time.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { gcnNorm } from "../graph/gcn_norm.ts";
import { type Graph, numEdges } from "../graph/graph.ts";
import { addRemainingSelfLoops } from "../graph/self_loops.ts";
import { ContentCache } from "../graph/_content_cache.ts";
import { Module } from "../nn/module.ts";
import type { InitOptions } from "../nn/init.ts";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { gcnNormWeights } from "../sparse/gcn_norm_weights.ts";
import { spmm } from "../sparse/spmm.ts";
import type { HierarchyGraph } from "./hierarchy.ts";

/** Options for {@linkcode MultiGranularityPropagation}. */
export interface MultiGranularityOptions extends InitOptions {
  /** Damping per level crossed, `>= 0`; `Infinity` cuts every cross-level edge. */
  alpha: number;
  /** Number of propagation steps `T`, a positive integer. */
  steps: number;
  /** Teleport (restart) probability `beta` in `[0, 1)` (default 0: pure propagation). */
  teleport?: number;
  /** Give every node one self loop before normalising (default true). */
  addSelfLoops?: boolean;
  /**
   * Learn one scale `exp(theta_ab)` per unordered pair of levels `(a, b)` (default false; all
   * `theta = 0` initially, so training starts from the fixed propagation). Needs `numLevels`.
   */
  learnLevelWeights?: boolean;
  /** Number of coarse levels `L` of the hierarchies this layer will see; needed with `learnLevelWeights`. */
  numLevels?: number;
}

/** A hierarchy prepared for one layer: loops added, edges grouped by level pair and damped. */
interface Prepared {
  readonly adj: SparseAdjacency;
  /** `w_uv * delta(|g_u - g_v|)` per edge. */
  readonly damped: Float32Array;
  /**
   * Edges are grouped by level pair: group `p` (a `logLevelScale` index) is edges
   * `groupStart[p] .. groupStart[p + 1] - 1`; the last group holds the self loops.
   */
  readonly groupStart: Int32Array;
  /** The fixed normalised weights, `P_vu` per edge. */
  readonly normalized: Float32Array;
}

/**
 * Multi-granularity propagation, the chapter 2.3 rule as a layer: `T` steps over the hierarchy
 * graph of {@linkcode hierarchyGraph}, with edges damped by the granularity gap of their ends and
 * then symmetrically normalised (optionally with an APPNP-style teleport to the start):
 *
 * ```text
 * w'_uv = w_uv · exp(-alpha |g_u - g_v|) · s_{g_u g_v}      (s = 1 unless learnLevelWeights)
 * d_v   = Σ_u w'_uv                                          (over Â = A + I: one loop per node)
 * P_vu  = w'_uv / sqrt(d_u d_v)
 * I_0   = lift(h)                                            (super-node = mean of its members)
 * I_t   = (1 - beta) P I_{t-1} + beta I_0,    t = 1..T
 * out   = I_T restricted to the N original nodes
 * ```
 *
 * where `w_uv` is the hierarchy graph's edge weight (original edges, node-cluster edges with
 * weight 1), `g` the granularity level of each node (0 for original nodes), `alpha >= 0` the
 * damping per level crossed, `s_ab = exp(theta_ab)` a learned scale per unordered level pair
 * (`logLevelScale`, `[(L+1)(L+2)/2]`, zeros; loops are never scaled) and `beta` the teleport.
 *
 * Why normalise after damping: the degrees `d` are those of the damped graph, so the output keeps
 * the scale of its input whatever `alpha` is, and `alpha = Infinity` is exactly GCN/APPNP
 * propagation `D̂^-1/2 Â D̂^-1/2` over the original graph (the super-nodes are cut off); `alpha = 0`
 * is plain propagation over the whole hierarchy. The simulation {@linkcode simulateSpreading}
 * instead damps after normalising, so that crossing a level loses information. `P` is GCN's
 * normalisation of the damped graph, whose loops are already edges: `gcnNorm` on the host for
 * fixed weights, `gcnNormWeights` for learned level weights.
 *
 * Cost: one `spmm` over the hierarchy graph per step (plus two row scalings with learned level
 * weights); the damped edge list is prepared once per hierarchy and cached (prepared again after
 * an in-place edit of the hierarchy's edges or levels). The initial
 * parameters are deterministic (`theta = 0`), so `seed`/`rng` are accepted only for a uniform
 * layer API.
 *
 * Shapes: `h` `[N, F]` (original nodes), output `[N, F]`; the hierarchy has `M` nodes in all.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { hierarchyGraph } from "./hierarchy.ts";
 * import { MultiGranularityPropagation } from "./multi_granularity.ts";
 * const graph = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] });
 * const hierarchy = hierarchyGraph(graph, [{ assignment: new Int32Array([0, 0, 1]) }]);
 * const layer = new MultiGranularityPropagation({ alpha: 1, steps: 2 });
 * const out = layer.forward(tf.ones([3, 4]) as tf.Tensor2D, hierarchy);
 * if (out.shape.join() !== "3,4") throw new Error("unexpected shape");
 * ```
 */
export class MultiGranularityPropagation extends Module {
  /** The options with every default filled in. */
  readonly options: Readonly<Required<Omit<MultiGranularityOptions, keyof InitOptions>>>;
  /** `theta` per unordered level pair `(a <= b)` in row order, only with `learnLevelWeights`. */
  readonly logLevelScale?: tf.Variable;
  #prepared = new ContentCache<Prepared>();

  /**
   * Creates the propagation (level weights only with `learnLevelWeights`).
   * @throws {RangeError} naming the first invalid option
   */
  constructor(options: MultiGranularityOptions) {
    super();
    const {
      alpha,
      steps,
      teleport = 0,
      addSelfLoops = true,
      learnLevelWeights = false,
      numLevels = 0,
    } = options;
    const fail = (what: string): never => {
      throw new RangeError(`Cannot create MultiGranularityPropagation: ${what}`);
    };
    if (!(alpha >= 0)) fail(`alpha must be a number >= 0 (or Infinity), got ${alpha}`);
    if (!(Number.isInteger(steps) && steps > 0)) {
      fail(`steps must be a positive integer, got ${steps}`);
    }
    if (!(teleport >= 0 && teleport < 1)) fail(`teleport must be in [0, 1), got ${teleport}`);
    if (!(Number.isInteger(numLevels) && numLevels >= 0)) {
      fail(`numLevels must be an integer >= 0, got ${numLevels}`);
    }
    if (learnLevelWeights && options.numLevels === undefined) {
      fail("learnLevelWeights needs numLevels (the number of coarse levels of the hierarchy)");
    }
    this.options = { alpha, steps, teleport, addSelfLoops, learnLevelWeights, numLevels };
    if (learnLevelWeights) {
      const pairs = ((numLevels + 1) * (numLevels + 2)) / 2;
      this.logLevelScale = tf.variable(tf.zeros([pairs]));
    }
  }

  /**
   * The normalised propagation weights `P_vu` over `hierarchy`, one per edge of `adj` (the
   * hierarchy graph with loops added, edges grouped by level pair): a tensor that carries gradients
   * to `logLevelScale` when the level weights are learned. The caller disposes `weights`.
   */
  propagationWeights(hierarchy: HierarchyGraph): { adj: SparseAdjacency; weights: tf.Tensor1D } {
    this.#checkLevels(hierarchy);
    const prep = this.#prepare(hierarchy);
    const theta = this.logLevelScale;
    if (!theta) return { adj: prep.adj, weights: tf.tensor1d(prep.normalized) };
    return {
      adj: prep.adj,
      weights: tf.tidy(() => {
        const scale = tf.exp(theta);
        // Edges are grouped by level pair, so each group is a constant slice times one scale.
        const parts: tf.Tensor1D[] = [];
        for (let p = 0; p + 1 < prep.groupStart.length; p++) {
          const from = prep.groupStart[p];
          const to = prep.groupStart[p + 1];
          if (to === from) continue;
          const damped = tf.tensor1d(prep.damped.subarray(from, to));
          parts.push(p < theta.size ? tf.mul(damped, tf.slice(scale, [p], [1])) : damped);
        }
        return gcnNormWeights(prep.adj, tf.concat(parts), { addSelfLoops: false });
      }),
    };
  }

  /** Propagates original-node features `h` `[N, F]` over `hierarchy`; returns `[N, F]`. */
  forward(h: tf.Tensor2D, hierarchy: HierarchyGraph): tf.Tensor2D {
    if (h.rank !== 2 || h.shape[0] !== hierarchy.numOriginal) {
      throw new RangeError(
        `Cannot apply MultiGranularityPropagation: expected h with ${hierarchy.numOriginal} rows (one per original node), got shape [${h.shape}]`,
      );
    }
    this.#checkLevels(hierarchy);
    const { steps, teleport } = this.options;
    return tf.tidy(() => {
      const prep = this.#prepare(hierarchy);
      const weights = this.logLevelScale ? this.propagationWeights(hierarchy).weights : undefined;
      const start = hierarchy.liftFeatures(h);
      let state = start;
      for (let t = 0; t < steps; t++) {
        // Free each step's intermediates at once (169k nodes x T steps would not fit otherwise);
        // what the backward pass needs, tfjs keeps by itself.
        const next = tf.tidy(() => {
          const moved = spmm(prep.adj, state, weights);
          return teleport > 0
            ? tf.add(tf.mul(moved, 1 - teleport), tf.mul(start, teleport))
            : moved;
        });
        if (state !== start) state.dispose();
        state = next as tf.Tensor2D;
      }
      return tf.slice(state, [0, 0], [hierarchy.numOriginal, -1]);
    });
  }

  #checkLevels(hierarchy: HierarchyGraph): void {
    const { learnLevelWeights, numLevels } = this.options;
    if (learnLevelWeights && hierarchy.numLevels !== numLevels) {
      throw new RangeError(
        `Cannot apply MultiGranularityPropagation: the layer learns weights for ${numLevels} levels, the hierarchy has ${hierarchy.numLevels}`,
      );
    }
  }

  /** The prepared hierarchy, rebuilt when its edges or levels were edited in place. */
  #prepare(hierarchy: HierarchyGraph): Prepared {
    const { graph, granularity } = hierarchy;
    return this.#prepared.get(
      [hierarchy],
      [graph.edgeIndex, graph.edgeWeight, granularity, graph.numNodes],
      () => this.#build(hierarchy),
    );
  }

  #build(hierarchy: HierarchyGraph): Prepared {
    const { alpha, addSelfLoops } = this.options;
    const g = hierarchy.granularity;
    const L = hierarchy.numLevels;
    const graph = addSelfLoops ? addRemainingSelfLoops(hierarchy.graph) : hierarchy.graph;
    const E = numEdges(graph);
    // Group the edges by level pair (stable, loops last as one more group), so each pair's weights
    // are one slice. Within a target node the original edges keep their order and the loops stay
    // last, so alpha = Infinity still sums exactly what GCN sums, in the same order.
    const numPairs = ((L + 1) * (L + 2)) / 2;
    const group = new Int32Array(E);
    for (let e = 0; e < E; e++) {
      const a = g[graph.edgeIndex[e]];
      const b = g[graph.edgeIndex[E + e]];
      group[e] = graph.edgeIndex[e] === graph.edgeIndex[E + e]
        ? numPairs
        : pairIndex(Math.min(a, b), Math.max(a, b), L);
    }
    const groupStart = new Int32Array(numPairs + 2);
    for (let e = 0; e < E; e++) groupStart[group[e] + 1]++;
    for (let p = 0; p <= numPairs; p++) groupStart[p + 1] += groupStart[p];
    const cursor = groupStart.slice(0, numPairs + 1);
    const edgeIndex = new Int32Array(2 * E);
    const damped = new Float32Array(E);
    for (let e = 0; e < E; e++) {
      const k = cursor[group[e]]++;
      const u = graph.edgeIndex[e];
      const v = graph.edgeIndex[E + e];
      edgeIndex[k] = u;
      edgeIndex[E + k] = v;
      damped[k] = graph.edgeWeight![e] * damping(alpha, Math.abs(g[u] - g[v]));
    }
    // Same normalisation code as GCN, so alpha = Infinity reproduces it bit for bit.
    const normalized = gcnNorm({ numNodes: graph.numNodes, edgeIndex, edgeWeight: damped }, {
      addSelfLoops: false,
    }).edgeWeight;
    const adj = adjacency({ numNodes: graph.numNodes, edgeIndex }, normalized);
    return { adj, damped, normalized, groupStart };
  }

  /** `MultiGranularityPropagation(alpha=..., steps=...)` with its settings. */
  override toString(): string {
    const { alpha, steps, teleport } = this.options;
    return `MultiGranularityPropagation(alpha=${alpha}, steps=${steps}${
      teleport > 0 ? `, teleport=${teleport}` : ""
    })`;
  }
}

/** `exp(-alpha d)`, with `d = 0` always 1 (so `alpha = Infinity` keeps same-level edges). */
function damping(alpha: number, d: number): number {
  return d === 0 ? 1 : Math.exp(-alpha * d);
}

/** Row-major index of the unordered level pair `a <= b` among levels `0..L`. */
function pairIndex(a: number, b: number, L: number): number {
  return a * (L + 1) - (a * (a - 1)) / 2 + (b - a);
}

/** Options for {@linkcode simulateSpreading}. */
export interface SpreadingOptions {
  /** Damping per level crossed, `>= 0` (`Infinity` allowed). */
  alpha: number;
  /** Number of time steps to simulate. */
  steps: number;
  /** Nodes that start with one unit of information each (repeats add up). */
  sources: ArrayLike<number>;
  /** Granularity level per node when spreading over a plain graph (default: all 0). */
  granularity?: Int32Array;
  /**
   * `"random-walk"` (default): each node splits its information over its out-edges in proportion
   * to their weights, `w_uv / Σ_k w_uk`, so without damping the total is conserved;
   * `"symmetric"`: `w_uv / sqrt(d_u d_v)` (in-degrees, as in the layer).
   */
  normalization?: "random-walk" | "symmetric";
  /** Give every node one self loop first, so information can stay (default true). */
  selfLoops?: boolean;
}

/** Information per node over time, from {@linkcode simulateSpreading}. */
export interface SpreadingTrace {
  /** `information[t][v]` = `I_t(v)` for `t = 0..steps`. */
  readonly information: Float64Array[];
  /** Total information `Σ_v I_t(v)` per step, length `steps + 1`. */
  readonly total: Float64Array;
  /** `byLevel[g][t]` = information held by the nodes of level `g` at step `t`. */
  readonly byLevel: Float64Array[];
}

/**
 * Simulates the chapter 2.3 spreading rule from unit sources, in float64, for plots of how far
 * and at which granularity information travels for several `alpha`:
 *
 * ```text
 * I_0(v) = number of times v is in sources
 * I_t(v) = Σ_{u -> v} p_uv · exp(-alpha |g_u - g_v|) · I_{t-1}(u)
 * ```
 *
 * with `p_uv` the normalised edge weight (`normalization`; self loops added by default). Here the
 * damping is applied after normalising, so the share of information sent across a level gap is
 * lost: with `"random-walk"` the total is exactly conserved for `alpha = 0`, never grows, and
 * shrinks by `Σ_{u -> v} p_uv (1 - exp(-alpha |g_u - g_v|)) I_{t-1}(u)` each step. Every `I_t(v)`
 * is non-increasing in `alpha` (all terms are non-negative). With `alpha = Infinity`, information
 * never leaves the levels of its sources.
 *
 * @param target a hierarchy graph (granularity from its levels) or a plain graph (`granularity`
 *   option, default all 0)
 * @param options damping, steps, sources, normalisation
 * @returns information per node per step, totals and per-level totals
 * @throws {RangeError} for a source out of range, bad granularity length or option
 *
 * @example
 * ```ts
 * import { createGraph } from "../graph/graph.ts";
 * import { simulateSpreading } from "./multi_granularity.ts";
 * // Path 0 - 1 - 2, node 2 one level up: with exp(-alpha) = 1/2, half of what 1 sends to 2 is lost.
 * const graph = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] });
 * const trace = simulateSpreading(graph, {
 *   alpha: Math.LN2,
 *   steps: 2,
 *   sources: [0],
 *   granularity: new Int32Array([0, 0, 1]),
 * });
 * if (Math.abs(trace.total[2] - 11 / 12) > 1e-12) throw new Error("unexpected");
 * ```
 */
export function simulateSpreading(
  target: Graph | HierarchyGraph,
  options: SpreadingOptions,
): SpreadingTrace {
  const { alpha, steps, sources, normalization = "random-walk", selfLoops = true } = options;
  const fail = (what: string): never => {
    throw new RangeError(`Cannot simulate spreading: ${what}`);
  };
  const isGraph = "edgeIndex" in target;
  const base: Graph = isGraph ? target : target.graph;
  const n = base.numNodes;
  const granularity = isGraph ? options.granularity ?? new Int32Array(n) : target.granularity;
  if (granularity.length !== n) {
    fail(`granularity has ${granularity.length} entries for ${n} nodes`);
  }
  const badLevel = granularity.findIndex((g) => g < 0);
  if (badLevel >= 0) {
    fail(`granularity[${badLevel}] is ${granularity[badLevel]}, expected a level >= 0`);
  }
  if (!(alpha >= 0)) fail(`alpha must be a number >= 0 (or Infinity), got ${alpha}`);
  if (!(Number.isInteger(steps) && steps >= 0)) {
    fail(`steps must be a non-negative integer, got ${steps}`);
  }
  if (normalization !== "random-walk" && normalization !== "symmetric") {
    fail(`normalization must be "random-walk" or "symmetric", got ${normalization}`);
  }
  const graph = selfLoops ? addRemainingSelfLoops(withWeights(base)) : withWeights(base);
  const E = numEdges(graph);
  const src = graph.edgeIndex.subarray(0, E);
  const dst = graph.edgeIndex.subarray(E);
  const w = graph.edgeWeight!;
  const degree = new Float64Array(n);
  const byEnd = normalization === "random-walk" ? src : dst;
  for (let e = 0; e < E; e++) degree[byEnd[e]] += w[e];
  const coef = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    const u = src[e];
    const v = dst[e];
    const p = normalization === "random-walk"
      ? w[e] / degree[u]
      : w[e] / Math.sqrt(degree[u] * degree[v]);
    coef[e] = (Number.isFinite(p) ? p : 0) *
      damping(alpha, Math.abs(granularity[u] - granularity[v]));
  }
  let state = new Float64Array(n);
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i];
    if (!(Number.isInteger(s) && s >= 0 && s < n)) {
      fail(`sources[${i}] = ${s} is not a node id in [0, ${n})`);
    }
    state[s] += 1;
  }
  const numLevels = granularity.reduce((m, g) => Math.max(m, g + 1), 0);
  const information = [state];
  const total = new Float64Array(steps + 1);
  const byLevel = Array.from({ length: numLevels }, () => new Float64Array(steps + 1));
  const record = (t: number, values: Float64Array) => {
    for (let v = 0; v < n; v++) {
      total[t] += values[v];
      byLevel[granularity[v]][t] += values[v];
    }
  };
  record(0, state);
  for (let t = 1; t <= steps; t++) {
    const next = new Float64Array(n);
    for (let e = 0; e < E; e++) next[dst[e]] += coef[e] * state[src[e]];
    state = next;
    information.push(state);
    record(t, state);
  }
  return { information, total, byLevel };
}

function withWeights(graph: Graph): Graph {
  if (graph.edgeWeight) return graph;
  return { ...graph, edgeWeight: new Float32Array(numEdges(graph)).fill(1) };
}
