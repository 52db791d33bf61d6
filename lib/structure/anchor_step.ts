/**
 * One propagation step over the input graph mixed with an anchor graph, with a hand-written
 * gradient that recomputes the step instead of keeping its intermediates.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { adjacency, type SparseAdjacency } from "../sparse/adjacency.ts";
import { sddmm } from "../sparse/sddmm.ts";
import { spmm } from "../sparse/spmm.ts";
import type { AnchorGraph } from "./anchor_learner.ts";
import { propagateOverAnchors, TINY } from "./_anchor_graph.ts";

/** The operator `P = (1 - lambda) Â + lambda D^-1 R Λ^-1 R^T` of {@linkcode anchorStep}. */
export interface AnchorMix {
  /** `Â`: the (normalised) input graph, as given to `spmm`. */
  input: SparseAdjacency;
  /** `R`: the node-anchor affinities (from `AnchorGraphLearner.forward`). */
  r: AnchorGraph;
  /** The anchor graph's share lambda: a number, or a scalar tensor to learn it. */
  lambda: number | tf.Scalar;
}

/**
 * `P h = (1 - lambda) Â h + lambda anchorPropagate(R, h)`: one step of propagation over the input
 * graph mixed with the node graph `R Λ^-1 R^T` of an anchor graph (IDGL, Chen et al. 2020,
 * https://arxiv.org/abs/2006.13009), never forming the N x N graph.
 *
 * Its gradient is written by hand and recomputes the step: autodiff would keep about eight
 * `[N, F]` intermediates per step, for K steps times the samples of a training forward (at arxiv
 * scale with 32 channels, K = 8 and 4 samples a training step passed 12 GiB on the cpu backend);
 * this keeps h, R's weights and lambda. With `Λ = diag(R^T 1)`, `d = R 1`, `s = Λ^-1 R^T h`,
 * `p = D^-1 R s`, `a = Â h`, `out = (1 - lambda) a + lambda p` and `g = dL/dout`:
 *
 * ```text
 * dL/dlambda = sum(g ⊙ (p - a))
 * gb = lambda g / d,     dd_i = -gb_i · p_i,     gs = R^T gb
 * gt = gs / Λ,           dΛ_a = -gt_a · s_a
 * dL/dh = (1 - lambda) Â^T g + R gt
 * dL/dR_ia = s_a · gb_i + h_i · gt_a + dΛ_a + dd_i
 * ```
 *
 * Degrees below 1e-12 are clamped as in `anchorPropagate`, and get no gradient.
 *
 * Shapes: `h` `[N, F]`, `R` with edges `i -> anchors[a]` on the N nodes, result `[N, F]`.
 *
 * @param h node representations `[N, F]`
 * @param mix the input graph, R and lambda
 * @returns `(1 - lambda) Â h + lambda D^-1 R Λ^-1 R^T h`, differentiable in `h`, R's weights and
 * a tensor lambda
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { createGraph } from "../graph/graph.ts";
 * import { adjacency } from "../sparse/adjacency.ts";
 * import { anchorStep } from "./anchor_step.ts";
 * // Two nodes, no input edges; both attach to anchor node 0 with weights 1 and 3.
 * const input = adjacency(createGraph({ numNodes: 2, edgeIndex: [[], []] }));
 * const r = {
 *   graph: createGraph({ numNodes: 2, edgeIndex: [[0, 1], [0, 0]] }),
 *   weights: tf.tensor1d([1, 3]),
 *   anchors: new Int32Array([0]),
 * };
 * const out = anchorStep(tf.tensor2d([[4], [8]]), { input, r, lambda: 0.5 }).dataSync();
 * // 0.5 * 0 + 0.5 * (1 * 4 + 3 * 8) / 4 = 3.5 for both nodes.
 * if (out.join() !== "3.5,3.5") throw new Error(`unexpected ${out}`);
 * ```
 */
export function anchorStep(h: tf.Tensor2D, { input, r, lambda }: AnchorMix): tf.Tensor2D {
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
