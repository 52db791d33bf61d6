import * as tf from "@tensorflow/tfjs";
import { createModel } from "../../lib/models/create_model.ts";
import { AdaptiveGNN } from "../../lib/models/adaptive_gnn.ts";
import { gcnNorm } from "../../lib/graph/gcn_norm.ts";
import type { Graph } from "../../lib/graph/graph.ts";
import { removeSelfLoops } from "../../lib/graph/self_loops.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { train } from "../../lib/train/trainer.ts";
import { assert, assertAllClose, assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import { assertCoEvolutionTerms } from "./_adaptive_fixtures.ts";
import { assertTensorClose, randomGraph, randomTensor } from "../nn/_fixtures.ts";

/** `D^-1/2 (A+I) D^-1/2` densely, rows = targets, for a graph without self loops. */
function denseGcnNorm(graph: Graph, weights?: Float32Array): tf.Tensor2D {
  const n = graph.numNodes;
  const { edgeIndex, edgeWeight } = gcnNorm(weights ? { ...graph, edgeWeight: weights } : graph);
  const p = new Float32Array(n * n);
  const e = edgeWeight.length;
  for (let j = 0; j < e; j++) p[edgeIndex[e + j] * n + edgeIndex[j]] += edgeWeight[j];
  return tf.tensor2d(p, [n, n]);
}

/** The propagation of the docs, densely: `1/(K+1) sum_k P^k h`, by default `P` of the graph. */
function denseMixedOrder(graph: Graph, h: tf.Tensor2D, steps: number, P = denseGcnNorm(graph)) {
  let power = h;
  let sum = h;
  for (let k = 0; k < steps; k++) {
    power = tf.matMul(P, power);
    sum = tf.add(sum, power);
  }
  return tf.div(sum, steps + 1) as tf.Tensor2D;
}

Deno.test("AdaptiveGNN in evaluation mode is the classifier on the mixed-order propagation", () => {
  const graph = randomGraph(9, 0.3, 2);
  const adj = adjacency(graph);
  const x = randomTensor(3, [9, 5]);
  const model = new AdaptiveGNN({ inChannels: 5, hiddenChannels: 4, outChannels: 3, steps: 3 });
  const h0 = model.encoder.forward(x);
  const expected = model.classifier.forward(tf.relu(denseMixedOrder(graph, h0, 3)));
  assertTensorClose(model.forward(x, adj), expected, 1e-5);
  assertEquals(model.namedParameters().map(([name]) => name), [
    "encoder.weight",
    "encoder.bias",
    "classifier.weight",
    "classifier.bias",
  ]);
  model.dispose();
});

Deno.test("AdaptiveGNN with a learned graph propagates over (1 - lambda) Â_input + lambda Â_learned", () => {
  // Without self loops: mixGraphs adds I even where a loop exists, gcnNorm keeps the loop.
  const graph = removeSelfLoops(randomGraph(10, 0.3, 4));
  const adj = adjacency(graph);
  const x = randomTensor(5, [10, 6]);
  const lambda = 0.3;
  const model = new AdaptiveGNN({
    inChannels: 6,
    hiddenChannels: 4,
    outChannels: 3,
    steps: 2,
    learnedGraph: { k: 3, mix: lambda, learnMix: false },
  });
  model.beforeEpoch(1, x, adj);
  const learned = model.learnedGraph(x, adj)!;
  const P = tf.add(
    tf.mul(1 - lambda, denseGcnNorm(graph)),
    tf.mul(lambda, denseGcnNorm(learned.graph, learned.weights.dataSync() as Float32Array)),
  ) as tf.Tensor2D;
  const h0 = model.encoder.forward(x);
  const expected = model.classifier.forward(tf.relu(denseMixedOrder(graph, h0, 2, P)));
  assertTensorClose(model.forward(x, adj), expected, 1e-5);
  learned.weights.dispose();
  model.dispose();
});

Deno.test("AdaptiveGNN's loss terms: the samples' mean task loss and their consistency", () => {
  const graph = randomGraph(8, 0.4, 4);
  const adj = adjacency(graph);
  const x = randomTensor(5, [8, 3]);
  const model = new AdaptiveGNN({ inChannels: 3, hiddenChannels: 4, outChannels: 2, samples: 3 });
  const rng = createRng(1);
  tf.tidy(() => {
    const output = model.trainingForward(x, adj, { rng });
    assertEquals(output.perNode.samples.length, 3);
    assert(output.perNode.samples[0] === output.logits, "logits are the first sample's");
    const seen: tf.Tensor2D[] = [];
    const terms = model.lossTerms(output, (l) => {
      seen.push(l);
      return tf.mean(l) as tf.Scalar;
    });
    assertEquals(Object.keys(terms), ["task", "consistency"]);
    assertEquals(seen, output.perNode.samples);
    const mean = seen.reduce((s, l) => s + tf.mean(l).dataSync()[0], 0) / 3;
    assert(Math.abs(terms.task.dataSync()[0] - mean) < 1e-6);
    // Consistency by hand: squared distance of each sample's softmax to the sharpened mean.
    const probs = seen.map((l) => tf.softmax(l).arraySync() as number[][]);
    let gap = 0;
    for (let v = 0; v < 8; v++) {
      const avg = [0, 1].map((c) => probs.reduce((s, p) => s + p[v][c], 0) / 3);
      const powered = avg.map((a) => a ** 2); // temperature 0.5
      const total = powered[0] + powered[1];
      for (const p of probs) {
        gap += [0, 1].reduce((s, c) => s + (p[v][c] - powered[c] / total) ** 2, 0);
      }
    }
    assert(Math.abs(terms.consistency.dataSync()[0] - gap / 8 / 3) < 1e-6);
  });
  model.dispose();
});

Deno.test("AdaptiveGNN with a learned graph records co-evolution and the graph terms", async () => {
  await tf.setBackend("cpu");
  const data = csbm({ numNodes: 60, numClasses: 3, avgDegree: 4, homophily: 0.8, seed: 2 });
  const model = new AdaptiveGNN({
    inChannels: data.graph.x.cols,
    hiddenChannels: 8,
    outChannels: 3,
    samples: 2,
    steps: 2,
    learnedGraph: { k: 3, refreshEvery: 2, maxIterations: 3, tolerance: 0 },
    regularization: { sparsity: 0.1, connectivity: 0.1, smoothness: 0.1 },
  });
  const result = await train(model, data, { epochs: 4, progress: false });
  const terms = result.history.map((r) => r.terms!);
  assertCoEvolutionTerms(terms);
  // Every round is traced (the run's very first graph has nothing to compare with), and the last
  // round of each rebuild is the change the history recorded.
  const trace = model.coEvolutionTrace;
  assertEquals(trace.map((r) => [r.epoch, r.round]), [[1, 2], [1, 3], [3, 1], [3, 2], [3, 3]]);
  assertEquals([trace[1].change, trace[4].change], [
    terms[0]["graph change"],
    terms[2]["graph change"],
  ]);
  assert(trace.every((r) => Number.isFinite(r.change) && r.change >= 0));
  model.dispose();
});

Deno.test("AdaptiveGNN trains deterministically with a seed", async () => {
  await tf.setBackend("cpu");
  const data = csbm({ numNodes: 60, numClasses: 3, avgDegree: 4, seed: 3 });
  const run = async (seed: number) => {
    const model = createModel("adaptive", {
      inChannels: data.graph.x.cols,
      hiddenChannels: 8,
      outChannels: 3,
      seed,
      learnedGraph: { k: 3 },
    });
    const r = await train(model, data, { epochs: 3, seed, progress: false });
    model.dispose();
    return r.history.map(({ seconds: _, ...rest }) => rest);
  };
  assertEquals(await run(0), await run(0));
  assert(JSON.stringify(await run(0)) !== JSON.stringify(await run(1)));
});

Deno.test("AdaptiveGNN rejects invalid settings naming them; other models reject its keys", () => {
  const base = { inChannels: 4, hiddenChannels: 4, outChannels: 2 };
  assertThrows(
    () => new AdaptiveGNN({ ...base, dropNode: 1 }),
    RangeError,
    "dropNode must be in [0, 1)",
  );
  assertThrows(() => new AdaptiveGNN({ ...base, samples: 0 }), RangeError, "samples must be");
  assertThrows(
    () => new AdaptiveGNN({ ...base, learnedGraph: { k: 0 } }),
    RangeError,
    "learnedGraph.k must be a positive integer",
  );
  assertThrows(
    () => createModel("gcn", { ...base, dropNode: 0.5 }),
    RangeError,
    "dropNode applies to adaptive only",
  );
});

Deno.test("AdaptiveGNN without co-evolution rebuilds once per refresh, from h0", async () => {
  await tf.setBackend("cpu");
  const data = csbm({ numNodes: 60, numClasses: 3, avgDegree: 4, homophily: 0.8, seed: 2 });
  const learnedGraph = { k: 3, refreshEvery: 2, maxIterations: 3, tolerance: 0 };
  const config = {
    inChannels: data.graph.x.cols,
    hiddenChannels: 8,
    outChannels: 3,
    samples: 2,
    steps: 2,
  };
  const model = new AdaptiveGNN({
    ...config,
    learnedGraph: { ...learnedGraph, coEvolution: false },
  });
  const result = await train(model, data, { epochs: 4, progress: false });
  // One round per refresh (before epochs 1 and 3); the very first graph has nothing to compare.
  const terms = result.history.map((r) => r.terms!);
  assertEquals(terms.map((t) => t["graph iterations"]), [1, undefined, 1, undefined]);
  assertEquals(model.coEvolutionTrace.map((r) => [r.epoch, r.round]), [[3, 1]]);
  assertEquals(model.coEvolutionTrace[0].change, terms[2]["graph change"]);
  assert(String(model).includes("no co-evolution"), String(model));

  // The kept edges are the kNN graph of the trained encoder's h0, not of a propagated z.
  const x = tf.tensor2d((data.graph.x as { data: Float32Array }).data, [60, config.inChannels]);
  const adj = adjacency(data.graph);
  const edgesOf = (g: { graph: { edgeIndex: Int32Array } }) => Array.from(g.graph.edgeIndex);
  const fromH0 = (m: AdaptiveGNN) => {
    const h0 = m.encoder.forward(x);
    const graph = m.metric!.forward(h0, { k: 3 }, { symmetric: true });
    h0.dispose();
    return graph;
  };
  model.beforeEpoch(5, x, adj);
  const learned = model.learnedGraph(x, adj)!;
  const expected = fromH0(model);
  assertEquals(edgesOf(learned), edgesOf(expected));
  // With co-evolution, the same schedule runs up to maxIterations rounds from propagated
  // representations: its rebuilds differ from h0's kNN graph.
  const full = new AdaptiveGNN({ ...config, learnedGraph });
  const fullRun = await train(full, data, { epochs: 4, progress: false });
  assertEquals(fullRun.history.map((r) => r.terms!["graph iterations"]), [
    3,
    undefined,
    3,
    undefined,
  ]);
  full.beforeEpoch(5, x, adj);
  const coEvolved = full.learnedGraph(x, adj)!;
  const ownH0 = fromH0(full);
  assert(edgesOf(coEvolved).join() !== edgesOf(ownH0).join(), "co-evolution kept h0's graph");
  tf.dispose([x, learned.weights, expected.weights, coEvolved.weights, ownH0.weights]);
  model.dispose();
  full.dispose();
});

Deno.test("AdaptiveGNN trains without input dropout; DropNode without rng fails clearly", async () => {
  await tf.setBackend("cpu");
  const graph = randomGraph(8, 0.4, 4);
  const adj = adjacency(graph);
  const x = randomTensor(5, [8, 3]);
  const base = { inChannels: 3, hiddenChannels: 4, outChannels: 2, samples: 2, inputDropout: 0 };
  // inputDropout 0 draws nothing, so DropNode is the first to need the generator.
  const dropping = new AdaptiveGNN(base);
  for (
    const call of [
      () => dropping.trainingForward(x, adj),
      () => dropping.forward(x, adj, { training: true }),
    ]
  ) {
    assertThrows(call, RangeError, "Cannot apply DropNode: training needs options.rng");
  }
  // With every rate 0 nothing is random: no generator needed.
  const deterministic = new AdaptiveGNN({ ...base, dropNode: 0, dropout: 0 });
  const output = deterministic.trainingForward(x, adj);
  assertTensorClose(output.logits, deterministic.forward(x, adj), 1e-6);
  // And train() runs it (its generator drives DropNode and the hidden dropout).
  const data = csbm({ numNodes: 40, numClasses: 2, avgDegree: 4, seed: 1 });
  const model = createModel("adaptive", {
    inChannels: data.graph.x.cols,
    hiddenChannels: 4,
    outChannels: 2,
    inputDropout: 0,
  });
  const result = await train(model, data, { epochs: 2, progress: false });
  assert(result.history.every((r) => Number.isFinite(r.trainLoss)));
  tf.dispose([x, output.logits]);
  for (const m of [dropping, deterministic, model]) m.dispose();
});

Deno.test("AdaptiveGNN trains on neighbour-sampled mini-batches: loss terms see the seed rows", async () => {
  await tf.setBackend("cpu");
  const data = csbm({ numNodes: 60, numClasses: 3, avgDegree: 4, seed: 5 });
  const batchSize = 8;
  const model = new AdaptiveGNN({
    inChannels: data.graph.x.cols,
    hiddenChannels: 4,
    outChannels: 3,
    samples: 3,
    steps: 2,
  });
  // Record what the trainer hands to lossTerms, and the subgraph sizes the forward saw.
  const forwardRows: number[] = [];
  const seen: { rows: number[]; task: number; consistency: number; byHand: number }[] = [];
  const trainingForward = model.trainingForward.bind(model);
  const lossTerms = model.lossTerms.bind(model);
  model.trainingForward = (x, adj, options) => {
    forwardRows.push(adj.numNodes);
    return trainingForward(x, adj, options);
  };
  model.lossTerms = (output, taskLoss) => {
    const terms = lossTerms(output, taskLoss);
    const samples = output.perNode.samples;
    const mean = samples.reduce((s, l) => s + taskLoss(l).dataSync()[0], 0) / samples.length;
    seen.push({
      rows: [output.logits.shape[0], ...samples.map((l) => l.shape[0])],
      task: terms.task.dataSync()[0],
      consistency: terms.consistency.dataSync()[0],
      byHand: mean,
    });
    return terms;
  };
  const result = await train(model, data, {
    epochs: 2,
    batchSize,
    fanouts: [3],
    progress: false,
  });
  const numTrain = data.splits[0].train.length;
  const sizes = Array.from(
    { length: Math.ceil(numTrain / batchSize) },
    (_, i) => Math.min(batchSize, numTrain - i * batchSize),
  );
  assertEquals(seen.map((s) => s.rows), [...sizes, ...sizes].map((n) => [n, n, n, n]));
  // The subgraphs have more nodes than seeds: the cut to the seed rows mattered.
  assert(forwardRows.every((n, i) => n > seen[i].rows[0]), `subgraph sizes ${forwardRows}`);
  for (const s of seen) {
    assertAllClose([s.task], [s.byHand], { atol: 1e-6 });
    assert(s.consistency > 0 && Number.isFinite(s.consistency), `consistency ${s.consistency}`);
  }
  // Each epoch's recorded terms are the mean over its batches.
  const first = seen.slice(0, sizes.length).reduce((a, s) => a + s.task, 0) / sizes.length;
  assertAllClose([result.history[0].terms!.task], [first], { atol: 1e-6 });
  model.dispose();
});

Deno.test("AdaptiveGNN with a learned graph refuses mini-batches, naming the options", async () => {
  await tf.setBackend("cpu");
  const data = csbm({ numNodes: 60, numClasses: 3, avgDegree: 4, seed: 5 });
  const model = new AdaptiveGNN({
    inChannels: data.graph.x.cols,
    hiddenChannels: 4,
    outChannels: 3,
    learnedGraph: { k: 3 },
  });
  await assertRejects(
    () => train(model, data, { epochs: 1, batchSize: 8, fanouts: [3], progress: false }),
    RangeError,
    "its learned graph (learnedGraph) spans the 60 nodes of the graph it was built on, got a " +
      "graph of",
  );
  await assertRejects(
    () => train(model, data, { epochs: 1, batchSize: 8, fanouts: [3], progress: false }),
    RangeError,
    "train options batchSize and fanouts",
  );
  model.dispose();
});
