import * as tf from "@tensorflow/tfjs";
import { assert, assertAllClose, assertThrows } from "../_assert.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { createModel } from "../../lib/models/create_model.ts";
import type { Model } from "../../lib/models/model.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { createRng } from "../../lib/random/rng.ts";

// 7 nodes, both directions of 8 edges, plus a self loop on node 2 (the loop gets weight 1 from
// the layers, so its mask has no effect) and a duplicate edge 0 -> 1.
const pairs = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 0], [1, 4]];
const src = [...pairs.map((p) => p[0]), ...pairs.map((p) => p[1]), 2, 0];
const dst = [...pairs.map((p) => p[1]), ...pairs.map((p) => p[0]), 2, 1];
const graph = createGraph({ numNodes: 7, edgeIndex: [src, dst] });
const adj = adjacency(graph);
const E = src.length;
const rng = createRng(5);
const xValues = Array.from({ length: 7 * 3 }, () => rng.next());
const maskValues = Array.from({ length: E }, () => 0.2 + 0.6 * rng.next());

const base = { inChannels: 3, hiddenChannels: 4, outChannels: 2, seed: 2 };
const models: [string, Model][] = [
  ["gcn", createModel("gcn", base)],
  ["gat", createModel("gat", { ...base, heads: 2, outHeads: 2 })],
  ["sage", createModel("sage", base)],
  ["sage sum", createModel("sage", { ...base, aggregation: "sum" })],
  ["adaptive", createModel("adaptive", { ...base, steps: 3 })],
];

// The score: a fixed mix of all logits, so every edge that reaches any node matters.
function score(model: Model, mask: number[]): number {
  return tf.tidy(() => {
    const out = model.forward(tf.tensor2d(xValues, [7, 3]), adj, { edgeMask: tf.tensor1d(mask) });
    return tf.sum(tf.mul(out, tf.range(1, 15).reshape([7, 2]))).dataSync()[0];
  });
}

Deno.test("forward edgeMask: gradients match finite differences (GCN, GAT, SAGE, AdaptiveGNN)", () => {
  for (const [label, model] of models) {
    const grad = tf.tidy(() =>
      tf.grad((m: tf.Tensor) => {
        const out = model.forward(tf.tensor2d(xValues, [7, 3]), adj, {
          edgeMask: m as tf.Tensor1D,
        });
        return tf.sum(tf.mul(out, tf.range(1, 15).reshape([7, 2])));
      })(tf.tensor1d(maskValues)).arraySync() as number[]
    );
    const h = 1e-2;
    const fd = maskValues.map((_, e) => {
      const up = maskValues.slice();
      const down = maskValues.slice();
      up[e] += h;
      down[e] -= h;
      return (score(model, up) - score(model, down)) / (2 * h);
    });
    assertAllClose(grad, fd, { atol: 2e-3, message: `${label}: ` });
    assert(grad.filter((g) => Math.abs(g) > 1e-3).length >= E - 2, `${label}: gradients vanish`);
    // The self loop (edge 16) carries weight 1 whatever its mask, except in SAGE (no added loops).
    if (!label.startsWith("sage")) assertAllClose([grad[16]], [0], { atol: 1e-6 });
  }
});

Deno.test("forward edgeMask of ones gives the unmasked output", () => {
  for (const [label, model] of models) {
    const [masked, plain] = tf.tidy(() => {
      const x = tf.tensor2d(xValues, [7, 3]);
      return [
        model.forward(x, adj, { edgeMask: tf.ones([E]) }).dataSync(),
        model.forward(x, adj).dataSync(),
      ];
    });
    assertAllClose(masked, plain, { atol: 1e-6, message: `${label}: ` });
  }
});

Deno.test("forward edgeMask rejects a wrong length, max aggregation and learned graphs", () => {
  const x = tf.tensor2d(xValues, [7, 3]);
  const short = tf.ones([E - 1]) as tf.Tensor1D;
  for (const [label, model] of models) {
    assertThrows(
      () => model.forward(x, adj, { edgeMask: short }),
      RangeError,
      `expected edgeMask of shape [${E}] (one weight per edge), got [${E - 1}]`,
      label,
    );
  }
  const max = createModel("sage", { ...base, aggregation: "max" });
  assertThrows(
    () => max.forward(x, adj, { edgeMask: tf.ones([E]) as tf.Tensor1D }),
    RangeError,
    'Cannot apply SAGEConv: edgeMask needs aggregation "mean" or "sum", got "max"',
  );
  const learned = createModel("adaptive", { ...base, learnedGraph: { k: 2 } });
  assertThrows(
    () => learned.forward(x, adj, { edgeMask: tf.ones([E]) as tf.Tensor1D }),
    RangeError,
    'Cannot apply model "adaptive" with edgeMask: a learned graph (learnedGraph) has edges',
  );
  tf.dispose([x, short]);
  max.dispose();
  learned.dispose();
});
