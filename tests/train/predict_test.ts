import { assert, assertEquals, assertThrows } from "../_assert.ts";
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../lib/backend/set_backend.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { createModel } from "../../lib/models/create_model.ts";
import { predict } from "../../lib/train/predict.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import { train } from "../../lib/train/trainer.ts";
import type { TrainableModel } from "../../lib/train/trainable_model.ts";

Deno.test("predict() reproduces the trainer's test accuracy and gives probability rows", async () => {
  await setBackend("cpu");
  const data = csbm({ numNodes: 120, numClasses: 3, homophily: 0.9, seed: 4 });
  const model = createModel("gcn", {
    inChannels: data.graph.x.cols,
    outChannels: 3,
    hiddenChannels: 8,
    seed: 0,
  });
  const result = await train(model, data, { epochs: 30, progress: false, normalizeFeatures: true });
  const p = predict(model, data, { normalizeFeatures: true });
  const test = data.splits[0].test;
  const correct = Array.from(test).filter((v) => p.classes[v] === data.graph.y[v]).length;
  assertEquals(correct / test.length, result.test.accuracy);
  for (let v = 0; v < p.numNodes; v++) {
    const row = p.row(v);
    assert(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5, `row ${v} does not sum to 1`);
    assertEquals(p.classes[v], row.indexOf(Math.max(...row)));
  }
  model.dispose();
});

Deno.test("predict() names the model when it returns the wrong number of rows", async () => {
  await setBackend("cpu");
  const data = csbm({ numNodes: 40, numClasses: 2, avgDegree: 4, seed: 1 });
  const broken: TrainableModel = {
    name: "broken",
    forward: () => tf.zeros([3, 2]) as tf.Tensor2D,
    namedParameters: () => [],
  };
  const before = tf.memory().numTensors;
  assertThrows(
    () => predict(broken, data),
    RangeError,
    "Cannot predict with broken on csbm: it returned 3 rows for the graph's 40 nodes",
  );
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("predict() checks its inputs before running the model", async () => {
  await setBackend("cpu");
  const data = csbm({ numNodes: 40, numClasses: 2, avgDegree: 4, seed: 1 });
  const cols = data.graph.x.cols;
  const model = createModel("gcn", { inChannels: cols, outChannels: 2, hiddenChannels: 4 });
  const wide = createModel("gcn", { inChannels: cols + 1, outChannels: 2, hiddenChannels: 4 });
  const x = Float32Array.from(data.graph.x.data);
  x[5 * cols + 2] = -Infinity;
  const cases: [() => unknown, string][] = [
    [
      () => predict(model, { ...data, graph: { ...data.graph, x: denseMatrix(x, 40, cols) } }),
      "x[5, 2] is -Infinity; features must be finite",
    ],
    [
      () => predict(wide, data),
      `the model takes ${cols + 1} input features (inChannels) but x has ${cols} columns`,
    ],
    [() => predict(model, data, { normalise: true } as never), "unknown option normalise"],
    [
      () => predict(model, data, { normalizeFeatures: 1 as never }),
      "option normalizeFeatures must be true or false, got 1",
    ],
  ];
  for (const [fn, message] of cases) {
    assertThrows(fn, RangeError, `Cannot predict with gcn on csbm: ${message}`);
  }
  model.dispose();
  wide.dispose();
});

Deno.test("predict() normalises features by default, as train() does", async () => {
  await setBackend("cpu");
  const data = csbm({ numNodes: 40, numClasses: 2, avgDegree: 4, seed: 1 });
  const model = createModel("gcn", {
    inChannels: data.graph.x.cols,
    outChannels: 2,
    hiddenChannels: 4,
  });
  const byDefault = predict(model, data).probabilities;
  assertEquals(byDefault, predict(model, data, { normalizeFeatures: true }).probabilities);
  const raw = predict(model, data, { normalizeFeatures: false }).probabilities;
  assert(byDefault.some((p, i) => p !== raw[i]), "normalising changed nothing");
  model.dispose();
});
