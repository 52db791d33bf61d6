import * as tf from "@tensorflow/tfjs";
import { assert, assertAllClose, assertEquals } from "../_assert.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { selectRows } from "../../lib/graph/select_rows.ts";
import { toTensor } from "../../lib/nn/to_tensor.ts";
import { createModel } from "../../lib/models/create_model.ts";
import type { Model } from "../../lib/models/model.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import {
  computationSubgraph,
  receptiveField,
  subgraphInput,
} from "../../lib/explain/computation_subgraph.ts";

const data = csbm({ numNodes: 120, numClasses: 3, avgDegree: 4, featureDim: 6, seed: 3 });
const { graph } = data;
const explained = [5, 17];

function fullOutput(model: Model): Float32Array {
  return tf.tidy(() => {
    const out = model.forward(toTensor(graph.x), adjacency(graph));
    return tf.gather(out, explained).dataSync() as Float32Array;
  });
}

function subgraphOutput(model: Model, withBoundary = true): Float32Array {
  const sub = computationSubgraph(graph, explained, receptiveField(model));
  const input = withBoundary
    ? subgraphInput(graph, sub)
    : { graph: { numNodes: sub.nodeIds.length, edgeIndex: sub.edgeIndex }, rows: sub.nodeIds };
  return tf.tidy(() => {
    const x = toTensor(selectRows(graph.x, input.rows));
    const out = model.forward(x, adjacency(input.graph));
    return tf.gather(out, sub.mapping).dataSync() as Float32Array;
  });
}

const base = { inChannels: 6, hiddenChannels: 8, outChannels: 3, seed: 1 };
const cases: [string, Model][] = [
  ["gcn", createModel("gcn", base)],
  ["gcn, 3 layers", createModel("gcn", { ...base, numLayers: 3 })],
  ["gat", createModel("gat", { ...base, heads: 2 })],
  ["sage", createModel("sage", base)],
  ["adaptive", createModel("adaptive", { ...base, steps: 3 })],
  ["mlp", createModel("mlp", base)],
];

Deno.test("computationSubgraph() gives each model its full-graph output (eval mode)", () => {
  for (const [label, model] of cases) {
    const sub = computationSubgraph(graph, explained, receptiveField(model));
    assert(!sub.fullGraph, label);
    assert(sub.nodeIds.length < graph.numNodes, `${label}: the subgraph should be local`);
    assertAllClose(subgraphOutput(model), fullOutput(model), { atol: 1e-5, message: `${label}: ` });
  }
});

Deno.test("computationSubgraph() needs its boundary edges for GCN's degrees", () => {
  // Without the edges into the outermost nodes their degrees shrink and GCN's output moves: the
  // reason the boundary exists (GAT and GraphSAGE do not need it).
  const gcn = cases[0][1];
  const diff = Math.max(
    ...Array.from(subgraphOutput(gcn, false), (v, i) => Math.abs(v - fullOutput(gcn)[i])),
  );
  assert(diff > 1e-4, `expected a visible difference, got ${diff}`);
  assertAllClose(subgraphOutput(cases[2][1], false), fullOutput(cases[2][1]), { atol: 1e-5 });
});

Deno.test("computationSubgraph() matches kHopSubgraph's nodes and keeps ids of the full graph", () => {
  const sub = computationSubgraph(graph, explained, { numHops: 2 });
  const E = graph.edgeIndex.length / 2;
  const position = new Map(Array.from(sub.nodeIds, (v, i) => [v, i]));
  for (let e = 0; e < sub.edgeIds.length; e++) {
    const id = sub.edgeIds[e];
    assertEquals(sub.nodeIds[sub.edgeIndex[e]], graph.edgeIndex[id]);
    assertEquals(sub.nodeIds[sub.edgeIndex[sub.edgeIds.length + e]], graph.edgeIndex[E + id]);
  }
  for (const id of sub.boundary.edgeIds) {
    assert(!position.has(graph.edgeIndex[id]) && position.has(graph.edgeIndex[E + id]));
  }
  assertEquals(Array.from(sub.mapping, (i) => sub.nodeIds[i]), explained);
});

Deno.test("receptiveField() of each model", () => {
  assertEquals(cases.map(([, m]) => receptiveField(m).numHops), [2, 3, 2, 2, 3, 0]);
  const learned = createModel("adaptive", { ...base, learnedGraph: { k: 3 } });
  const field = receptiveField(learned);
  assertEquals(field.numHops, undefined);
  assert(field.fullGraphReason!.includes("learnedGraph"));
  const sub = computationSubgraph(graph, explained, field);
  assert(sub.fullGraph && sub.nodeIds.length === graph.numNodes);
  assertEquals(sub.fullGraphReason, field.fullGraphReason);
  learned.dispose();
});
