import { assert, assertEquals, assertThrows } from "../_assert.ts";
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../lib/backend/set_backend.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { createModel } from "../../lib/models/create_model.ts";
import { predict } from "../../lib/train/predict.ts";
import { train } from "../../lib/train/trainer.ts";
import type { TrainableModel } from "../../lib/train/_model.ts";

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
  assertThrows(
    () => predict(broken, data),
    RangeError,
    "Cannot predict with broken: it returned 3 rows for 40 nodes of csbm",
  );
});
