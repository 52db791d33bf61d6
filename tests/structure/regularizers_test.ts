import * as tf from "@tensorflow/tfjs";
import {
  assertNear,
  finiteDifferences as centralDifferences,
  normals,
  rows,
  testOnBackends,
  values,
} from "./_learner_fixtures.ts";
import { denseA, denseR, handAnchorGraph } from "./_anchor_reference.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import {
  dirichletEnergy,
  graphRegularization,
  logDegreeBarrier,
  sparsityL1,
} from "../../lib/structure/regularizers.ts";
import type { LearnedGraph } from "../../lib/structure/types.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "../_assert.ts";
import { BACKENDS, randomTensor, useBackend } from "../nn/_fixtures.ts";

// The hand example: 3 nodes, A[v][u] the weight of u -> v, with a self loop on node 2.
//   A = [[0, 0.5, 0.5],      X = [[1, 0],
//        [1, 0,   0  ],           [0, 1],
//        [0, 0.25, 0.75]]         [1, 1]]
// L1 = 0.5 + 0.5 + 1 + 0.25 + 0.75 = 3.
// Row sums 1, 1, 1; column sums 1, 0.75, 1.25; symmetrised degrees d = (row + col) / 2
//   = 1, 0.875, 1.125; barrier = -(log 1 + log 0.875 + log 1.125) / 3.
// Squared distances: |x0 - x1|^2 = 2, |x0 - x2|^2 = 1, |x1 - x2|^2 = 1.
// Dirichlet energy = 1/2 Σ_ij A_ij |x_i - x_j|^2 = 1/2 (0.5*2 + 0.5*1 + 1*2 + 0.25*1 + 0.75*0)
//   = 1/2 * 3.75 = 1.875. Check by tr(X^T L X) = Σ d_i |x_i|^2 - Σ A_s,ij x_i·x_j
//   = (1 + 0.875 + 2 * 1.125) - (2 * 0.25 * 1 + 2 * 0.125 * 1 + 0.75 * 2) = 4.125 - 2.25 = 1.875.
const HAND_A = [[0, 0.5, 0.5], [1, 0, 0], [0, 0.25, 0.75]];
const HAND_X = [[1, 0], [0, 1], [1, 1]];
const HAND = {
  l1: 3,
  barrier: -(Math.log(1) + Math.log(0.875) + Math.log(1.125)) / 3,
  energy: 1.875,
};

/** The hand example as an edge list, shuffled, with A[0][1] = 0.5 split into two duplicate edges. */
function handEdges(): LearnedGraph {
  const edges: [number, number, number][] = [
    [2, 2, 0.75], // u -> v, weight
    [0, 1, 1],
    [1, 0, 0.2],
    [1, 2, 0.25],
    [2, 0, 0.5],
    [1, 0, 0.3],
  ];
  const graph = createGraph({
    numNodes: 3,
    edgeIndex: [edges.map((e) => e[0]), edges.map((e) => e[1])],
  });
  return { graph, weights: tf.tensor1d(edges.map((e) => e[2])) };
}

/** Float64 references, from the definitions (energy by pairwise distances, not the trace form). */
function reference(a: number[][], x: number[][], eps = 0) {
  const n = a.length;
  let l1 = 0;
  let energy = 0;
  const deg = new Array(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      l1 += Math.abs(a[i][j]);
      deg[i] += a[i][j] / 2;
      deg[j] += a[i][j] / 2;
      energy += a[i][j] * x[i].reduce((s, v, k) => s + (v - x[j][k]) ** 2, 0) / 2;
    }
  }
  const barrier = -deg.reduce((s, d) => s + Math.log(d + eps), 0) / n;
  return { l1, barrier, energy };
}

/** A random nonnegative `[n, n]` matrix with about `density` nonzeros, and its edge list. */
function randomSparseGraph(n: number, density: number, seed: number) {
  const rng = createRng(seed);
  const a = Array.from({ length: n }, () => new Array(n).fill(0));
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  for (let v = 0; v < n; v++) {
    for (let u = 0; u < n; u++) {
      if (rng.next() < density) {
        a[v][u] = Math.fround(0.1 + rng.next());
        src.push(u);
        dst.push(v);
        w.push(a[v][u]);
      }
    }
  }
  const graph = createGraph({ numNodes: n, edgeIndex: [src, dst] });
  return { a, learned: { graph, weights: tf.tensor1d(w) } as LearnedGraph };
}

/** Central finite differences of `f` at `at`, one per entry. */
// The shared float64 helper, on plain arrays.
const finiteDifferences = (at: number[], f: (v: number[]) => number, step = 1e-5): number[] =>
  Array.from(centralDifferences((v) => f(Array.from(v)), at, step));

const value = (t: tf.Scalar) => t.dataSync()[0];

for (const backend of BACKENDS) {
  Deno.test(`regularizers match the hand example, dense and as an edge list, on ${backend}`, async () => {
    await useBackend(backend);
    const x = tf.tensor2d(HAND_X);
    for (const [form, a] of [["dense", tf.tensor2d(HAND_A)], ["edges", handEdges()]] as const) {
      const message = `${form}: `;
      assertAllClose([value(sparsityL1(a))], [HAND.l1], { atol: 1e-6, message });
      assertAllClose([value(logDegreeBarrier(a, { eps: 0 }))], [HAND.barrier], {
        atol: 1e-6,
        message,
      });
      assertAllClose([value(dirichletEnergy(a, x))], [HAND.energy], { atol: 1e-6, message });
      // The normalised variants divide by N = 3 or N^2 = 9.
      assertAllClose(
        [
          value(sparsityL1(a, { normalize: "nodes" })),
          value(sparsityL1(a, { normalize: "entries" })),
          value(dirichletEnergy(a, x, { normalize: "nodes" })),
          value(dirichletEnergy(a, x, { normalize: "entries" })),
        ],
        [3 / 3, 3 / 9, 1.875 / 3, 1.875 / 9],
        { atol: 1e-6, message },
      );
    }
  });

  Deno.test(`regularizers agree between dense A and its edge list, values and gradients, on ${backend}`, async () => {
    await useBackend(backend);
    const { a, learned } = randomSparseGraph(9, 0.3, 5);
    const dense = tf.tensor2d(a);
    const x = randomTensor(6, [9, 4]);
    const src = learned.graph.edgeIndex.subarray(0, learned.weights.size);
    const dst = learned.graph.edgeIndex.subarray(learned.weights.size);
    const cases: [string, (g: tf.Tensor2D | LearnedGraph, x: tf.Tensor2D) => tf.Scalar][] = [
      ["sparsityL1", (g) => sparsityL1(g, { normalize: "entries" })],
      ["logDegreeBarrier", (g) => logDegreeBarrier(g)],
      ["dirichletEnergy", (g, x) => dirichletEnergy(g, x)],
    ];
    for (const [name, f] of cases) {
      assertAllClose([value(f(learned, x))], [value(f(dense, x))], { atol: 1e-5, message: name });
      const dA = tf.grad((m) => f(m as tf.Tensor2D, x))(dense).dataSync();
      const dW = tf.grad((w) => f({ graph: learned.graph, weights: w as tf.Tensor1D }, x))(
        learned.weights,
      );
      // dL/dw_e = dL/dA[v, u] for e = (u -> v).
      const expected = Array.from(src, (u, e) => dA[dst[e] * 9 + u]);
      assertAllClose(dW.dataSync(), expected, { atol: 1e-5, message: `${name} weights: ` });
    }
    const dXDense = tf.grad((xt) => dirichletEnergy(dense, xt as tf.Tensor2D))(x);
    const dXEdges = tf.grad((xt) => dirichletEnergy(learned, xt as tf.Tensor2D))(x);
    assertAllClose(dXEdges.dataSync(), dXDense.dataSync(), { atol: 1e-5, message: "x: " });
  });
}

Deno.test("regularizer gradients w.r.t. A and X match central finite differences", async () => {
  await useBackend("cpu");
  const n = 5;
  const f = 3;
  // Mixed signs for L1 (away from 0, where |.| has its kink) and positive degrees for the log.
  const rng = createRng(8);
  const a0 = Array.from({ length: n * n }, () => (rng.next() < 0.2 ? -1 : 1) * (0.1 + rng.next()));
  const x0 = Array.from(randomTensor(9, [n, f]).dataSync());
  const ref = (a: number[], x: number[]) => reference(rows(a, n), rows(x, f), 1e-6);
  type Op = (a: tf.Tensor2D, x: tf.Tensor2D) => tf.Scalar;
  const ops: [keyof ReturnType<typeof reference>, Op][] = [
    ["l1", (a) => sparsityL1(a)],
    ["barrier", (a) => logDegreeBarrier(a)],
    ["energy", (a, x) => dirichletEnergy(a, x)],
  ];
  const degrees = rows(a0, n).map((r, i) => r.reduce((s, v, j) => s + v + a0[j * n + i], 0) / 2);
  assert(degrees.every((d) => d > 0.05), "degrees must stay positive for the log");
  for (const [key, op] of ops) {
    const dA = tf.grad((a) => op(a as tf.Tensor2D, tf.tensor2d(x0, [n, f])))(
      tf.tensor2d(a0, [n, n]),
    );
    const fdA = finiteDifferences(a0, (a) => ref(a, x0)[key]);
    assertAllClose(dA.dataSync(), fdA, { atol: 1e-4, message: `${key} A: ` });
    assert(fdA.some((g) => Math.abs(g) > 1e-2), `${key}: the test needs a nonzero gradient`);
  }
  const dX = tf.grad((x) => dirichletEnergy(tf.tensor2d(a0, [n, n]), x as tf.Tensor2D))(
    tf.tensor2d(x0, [n, f]),
  );
  const fdX = finiteDifferences(x0, (x) => ref(a0, x).energy);
  assertAllClose(dX.dataSync(), fdX, { atol: 1e-4, message: "energy X: " });
});

Deno.test("graphRegularization returns lambda * R(A) and gamma * S(A, X) as named terms", async () => {
  await useBackend("cpu");
  const a = tf.tensor2d(HAND_A);
  const x = tf.tensor2d(HAND_X);
  const eps = 1e-6;
  const barrier = -(Math.log(1 + eps) + Math.log(0.875 + eps) + Math.log(1.125 + eps)) / 3;
  const terms = graphRegularization(a, x, { lambda: 0.5, gamma: 2, beta: 3 });
  assertEquals(Object.keys(terms).sort(), ["connectivity", "smoothness", "sparsity"]);
  assertAllClose(
    [value(terms.sparsity), value(terms.connectivity), value(terms.smoothness)],
    [0.5 * 3, 0.5 * 3 * barrier, 2 * 1.875],
    { atol: 1e-6 },
  );
  const normalized = graphRegularization(handEdges(), x, {
    lambda: 1,
    gamma: 1,
    normalize: "entries",
    sparsityOf: tf.tensor2d([[0, -2], [1, 0]]), // 4 entries: (2 + 1) / 4
  });
  assertAllClose(
    [value(normalized.sparsity), value(normalized.connectivity), value(normalized.smoothness)],
    [3 / 4, barrier, 1.875 / 9],
    { atol: 1e-6 },
  );
});

Deno.test("regularizers reject mismatched shapes and bad options", () => {
  const x = tf.tensor2d(HAND_X);
  const square = /expected a square adjacency \[N, N\], got shape \[2,3\]/;
  assertThrows(() => sparsityL1(tf.zeros([2, 3]) as tf.Tensor2D), square);
  assertThrows(() => logDegreeBarrier(tf.zeros([2, 3]) as tf.Tensor2D), square);
  const bad = { graph: handEdges().graph, weights: tf.ones([5]) as tf.Tensor1D };
  assertThrows(() => sparsityL1(bad), /expected weights \[6\] \(one per edge\), got shape \[5\]/);
  assertThrows(
    () => dirichletEnergy(tf.tensor2d(HAND_A), tf.zeros([4, 2]) as tf.Tensor2D),
    /Cannot compute dirichletEnergy: expected x \[3, F\] \(one row per node\), got shape \[4,2\]/,
  );
  assertThrows(
    // @ts-expect-error: an unknown normalisation
    () => sparsityL1(tf.tensor2d(HAND_A), { normalize: "edges" }),
    /normalize must be "none", "nodes" or "entries", got edges/,
  );
  assertThrows(
    () => graphRegularization(tf.tensor2d(HAND_A), x, { lambda: NaN, gamma: 1 }),
    /lambda must be a finite number, got NaN/,
  );
});

Deno.test("regularizers leave no tensors behind, dense or edge list", async () => {
  await useBackend("cpu");
  const x = tf.tensor2d(HAND_X);
  for (const a of [tf.tensor2d(HAND_A), handEdges()]) {
    const before = tf.memory().numTensors;
    const terms = graphRegularization(a, x, { lambda: 1, gamma: 1 });
    tf.dispose(Object.values(terms));
    assertEquals(tf.memory().numTensors, before);
  }
});

Deno.test("regularisers of an AnchorGraph equal the dense ones on the materialised graph", async (t) => {
  const { r, w } = handAnchorGraph();
  const n = 6;
  const a = denseA(denseR(r, w), n, 3);
  const aT = tf.tensor2d(Float32Array.from(a), [n, n]);
  const x = tf.tensor2d(Float32Array.from(normals(8, n * 2)), [n, 2]);
  for (const normalize of ["none", "nodes", "entries"] as const) {
    await t.step(`normalize ${normalize}`, () => {
      assertNear(
        values(sparsityL1(r, { normalize })),
        values(sparsityL1(aT, { normalize })),
        {
          atol: 1e-5,
        },
      );
      assertNear(
        values(dirichletEnergy(r, x, { normalize })),
        values(dirichletEnergy(aT, x, { normalize })),
        { atol: 1e-5 },
      );
    });
  }
  assertNear(values(logDegreeBarrier(r)), values(logDegreeBarrier(aT)), { atol: 1e-5 });
  // By hand: degrees R 1 = (2, 1, 2.3, 0, 0.25, 0.75); sum A = sum R = 6.3.
  const deg = [2, 1, 2.3, 0, 0.25, 0.75];
  assertNear(
    values(logDegreeBarrier(r, { eps: 1e-3 })),
    [-deg.reduce((s, d) => s + Math.log(d + 1e-3), 0) / n],
    { atol: 1e-5 },
  );
  assertNear(values(sparsityL1(r)), [6.3], { atol: 1e-5 });
});

testOnBackends(
  "regularisers of an AnchorGraph have gradients that match finite differences",
  () => {
    const { r, w } = handAnchorGraph();
    const n = 6;
    const xHost = normals(10, n * 2);
    const x = tf.tensor2d(Float32Array.from(xHost), [n, 2]);
    const energy = (ww: ArrayLike<number>, xx: ArrayLike<number>): number => {
      const a = denseA(denseR(r, ww), n, 3);
      let s = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const d2 = (xx[2 * i] - xx[2 * j]) ** 2 + (xx[2 * i + 1] - xx[2 * j + 1]) ** 2;
          s += 0.5 * a[i * n + j] * d2;
        }
      }
      return s;
    };
    const barrier = (ww: ArrayLike<number>): number => {
      const a = denseA(denseR(r, ww), n, 3);
      let s = 0;
      for (let i = 0; i < n; i++) {
        let d = 0;
        for (let j = 0; j < n; j++) d += a[i * n + j];
        s -= Math.log(d + 0.01);
      }
      return s / n;
    };
    const [gw, gx] = tf.grads((ww: tf.Tensor, xx: tf.Tensor) =>
      dirichletEnergy({ ...r, weights: ww as tf.Tensor1D }, xx as tf.Tensor2D)
    )([r.weights, x]);
    assertNear(values(gw), centralDifferences((v) => energy(v, xHost), w), { atol: 1e-4 });
    assertNear(values(gx), centralDifferences((v) => energy(w, v), xHost), { atol: 1e-4 });
    const gb = tf.grad((ww: tf.Tensor) =>
      logDegreeBarrier({ ...r, weights: ww as tf.Tensor1D }, { eps: 0.01 })
    )(r.weights);
    assertNear(values(gb), centralDifferences(barrier, w), { atol: 1e-4 });
    const gs = tf.grad((ww: tf.Tensor) => sparsityL1({ ...r, weights: ww as tf.Tensor1D }))(
      r.weights,
    );
    assertNear(values(gs), w.map(() => 1), { atol: 1e-6 });
  },
);
