/**
 * Gradient explanations (PyG's `CaptumExplainer` methods): saliency, input x gradient and
 * integrated gradients over the node features, and GAT's attention weights over the edges.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Model } from "../models/model.ts";
import { GATConv } from "../nn/gat_conv.ts";
import type { ExplainContext, ExplainMethod, MethodResult } from "./explain.ts";

/** Defaults of the gradient methods' settings. */
export const GRADIENT_DEFAULTS = {
  /** Integrated gradients' quadrature points (Captum's `n_steps` default). */
  steps: 50,
  /** Integrated gradients' baseline: every feature of every subgraph node set to this value. */
  baseline: 0,
  /** How attention is reduced over layers and heads (PyG's `AttentionExplainer` default). */
  reduce: "max" as "max" | "mean",
} as const;

/**
 * Gauss-Legendre points and weights on `[0, 1]` (numpy's `leggauss(n)` mapped from `[-1, 1]`),
 * the quadrature Captum's integrated gradients uses by default: exact for polynomials of degree
 * `2n - 1`.
 *
 * @example
 * ```ts
 * import { gaussLegendre } from "./gradients.ts";
 * const { points, weights } = gaussLegendre(3);
 * const integral = points.reduce((s, t, i) => s + weights[i] * t ** 5, 0); // ∫ t^5 dt = 1/6
 * if (Math.abs(integral - 1 / 6) > 1e-12) throw new Error(`${integral}`);
 * ```
 */
export function gaussLegendre(n: number): { points: number[]; weights: number[] } {
  const points: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    // Newton's method on P_n from the Chebyshev estimate of root i.
    let z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k];
      if (n === 1) p0 = 1;
      dp = n * (z * p1 - p0) / (z * z - 1);
      const step = p1 / dp;
      z -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    points.push((1 - z) / 2);
    weights.push(1 / ((1 - z * z) * dp * dp));
  }
  return { points, weights };
}

/** `d sum(score) / d x` on the subgraph's rows `[n, F]`. */
function featureGradient(ctx: ExplainContext, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const g = tf.grad((xs: tf.Tensor) => tf.sum(ctx.score(xs as tf.Tensor2D)))(x);
    return tf.slice(g, [0, 0], [ctx.numNodes, -1]) as tf.Tensor2D;
  });
}

/**
 * Why `model` cannot take an edge mask (forward option `edgeMask`), or `undefined` when it can:
 * GCN, GAT, GraphSAGE with mean or sum, AdaptiveGNN without a learned graph or multi-granularity.
 *
 * @example
 * ```ts
 * import { createModel } from "../models/create_model.ts";
 * import { edgeMaskUnsupported } from "./gradients.ts";
 * const mlp = createModel("mlp", { inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * if (edgeMaskUnsupported(mlp) === undefined) throw new Error("an MLP has no edges to mask");
 * mlp.dispose();
 * ```
 */
export function edgeMaskUnsupported(model: Model): string | undefined {
  const config = model.config as {
    aggregation?: string;
    learnedGraph?: unknown;
    multiGranularity?: unknown;
  };
  switch (model.name) {
    case "gcn":
    case "gat":
      return undefined;
    case "sage":
      return config.aggregation === "max" ? 'GraphSAGE with aggregation "max"' : undefined;
    case "adaptive":
      return config.learnedGraph
        ? "AdaptiveGNN with a learned graph"
        : config.multiGranularity
        ? "AdaptiveGNN with multiGranularity"
        : undefined;
    default:
      return `model "${model.name}" takes no edge mask`;
  }
}

/** `d sum(score) / d mask` at `mask` `[E_s]`. */
function edgeGradient(ctx: ExplainContext, mask: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() =>
    tf.grad((m: tf.Tensor) => tf.sum(ctx.score(ctx.x, m as tf.Tensor1D)))(mask) as tf.Tensor1D
  );
}

/** Whether the method also attributes to the subgraph's edges. */
function withEdges(ctx: ExplainContext): boolean {
  return ctx.numEdges > 0 && edgeMaskUnsupported(ctx.model) === undefined;
}

/** The gradient with respect to a mask of ones on the subgraph's edges, mapped by `map`. */
function edgeMaskAtOnes(
  ctx: ExplainContext,
  map: (g: tf.Tensor1D) => tf.Tensor1D,
): Float32Array | undefined {
  if (!withEdges(ctx)) return undefined;
  return tf.tidy(() =>
    Float32Array.from(map(edgeGradient(ctx, tf.ones([ctx.numEdges]))).dataSync())
  );
}

/** The result's masks from attributions `[n, F]`: per node and feature, per node, per feature. */
function featureMasks(attribution: tf.Tensor2D): MethodResult {
  return tf.tidy(() => ({
    nodeFeatureMask: Float32Array.from(attribution.dataSync()),
    nodeMask: Float32Array.from(tf.sum(attribution, 1).dataSync()),
    featureMask: Float32Array.from(tf.sum(attribution, 0).dataSync()),
  }));
}

function checkSettings(
  settings: Readonly<Record<string, unknown>>,
  known: string[],
  method: string,
): void {
  for (const key of Object.keys(settings)) {
    if (!known.includes(key)) {
      throw new RangeError(
        `Cannot explain: settings.${key} is unknown for method "${method}"${
          known.length ? ` (expected ${known.join(", ")})` : " (it takes none)"
        }`,
      );
    }
  }
}

/**
 * Saliency (Simonyan et al. 2014, https://arxiv.org/abs/1312.6034): `|d f / d x|`, the absolute
 * gradient of the explained output `f` with respect to every feature of every subgraph node
 * (Captum's `Saliency`, `abs=True`); where the model takes an edge mask, also `|d f / d m_e|` at
 * the mask `m = 1` for every subgraph edge (PyG's Captum edge mask).
 */
const saliency: ExplainMethod = {
  resolveSettings: (s) => (checkSettings(s, [], "saliency"), {}),
  run: (ctx) => {
    const g = tf.tidy(() => tf.abs(featureGradient(ctx, ctx.x)) as tf.Tensor2D);
    const out = featureMasks(g);
    g.dispose();
    return { ...out, edgeMask: edgeMaskAtOnes(ctx, (e) => tf.abs(e)) };
  },
};

/**
 * Input x gradient (Shrikumar et al. 2016, https://arxiv.org/abs/1605.01713): `x ⊙ d f / d x`,
 * signed (Captum's `InputXGradient`); the edge mask is `1 · d f / d m_e` at `m = 1`.
 */
const inputXGradient: ExplainMethod = {
  resolveSettings: (s) => (checkSettings(s, [], "inputXGradient"), {}),
  run: (ctx) => {
    const a = tf.tidy(() => {
      const rows = tf.slice(ctx.x, [0, 0], [ctx.numNodes, -1]);
      return tf.mul(rows, featureGradient(ctx, ctx.x)) as tf.Tensor2D;
    });
    const out = featureMasks(a);
    a.dispose();
    // The mask's input is 1 on every edge, so mask x gradient is the gradient.
    return { ...out, edgeMask: edgeMaskAtOnes(ctx, (e) => e) };
  },
};

/**
 * Integrated gradients (Sundararajan et al. 2017, https://arxiv.org/abs/1703.01365), Captum's
 * `IntegratedGradients` with its default Gauss-Legendre quadrature:
 *
 * ```text
 * IG_i = (x_i - x'_i) ∫_0^1 ∂f(x' + α (x - x')) / ∂x_i dα  ≈  (x_i - x'_i) Σ_k w_k ∂f(x' + α_k (x - x')) / ∂x_i
 * ```
 *
 * over every feature of every subgraph node, with the baseline `x'` a constant (`baseline`,
 * default 0) and `steps` points (default 50, Captum's `n_steps`). Completeness, `Σ IG_i = f(x) -
 * f(x')`, holds up to the quadrature error: `diagnostics.completenessError` reports
 * `|Σ IG_i - (f(x) - f(x'))|` (summed over the explained nodes). Where the model takes an edge
 * mask, the edges are integrated on their own path, features fixed and the mask from 0 (no
 * messages) to 1, with `diagnostics.edgeCompletenessError` = `|Σ IG_e - (f(m = 1) - f(m = 0))|`.
 */
const integratedGradients: ExplainMethod = {
  resolveSettings: (s) => {
    checkSettings(s, ["steps", "baseline"], "integratedGradients");
    const { steps = GRADIENT_DEFAULTS.steps, baseline = GRADIENT_DEFAULTS.baseline } = s as {
      steps?: number;
      baseline?: number;
    };
    if (!(Number.isInteger(steps) && steps > 0)) {
      throw new RangeError(
        `Cannot explain: settings.steps must be a positive integer, got ${steps}`,
      );
    }
    if (!Number.isFinite(baseline)) {
      throw new RangeError(
        `Cannot explain: settings.baseline must be a finite number, got ${baseline}`,
      );
    }
    return { steps, baseline };
  },
  run: (ctx, settings) => {
    const { steps, baseline } = settings as { steps: number; baseline: number };
    const { points, weights } = gaussLegendre(steps);
    const base = tf.fill(ctx.x.shape, baseline) as tf.Tensor2D;
    const delta = tf.sub(ctx.x, base) as tf.Tensor2D;
    let sum = tf.zeros([ctx.numNodes, ctx.x.shape[1]]) as tf.Tensor2D;
    for (let k = 0; k < steps; k++) {
      const next = tf.tidy(() => {
        const point = tf.add(base, tf.mul(points[k], delta)) as tf.Tensor2D;
        return tf.add(sum, tf.mul(weights[k], featureGradient(ctx, point))) as tf.Tensor2D;
      });
      sum.dispose();
      sum = next;
    }
    const attribution = tf.mul(tf.slice(delta, [0, 0], [ctx.numNodes, -1]), sum) as tf.Tensor2D;
    const out = featureMasks(attribution);
    const [fx, fBase] = tf.tidy(() => [tf.sum(ctx.score()), tf.sum(ctx.score(base))])
      .map((t) => {
        const v = t.dataSync()[0];
        t.dispose();
        return v;
      });
    const total = out.featureMask!.reduce((a, b) => a + b, 0);
    tf.dispose([base, delta, sum, attribution]);
    const diagnostics: Record<string, number> = {
      completenessError: Math.abs(total - (fx - fBase)),
    };
    if (!withEdges(ctx)) return { ...out, diagnostics };
    // The edges on their own path: features fixed, the mask from 0 (no messages) to 1.
    const edgeMask = new Float32Array(ctx.numEdges);
    for (let k = 0; k < steps; k++) {
      const g = tf.tidy(() => edgeGradient(ctx, tf.fill([ctx.numEdges], points[k])).dataSync());
      for (let e = 0; e < edgeMask.length; e++) edgeMask[e] += weights[k] * g[e];
    }
    const fNoEdges = tf.tidy(() =>
      tf.sum(ctx.score(ctx.x, tf.zeros([ctx.numEdges]))).dataSync()[0]
    );
    diagnostics.edgeCompletenessError = Math.abs(
      edgeMask.reduce((a, b) => a + b, 0) - (fx - fNoEdges),
    );
    return { ...out, edgeMask, diagnostics };
  },
};

/**
 * GAT's attention coefficients as an edge mask (PyG's `AttentionExplainer`): each subgraph edge
 * gets its `α` reduced over layers and heads (`reduce`: `"max"`, PyG's default, or `"mean"`).
 * A self loop of the subgraph gets the layer's loop coefficient. Only for models with attention.
 */
const attention: ExplainMethod = {
  notApplicable: (model: Model) =>
    attentionLayers(model).length === 0
      ? "it has no attention layers (attention applies to GAT)"
      : undefined,
  resolveSettings: (s) => {
    checkSettings(s, ["reduce"], "attention");
    const { reduce = GRADIENT_DEFAULTS.reduce } = s as { reduce?: string };
    if (reduce !== "max" && reduce !== "mean") {
      throw new RangeError(
        `Cannot explain: settings.reduce must be "max" or "mean", got "${reduce}"`,
      );
    }
    return { reduce };
  },
  run: (ctx, settings) => {
    const { reduce } = settings as { reduce: "max" | "mean" };
    const convs = attentionLayers(ctx.model);
    const E = ctx.numEdges;
    const { src, dst } = ctx.adj;
    const N = ctx.adj.numNodes;
    // Position of each subgraph edge among the propagation edges: loops removed, one per node appended.
    const nonLoops = Array.from(src, (s, e) => s !== dst[e] ? 1 : 0).reduce(
      (a: number, b) => a + b,
      0,
    );
    const position = new Int32Array(E);
    for (let e = 0, j = 0; e < ctx.adj.numEdges; e++) {
      const loop = src[e] === dst[e];
      if (e < E) position[e] = loop ? nonLoops + src[e] : j;
      if (!loop) j++;
    }
    const mask = new Float32Array(E).fill(reduce === "max" ? -Infinity : 0);
    let h: tf.Tensor2D = ctx.x;
    let count = 0;
    convs.forEach((conv, layer) => {
      const alpha = conv.attention(h, ctx.adj).arraySync() as number[][];
      if (alpha.length !== nonLoops + N) throw new Error("unexpected attention edges");
      for (let e = 0; e < E; e++) {
        for (const a of alpha[position[e]]) {
          mask[e] = reduce === "max" ? Math.max(mask[e], a) : mask[e] + a;
        }
      }
      count += alpha[0]?.length ?? 0;
      if (layer < convs.length - 1) {
        const next = tf.tidy(() => tf.elu(conv.forward(h, ctx.adj)) as tf.Tensor2D);
        if (h !== ctx.x) h.dispose();
        h = next;
      }
    });
    if (h !== ctx.x) h.dispose();
    if (reduce === "mean") { for (let e = 0; e < E; e++) mask[e] /= count; }
    return { edgeMask: mask };
  },
};

function attentionLayers(model: Model): GATConv[] {
  const convs = (model as { convs?: unknown[] }).convs ?? [];
  return convs.every((c) => c instanceof GATConv) ? convs as GATConv[] : [];
}

/** The gradient methods, by registry name. */
export const GRADIENT_METHODS: Readonly<Record<string, ExplainMethod>> = {
  saliency,
  inputXGradient,
  integratedGradients,
  attention,
};
