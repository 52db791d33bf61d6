import * as tf from "@tensorflow/tfjs";
import { parseConfig } from "../../lib/config/experiment_config.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { gcnNorm } from "../../lib/graph/gcn_norm.ts";
import { createModel } from "../../lib/models/create_model.ts";
import { AdaptiveGNN } from "../../lib/models/adaptive_gnn.ts";
import type { AdaptiveGNNConfig } from "../../lib/models/adaptive_gnn_options.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { type AnchorGraph, sampleAnchors } from "../../lib/structure/anchor_learner.ts";
import { train } from "../../lib/train/trainer.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { denseA, denseR } from "../structure/_anchor_reference.ts";
import { assertCoEvolutionTerms } from "./_adaptive_fixtures.ts";
import { assertGradientsFlow, randomGraph, randomTensor } from "../nn/_fixtures.ts";
import {
  assertNear,
  embedRef,
  rowDot,
  testOnBackends,
  testOnCpu,
} from "../structure/_learner_fixtures.ts";

const N = 9;
const HIDDEN = 4;
const HEADS = 2;
const M = 4;
const K = 2;

/** A 9-node graph, features and an anchor model whose R was built from the encoded features. */
function anchorSetup(extra: Partial<AdaptiveGNNConfig> = {}) {
  const graph = randomGraph(N, 0.3, 2);
  const adj = adjacency(graph);
  const x = randomTensor(3, [N, 5]);
  const model = new AdaptiveGNN({
    inChannels: 5,
    hiddenChannels: HIDDEN,
    outChannels: 3,
    steps: 3,
    seed: 4,
    // One round: R comes from the encoded features h0, which the references can recompute.
    learnedGraph: { anchors: M, k: K, heads: HEADS, mix: 0.4, learnMix: false, maxIterations: 1 },
    ...extra,
  });
  model.beforeEpoch(1, x, adj);
  const r = model.learnedGraph(x, adj) as AnchorGraph;
  return { graph, adj, x, model, r };
}

testOnBackends("AdaptiveGNN with anchors propagates over (1 - λ) Â + λ D^-1 R Λ^-1 R^T", () => {
  const { graph, adj, x, model, r } = anchorSetup();
  assertEquals(Array.from(r.anchors), Array.from(sampleAnchors(N, M, 4)));
  // R: relu of the weighted cosine to each node's K most similar anchors, from h0 = X W + b.
  const h0 = model.encoder.forward(x);
  const u = embedRef(h0.dataSync(), model.anchorLearner!.weight.dataSync(), N, HIDDEN, HEADS);
  const expectedR = new Float64Array(N * M);
  for (let i = 0; i < N; i++) {
    const scores = Array.from(r.anchors, (node) => rowDot(u, HEADS * HIDDEN, i, node));
    const best = scores.map((s, a) => [s, a]).sort((p, q) => q[0] - p[0]).slice(0, K);
    for (const [s, a] of best) expectedR[i * M + a] = Math.max(s, 0);
  }
  const R = denseR(r, r.weights.dataSync());
  assertNear(R, expectedR, { atol: 1e-5, message: "R " });

  // P = 0.6 Â + 0.4 D^-1 A, dense; z = 1/4 sum_{k<=3} P^k h0; logits = classifier(relu(z)).
  const A = denseA(R, N, M);
  const p = new Float64Array(N * N);
  const { edgeIndex, edgeWeight } = gcnNorm(graph);
  const e = edgeWeight.length;
  for (let j = 0; j < e; j++) p[edgeIndex[e + j] * N + edgeIndex[j]] += 0.6 * edgeWeight[j];
  for (let i = 0; i < N; i++) {
    let degree = 0;
    for (let j = 0; j < N; j++) degree += A[i * N + j];
    for (let j = 0; j < N; j++) p[i * N + j] += 0.4 * A[i * N + j] / degree;
  }
  let power = Float64Array.from(h0.dataSync());
  const sum = Float64Array.from(power);
  for (let step = 0; step < 3; step++) {
    const next = new Float64Array(N * HIDDEN);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        for (let c = 0; c < HIDDEN; c++) {
          next[i * HIDDEN + c] += p[i * N + j] * power[j * HIDDEN + c];
        }
      }
    }
    power = next;
    next.forEach((v, i) => sum[i] += v);
  }
  const z = tf.tensor2d(Float32Array.from(sum, (v) => v / 4), [N, HIDDEN]);
  const expected = model.classifier.forward(tf.relu(z) as tf.Tensor2D);
  assertNear(model.forward(x, adj).dataSync(), expected.dataSync(), { atol: 1e-5 });
  tf.dispose([h0, z, expected, r.weights]);
  model.dispose();
});

testOnCpu("AdaptiveGNN with anchors: the graph terms are those of A = R Λ^-1 R^T", () => {
  const { adj, x, model, r } = anchorSetup({
    inputDropout: 0, // so the training forward's R is the one learnedGraph() returns
    regularization: { sparsity: 0.5, connectivity: 0.25, smoothness: 2 },
  });
  const A = denseA(denseR(r, r.weights.dataSync()), N, M);
  const xs = x.dataSync();
  let total = 0;
  let barrier = 0;
  let energy = 0;
  for (let i = 0; i < N; i++) {
    let degree = 0;
    for (let j = 0; j < N; j++) {
      const a = A[i * N + j];
      degree += a;
      let gap = 0;
      for (let c = 0; c < 5; c++) gap += (xs[i * 5 + c] - xs[j * 5 + c]) ** 2;
      energy += a * gap / 2; // tr(X^T L X) = 1/2 sum_ij A_ij ||x_i - x_j||^2
    }
    total += degree;
    barrier -= Math.log(degree + 1e-6) / N;
  }
  tf.tidy(() => {
    const output = model.trainingForward(x, adj, { rng: createRng(1) });
    const terms = model.lossTerms(output, (l) => tf.mean(l) as tf.Scalar);
    const got = ["sparsity", "connectivity", "smoothness"].map((k) => terms[k].dataSync()[0]);
    assertNear(got, [0.5 * total / N, 0.25 * barrier, 2 * energy / N], { rtol: 1e-4 });
  });
  r.weights.dispose();
  model.dispose();
});

testOnCpu(
  "AdaptiveGNN with anchors: gradients reach the anchor learner's heads and the mix",
  () => {
    const { adj, x, model, r } = anchorSetup({
      learnedGraph: { anchors: M, k: K, heads: HEADS, maxIterations: 1 }, // learnable mix
    });
    r.weights.dispose();
    assertGradientsFlow(model, () => model.forward(x, adj));
    // The heads' gradient matches central differences along its own direction.
    const weight = model.anchorLearner!.weight;
    const probe = randomTensor(7, [N, 3]);
    const f = () => tf.tidy(() => tf.sum(tf.mul(model.forward(x, adj), probe)) as tf.Scalar);
    const { grads } = tf.variableGrads(f, [weight]);
    const g = grads[weight.name];
    const norm = tf.norm(g).dataSync()[0];
    const w0 = weight.clone();
    const at = (step: number) => {
      weight.assign(tf.add(w0, tf.mul(g, step / norm)));
      return f().dataSync()[0];
    };
    const eps = 1e-2;
    const numeric = (at(eps) - at(-eps)) / (2 * eps);
    weight.assign(w0);
    assert(Math.abs(numeric - norm) <= 1e-2 * norm, `d/dw: numeric ${numeric} vs autodiff ${norm}`);
    tf.dispose([probe, g, w0]);
    model.dispose();
  },
);

testOnCpu(
  "AdaptiveGNN with anchors co-evolves R and trains deterministically with a seed",
  async () => {
    const data = csbm({ numNodes: 60, numClasses: 3, avgDegree: 4, homophily: 0.8, seed: 2 });
    const run = async (seed: number) => {
      const model = createModel("adaptive", {
        inChannels: data.graph.x.cols,
        hiddenChannels: 8,
        outChannels: 3,
        samples: 2,
        steps: 2,
        seed,
        learnedGraph: { anchors: 8, k: 3, refreshEvery: 2, maxIterations: 3, tolerance: 0 },
        regularization: { sparsity: 0.1, connectivity: 0.1, smoothness: 0.1 },
      });
      const r = await train(model, data, { epochs: 4, seed, progress: false });
      model.dispose();
      return r.history.map(({ seconds: _, ...rest }) => rest);
    };
    const history = await run(0);
    const terms = history.map((r) => r.terms!);
    assertCoEvolutionTerms(terms);
    assertEquals(await run(0), history);
    assert(JSON.stringify(await run(1)) !== JSON.stringify(history));
  },
);

testOnCpu("AdaptiveGNN rejects bad anchor settings naming them", () => {
  const base = { inChannels: 5, hiddenChannels: 4, outChannels: 2 };
  const cases: [AdaptiveGNNConfig["learnedGraph"], string][] = [
    [{ anchors: 0 }, "learnedGraph.anchors must be a positive integer, got 0"],
    [{ anchors: 2.5 }, "learnedGraph.anchors must be a positive integer, got 2.5"],
    [{ anchors: 4 }, "learnedGraph.k must be at most learnedGraph.anchors (4), got 10"],
    [{ anchors: 4, k: 5 }, "learnedGraph.k must be at most learnedGraph.anchors (4), got 5"],
  ];
  for (const [learnedGraph, message] of cases) {
    assertThrows(() => new AdaptiveGNN({ ...base, learnedGraph }), RangeError, message);
  }
  // More anchors than nodes shows at the first use of a graph.
  const model = new AdaptiveGNN({ ...base, learnedGraph: { anchors: 20, k: 3 } });
  const adj = adjacency(randomGraph(N, 0.3, 2));
  const x = randomTensor(3, [N, 5]);
  const message = "learnedGraph.anchors must be at most the number of nodes (9), got 20";
  assertThrows(() => model.beforeEpoch(1, x, adj), RangeError, message);
  assertThrows(() => model.forward(x, adj), RangeError, message);
  model.dispose();
  x.dispose();
  // The config schema knows the key.
  const model_ = (learnedGraph: unknown) => ({
    dataset: "cora",
    model: { name: "adaptive", learnedGraph },
  });
  assertEquals(parseConfig(model_({ anchors: 512, k: 16 })).model.learnedGraph?.anchors, 512);
  assertThrows(
    () => parseConfig(model_({ anchors: 0 })),
    Error,
    "model.learnedGraph.anchors must be a positive integer, got 0",
  );
});
