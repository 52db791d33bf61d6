import * as tf from "@tensorflow/tfjs";
import {
  AnchorGraphLearner,
  anchorPropagate,
  sampleAnchors,
} from "../../lib/structure/anchor_learner.ts";
import { denseA, denseR, handAnchorGraph } from "./_anchor_reference.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  assertNear,
  embedRef,
  finiteDifferences,
  normals,
  rowDot,
  testOnBackends,
  testOnCpu,
  values,
} from "./_learner_fixtures.ts";

const N = 30;
const D = 5;
const HEADS = 2;
const M = 7;

function setup(seed = 1) {
  const learner = new AnchorGraphLearner({ inChannels: D, heads: HEADS, numAnchors: M, seed });
  const zHost = normals(seed + 100, N * D);
  return { learner, zHost, z: tf.tensor2d(Float32Array.from(zHost), [N, D]) };
}

/** `D^-1 A h` in float64, `[N, F]` (rows with degree 0 give 0). */
function propagateRef(rd: Float64Array, h: ArrayLike<number>, n: number, m: number, f: number) {
  const a = denseA(rd, n, m);
  const out = new Float64Array(n * f);
  for (let i = 0; i < n; i++) {
    let deg = 0;
    for (let j = 0; j < n; j++) deg += a[i * n + j];
    if (deg === 0) continue;
    for (let c = 0; c < f; c++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * h[j * f + c];
      out[i * f + c] = s / deg;
    }
  }
  return out;
}

Deno.test("sampleAnchors() draws distinct sorted nodes per seed", () => {
  const a = sampleAnchors(50, 10, 3);
  assertEquals(a.length, 10);
  assertEquals(new Set(a).size, 10);
  assert(a.every((v, i) => v >= 0 && v < 50 && (i === 0 || a[i - 1] < v)), "sorted, in range");
  assertEquals(sampleAnchors(50, 10, 3), a);
  assert(sampleAnchors(50, 10, 4).join() !== a.join(), "seeds differ");
  assertEquals(Array.from(sampleAnchors(4, 4, 0)), [0, 1, 2, 3]);
  assertThrows(
    () => sampleAnchors(5, 6, 0),
    new RangeError(
      "Cannot sample anchors: numAnchors must be an integer in [1, 5] (numNodes), got 6",
    ),
  );
});

testOnBackends("AnchorGraphLearner kNN and epsilon equal a brute-force reference", () => {
  const { learner, zHost, z } = setup();
  const anchors = learner.anchorsFor(N);
  assertEquals(anchors, sampleAnchors(N, M, 1));
  const u = embedRef(zHost, learner.weight.dataSync(), N, D, HEADS);
  const score = (i: number, a: number) => rowDot(u, HEADS * D, i, anchors[a]);
  const k = 3;
  const src: number[] = [];
  const dst: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < N; i++) {
    const order = Array.from({ length: M }, (_, a) => a).sort((a, b) =>
      score(i, b) - score(i, a) || a - b
    );
    assert(score(i, order[k - 1]) - score(i, order[k]) > 1e-5, "near tie in test data");
    for (let t = 0; t < k; t++) {
      src.push(i);
      dst.push(anchors[order[t]]);
      weight.push(Math.max(0, score(i, order[t])));
    }
  }
  for (const blockRows of [undefined, 4]) {
    const r = learner.forward(z, { k }, { blockRows });
    const E = r.graph.edgeIndex.length / 2;
    assertEquals(Array.from(r.graph.edgeIndex.subarray(0, E)), src);
    assertEquals(Array.from(r.graph.edgeIndex.subarray(E)), dst);
    assertNear(values(r.weights), weight, { atol: 1e-5 });
    assertEquals(r.anchors, anchors);
  }
  // Epsilon: every (node, anchor) pair above the threshold, weight s - epsilon.
  const epsilon = 0.2;
  const eSrc: number[] = [];
  const eDst: number[] = [];
  const eWeight: number[] = [];
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < M; a++) {
      assert(Math.abs(score(i, a) - epsilon) > 1e-5, "pair at the threshold in test data");
      if (score(i, a) > epsilon) {
        eSrc.push(i);
        eDst.push(anchors[a]);
        eWeight.push(score(i, a) - epsilon);
      }
    }
  }
  const r = learner.forward(z, { epsilon });
  const E = r.graph.edgeIndex.length / 2;
  assertEquals(Array.from(r.graph.edgeIndex.subarray(0, E)), eSrc);
  assertEquals(Array.from(r.graph.edgeIndex.subarray(E)), eDst);
  assertNear(values(r.weights), eWeight, { atol: 1e-5 });
});

testOnBackends("anchorPropagate() equals the dense D^-1 R Λ^-1 R^T h", () => {
  const { r, w } = handAnchorGraph();
  const h = normals(5, 6 * 3);
  const out = anchorPropagate(r, tf.tensor2d(Float32Array.from(h), [6, 3]));
  assertEquals(out.shape, [6, 3]);
  const expected = propagateRef(denseR(r, w), h, 6, 3, 3);
  assertNear(values(out), expected, { atol: 1e-6 });
  // Node 3 has no anchor: its row is 0; rows of D^-1 A sum to 1 elsewhere.
  const ones = values(anchorPropagate(r, tf.ones([6, 1]) as tf.Tensor2D));
  assertNear(ones, [1, 1, 1, 0, 1, 1], { atol: 1e-6 });
});

testOnBackends("anchorPropagate() gradients match finite differences", () => {
  const { r, w } = handAnchorGraph();
  const F = 2;
  const h = normals(6, 6 * F);
  const rOut = normals(7, 6 * F);
  const loss = (ww: ArrayLike<number>, hh: ArrayLike<number>): number => {
    const out = propagateRef(denseR(r, ww), hh, 6, 3, F);
    return out.reduce((s, v, i) => s + v * rOut[i], 0);
  };
  const hT = tf.tensor2d(Float32Array.from(h), [6, F]);
  const rT = tf.tensor2d(Float32Array.from(rOut), [6, F]);
  const [gw, gh] = tf.grads((ww: tf.Tensor, hh: tf.Tensor) =>
    tf.sum(tf.mul(anchorPropagate({ ...r, weights: ww as tf.Tensor1D }, hh as tf.Tensor2D), rT))
  )([r.weights, hT]);
  assertNear(values(gw), finiteDifferences((x) => loss(x, h), w), { atol: 1e-5, rtol: 1e-4 });
  assertNear(values(gh), finiteDifferences((x) => loss(w, x), h), { atol: 1e-5, rtol: 1e-4 });
});

/**
 * Checks d(sum(rOut * anchorPropagate(forward(z), z)))/d(z, weight) against float64 finite
 * differences of the reference pipeline on the same (fixed) node-anchor pairs.
 */
function checkPipelineGradients(sparsify: { k: number } | { epsilon: number }, seed: number) {
  const { learner, zHost, z } = setup(seed);
  const shift = "epsilon" in sparsify ? sparsify.epsilon : 0;
  const r = learner.forward(z, sparsify);
  assert(Math.min(...values(r.weights)) > 1e-3, "an affinity is near relu's kink");
  const E = r.graph.edgeIndex.length / 2;
  const src = Array.from(r.graph.edgeIndex.subarray(0, E));
  const dst = Array.from(r.graph.edgeIndex.subarray(E));
  const rOut = normals(9, N * D);
  const wHost = Float64Array.from(learner.weight.dataSync());
  // loss = sum(rOut * propagate(R(z, w), z)): z enters both the graph and the features.
  const loss = (zz: ArrayLike<number>, ww: ArrayLike<number>): number => {
    const u = embedRef(zz, ww, N, D, HEADS);
    const weights = src.map((i, e) => rowDot(u, HEADS * D, i, dst[e]) - shift);
    const out = propagateRef(denseR(r, weights), zz, N, M, D);
    return out.reduce((s, v, i) => s + v * rOut[i], 0);
  };
  const zVar = tf.variable(z);
  const rT = tf.tensor2d(Float32Array.from(rOut), [N, D]);
  const { grads } = tf.variableGrads(() => {
    const graph = learner.forward(zVar as tf.Tensor2D, sparsify);
    return tf.sum(tf.mul(anchorPropagate(graph, zVar as tf.Tensor2D), rT));
  }, [zVar, learner.weight]);
  const fdW = finiteDifferences((x) => loss(zHost, x), wHost);
  assertNear(values(grads[zVar.name]), finiteDifferences((x) => loss(x, wHost), zHost), {
    atol: 5e-4,
    rtol: 5e-3,
    message: "dz ",
  });
  assertNear(values(grads[learner.weight.name]), fdW, { atol: 5e-4, rtol: 5e-3, message: "dw " });
  assert(fdW.some((g) => Math.abs(g) > 1e-2), "the weight gradient is informative");
  zVar.dispose();
}

testOnBackends(
  "AnchorGraphLearner kNN gradients through propagation match finite differences",
  () => {
    checkPipelineGradients({ k: 2 }, 4);
  },
);

testOnBackends(
  "AnchorGraphLearner epsilon gradients through propagation match finite differences",
  () => {
    checkPipelineGradients({ epsilon: 0.1 }, 6);
  },
);

testOnBackends("AnchorGraphLearner is deterministic per seed", () => {
  const a = setup(3);
  const b = setup(3);
  const ra = a.learner.forward(a.z, { k: 2 });
  const rb = b.learner.forward(b.z, { k: 2 });
  assertEquals(ra.graph.edgeIndex, rb.graph.edgeIndex);
  assertEquals(values(ra.weights), values(rb.weights));
  assertEquals(ra.anchors, rb.anchors);
  assert(setup(4).learner.anchorsFor(N).join() !== ra.anchors.join(), "seeds differ");
});

testOnCpu("AnchorGraphLearner takes given anchors and clamps m to N", () => {
  const { learner, z } = setup();
  const anchors = new Int32Array([0, 10, 20]);
  const r = learner.forward(z, { k: 1 }, { anchors });
  assertEquals(r.anchors, anchors);
  const E = r.graph.edgeIndex.length / 2;
  assert(Array.from(r.graph.edgeIndex.subarray(E)).every((v) => [0, 10, 20].includes(v)));
  const small = new AnchorGraphLearner({ inChannels: D, numAnchors: 100 });
  assertEquals(small.anchorsFor(N).length, N);
  assertEquals(small.toString(), `AnchorGraphLearner(${D}, heads=4, anchors=100)`);
});

testOnCpu("AnchorGraphLearner names what is wrong", () => {
  const { learner, z } = setup();
  assertThrows(
    () => learner.forward(z, { k: M + 1 }),
    new RangeError(
      `Cannot apply AnchorGraphLearner: k must be an integer in [1, ${M}] (at most the number of anchors), got ${
        M + 1
      }`,
    ),
  );
  assertThrows(
    () => learner.forward(z, { k: 1 }, { anchors: new Int32Array([1, 1]) }),
    new RangeError("Cannot apply AnchorGraphLearner: anchor 1 appears twice"),
  );
  assertThrows(
    () => learner.forward(z, { k: 1 }, { anchors: new Int32Array([N]) }),
    new RangeError(`Cannot apply AnchorGraphLearner: anchors[0] = ${N} is out of range [0, ${N})`),
  );
  assertThrows(
    () => anchorPropagate(learner.forward(z, { k: 1 }), tf.zeros([N + 1, 2]) as tf.Tensor2D),
    new RangeError(
      `Cannot compute anchorPropagate: expected [${N}, F] features (one row per node), got shape [${
        N + 1
      },2]`,
    ),
  );
});

testOnCpu("AnchorGraphLearner hands out copies of its anchors", () => {
  const learner = new AnchorGraphLearner({ inChannels: D, heads: 1, numAnchors: M, seed: 5 });
  const anchors = learner.anchorsFor(N);
  const kept = anchors.slice();
  anchors[0] = anchors[1]; // editing a result must not change the learner's own anchors
  assertEquals(learner.anchorsFor(N), kept);
});
