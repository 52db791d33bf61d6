import * as tf from "@tensorflow/tfjs";
import { MLP } from "../../lib/models/mlp.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { assertEquals } from "../_assert.ts";
import { assertTensorClose, randomGraph, randomTensor } from "../nn/_fixtures.ts";

Deno.test("MLP ignores the edges and stacks Linear layers with ReLU", () => {
  const model = new MLP({ inChannels: 5, hiddenChannels: 4, outChannels: 3, numLayers: 3 });
  assertEquals(model.lins.map(String), ["Linear(5, 4)", "Linear(4, 4)", "Linear(4, 3)"]);
  const x = randomTensor(2, [7, 5]);
  const [l0, l1, l2] = model.lins;
  const expected = l2.forward(tf.relu(l1.forward(tf.relu(l0.forward(x)))));
  assertTensorClose(model.forward(x, adjacency(randomGraph(7, 0.4, 1))), expected);
  assertTensorClose(model.forward(x, adjacency(randomGraph(7, 0.1, 3))), expected);
  assertEquals(model.namedParameters().map(([n]) => n).slice(0, 2), [
    "lins.0.weight",
    "lins.0.bias",
  ]);
});

Deno.test("MLP with one layer is a single Linear", () => {
  const model = new MLP({ inChannels: 5, hiddenChannels: 4, outChannels: 3, numLayers: 1 });
  assertEquals(model.lins.map(String), ["Linear(5, 3)"]);
});
