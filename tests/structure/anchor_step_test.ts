import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { spmm } from "../../lib/sparse/spmm.ts";
import { type AnchorGraph, anchorPropagate } from "../../lib/structure/anchor_learner.ts";
import { anchorStep } from "../../lib/structure/anchor_step.ts";
import { assert, assertEquals } from "../_assert.ts";
import { denseAdjacency, randomGraph } from "../nn/_fixtures.ts";
import { denseA, denseR } from "./_anchor_reference.ts";
import {
  assertNear,
  finiteDifferences,
  normals,
  testOnBackends,
  testOnCpu,
} from "./_learner_fixtures.ts";

const N = 7;
const F = 3;
const ANCHORS = new Int32Array([1, 4, 6]);

/**
 * A weighted 7-node input graph and R: every node attaches to anchors 1 and 4 (column 6 stays
 * empty, Λ = 0 there), node 0 with weight 0 on both (degree 0: the clamped case), the others with
 * weights in [0.5, 1.5).
 */
function setup() {
  const inputGraph = randomGraph(N, 0.4, 3, true);
  const input = adjacency(inputGraph);
  // A[v, u]: the weight of edge u -> v, as spmm propagates.
  const inputDense = denseAdjacency(inputGraph).arraySync();
  const src: number[] = [];
  const dst: number[] = [];
  const rng = createRng(5);
  const w: number[] = [];
  for (let i = 0; i < N; i++) {
    for (const a of [1, 4]) {
      src.push(i);
      dst.push(a);
      w.push(i === 0 ? 0 : Math.fround(0.5 + rng.next()));
    }
  }
  const graph = createGraph({ numNodes: N, edgeIndex: [src, dst] });
  const h = Array.from(normals(1, N * F));
  const probe = Array.from(normals(2, N * F));
  return { input, inputDense, graph, w, h, probe };
}

/** `sum(probe ⊙ ((1 - λ) Â h + λ D^-1 R Λ^-1 R^T h))` in float64 (zero degrees contribute 0). */
function denseLoss(
  s: ReturnType<typeof setup>,
  h: ArrayLike<number>,
  w: ArrayLike<number>,
  lambda: number,
): number {
  const r = { graph: s.graph, weights: undefined as never, anchors: ANCHORS };
  const A = denseA(denseR(r, w), N, ANCHORS.length);
  let loss = 0;
  for (let i = 0; i < N; i++) {
    let d = 0;
    for (let j = 0; j < N; j++) d += A[i * N + j];
    for (let c = 0; c < F; c++) {
      let a = 0;
      let p = 0;
      for (let j = 0; j < N; j++) {
        a += s.inputDense[i][j] * h[j * F + c];
        if (d > 0) p += A[i * N + j] / d * h[j * F + c];
      }
      loss += s.probe[i * F + c] * ((1 - lambda) * a + lambda * p);
    }
  }
  return loss;
}

/** The step with autodiff only: `(1 - λ) spmm(Â, h) + λ anchorPropagate(R, h)`. */
function autodiffStep(
  input: ReturnType<typeof setup>["input"],
  r: AnchorGraph,
  h: tf.Tensor2D,
  lambda: tf.Scalar,
): tf.Tensor2D {
  return tf.add(
    tf.mul(tf.sub(1, lambda), spmm(input, h)),
    tf.mul(lambda, anchorPropagate(r, h)),
  ) as tf.Tensor2D;
}

testOnBackends("anchorStep() is (1 - λ) Â h + λ D^-1 R Λ^-1 R^T h", () => {
  const s = setup();
  const r = { graph: s.graph, weights: tf.tensor1d(s.w), anchors: ANCHORS };
  const h = tf.tensor2d(s.h, [N, F]);
  const probe = tf.tensor2d(s.probe, [N, F]);
  for (const lambda of [0.3, tf.scalar(0.7)]) {
    const out = anchorStep(h, { input: s.input, r, lambda });
    assertEquals(out.shape, [N, F]);
    const loss = tf.sum(tf.mul(out, probe)).dataSync()[0];
    const l = typeof lambda === "number" ? lambda : lambda.dataSync()[0];
    assertNear([loss], [denseLoss(s, s.h, s.w, l)], { atol: 1e-5, rtol: 1e-5 });
  }
});

testOnBackends("anchorStep()'s hand-written gradients equal autodiff's", () => {
  const s = setup();
  const r = (w: tf.Tensor1D) => ({ graph: s.graph, weights: w, anchors: ANCHORS });
  const probe = tf.tensor2d(s.probe, [N, F]);
  const args = [tf.tensor2d(s.h, [N, F]), tf.tensor1d(s.w), tf.scalar(0.4)];
  const loss = (step: typeof autodiffStep) => (...[h, w, lam]: tf.Tensor[]) =>
    tf.sum(tf.mul(step(s.input, r(w as tf.Tensor1D), h as tf.Tensor2D, lam as tf.Scalar), probe));
  const hand = (input: typeof s.input, rr: AnchorGraph, h: tf.Tensor2D, lambda: tf.Scalar) =>
    anchorStep(h, { input, r: rr, lambda });
  const expected = tf.grads(loss(autodiffStep))(args);
  const actual = tf.grads(loss(hand))(args);
  ["h", "R's weights", "lambda"].forEach((name, i) => {
    const want = expected[i].dataSync();
    assert(want.some((g) => g !== 0), `autodiff gives no gradient for ${name}`);
    assertNear(actual[i].dataSync(), want, { atol: 1e-6, rtol: 1e-5, message: `${name} ` });
  });
});

testOnCpu(
  "anchorStep()'s gradients equal central finite differences of a float64 reference",
  () => {
    const s = setup();
    const lambda = 0.4;
    const probe = tf.tensor2d(s.probe, [N, F]);
    const [dh, dw, dLambda] = tf.grads((...[h, w, lam]: tf.Tensor[]) =>
      tf.sum(tf.mul(
        anchorStep(h as tf.Tensor2D, {
          input: s.input,
          r: { graph: s.graph, weights: w as tf.Tensor1D, anchors: ANCHORS },
          lambda: lam as tf.Scalar,
        }),
        probe,
      ))
    )([tf.tensor2d(s.h, [N, F]), tf.tensor1d(s.w), tf.scalar(lambda)]);
    const tol = { atol: 1e-4, rtol: 1e-3 };
    assertNear(
      dh.dataSync(),
      finiteDifferences((h) => denseLoss(s, h, s.w, lambda), s.h),
      { ...tol, message: "dh " },
    );
    // Node 0's weights (entries 0 and 1) sit at degree 0, where the step is not differentiable (any
    // positive weight switches its propagation on; both gradients divide by the clamped degree
    // there); the others are smooth.
    const numericW = finiteDifferences((w) => denseLoss(s, s.h, w, lambda), s.w);
    assertNear(dw.dataSync().slice(2), numericW.slice(2), { ...tol, message: "dw " });
    const numericLambda = finiteDifferences(([l]) => denseLoss(s, s.h, s.w, l), [lambda]);
    assertNear(dLambda.dataSync(), numericLambda, { ...tol, message: "dlambda " });
  },
);
