import * as tf from "@tensorflow/tfjs";
import { GAT } from "../../lib/models/gat.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { assertEquals } from "../_assert.ts";
import { assertTensorClose, randomGraph, randomTensor } from "../nn/_fixtures.ts";

Deno.test("GAT concatenates hidden heads, averages output heads and applies ELU between layers", () => {
  const model = new GAT({
    inChannels: 5,
    hiddenChannels: 3,
    outChannels: 2,
    heads: 4,
    outHeads: 2,
    numLayers: 3,
  });
  assertEquals(model.convs.map(String), [
    "GATConv(5, 3, heads=4)",
    "GATConv(12, 3, heads=4)",
    "GATConv(12, 2, heads=2)",
  ]);
  assertEquals(model.convs.map((c) => c.options.concat), [true, true, false]);
  const adj = adjacency(randomGraph(7, 0.4, 1));
  const x = randomTensor(2, [7, 5]);
  const [c0, c1, c2] = model.convs;
  const expected = c2.forward(tf.elu(c1.forward(tf.elu(c0.forward(x, adj)), adj)), adj);
  assertTensorClose(model.forward(x, adj), expected);
});

Deno.test("GAT defaults follow Velickovic et al.: 8 heads of 8 hidden channels, dropout 0.6", () => {
  const model = new GAT({ inChannels: 1433, hiddenChannels: 8, outChannels: 7 });
  assertEquals(model.convs.map(String), ["GATConv(1433, 8, heads=8)", "GATConv(64, 7, heads=1)"]);
  assertEquals(model.convs.map((c) => c.options.dropout), [0.6, 0.6]);
  assertEquals(model.namedParameters().map(([n]) => n), [
    "convs.0.lin.weight",
    "convs.0.attSrc",
    "convs.0.attDst",
    "convs.0.bias",
    "convs.1.lin.weight",
    "convs.1.attSrc",
    "convs.1.attDst",
    "convs.1.bias",
  ]);
  assertEquals(model.firstLayerParameters().length, 4);
});
