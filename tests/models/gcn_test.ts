import * as tf from "@tensorflow/tfjs";
import { GCN } from "../../lib/models/gcn.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { assertEquals } from "../_assert.ts";
import { assertTensorClose, randomGraph, randomTensor } from "../nn/_fixtures.ts";

Deno.test("GCN stacks GCNConv layers with ReLU between them", () => {
  const model = new GCN({ inChannels: 5, hiddenChannels: 4, outChannels: 3, numLayers: 3 });
  assertEquals(model.convs.map(String), ["GCNConv(5, 4)", "GCNConv(4, 4)", "GCNConv(4, 3)"]);
  const adj = adjacency(randomGraph(7, 0.4, 1));
  const x = randomTensor(2, [7, 5]);
  const [c0, c1, c2] = model.convs;
  const expected = c2.forward(tf.relu(c1.forward(tf.relu(c0.forward(x, adj)), adj)), adj);
  assertTensorClose(model.forward(x, adj), expected);
});

Deno.test("GCN parameter names, first layer and toString()", () => {
  const model = new GCN({ inChannels: 1433, hiddenChannels: 16, outChannels: 7 });
  assertEquals(model.namedParameters().map(([n, v]) => `${n}:${v.shape}`), [
    "convs.0.weight:1433,16",
    "convs.0.bias:16",
    "convs.1.weight:16,7",
    "convs.1.bias:7",
  ]);
  assertEquals(model.firstLayerParameters(), [model.convs[0].weight, model.convs[0].bias]);
  assertEquals(
    String(model),
    "GCN(\n  convs.0: GCNConv(1433, 16)\n  convs.1: GCNConv(16, 7)\n  dropout: 0.5\n)",
  );
});
