import * as tf from "@tensorflow/tfjs";
import { createModel } from "../../lib/models/create_model.ts";
import { MODEL_NAMES, type ModelConfig } from "../../lib/models/model.ts";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  assertGradientsFlow,
  assertTensorClose,
  randomGraph,
  randomSparse,
  randomTensor,
} from "../nn/_fixtures.ts";

const config: ModelConfig = { inChannels: 6, hiddenChannels: 4, outChannels: 3 };

Deno.test("createModel() builds every registered model with its defaults", () => {
  assertEquals([...MODEL_NAMES], ["mlp", "gcn", "gat", "sage", "adaptive"]);
  for (const name of MODEL_NAMES) {
    const model = createModel(name, config);
    assertEquals(model.name, name);
    if (name === "adaptive") {
      // AdaptiveGNN has its own settings (tests/models/adaptive_gnn_test.ts); here only that it runs.
      assertEquals(
        model.forward(randomTensor(2, [7, 6]), adjacency(randomGraph(7, 0.4, 1))).shape,
        [
          7,
          3,
        ],
      );
      continue;
    }
    assertEquals(model.config, {
      ...config,
      numLayers: 2,
      dropout: name === "gat" ? 0.6 : 0.5,
      heads: 8,
      outHeads: 1,
      attentionDropout: name === "gat" ? 0.6 : 0.5,
      aggregation: "mean",
      seed: 0,
    });
    const adj = adjacency(randomGraph(7, 0.4, 1));
    assertEquals(model.forward(randomTensor(2, [7, 6]), adj).shape, [7, 3]);
  }
});

Deno.test("createModel() accepts the alias ours for adaptive, and nowhere else", () => {
  const viaAlias = createModel("ours", { ...config, seed: 3 });
  const direct = createModel("adaptive", { ...config, seed: 3 });
  assertEquals(viaAlias.name, "adaptive");
  assertEquals(viaAlias.config, direct.config);
  assertEquals(
    viaAlias.parameters().map((v) => Array.from(v.dataSync())),
    direct.parameters().map((v) => Array.from(v.dataSync())),
  );
  assertThrows(() => createModel("Ours", config), RangeError, 'Cannot create model "Ours"');
  assertThrows(
    () => createModel("gcn", { ...config, samples: 2 }),
    RangeError,
    'Cannot create model "gcn": samples applies to adaptive only',
  );
});

Deno.test("createModel() gives identical weights and outputs for the same seed", () => {
  const adj = adjacency(randomGraph(8, 0.4, 3));
  const x = randomTensor(4, [8, 6]);
  for (const name of MODEL_NAMES) {
    const a = createModel(name, { ...config, seed: 11 });
    const b = createModel(name, { ...config, seed: 11 });
    const c = createModel(name, { ...config, seed: 12 });
    const values = (m: typeof a) => m.parameters().map((v) => Array.from(v.dataSync()).join());
    assertEquals(values(a), values(b), `${name} weights`);
    assert(values(a).join() !== values(c).join(), `${name}: seeds 11 and 12 gave the same weights`);
    const outA = a.forward(x, adj, { training: true, rng: createRng(5) });
    const outB = b.forward(x, adj, { training: true, rng: createRng(5) });
    assertEquals(
      Array.from(outA.dataSync()),
      Array.from(outB.dataSync()),
      `${name} training output`,
    );
    const evalA = a.forward(x, adj);
    assert(
      outA.dataSync().some((v, i) => Math.abs(v - evalA.dataSync()[i]) > 1e-6),
      `${name}: dropout had no effect in training`,
    );
    assertTensorClose(evalA, b.forward(x, adj), 0, `${name} evaluation output: `);
  }
});

Deno.test("createModel() models pass gradients to every parameter", () => {
  const adj = adjacency(randomGraph(8, 0.4, 6));
  const x = randomTensor(7, [8, 6]);
  for (const name of MODEL_NAMES) {
    const model = createModel(name, { ...config, numLayers: 3, heads: 2 });
    assertGradientsFlow(model, () => model.forward(x, adj));
    assert(model.firstLayerParameters().length > 0);
    assert(model.firstLayerParameters().every((v) => model.parameters().includes(v)));
  }
});

Deno.test("createModel() models give the same logits for CSR and dense features", () => {
  const adj = adjacency(randomGraph(9, 0.3, 8));
  const { csr, dense } = randomSparse(9, 9, 6);
  for (const name of MODEL_NAMES) {
    const model = createModel(name, config);
    assertTensorClose(model.forward(csr, adj), model.forward(dense, adj), 1e-5, `${name}: `);
    // Training with the same generator state drops the same share of entries in either layout,
    // but not the same entries, so only the shape is comparable.
    assertEquals(model.forward(csr, adj, { training: true, rng: createRng(1) }).shape, [9, 3]);
  }
});

Deno.test("createModel() rejects unknown names and invalid config values, naming the key", () => {
  assertThrows(() => createModel("gnc", config), {
    message:
      'Cannot create model "gnc": unknown name; expected one of mlp, gcn, gat, sage, adaptive (or "ours" for adaptive)',
  });
  const cases: [Partial<ModelConfig>, string][] = [
    [{ hiddenChannels: 0 }, "hiddenChannels must be a positive integer, got 0"],
    [{ inChannels: -3 }, "inChannels must be a positive integer, got -3"],
    [{ outChannels: 2.5 }, "outChannels must be a positive integer, got 2.5"],
    [{ numLayers: 0 }, "numLayers must be a positive integer, got 0"],
    [{ heads: 0 }, "heads must be a positive integer, got 0"],
    [{ outHeads: 0 }, "outHeads must be a positive integer, got 0"],
    [{ hidden: 16 } as Partial<ModelConfig>, "unknown key hidden (expected one of inChannels,"],
    [{ dropout: 1 }, "dropout must be in [0, 1), got 1"],
    [{ dropout: -0.1 }, "dropout must be in [0, 1), got -0.1"],
    [{ attentionDropout: 1.5 }, "attentionDropout must be in [0, 1), got 1.5"],
    [
      { aggregation: "median" as "mean" },
      'aggregation must be one of mean, max, sum, got "median"',
    ],
    [{ seed: NaN }, "seed must be a finite number, got NaN"],
  ];
  for (const [patch, detail] of cases) {
    assertThrows(
      () => createModel("gcn", { ...config, ...patch }),
      RangeError,
      `Cannot create model "gcn": ${detail}`,
    );
  }
});

Deno.test("createModel() models require a generator when training with dropout", () => {
  const adj = adjacency(randomGraph(5, 0.5, 10));
  const model = createModel("gcn", config);
  assertThrows(() => model.forward(tf.ones([5, 6]) as tf.Tensor2D, adj, { training: true }), {
    message: "Cannot apply dropout: training needs options.rng (a seeded generator from createRng)",
  });
  const noDropout = createModel("gcn", { ...config, dropout: 0 });
  assertEquals(noDropout.forward(tf.ones([5, 6]) as tf.Tensor2D, adj, { training: true }).shape, [
    5,
    3,
  ]);
});
