import * as tf from "@tensorflow/tfjs";
import { createModel } from "../../lib/models/create_model.ts";
import { Ours } from "../../lib/models/ours.ts";
import { gcnNorm } from "../../lib/graph/gcn_norm.ts";
import type { Graph } from "../../lib/graph/graph.ts";
import { removeSelfLoops } from "../../lib/graph/self_loops.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { train } from "../../lib/train/trainer.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { assertCoEvolutionTerms } from "./_ours_fixtures.ts";
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

Deno.test("Ours in evaluation mode is the classifier on the mixed-order propagation", () => {
  const graph = randomGraph(9, 0.3, 2);
  const adj = adjacency(graph);
  const x = randomTensor(3, [9, 5]);
  const model = new Ours({ inChannels: 5, hiddenChannels: 4, outChannels: 3, steps: 3 });
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

Deno.test("Ours with a learned graph propagates over (1 - lambda) Â_input + lambda Â_learned", () => {
  // Without self loops: mixGraphs adds I even where a loop exists, gcnNorm keeps the loop.
  const graph = removeSelfLoops(randomGraph(10, 0.3, 4));
  const adj = adjacency(graph);
  const x = randomTensor(5, [10, 6]);
  const lambda = 0.3;
  const model = new Ours({
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

Deno.test("Ours' loss terms: the samples' mean task loss and their consistency", () => {
  const graph = randomGraph(8, 0.4, 4);
  const adj = adjacency(graph);
  const x = randomTensor(5, [8, 3]);
  const model = new Ours({ inChannels: 3, hiddenChannels: 4, outChannels: 2, samples: 3 });
  const rng = createRng(1);
  tf.tidy(() => {
    const logits = model.forward(x, adj, { training: true, rng });
    const seen: tf.Tensor2D[] = [];
    const terms = model.lossTerms(logits, (l) => {
      seen.push(l);
      return tf.mean(l) as tf.Scalar;
    });
    assertEquals(Object.keys(terms), ["task", "consistency"]);
    assertEquals(seen.length, 3);
    assertEquals(seen[0], logits);
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

Deno.test("Ours with a learned graph records co-evolution and the graph terms", async () => {
  await tf.setBackend("cpu");
  const data = csbm({ numNodes: 60, numClasses: 3, avgDegree: 4, homophily: 0.8, seed: 2 });
  const model = new Ours({
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

Deno.test("Ours trains deterministically with a seed", async () => {
  await tf.setBackend("cpu");
  const data = csbm({ numNodes: 60, numClasses: 3, avgDegree: 4, seed: 3 });
  const run = async (seed: number) => {
    const model = createModel("ours", {
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

Deno.test("Ours rejects invalid settings naming them; other models reject Ours' keys", () => {
  const base = { inChannels: 4, hiddenChannels: 4, outChannels: 2 };
  assertThrows(
    () => new Ours({ ...base, dropNode: 1 }),
    RangeError,
    'Cannot create model "ours": dropNode must be in [0, 1), got 1',
  );
  assertThrows(
    () => new Ours({ ...base, samples: 0 }),
    RangeError,
    'Cannot create model "ours": samples must be a positive integer, got 0',
  );
  assertThrows(
    () => new Ours({ ...base, learnedGraph: { k: 0 } }),
    RangeError,
    'Cannot create model "ours": learnedGraph.k must be a positive integer, got 0',
  );
  assertThrows(
    () => createModel("gcn", { ...base, dropNode: 0.5 }),
    RangeError,
    "dropNode applies to ours only",
  );
});
