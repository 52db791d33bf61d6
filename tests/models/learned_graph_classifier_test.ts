import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../../lib/graph/graph.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import { LearnedGraphClassifier } from "../../lib/models/learned_graph_classifier.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { setBackend } from "../../lib/backend/set_backend.ts";
import { assert, assertAllClose, assertEquals } from "../_assert.ts";

await setBackend("cpu");
const x = tf.randomNormal([6, 4], 0, 1, "float32", 3) as tf.Tensor2D;
const config = { inChannels: 4, hiddenChannels: 5, outChannels: 3, seed: 1 };

Deno.test("LearnedGraphClassifier never reads the input graph", () => {
  const model = new LearnedGraphClassifier(config);
  const empty = adjacency(createGraph({ numNodes: 6, edgeIndex: [[], []] }));
  const ring = adjacency(
    createGraph({ numNodes: 6, edgeIndex: [[0, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 0]] }),
  );
  const a = model.forward(x, empty);
  const b = model.forward(x, ring);
  assertEquals(a.shape, [6, 3]);
  assertEquals(a.dataSync(), b.dataSync());
  // logits = A (relu(Z) W2 + b2) with the learned A, in evaluation mode.
  const scores = model.classifier.forward(model.encoder.forward(x).relu() as tf.Tensor2D);
  const expected = model.learnedAdjacency(x).matMul(scores);
  assertAllClose(a.dataSync(), expected.dataSync());
  assertEquals(
    model.namedParameters().map(([name]) => name.split(".")[0]),
    ["encoder", "encoder", "learner", "learner", "classifier", "classifier"],
  );
  assertEquals(String(model).startsWith("LearnedGraphClassifier(Linear(4, 5)"), true);
  model.dispose();
});

Deno.test("LearnedGraphClassifier.learnedGraph() holds every nonzero entry of A as j -> i", () => {
  for (const maskZeros of [false, true]) {
    const model = new LearnedGraphClassifier({ ...config, maskZeros });
    const dense = model.learnedAdjacency(x).arraySync();
    const y = new Int32Array([0, 1, 2, 0, 1, 2]);
    const graph = model.learnedGraph(x, y);
    const E = graph.edgeIndex.length / 2;
    const fromGraph = dense.map((row) => row.map(() => 0));
    for (let e = 0; e < E; e++) {
      fromGraph[graph.edgeIndex[E + e]][graph.edgeIndex[e]] = graph.edgeWeight![e];
    }
    assertEquals(fromGraph, dense.map((row) => row.map((w) => Math.fround(w))));
    assertEquals(graph.y, y);
    // A graph's dense features give the same graph.
    const features = denseMatrix(x.dataSync() as Float32Array, 6, 4);
    assertEquals(model.learnedGraph(features, y), graph);
    const nonzero = dense.flat().filter((w) => w !== 0).length;
    assertEquals(E, nonzero);
    // A plain softmax connects every pair; masking relu's zeros leaves some out.
    if (maskZeros) assert(nonzero < 36, `masked A has ${nonzero} of 36 entries`);
    else assertEquals(nonzero, 36);
    model.dispose();
  }
});
