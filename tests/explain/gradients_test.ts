import * as tf from "@tensorflow/tfjs";
import { assert, assertAllClose, assertEquals, assertThrows } from "../_assert.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { createModel } from "../../lib/models/create_model.ts";
import type { Model } from "../../lib/models/model.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { toTensor } from "../../lib/nn/to_tensor.ts";
import { normalizedGraph } from "../../lib/train/_features.ts";
import { explain } from "../../lib/explain/explain.ts";
import { gaussLegendre } from "../../lib/explain/gradients.ts";
import type { GATConv } from "../../lib/nn/gat_conv.ts";

const data = csbm({ numNodes: 80, numClasses: 3, avgDegree: 4, featureDim: 5, seed: 2 });
const base = { inChannels: 5, hiddenChannels: 8, outChannels: 3, seed: 4 };

/** A model with seeded non-zero biases, so it passes the untrained check and has kinks off 0. */
function model(name: string, extra: Record<string, unknown> = {}): Model {
  const m = createModel(name, { ...base, ...extra });
  let k = 0;
  for (const [n, p] of m.namedParameters()) {
    if (n.endsWith("bias")) {
      p.assign(tf.mul(0.1, tf.sin(tf.range(++k, k + p.size).reshape(p.shape))));
    }
  }
  return m;
}

/** The target logit of `node` on the full graph with feature (row, col) of x moved by `h`. */
function logitAt(m: Model, node: number, cls: number, row = 0, col = 0, h = 0): number {
  const g = normalizedGraph(data.graph);
  return tf.tidy(() => {
    const x = toTensor(g.x!);
    const moved = tf.add(x, tf.mul(h, tf.oneHot([row * 5 + col], 80 * 5).reshape([80, 5])));
    return m.forward(moved as tf.Tensor2D, adjacency(g)).arraySync()[node][cls];
  });
}

Deno.test("saliency and inputXGradient match finite differences of the target logit", () => {
  const gcn = model("gcn");
  const node = 7;
  const s = explain(gcn, data, { nodes: node, method: "saliency" });
  const ig = explain(gcn, data, { nodes: node, method: "inputXGradient" });
  const { nodeIds } = s.subgraph;
  const F = 5;
  let checked = 0;
  for (let i = 0; i < nodeIds.length && checked < 6; i++) {
    for (const col of [0, 3]) {
      const h = 1e-2;
      const up = logitAt(gcn, node, s.target[0], nodeIds[i], col, h);
      const down = logitAt(gcn, node, s.target[0], nodeIds[i], col, -h);
      const fd = (up - down) / (2 * h);
      assertAllClose([s.nodeFeatureMask![i * F + col]], [Math.abs(fd)], { atol: 2e-3 });
      checked++;
    }
  }
  const x = normalizedGraph(data.graph).x!;
  const xs = Array.from(nodeIds, (v) => Array.from({ length: F }, (_, c) => x.data[v * F + c]))
    .flat();
  // Features are non-negative, so |x ⊙ g| = x ⊙ |g|.
  assertAllClose(
    Array.from(ig.nodeFeatureMask!, Math.abs),
    xs.map((v, i) => v * s.nodeFeatureMask![i]),
    { atol: 1e-6 },
  );
  assertAllClose(
    ig.featureMask!,
    Array.from(
      { length: F },
      (_, c) =>
        Array.from(nodeIds, (_, i) => ig.nodeFeatureMask![i * F + c]).reduce((a, b) => a + b, 0),
    ),
    { atol: 1e-5 },
  );
  gcn.dispose();
});

Deno.test("integratedGradients is complete to 1e-3 at 64 steps (GCN, GAT, SAGE)", () => {
  for (const name of ["gcn", "gat", "sage"]) {
    const m = model(name);
    const e = explain(m, data, {
      nodes: [3, 11],
      method: "integratedGradients",
      settings: { steps: 64 },
    });
    const sum = e.featureMask!.reduce((a, b) => a + b, 0);
    assert(e.diagnostics!.completenessError < 1e-3, `${name}: ${e.diagnostics!.completenessError}`);
    // The attributions carry the output difference, not nothing.
    assert(Math.abs(sum) > 1e-2, `${name}: attributions sum to ${sum}`);
    assertEquals(e.settings, { steps: 64, baseline: 0 });
    m.dispose();
  }
  const gcn = model("gcn");
  assertEquals(explain(gcn, data, { nodes: 3, method: "integratedGradients" }).settings.steps, 50);
  gcn.dispose();
});

Deno.test("gaussLegendre() matches numpy's leggauss(4) on [0, 1]", () => {
  // numpy.polynomial.legendre.leggauss(4), mapped by t = (1 - z) / 2, w / 2.
  const { points, weights } = gaussLegendre(4);
  assertAllClose(points, [0.0694318442, 0.3300094782, 0.6699905218, 0.9305681558], { atol: 1e-9 });
  assertAllClose(weights, [0.1739274226, 0.3260725774, 0.3260725774, 0.1739274226], {
    atol: 1e-9,
  });
});

Deno.test("attention gives a one-layer GAT's coefficients on the edges into the node", () => {
  const gat = model("gat", { numLayers: 1, outHeads: 2 });
  const node = 9;
  const e = explain(gat, data, { nodes: node, method: "attention", settings: { reduce: "mean" } });
  const g = normalizedGraph(data.graph);
  const adj = adjacency(g);
  const alpha = (gat as unknown as { convs: GATConv[] }).convs[0].attention(toTensor(g.x!), adj)
    .arraySync() as number[][];
  const E = g.edgeIndex.length / 2;
  let nonLoop = 0;
  const position = new Map<number, number>();
  for (let id = 0; id < E; id++) {
    if (g.edgeIndex[id] !== g.edgeIndex[E + id]) position.set(id, nonLoop++);
  }
  let checked = 0;
  e.subgraph.edgeIds.forEach((id, k) => {
    if (g.edgeIndex[E + id] !== node) return;
    const a = alpha[position.get(id)!];
    assertAllClose([e.edgeMask![k]], [(a[0] + a[1]) / 2], { atol: 1e-6 });
    checked++;
  });
  assert(checked > 0, "node 9 should have incoming edges");
  gat.dispose();
});

Deno.test("explain() phenomenon explains the given target", () => {
  const gcn = model("gcn");
  const e = explain(gcn, data, {
    nodes: [1, 2],
    method: "saliency",
    explanationType: "phenomenon",
    target: [0, 2],
  });
  assertEquals(Array.from(e.target), [0, 2]);
  const labels = explain(gcn, data, {
    nodes: [1, 2],
    method: "saliency",
    explanationType: "phenomenon",
  });
  assertEquals(Array.from(labels.target), [data.graph.y[1], data.graph.y[2]]);
  gcn.dispose();
});

Deno.test("explain() rejects bad input naming the argument", () => {
  const gcn = model("gcn");
  const cases: [Record<string, unknown>, string][] = [
    [{ nodes: 80 }, "Cannot explain: nodes must be integer node ids in [0, 80), got 80"],
    [{ nodes: 1.5 }, "Cannot explain: nodes must be integer node ids in [0, 80), got 1.5"],
    [{ nodes: [] }, "Cannot explain: nodes is empty (expected at least one node id)"],
    [{ nodes: undefined }, "Cannot explain: nodes is required (a node id or a list of them)"],
    [{ nodes: [2, 2] }, "Cannot explain: nodes lists node 2 twice"],
    [{ method: "shapley" }, 'Cannot explain: method "shapley" is unknown (expected one of '],
    [
      { method: "attention" },
      'Cannot explain: method "attention" does not apply to model "gcn": it has no attention layers',
    ],
    [
      { explanationType: "phenomenon", target: 3 },
      "Cannot explain: target must be integer classes in [0, 3), got 3",
    ],
    [
      { settings: { steps: 0 }, method: "integratedGradients" },
      "Cannot explain: settings.steps must be a positive integer, got 0",
    ],
    [
      { settings: { step: 10 }, method: "integratedGradients" },
      'Cannot explain: settings.step is unknown for method "integratedGradients"',
    ],
    [{ node: 1 }, "Cannot explain: unknown option node"],
  ];
  for (const [change, message] of cases) {
    const options = { nodes: 1, method: "saliency", ...change } as never;
    assertThrows(() => explain(gcn, data, options), RangeError, message);
  }
  const wide = createModel("gcn", { ...base, inChannels: 6 });
  assertThrows(
    () => explain(wide, data, { nodes: 1, method: "saliency", allowUntrained: true }),
    RangeError,
    "Cannot explain: model takes 6 input features (inChannels) but data.graph.x has 5 columns",
  );
  const untrained = createModel("gcn", base);
  assertThrows(
    () => explain(untrained, data, { nodes: 1, method: "saliency" }),
    RangeError,
    'Cannot explain: model "gcn" looks untrained (every bias is still 0)',
  );
  [gcn, wide, untrained].forEach((m) => m.dispose());
});

Deno.test("gradient edge masks: finite differences on the full graph, completeness at 64 steps", () => {
  const gcn = model("gcn");
  const node = 7;
  const s = explain(gcn, data, { nodes: node, method: "saliency" });
  const x = explain(gcn, data, { nodes: node, method: "inputXGradient" });
  assertAllClose(Array.from(x.edgeMask!, Math.abs), s.edgeMask!, { atol: 1e-7 });
  const g = normalizedGraph(data.graph);
  const E = g.edgeIndex.length / 2;
  const logit = (id: number, h: number) =>
    tf.tidy(() => {
      const mask = tf.add(tf.ones([E]), tf.mul(h, tf.oneHot([id], E).reshape([E])));
      const out = gcn.forward(toTensor(g.x!), adjacency(g), { edgeMask: mask as tf.Tensor1D });
      return out.arraySync()[node][s.target[0]];
    });
  let nonzero = 0;
  s.subgraph.edgeIds.forEach((id, k) => {
    const fd = (logit(id, 1e-2) - logit(id, -1e-2)) / 2e-2;
    assertAllClose([x.edgeMask![k]], [fd], { atol: 2e-3 });
    if (Math.abs(fd) > 1e-3) nonzero++;
  });
  assert(nonzero > 2, `only ${nonzero} edges matter`);
  for (const name of ["gcn", "gat", "sage", "adaptive"]) {
    const m = model(name);
    const ig = explain(m, data, {
      nodes: 7,
      method: "integratedGradients",
      settings: { steps: 64 },
    });
    assert(
      ig.diagnostics!.edgeCompletenessError < 1e-3,
      `${name}: ${ig.diagnostics!.edgeCompletenessError}`,
    );
    assert(ig.edgeMask!.some((v) => Math.abs(v) > 1e-3), `${name}: no edge matters`);
    m.dispose();
  }
  const mlp = model("mlp");
  assertEquals(explain(mlp, data, { nodes: 7, method: "saliency" }).edgeMask, undefined);
  [gcn, mlp].forEach((m) => m.dispose());
});
