import * as tf from "@tensorflow/tfjs";
import { createGraph, type Graph } from "../../lib/graph/graph.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { spmm } from "../../lib/sparse/spmm.ts";
import { mixGraphs } from "../../lib/structure/graph_mix.ts";
import type { LearnedGraph } from "../../lib/structure/types.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  assertNear,
  finiteDifferences,
  normals,
  testOnBackends,
  testOnCpu,
  values,
} from "./_learner_fixtures.ts";

const N = 7;
const F = 3;

// Input: a duplicate edge (1 -> 2 twice), a self loop (3 -> 3), constant weights.
const inputGraph = createGraph({
  numNodes: N,
  edgeIndex: [[0, 1, 1, 2, 3, 4, 5, 2], [1, 2, 2, 0, 3, 5, 4, 1]],
  edgeWeight: new Float32Array([1, 0.5, 0.25, 2, 1.5, 1, 1, 0.75]),
});
// Learned: overlaps the input (0 -> 1, 2 -> 1), a duplicate (6 -> 0 twice), a self loop (4 -> 4),
// and node 6 has no incoming edge.
const learnedSrc = [0, 2, 6, 6, 4, 3, 1, 5];
const learnedDst = [1, 1, 0, 0, 4, 2, 3, 0];
const learnedGraph = createGraph({ numNodes: N, edgeIndex: [learnedSrc, learnedDst] });
const learnedWeights = [0.9, 0.2, 0.4, 0.6, 1.2, 0.3, 0.8, 0.5];

/**
 * Dense `D^-1/2 (A + I) D^-1/2` in float64, `A[v, u] += w_e` for edge `u -> v`, with I added to
 * the nodes without a self loop only (a node's own loop keeps its weight, as in PyG's gcn_norm).
 */
function normalizedDense(graph: Graph, w: ArrayLike<number>): Float64Array {
  const a = new Float64Array(N * N);
  const E = graph.edgeIndex.length / 2;
  const hasLoop = new Uint8Array(N);
  for (let e = 0; e < E; e++) {
    a[graph.edgeIndex[E + e] * N + graph.edgeIndex[e]] += w[e];
    if (graph.edgeIndex[e] === graph.edgeIndex[E + e]) hasLoop[graph.edgeIndex[e]] = 1;
  }
  for (let v = 0; v < N; v++) if (!hasLoop[v]) a[v * N + v] += 1;
  const inv = new Float64Array(N);
  for (let v = 0; v < N; v++) {
    let d = 0;
    for (let u = 0; u < N; u++) d += a[v * N + u];
    inv[v] = 1 / Math.sqrt(d);
  }
  for (let v = 0; v < N; v++) for (let u = 0; u < N; u++) a[v * N + u] *= inv[v] * inv[u];
  return a;
}

function matmulDense(a: Float64Array, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(N * F);
  for (let v = 0; v < N; v++) {
    for (let c = 0; c < F; c++) {
      let s = 0;
      for (let u = 0; u < N; u++) s += a[v * N + u] * x[u * F + c];
      out[v * F + c] = s;
    }
  }
  return out;
}

/** `((1 - lambda) Â_input + lambda Â_learned) x` in float64 (no input: `Â_learned x`). */
function mixedReference(
  lambda: number,
  w: ArrayLike<number>,
  x: ArrayLike<number>,
  withInput = true,
): Float64Array {
  const learned = matmulDense(normalizedDense(learnedGraph, w), x);
  if (!withInput) return learned;
  const input = matmulDense(normalizedDense(inputGraph, inputGraph.edgeWeight!), x);
  return learned.map((v, i) => (1 - lambda) * input[i] + lambda * v);
}

function learned(w: ArrayLike<number> = learnedWeights): LearnedGraph {
  return { graph: learnedGraph, weights: tf.tensor1d(Float32Array.from(w)) };
}

const xHost = normals(1, N * F);
const x = () => tf.tensor2d(Float32Array.from(xHost), [N, F]);

function propagate(mixed: LearnedGraph): number[] {
  return values(spmm(adjacency(mixed.graph), x(), mixed.weights));
}

testOnBackends("mixGraphs() propagates as (1 - lambda) Â_input x + lambda Â_learned x", () => {
  for (const lambda of [0, 0.3, 1]) {
    const mixed = mixGraphs(adjacency(inputGraph), learned(), lambda);
    assertNear(propagate(mixed), mixedReference(lambda, learnedWeights, xHost), {
      atol: 1e-6,
      message: `lambda ${lambda}: `,
    });
  }
});

testOnBackends("mixGraphs() without an input graph is Â_learned", () => {
  const mixed = mixGraphs(undefined, learned(), 0.2);
  assertNear(propagate(mixed), mixedReference(1, learnedWeights, xHost, false), { atol: 1e-6 });
});

testOnCpu(
  "mixGraphs() returns the union of the edges and one self loop per node, each once",
  () => {
    const mixed = mixGraphs(adjacency(inputGraph), learned(), 0.5);
    const E = mixed.graph.edgeIndex.length / 2;
    const keys = Array.from(
      { length: E },
      (_, e) => `${mixed.graph.edgeIndex[e]}>${mixed.graph.edgeIndex[E + e]}`,
    );
    const expected = new Set<string>();
    for (const g of [inputGraph, learnedGraph]) {
      const m = g.edgeIndex.length / 2;
      for (let e = 0; e < m; e++) expected.add(`${g.edgeIndex[e]}>${g.edgeIndex[m + e]}`);
    }
    for (let v = 0; v < N; v++) expected.add(`${v}>${v}`);
    assertEquals(new Set(keys).size, E, "no duplicate edges");
    assertEquals(new Set(keys), expected);
    assertEquals(mixed.weights.shape, [E]);
    // The input's edges come first, in order of first appearance.
    assertEquals(keys.slice(0, 3), ["0>1", "1>2", "2>0"]);
  },
);

testOnBackends(
  "mixGraphs() gradients in lambda and the learned weights match finite differences",
  () => {
    const r = normals(2, N * F);
    const loss = (lambda: number, w: ArrayLike<number>): number =>
      mixedReference(lambda, w, xHost).reduce((s, v, i) => s + v * r[i], 0);
    const lambda = tf.variable(tf.scalar(0.3));
    const weights = tf.variable(tf.tensor1d(learnedWeights));
    const rT = tf.tensor2d(Float32Array.from(r), [N, F]);
    const { grads } = tf.variableGrads(() => {
      const mixed = mixGraphs(adjacency(inputGraph), { graph: learnedGraph, weights }, lambda);
      return tf.sum(tf.mul(spmm(adjacency(mixed.graph), x(), mixed.weights), rT));
    }, [lambda, weights]);
    const fdLambda = finiteDifferences((v) => loss(v[0], learnedWeights), [0.3]);
    // The lambda derivative is sum(r * (Â_learned x - Â_input x)): nonzero and checked exactly.
    assert(Math.abs(fdLambda[0]) > 1e-2, "uninformative lambda gradient");
    assertNear(values(grads[lambda.name]), fdLambda, { atol: 1e-5, rtol: 1e-4 });
    assertNear(
      values(grads[weights.name]),
      finiteDifferences((w) => loss(0.3, w), learnedWeights),
      { atol: 1e-5, rtol: 1e-4 },
    );
    lambda.dispose();
    weights.dispose();
  },
);

testOnCpu("mixGraphs() takes lambda as a function of a variable (sigmoid)", () => {
  const raw = tf.variable(tf.scalar(0));
  const { grads } = tf.variableGrads(() => {
    const mixed = mixGraphs(adjacency(inputGraph), learned(), tf.sigmoid(raw) as tf.Scalar);
    return tf.sum(spmm(adjacency(mixed.graph), x(), mixed.weights));
  }, [raw]);
  // d/draw = sigmoid'(0) * d/dlambda = 1/4 * sum(Â_learned x - Â_input x).
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  const dLambda = sum(mixedReference(1, learnedWeights, xHost)) -
    sum(mixedReference(0, learnedWeights, xHost));
  assertNear(values(grads[raw.name]), [dLambda / 4], { atol: 1e-5, rtol: 1e-4 });
  raw.dispose();
});

testOnCpu("mixGraphs() names what does not match", () => {
  assertThrows(
    () => mixGraphs(adjacency(inputGraph), learned(), 1.5),
    new RangeError("Cannot mix graphs: lambda must be in [0, 1], got 1.5"),
  );
  assertThrows(
    () => mixGraphs(adjacency(inputGraph), learned(), tf.tensor1d([0.5]) as unknown as tf.Scalar),
    new RangeError("Cannot mix graphs: lambda must be a number or a scalar tensor, got shape [1]"),
  );
  const other = adjacency(createGraph({ numNodes: N + 1, edgeIndex: [[0], [1]] }));
  assertThrows(
    () => mixGraphs(other, learned(), 0.5),
    new RangeError(`Cannot mix graphs: input has ${N + 1} nodes but the learned graph has ${N}`),
  );
  assertThrows(
    () => mixGraphs(undefined, { graph: learnedGraph, weights: tf.zeros([2]) }, 0.5),
    new RangeError(
      "Cannot mix graphs: expected learned.weights [8] (one per edge), got shape [2]",
    ),
  );
});

testOnCpu("mixGraphs() follows in-place edits of the learned and the input edges", () => {
  const input = createGraph({
    numNodes: N,
    edgeIndex: inputGraph.edgeIndex.slice(),
    edgeWeight: inputGraph.edgeWeight!.slice(),
  });
  const graph = createGraph({ numNodes: N, edgeIndex: learnedGraph.edgeIndex.slice() });
  const mix = () =>
    mixGraphs(adjacency(input), { graph, weights: tf.tensor1d(learnedWeights) }, 0.4);
  const reference = () => {
    const a = matmulDense(normalizedDense(input, input.edgeWeight!), xHost);
    const b = matmulDense(normalizedDense(graph, learnedWeights), xHost);
    return a.map((v, i) => 0.6 * v + 0.4 * b[i]);
  };
  const first = mix();
  assert(mix().graph === first.graph, "unchanged edges: the cached union");
  assertNear(propagate(first), reference(), { atol: 1e-6 });
  const E = learnedSrc.length;
  graph.edgeIndex[E + 7] = 6; // learned edge 5 -> 0 becomes 5 -> 6: node 6 gets an in-edge
  const second = mix();
  assert(second.graph !== first.graph, "edited learned edges: a new union");
  assertNear(propagate(second), reference(), { atol: 1e-6, message: "learned edit: " });
  input.edgeIndex[0] = 6; // input edge 0 -> 1 becomes 6 -> 1
  input.edgeWeight![3] = 0.5;
  assertNear(propagate(mix()), reference(), { atol: 1e-6, message: "input edit: " });
});
