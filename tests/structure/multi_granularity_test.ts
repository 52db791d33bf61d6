import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../lib/backend/set_backend.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { gcnNorm } from "../../lib/graph/gcn_norm.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { spmm } from "../../lib/sparse/spmm.ts";
import { granularityLevels, hierarchyGraph } from "../../lib/structure/hierarchy.ts";
import {
  MultiGranularityPropagation,
  simulateSpreading,
} from "../../lib/structure/multi_granularity.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "../_assert.ts";

async function useBackend(name: "cpu" | "wasm"): Promise<void> {
  const choice = await setBackend(name);
  assertEquals(tf.getBackend(), name, choice.reason);
}

// A 6-node graph: triangle 0-1-2, chain 2-3-4-5 (both ways), a one-way edge 5 -> 3 and a self loop
// 4 -> 4 of weight 2; other weights random in [0.5, 1.5). Level 1: {0, 1, 2} {3, 4} {5};
// level 2: {0..4} {5}. Hierarchy nodes: 0..5 original, 6..8 level 1, 9..10 level 2.
const rng = createRng(11);
const pairs = [[0, 1], [1, 2], [2, 0], [2, 3], [3, 4], [4, 5]];
const src = [...pairs.flatMap(([a, b]) => [a, b]), 5, 4];
const dst = [...pairs.flatMap(([a, b]) => [b, a]), 3, 4];
const weights = src.map((_, e) => (e === src.length - 1 ? 2 : Math.fround(0.5 + rng.next())));
const tiny = createGraph({
  numNodes: 6,
  edgeIndex: [src, dst],
  edgeWeight: Float32Array.from(weights),
});
const members = [[0, 0, 0, 1, 1, 2], [0, 0, 0, 0, 0, 1]];
const tinyHierarchy = hierarchyGraph(
  tiny,
  members.map((m) => ({ assignment: Int32Array.from(m) })),
);
const F = 2;
const hValues = Array.from({ length: 6 * F }, () => rng.normal());

/** Level pairs (a <= b) in row order: the documented layout of `logLevelScale`. */
function pairTable(L: number): number[][] {
  const table = Array.from({ length: L + 1 }, () => new Array<number>(L + 1).fill(-1));
  let i = 0;
  for (let a = 0; a <= L; a++) for (let b = a; b <= L; b++) table[a][b] = table[b][a] = i++;
  return table;
}

/**
 * The layer by hand, dense and in float64, from the graph and memberships above (not from the
 * library's hierarchy graph): `A[v][u]` collects every edge `u -> v` damped and scaled by level
 * pair, the self loop of 4 keeps its weight 2, every other node gets a loop of weight 1, then
 * `P = D^-1/2 A D^-1/2` with `D` the row sums, `I_0` the lifted means, and `T` steps.
 */
function denseReference(
  h: number[],
  alpha: number,
  steps: number,
  beta: number,
  theta: number[] = [0, 0, 0, 0, 0, 0],
): number[] {
  const N = 6;
  const offsets = [0, 6, 9, 11];
  const M = 11;
  const level = (v: number) => (v < 6 ? 0 : v < 9 ? 1 : 2);
  const table = pairTable(2);
  const A = Array.from({ length: M }, () => new Float64Array(M));
  const addEdge = (u: number, v: number, w: number) => {
    const d = Math.abs(level(u) - level(v));
    const damp = d === 0 ? 1 : Math.exp(-alpha * d);
    A[v][u] += w * damp * Math.exp(theta[table[level(u)][level(v)]]);
  };
  for (let e = 0; e < src.length; e++) if (src[e] !== dst[e]) addEdge(src[e], dst[e], weights[e]);
  for (let u = 0; u < N; u++) {
    const c1 = offsets[1] + members[0][u];
    addEdge(u, c1, 1);
    addEdge(c1, u, 1);
  }
  for (let c = 0; c < 3; c++) {
    const parent = offsets[2] + [0, 0, 1][c];
    addEdge(offsets[1] + c, parent, 1);
    addEdge(parent, offsets[1] + c, 1);
  }
  for (let v = 0; v < M; v++) A[v][v] += v === 4 ? 2 : 1;
  const d = A.map((row) => row.reduce((s, x) => s + x, 0));
  const x0 = Array.from({ length: M }, () => new Float64Array(F));
  for (let u = 0; u < N; u++) {
    for (let f = 0; f < F; f++) x0[u][f] = h[u * F + f];
  }
  for (let g = 0; g < 2; g++) {
    const K = offsets[g + 2] - offsets[g + 1];
    for (let c = 0; c < K; c++) {
      const inside = members[g].flatMap((m, u) => (m === c ? [u] : []));
      for (let f = 0; f < F; f++) {
        x0[offsets[g + 1] + c][f] = inside.reduce((s, u) => s + h[u * F + f], 0) / inside.length;
      }
    }
  }
  let x = x0;
  for (let t = 0; t < steps; t++) {
    x = A.map((row, v) => {
      const out = new Float64Array(F);
      for (let u = 0; u < M; u++) {
        const p = row[u] / Math.sqrt(d[u] * d[v]);
        for (let f = 0; f < F; f++) out[f] += p * x[u][f];
      }
      for (let f = 0; f < F; f++) out[f] = (1 - beta) * out[f] + beta * x0[v][f];
      return out;
    });
  }
  return x.slice(0, N).flatMap((row) => Array.from(row));
}

Deno.test("MultiGranularityPropagation matches a dense hand computation", async () => {
  for (const backend of ["cpu", "wasm"] as const) {
    await useBackend(backend);
    const h = tf.tensor2d(hValues, [6, F]);
    for (const [alpha, steps, teleport] of [[0, 1, 0], [0.7, 3, 0], [1.5, 4, 0.2], [3, 2, 0.5]]) {
      const layer = new MultiGranularityPropagation({ alpha, steps, teleport });
      const out = layer.forward(h, tinyHierarchy);
      assertEquals(out.shape, [6, F]);
      assertAllClose(out.dataSync(), denseReference(hValues, alpha, steps, teleport), {
        atol: 1e-5,
        message: `${backend} alpha ${alpha}, steps ${steps}, teleport ${teleport}: `,
      });
      // With learnable level weights at some non-zero values.
      const learned = new MultiGranularityPropagation({
        alpha,
        steps,
        teleport,
        learnLevelWeights: true,
        numLevels: 2,
      });
      const theta = [0.3, -0.4, 0.8, 0.1, -0.6, 0.5];
      learned.logLevelScale!.assign(tf.tensor1d(theta));
      assertAllClose(
        learned.forward(h, tinyHierarchy).dataSync(),
        denseReference(hValues, alpha, steps, teleport, theta),
        { atol: 1e-5, message: `${backend} learned, alpha ${alpha}: ` },
      );
    }
  }
});

/** GCN/APPNP propagation over the original graph: `T` steps of `D̂^-1/2 Â D̂^-1/2`. */
function plainPropagation(
  graph: Parameters<typeof gcnNorm>[0],
  h: tf.Tensor2D,
  steps: number,
  beta: number,
) {
  const norm = gcnNorm(graph);
  const adj = adjacency({ numNodes: graph.numNodes, edgeIndex: norm.edgeIndex }, norm.edgeWeight);
  let x = h;
  for (let t = 0; t < steps; t++) {
    x = beta > 0 ? tf.add(tf.mul(spmm(adj, x), 1 - beta), tf.mul(h, beta)) : spmm(adj, x);
  }
  return x;
}

Deno.test("MultiGranularityPropagation with alpha = Infinity is plain propagation", async () => {
  await useBackend("cpu");
  const data = csbm({ numNodes: 300, avgDegree: 6, featureDim: 8, seed: 4 });
  const hierarchy = hierarchyGraph(data.graph, granularityLevels(data.graph, { seed: 0 }));
  assert(hierarchy.numLevels >= 2);
  const h = tf.tensor2d(data.graph.x.data, [300, 8]);
  for (const teleport of [0, 0.1]) {
    const plain = plainPropagation(data.graph, h, 5, teleport).dataSync();
    const cut = new MultiGranularityPropagation({ alpha: Infinity, steps: 5, teleport });
    // Exactly: the cut-off edges have weight 0 and the normalisation is GCN's own code.
    assertEquals(Array.from(cut.forward(h, hierarchy).dataSync()), Array.from(plain));
    const large = new MultiGranularityPropagation({ alpha: 40, steps: 5, teleport });
    assertAllClose(large.forward(h, hierarchy).dataSync(), plain, { atol: 1e-6 });
    const learned = new MultiGranularityPropagation({
      alpha: Infinity,
      steps: 5,
      teleport,
      learnLevelWeights: true,
      numLevels: hierarchy.numLevels,
    });
    assertAllClose(learned.forward(h, hierarchy).dataSync(), plain, { atol: 1e-5 });
    // Finite alpha really mixes in the coarse levels.
    const mixed = new MultiGranularityPropagation({ alpha: 0.5, steps: 5, teleport });
    const out = Array.from(mixed.forward(h, hierarchy).dataSync());
    const gap = Math.max(...out.map((v, k) => Math.abs(v - plain[k])));
    assert(gap > 1e-3, `alpha 0.5 should differ from plain propagation, max gap ${gap}`);
  }
});

Deno.test("MultiGranularityPropagation with alpha = 0 propagates over the whole hierarchy", async () => {
  await useBackend("cpu");
  const h = tf.tensor2d(hValues, [6, F]);
  const whole = plainPropagation(tinyHierarchy.graph, tinyHierarchy.liftFeatures(h), 3, 0);
  const layer = new MultiGranularityPropagation({ alpha: 0, steps: 3 });
  // Nothing but the output stays allocated, with fixed and with learned level weights.
  const learned = new MultiGranularityPropagation({
    alpha: 0,
    steps: 3,
    learnLevelWeights: true,
    numLevels: 2,
  });
  for (const model of [layer, learned]) {
    model.forward(h, tinyHierarchy).dispose(); // first call builds cached tensors (lift, weights)
    const before = tf.memory().numTensors;
    model.forward(h, tinyHierarchy).dispose();
    assertEquals(tf.memory().numTensors, before, `${model} leaks tensors`);
  }
  assertAllClose(
    layer.forward(h, tinyHierarchy).dataSync(),
    tf.slice(whole, [0, 0], [6, F]).dataSync(),
    { atol: 1e-6 },
  );
});

Deno.test("MultiGranularityPropagation gradients match finite differences", async () => {
  const alpha = 0.8;
  const steps = 3;
  const beta = 0.15;
  const theta = [0.2, -0.3, 0.4, -0.1, 0.3, -0.2];
  const r = Array.from({ length: 6 * F }, () => rng.normal());
  const loss = (hv: number[], th: number[]) =>
    denseReference(hv, alpha, steps, beta, th).reduce((s, v, i) => s + v * r[i], 0);
  const eps = 1e-6;
  const numeric = (values: number[], f: (v: number[]) => number) =>
    values.map((_, i) => {
      const plus = values.slice();
      const minus = values.slice();
      plus[i] += eps;
      minus[i] -= eps;
      return (f(plus) - f(minus)) / (2 * eps);
    });
  const dTheta = numeric(theta, (t) => loss(hValues, t));
  const dH = numeric(hValues, (v) => loss(v, theta));
  for (const backend of ["cpu", "wasm"] as const) {
    await useBackend(backend);
    const layer = new MultiGranularityPropagation({
      alpha,
      steps,
      teleport: beta,
      learnLevelWeights: true,
      numLevels: 2,
    });
    layer.logLevelScale!.assign(tf.tensor1d(theta));
    const h = tf.variable(tf.tensor2d(hValues, [6, F]));
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(layer.forward(h, tinyHierarchy), tf.tensor2d(r, [6, F]))) as tf.Scalar,
      [h, layer.logLevelScale!],
    );
    assertAllClose(grads[h.name].dataSync(), dH, { atol: 1e-4, message: `${backend} dL/dh: ` });
    assertAllClose(grads[layer.logLevelScale!.name].dataSync(), dTheta, {
      atol: 1e-4,
      message: `${backend} dL/dtheta: `,
    });
  }
  // Only pairs with edges get a gradient: (0, 0), (0, 1) and (1, 2); loops are never scaled.
  assertEquals(dTheta.map((g) => Math.abs(g) > 1e-6), [true, true, false, false, true, false]);
});

Deno.test("MultiGranularityPropagation propagationWeights() agree between fixed and learned", async () => {
  await useBackend("cpu");
  for (const alpha of [0, 0.6, Infinity]) {
    const fixed = new MultiGranularityPropagation({ alpha, steps: 1 });
    const learned = new MultiGranularityPropagation({
      alpha,
      steps: 1,
      learnLevelWeights: true,
      numLevels: 2,
    });
    const a = fixed.propagationWeights(tinyHierarchy);
    const b = learned.propagationWeights(tinyHierarchy);
    assertEquals(a.adj.numEdges, b.adj.numEdges);
    assertAllClose(b.weights.dataSync(), a.weights.dataSync(), { atol: 1e-6 });
    // Every node's incoming weights reproduce the dense reference's one-step propagation.
    const one = spmm(a.adj, tinyHierarchy.liftFeatures(tf.tensor2d(hValues, [6, F])), a.weights);
    assertAllClose(
      tf.slice(one, [0, 0], [6, F]).dataSync(),
      denseReference(hValues, alpha, 1, 0),
      { atol: 1e-5 },
    );
  }
});

Deno.test("MultiGranularityPropagation is a Module with checked options", () => {
  const fixed = new MultiGranularityPropagation({ alpha: 1, steps: 2 });
  assertEquals(fixed.namedParameters().length, 0);
  assertEquals(fixed.toString(), "MultiGranularityPropagation(alpha=1, steps=2)");
  const learned = new MultiGranularityPropagation({
    alpha: 1,
    steps: 2,
    teleport: 0.1,
    learnLevelWeights: true,
    numLevels: 3,
  });
  assertEquals(learned.namedParameters().map(([name, v]) => [name, v.shape]), [
    ["logLevelScale", [10]],
  ]);
  assertEquals(learned.toString(), "MultiGranularityPropagation(alpha=1, steps=2, teleport=0.1)");
  const cases: [Record<string, unknown>, string][] = [
    [{ alpha: -1, steps: 1 }, "alpha must be a number >= 0 (or Infinity), got -1"],
    [{ alpha: 1, steps: 0 }, "steps must be a positive integer, got 0"],
    [{ alpha: 1, steps: 1, teleport: 1 }, "teleport must be in [0, 1), got 1"],
    [
      { alpha: 1, steps: 1, learnLevelWeights: true },
      "learnLevelWeights needs numLevels (the number of coarse levels of the hierarchy)",
    ],
  ];
  for (const [options, message] of cases) {
    assertThrows(
      () =>
        new MultiGranularityPropagation(
          options as unknown as ConstructorParameters<typeof MultiGranularityPropagation>[0],
        ),
      { message: `Cannot create MultiGranularityPropagation: ${message}` },
    );
  }
  assertThrows(() => learned.forward(tf.zeros([6, 2]), tinyHierarchy), {
    message:
      "Cannot apply MultiGranularityPropagation: the layer learns weights for 3 levels, the hierarchy has 2",
  });
  assertThrows(() => fixed.forward(tf.zeros([5, 2]), tinyHierarchy), {
    message:
      "Cannot apply MultiGranularityPropagation: expected h with 6 rows (one per original node), got shape [5,2]",
  });
});

Deno.test("simulateSpreading() gives hand-computed values", () => {
  // Path 0 - 1 - 2 with loops; node 2 on level 1; exp(-alpha) = 1/2. Out-degrees 2, 3, 2.
  // t=1: 0 keeps 1/2, sends 1/2 to 1.             I_1 = [1/2, 1/2, 0]
  // t=2: 0: 1/4 + (1/2)/3; 1: 1/4 + (1/2)/3; 2: (1/2)/3 * 1/2.  I_2 = [5/12, 5/12, 1/12]
  // Lost at t=2: (1/2)/3 * (1 - 1/2) = 1/12, so the total is 11/12.
  const graph = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 1, 2], [1, 0, 2, 1]] });
  const trace = simulateSpreading(graph, {
    alpha: Math.LN2,
    steps: 2,
    sources: [0],
    granularity: new Int32Array([0, 0, 1]),
  });
  assertEquals(trace.information.length, 3);
  assertAllClose(trace.information[0], [1, 0, 0], { atol: 1e-15 });
  assertAllClose(trace.information[1], [1 / 2, 1 / 2, 0], { atol: 1e-15 });
  assertAllClose(trace.information[2], [5 / 12, 5 / 12, 1 / 12], { atol: 1e-15 });
  assertAllClose(trace.total, [1, 1, 11 / 12], { atol: 1e-15 });
  assertAllClose(trace.byLevel[0], [1, 1, 5 / 6], { atol: 1e-15 });
  assertAllClose(trace.byLevel[1], [0, 0, 1 / 12], { atol: 1e-15 });
  // Symmetric: in-degrees 2, 3, 2; t=1: I(0) = 1/2, I(1) = 1/sqrt(6).
  const sym = simulateSpreading(graph, {
    alpha: 0,
    steps: 1,
    sources: [0],
    normalization: "symmetric",
  });
  assertAllClose(sym.information[1], [1 / 2, 1 / Math.sqrt(6), 0], { atol: 1e-15 });
});

Deno.test("simulateSpreading() conserves, loses and orders information exactly as stated", () => {
  const data = csbm({ numNodes: 200, avgDegree: 5, seed: 9 });
  const hierarchy = hierarchyGraph(data.graph, granularityLevels(data.graph, { seed: 0 }));
  const sources = [3, 17, 17, 150];
  const steps = 12;
  const run = (alpha: number) => simulateSpreading(hierarchy, { alpha, steps, sources });
  // alpha = 0: the random walk conserves the total exactly (4 units, source 17 counted twice).
  for (const total of run(0).total) assert(Math.abs(total - 4) < 1e-12, `total ${total}`);
  // alpha > 0: each step loses exactly what crosses levels times (1 - exp(-alpha |dg|)).
  const alpha = 0.9;
  const trace = run(alpha);
  const g = hierarchy.granularity;
  const E = hierarchy.graph.edgeIndex.length / 2;
  const outDegree = new Float64Array(hierarchy.graph.numNodes).fill(1); // the added loops
  for (let e = 0; e < E; e++) outDegree[hierarchy.graph.edgeIndex[e]] += 1;
  for (let t = 1; t <= steps; t++) {
    let lost = 0;
    for (let e = 0; e < E; e++) {
      const u = hierarchy.graph.edgeIndex[e];
      const d = Math.abs(g[u] - g[hierarchy.graph.edgeIndex[E + e]]);
      lost += (trace.information[t - 1][u] / outDegree[u]) * (1 - Math.exp(-alpha * d));
    }
    assert(lost > 0);
    assertAllClose([trace.total[t - 1] - trace.total[t]], [lost], { atol: 1e-12 });
  }
  // I_t(v) is non-increasing in alpha, node by node.
  const traces = [0, 0.3, 1, 3, Infinity].map(run);
  for (let i = 1; i < traces.length; i++) {
    for (let t = 0; t <= steps; t++) {
      const hi = traces[i - 1].information[t];
      const lo = traces[i].information[t];
      assert(lo.every((v, k) => v <= hi[k] + 1e-15), `alpha order broken at step ${t}`);
    }
  }
  // alpha = Infinity: nothing ever reaches the coarse levels.
  const cut = traces.at(-1)!;
  for (let level = 1; level < cut.byLevel.length; level++) {
    assert(cut.byLevel[level].every((v) => v === 0), `level ${level} got information`);
  }
  assert(traces[1].byLevel[1][steps] > 0);
});

Deno.test("simulateSpreading() rejects bad input", () => {
  const graph = createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] });
  const cases: [Record<string, unknown>, string][] = [
    [{ alpha: 1, steps: 2, sources: [3] }, "sources[0] = 3 is not a node id in [0, 3)"],
    [{ alpha: -1, steps: 2, sources: [0] }, "alpha must be a number >= 0 (or Infinity), got -1"],
    [{ alpha: 1, steps: 1.5, sources: [0] }, "steps must be a non-negative integer, got 1.5"],
    [
      { alpha: 1, steps: 1, sources: [0], granularity: new Int32Array(2) },
      "granularity has 2 entries for 3 nodes",
    ],
    [
      { alpha: 1, steps: 1, sources: [0], granularity: new Int32Array([0, -1, 0]) },
      "granularity[1] is -1, expected a level >= 0",
    ],
  ];
  for (const [options, message] of cases) {
    assertThrows(
      () => simulateSpreading(graph, options as unknown as Parameters<typeof simulateSpreading>[1]),
      { message: `Cannot simulate spreading: ${message}` },
    );
  }
});

Deno.test("MultiGranularityPropagation follows in-place edits of the hierarchy's edges and levels", async () => {
  await useBackend("cpu");
  const hierarchy = hierarchyGraph(tiny, members.map((m) => ({ assignment: Int32Array.from(m) })));
  const h = tf.tensor2d(hValues, [6, F]);
  const layer = new MultiGranularityPropagation({ alpha: 0.7, steps: 2 });
  const first = layer.propagationWeights(hierarchy).adj;
  assert(layer.propagationWeights(hierarchy).adj === first, "unchanged hierarchy: prepared once");
  const before = Array.from(layer.forward(h, hierarchy).dataSync());
  // A fresh layer on a copy of the edited hierarchy is the reference for each edit.
  const copy = () => ({
    ...hierarchy,
    graph: {
      ...hierarchy.graph,
      edgeIndex: hierarchy.graph.edgeIndex.slice(),
      edgeWeight: hierarchy.graph.edgeWeight!.slice(),
    },
    granularity: hierarchy.granularity.slice(),
  });
  const fresh = new MultiGranularityPropagation({ alpha: 0.7, steps: 2 });
  hierarchy.graph.edgeWeight![0] = 0.01; // weaken an original edge
  const afterWeight = Array.from(layer.forward(h, hierarchy).dataSync());
  assertEquals(afterWeight, Array.from(fresh.forward(h, copy()).dataSync()));
  assert(afterWeight.join() !== before.join(), "the edited weight changes the output");
  assert(layer.propagationWeights(hierarchy).adj !== first, "edited hierarchy: prepared again");
  hierarchy.granularity[7] = 2; // a level-1 super-node claims level 2: other damping
  const afterLevel = Array.from(layer.forward(h, hierarchy).dataSync());
  assertEquals(afterLevel, Array.from(fresh.forward(h, copy()).dataSync()));
  assert(afterLevel.join() !== afterWeight.join(), "the edited level changes the output");
});
