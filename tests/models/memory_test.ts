/**
 * Every model, trained for a few epochs and disposed, leaves no tensor behind: the live-tensor
 * count (`tf.memory().numTensors`) is back where it was before the model was created.
 *
 * Cached device copies of constant host arrays (graph index arrays, lib/sparse/_device.ts) belong
 * to those arrays, not to a model: they are freed when the arrays are garbage-collected, which a
 * test cannot force. `releaseDeviceCopies()` frees them at once before both counts, so only what a
 * model or the trainer kept remains.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../lib/backend/set_backend.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import type { AdaptiveGNNOptions } from "../../lib/models/adaptive_gnn_options.ts";
import { createModel } from "../../lib/models/create_model.ts";
import { MODEL_NAMES, type ModelConfig } from "../../lib/models/model.ts";
import { releaseDeviceCopies } from "../../lib/sparse/_device.ts";
import { train, type TrainOptions } from "../../lib/train/trainer.ts";
import { assertEquals } from "../_assert.ts";

const REGULARIZED = { sparsity: 0.1, connectivity: 0.1, smoothness: 0.1 };
const SMALL = { samples: 2, steps: 2 };

/** `[label, registry name, model options, train options]`: every model, every adaptive part. */
const CASES: [string, string, Partial<ModelConfig> & AdaptiveGNNOptions, TrainOptions][] = [
  ["mlp", "mlp", {}, {}],
  ["gcn", "gcn", {}, {}],
  ["gcn with feature and edge dropout", "gcn", {}, { featureDropout: 0.2, edgeDropout: 0.2 }],
  ["gat", "gat", { heads: 2 }, {}],
  ["sage", "sage", {}, {}],
  ["sage on mini-batches", "sage", {}, { batchSize: 8, fanouts: [3] }],
  ["adaptive", "adaptive", SMALL, {}],
  ["adaptive on mini-batches", "adaptive", SMALL, { batchSize: 8, fanouts: [3] }],
  [
    "adaptive with a learned kNN graph and R, S",
    "adaptive",
    { ...SMALL, learnedGraph: { k: 3, refreshEvery: 2 }, regularization: REGULARIZED },
    {},
  ],
  [
    "adaptive with anchors and R, S",
    "adaptive",
    { ...SMALL, learnedGraph: { anchors: 6, k: 3, refreshEvery: 2 }, regularization: REGULARIZED },
    {},
  ],
  ["adaptive with multi-granularity", "adaptive", { ...SMALL, multiGranularity: {} }, {}],
  [
    "adaptive with every part, feature and edge dropout",
    "adaptive",
    {
      ...SMALL,
      learnedGraph: { k: 3, refreshEvery: 2, coEvolution: false },
      regularization: REGULARIZED,
      multiGranularity: { levels: 2 },
    },
    { featureDropout: 0.2, edgeDropout: 0.2 },
  ],
];

Deno.test("the memory cases cover every model name", () => {
  assertEquals(new Set(CASES.map(([, name]) => name)), new Set(MODEL_NAMES));
});

for (const backend of ["cpu", "wasm"] as const) {
  for (const [label, name, options, trainOptions] of CASES) {
    Deno.test(`${label} frees every tensor once disposed, on ${backend}`, async () => {
      await setBackend(backend);
      const data = csbm({ numNodes: 40, numClasses: 2, avgDegree: 4, homophily: 0.8, seed: 1 });
      releaseDeviceCopies();
      const before = tf.memory().numTensors;
      const model = createModel(name, {
        inChannels: data.graph.x.cols,
        hiddenChannels: 4,
        outChannels: 2,
        ...options,
      });
      await train(model, data, { epochs: 3, progress: false, ...trainOptions });
      model.dispose();
      releaseDeviceCopies();
      assertEquals(tf.memory().numTensors - before, 0, `${label}: tensors left`);
    });
  }
}
