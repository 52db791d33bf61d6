import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../../lib/graph/graph.ts";
import { WeightedCosineLearner } from "../../lib/structure/metric_learner.ts";
import { edgeSimilarity } from "../../lib/structure/_weighted_cosine.ts";
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

const N = 40;
const D = 6;
const HEADS = 3;

/** A learner with seeded head weights and seeded embeddings `z` (as host values and a tensor). */
function setup(seed = 1) {
  const learner = new WeightedCosineLearner({ inChannels: D, heads: HEADS, seed });
  const zHost = normals(seed + 100, N * D);
  return { learner, zHost, z: tf.tensor2d(Float32Array.from(zHost), [N, D]) };
}

/** All similarities `s_ij` in float64, `[N, N]`. */
function similarities(zHost: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const u = embedRef(zHost, w, N, D, HEADS);
  const s = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) s[i * N + j] = rowDot(u, HEADS * D, i, j);
  }
  return s;
}

/** Brute-force kNN: per node i, the k best j != i by (s desc, j asc); edges j -> i. */
function knnReference(s: Float64Array, k: number) {
  const src: number[] = [];
  const dst: number[] = [];
  const weight: number[] = [];
  let margin = Infinity;
  for (let i = 0; i < N; i++) {
    const order = Array.from({ length: N }, (_, j) => j)
      .filter((j) => j !== i)
      .sort((a, b) => s[i * N + b] - s[i * N + a] || a - b);
    for (let t = 0; t < k; t++) {
      src.push(order[t]);
      dst.push(i);
      weight.push(Math.max(0, s[i * N + order[t]]));
    }
    // Gaps that decide the kept set and its order.
    for (let t = 0; t < k; t++) {
      margin = Math.min(margin, s[i * N + order[t]] - s[i * N + order[t + 1]]);
    }
  }
  return { src, dst, weight, margin };
}

function edges(graph: { edgeIndex: Int32Array }): { src: number[]; dst: number[] } {
  const e = graph.edgeIndex.length / 2;
  return {
    src: Array.from(graph.edgeIndex.subarray(0, e)),
    dst: Array.from(graph.edgeIndex.subarray(e)),
  };
}

testOnBackends("WeightedCosineLearner kNN equals a brute-force reference", () => {
  const { learner, zHost, z } = setup();
  const s = similarities(zHost, learner.weight.dataSync());
  const k = 5;
  const ref = knnReference(s, k);
  // Neighbours ranked apart by more than float32 noise, so the comparison is exact.
  assert(ref.margin > 1e-5, `test data has a near tie (${ref.margin})`);
  // Default tiles and tiny tiles (the triangle and its mirrored half across many blocks).
  for (const blockRows of [undefined, 7, 1]) {
    const learned = learner.forward(z, { k }, { blockRows });
    const got = edges(learned.graph);
    assertEquals(got.src, ref.src, `sources (blockRows ${blockRows})`);
    assertEquals(got.dst, ref.dst, `targets (blockRows ${blockRows})`);
    assertNear(values(learned.weights), ref.weight, { atol: 1e-5, message: "weights " });
    assertEquals(learned.graph.numNodes, N);
  }
});

testOnBackends("WeightedCosineLearner epsilon keeps the pairs above the threshold", () => {
  const { learner, zHost, z } = setup(2);
  const s = similarities(zHost, learner.weight.dataSync());
  const epsilon = 0.3;
  const src: number[] = [];
  const dst: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      if (i === j) continue;
      assert(Math.abs(s[i * N + j] - epsilon) > 1e-5, "test data has a pair at the threshold");
      if (s[i * N + j] > epsilon) {
        src.push(j);
        dst.push(i);
        weight.push(s[i * N + j] - epsilon);
      }
    }
  }
  assert(src.length > N && src.length < N * (N - 1), `uninformative threshold: ${src.length}`);
  for (const blockRows of [undefined, 3]) {
    const learned = learner.forward(z, { epsilon }, { blockRows });
    assertEquals(edges(learned.graph), { src, dst }, `edges (blockRows ${blockRows})`);
    assertNear(values(learned.weights), weight, { atol: 1e-5 });
  }
});

testOnCpu("WeightedCosineLearner symmetric adds each missing reverse edge once", () => {
  const { learner, z } = setup(3);
  const plain = edges(learner.forward(z, { k: 3 }).graph);
  const sym = learner.forward(z, { k: 3 }, { symmetric: true });
  const got = edges(sym.graph);
  const keys = got.src.map((u, e) => `${u}>${got.dst[e]}`);
  assertEquals(new Set(keys).size, keys.length, "no duplicate edges");
  const set = new Set(keys);
  for (let e = 0; e < plain.src.length; e++) {
    assert(set.has(`${plain.src[e]}>${plain.dst[e]}`), "kNN edge kept");
    assert(set.has(`${plain.dst[e]}>${plain.src[e]}`), "reverse edge added");
  }
  // The kNN edges come first, in order; the rest are exactly the missing reverses.
  assertEquals(got.src.slice(0, plain.src.length), plain.src);
  const expected = new Set(
    plain.src.flatMap((u, e) => [`${u}>${plain.dst[e]}`, `${plain.dst[e]}>${u}`]),
  );
  assertEquals(keys.length, expected.size);
  // Weights are symmetric: s_ij = s_ji.
  const w = values(sym.weights);
  const byKey = new Map(keys.map((key, e) => [key, w[e]]));
  for (const [key, value] of byKey) {
    assertNear([value], [byKey.get(key.split(">").reverse().join(">"))!], { atol: 1e-6 });
  }
});

/**
 * Checks d(sum_e r_e w_e)/d(z, weight) of `forward` against float64 finite differences of the
 * reference weights on the same (fixed) edges.
 */
function checkGradients(
  sparsify: { k: number } | { epsilon: number },
  seed: number,
): void {
  const { learner, zHost, z } = setup(seed);
  const learned = learner.forward(z, sparsify);
  const { src, dst } = edges(learned.graph);
  const E = src.length;
  const shift = "epsilon" in sparsify ? sparsify.epsilon : 0;
  const r = normals(seed + 7, E);
  const wHost = Float64Array.from(learner.weight.dataSync());
  const loss = (zz: ArrayLike<number>, ww: ArrayLike<number>): number => {
    const u = embedRef(zz, ww, N, D, HEADS);
    let total = 0;
    for (let e = 0; e < E; e++) total += r[e] * (rowDot(u, HEADS * D, src[e], dst[e]) - shift);
    return total;
  };
  // Away from relu's kink, so the reference needs no clamp.
  const minWeight = Math.min(...values(learned.weights));
  assert(minWeight > 1e-3, `an edge weight is near 0 (${minWeight})`);
  const zVar = tf.variable(z);
  const rT = tf.tensor1d(Float32Array.from(r));
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.mul(learner.forward(zVar as tf.Tensor2D, sparsify).weights, rT)),
    [zVar, learner.weight],
  );
  const fdZ = finiteDifferences((x) => loss(x, wHost), zHost);
  const fdW = finiteDifferences((x) => loss(zHost, x), wHost);
  assertNear(values(grads[zVar.name]), fdZ, { atol: 2e-4, rtol: 2e-3, message: "dz " });
  assertNear(values(grads[learner.weight.name]), fdW, { atol: 2e-4, rtol: 2e-3, message: "dw " });
  assert(fdW.some((g) => Math.abs(g) > 1e-2), "the weight gradient is informative");
  zVar.dispose();
}

testOnBackends("WeightedCosineLearner kNN weight gradients match finite differences", () => {
  checkGradients({ k: 2 }, 4);
});

testOnBackends("WeightedCosineLearner epsilon weight gradients match finite differences", () => {
  checkGradients({ epsilon: 0.4 }, 5);
});

testOnBackends("WeightedCosineLearner is deterministic per seed", () => {
  const a = setup(6);
  const b = setup(6);
  assertEquals(values(a.learner.weight), values(b.learner.weight));
  const first = a.learner.forward(a.z, { k: 4 });
  const second = b.learner.forward(b.z, { k: 4 });
  assertEquals(first.graph.edgeIndex, second.graph.edgeIndex);
  assertEquals(values(first.weights), values(second.weights));
  const other = new WeightedCosineLearner({ inChannels: D, heads: HEADS, seed: 7 });
  assert(values(other.weight).join() !== values(a.learner.weight).join(), "seeds differ");
});

testOnCpu("WeightedCosineLearner init ones is the plain cosine similarity", () => {
  const learner = new WeightedCosineLearner({ inChannels: 2, heads: 2, init: "ones" });
  const z = tf.tensor2d([[1, 0], [1, 1], [0, 1]]);
  const learned = learner.forward(z, { k: 1 });
  // Node 0's and node 2's nearest is node 1 (cos 1/sqrt 2); node 1 ties 0 and 2, takes 0.
  assertEquals(edges(learned.graph), { src: [1, 0, 1], dst: [0, 1, 2] });
  assertNear(values(learned.weights), [Math.SQRT1_2, Math.SQRT1_2, Math.SQRT1_2], { atol: 1e-6 });
  assertEquals(learner.toString(), "WeightedCosineLearner(2, heads=2)");
  assertEquals(learner.namedParameters().map(([name]) => name), ["weight"]);
});

testOnBackends(
  "WeightedCosineLearner gives a zero row zero similarity and finite gradients",
  () => {
    const learner = new WeightedCosineLearner({ inChannels: 2, heads: 2, init: "ones" });
    const z = tf.variable(tf.tensor2d([[1, 0], [0, 0], [1, 1], [0, 1]]));
    const { value, grads } = tf.variableGrads(() => {
      const learned = learner.forward(z as tf.Tensor2D, { k: 3 });
      const { src, dst } = edges(learned.graph);
      const w = values(learned.weights);
      // Every pair with node 1 (the zero row) has similarity 0.
      src.forEach((u, e) => (u === 1 || dst[e] === 1) && assertEquals(w[e], 0));
      return tf.sum(learned.weights);
    }, [z, learner.weight]);
    assert(value.dataSync()[0] > 0, "the other pairs keep their similarity");
    for (const g of Object.values(grads)) {
      assert(g.dataSync().every(Number.isFinite), "finite gradients");
    }
    z.dispose();
  },
);

testOnCpu("WeightedCosineLearner keeps the candidate search off the gradient tape", () => {
  const { learner, z } = setup(8);
  // Tensors alive after forward inside a gradient scope: taped tiles would be kept for backprop,
  // so their number would grow with the number of tiles.
  const aliveAfterForward = (blockRows: number): number => {
    let alive = 0;
    const { value, grads } = tf.variableGrads(() => {
      const before = tf.memory().numTensors;
      const weights = learner.forward(z, { k: 3 }, { blockRows }).weights;
      alive = tf.memory().numTensors - before;
      return tf.sum(weights);
    }, [learner.weight]);
    value.dispose();
    tf.dispose(grads);
    return alive;
  };
  const before = tf.memory().numTensors;
  assertEquals(aliveAfterForward(1), aliveAfterForward(N));
  assertEquals(tf.memory().numTensors, before, "no tensors left behind");
});

testOnCpu("WeightedCosineLearner names what is wrong", () => {
  const { learner, z } = setup();
  assertThrows(
    () => learner.forward(tf.zeros([N, D + 1]) as tf.Tensor2D, { k: 2 }),
    new RangeError(
      `Cannot apply WeightedCosineLearner: expected z with ${D} columns, got ${D + 1}`,
    ),
  );
  assertThrows(
    () => learner.forward(z, { k: N }),
    new RangeError(
      `Cannot apply WeightedCosineLearner: k must be an integer in [1, ${
        N - 1
      }] (at most numNodes - 1), got ${N}`,
    ),
  );
  assertThrows(
    () => learner.forward(z, { epsilon: NaN }),
    new RangeError("Cannot apply WeightedCosineLearner: epsilon must be a finite number, got NaN"),
  );
  assertThrows(
    () => learner.forward(z, {} as { k: number }),
    new TypeError("Cannot apply WeightedCosineLearner: expected sparsify { k } or { epsilon }"),
  );
  assertThrows(
    () => learner.forward(z, { epsilon: -2 }, { maxEdges: 100 }),
    new RangeError(
      "Cannot build WeightedCosineLearner graph: more than 100 pairs score above epsilon -2; raise epsilon, use { k } or raise maxEdges",
    ),
  );
  assertThrows(
    () => new WeightedCosineLearner({ inChannels: 0 }),
    new RangeError(
      "Cannot create WeightedCosineLearner: inChannels must be a positive integer, got 0",
    ),
  );
});

testOnCpu("edgeSimilarity() gradients follow an in-place edit of the learned graph's edges", () => {
  const graph = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 2], [1, 2, 3]] });
  const u = tf.tensor2d([[1, 0], [0.5, 0.5], [0, 1], [1, 1]]);
  const dy = tf.tensor1d([1, 2, 3]);
  const grad = (g: typeof graph) =>
    tf.grad((v: tf.Tensor) => tf.sum(tf.mul(edgeSimilarity(g, v as tf.Tensor2D), dy)));
  // dU = (S + S^T) U with S[v, u] = dy_e: the first call caches the edges with their reverses.
  const before = values(grad(graph)(u));
  graph.edgeIndex[2] = 0; // edge 2 -> 3 becomes 0 -> 3
  const after = values(grad(graph)(u));
  const fresh = createGraph({ numNodes: 4, edgeIndex: graph.edgeIndex.slice() });
  assertEquals(after, values(grad(fresh)(u)));
  assert(after.join() !== before.join(), "the edit changes the gradient");
});
