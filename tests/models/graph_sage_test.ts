import * as tf from "@tensorflow/tfjs";
import { GraphSAGE } from "../../lib/models/graph_sage.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { assertEquals } from "../_assert.ts";
import { assertTensorClose, randomGraph, randomTensor } from "../nn/_fixtures.ts";

Deno.test("GraphSAGE stacks SAGEConv layers with ReLU and the configured aggregation", () => {
  const model = new GraphSAGE({
    inChannels: 5,
    hiddenChannels: 4,
    outChannels: 3,
    aggregation: "max",
  });
  assertEquals(model.convs.map(String), ["SAGEConv(5, 4, aggr=max)", "SAGEConv(4, 3, aggr=max)"]);
  const adj = adjacency(randomGraph(7, 0.4, 1));
  const x = randomTensor(2, [7, 5]);
  const [c0, c1] = model.convs;
  assertTensorClose(model.forward(x, adj), c1.forward(tf.relu(c0.forward(x, adj)), adj));
  assertEquals(model.namedParameters().map(([n]) => n), [
    "convs.0.linL.weight",
    "convs.0.linL.bias",
    "convs.0.linR.weight",
    "convs.1.linL.weight",
    "convs.1.linL.bias",
    "convs.1.linR.weight",
  ]);
});
