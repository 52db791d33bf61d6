import * as tf from "@tensorflow/tfjs";
import { MultiTaskGCN } from "../../lib/models/multitask_gcn.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { assertTensorClose, randomGraph, randomTensor } from "../nn/_fixtures.ts";

Deno.test("MultiTaskGCN embeds as the two GCN layers it stacks, with three heads", () => {
  const model = new MultiTaskGCN({ inChannels: 5, hiddenChannels: 4, numClasses: 3 });
  const adj = adjacency(randomGraph(7, 0.4, 1));
  const x = randomTensor(2, [7, 5]);
  // Z = Â ReLU(Â X W1 + b1) W2 + b2 (eval mode: no dropout), computed with the layers themselves.
  const expected = model.conv2.forward(tf.relu(model.conv1.forward(x, adj)), adj);
  const z = model.embed(x, adj);
  assertTensorClose(z, expected);
  assertTensorClose(model.shared(model.sharedInput(x, adj)), expected);
  assertEquals(z.shape, [7, 4]);
  assertEquals(model.classifier.forward(z).shape, [7, 3]);
  assertEquals(model.decoder.forward(z).shape, [7, 5]);
  assertEquals(model.sharedWeight(), model.conv2.weight);
  // Dropout acts in training mode only.
  const trained = model.embed(x, adj, { training: true, rng: createRng(1) });
  assert(trained.dataSync().some((v, i) => Math.abs(v - z.dataSync()[i]) > 1e-6));
  model.dispose();
});

Deno.test("MultiTaskGCN fills in its defaults, seeds its weights and prints its layers", () => {
  const a = new MultiTaskGCN({ inChannels: 6, numClasses: 2, seed: 3 });
  assertEquals(a.config, {
    inChannels: 6,
    hiddenChannels: 64,
    numClasses: 2,
    dropout: 0.5,
    seed: 3,
  });
  const weights = (m: MultiTaskGCN) => m.parameters().map((v) => Array.from(v.dataSync()).join());
  const b = new MultiTaskGCN({ inChannels: 6, numClasses: 2, seed: 3 });
  const c = new MultiTaskGCN({ inChannels: 6, numClasses: 2, seed: 4 });
  assertEquals(weights(a), weights(b));
  assert(weights(a).join() !== weights(c).join(), "seeds 3 and 4 gave the same weights");
  assertEquals(
    String(a),
    "MultiTaskGCN(\n  conv1: GCNConv(6, 64)\n  conv2: GCNConv(64, 64)\n  classifier: Linear(64, 2)\n" +
      "  decoder: Linear(64, 6)\n  dropout: 0.5\n)",
  );
  for (const m of [a, b, c]) m.dispose();
});

Deno.test("MultiTaskGCN rejects bad settings naming them", () => {
  const base = { inChannels: 4, numClasses: 2 };
  const cases: [ConstructorParameters<typeof MultiTaskGCN>[0], string][] = [
    [{ ...base, inChannels: 0 }, "inChannels must be a positive integer, got 0"],
    [{ ...base, hiddenChannels: 2.5 }, "hiddenChannels must be a positive integer, got 2.5"],
    [{ ...base, numClasses: -1 }, "numClasses must be a positive integer, got -1"],
    [{ ...base, dropout: 1 }, "dropout must be in [0, 1), got 1"],
    [{ ...base, seed: Infinity }, "seed must be a finite number, got Infinity"],
  ];
  for (const [config, message] of cases) {
    assertThrows(
      () => new MultiTaskGCN(config),
      RangeError,
      `Cannot create MultiTaskGCN: ${message}`,
    );
  }
});
