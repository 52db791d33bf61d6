import { csbm } from "../../lib/datasets/synthetic.ts";
import {
  COEVOLUTION_STATS,
  coEvolutionRebuilds,
  learnedGraphOf,
  LearnedGraphRecorder,
  lossTermNames,
  lossTermsFigure,
  lossTermsTable,
} from "../../lib/experiment/inspect_adaptive.ts";
import { edgeHomophily } from "../../lib/graph/homophily.ts";
import { AdaptiveGNN } from "../../lib/models/adaptive_gnn.ts";
import type { EpochRecord } from "../../lib/train/callbacks.ts";
import { train } from "../../lib/train/trainer.ts";
import { setBackend } from "../../lib/backend/set_backend.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";

await setBackend("cpu");
const data = csbm({ numNodes: 60, seed: 3 });
const options = {
  inChannels: data.graph.x.cols,
  hiddenChannels: 8,
  outChannels: data.numClasses,
  seed: 0,
  learnedGraph: { k: 4, refreshEvery: 2, maxIterations: 3, tolerance: 0 },
  regularization: { sparsity: 0.01, connectivity: 0.01, smoothness: 0.1 },
};
const trainOptions = { epochs: 5, progress: false as const, seed: 0 };

Deno.test("LearnedGraphRecorder copies the graph after every rebuild and leaves the run alone", async () => {
  const model = new AdaptiveGNN(options);
  const recorder = new LearnedGraphRecorder(data);
  const result = await train(model, data, { ...trainOptions, callbacks: [recorder] });
  const plain = new AdaptiveGNN(options);
  const without = await train(plain, data, trainOptions);
  // The callback only reads the model: the same run to the last digit.
  assertEquals(result.history.map((r) => r.terms), without.history.map((r) => r.terms));
  assertEquals(result.history.map((r) => r.valAcc), without.history.map((r) => r.valAcc));
  plain.dispose();

  // The records of the rebuild epochs carry exactly the co-evolution statistics (three rounds
  // each with tolerance 0, so even the first rebuild has a last change).
  const rebuildEpochs = result.history.filter((r) => r.terms?.["graph iterations"] !== undefined);
  assertEquals(rebuildEpochs.map((r) => r.epoch), [1, 3, 5]);
  for (const r of rebuildEpochs) {
    const stats = Object.keys(r.terms!).filter((k) => !lossTermNames([r]).includes(k));
    assertEquals(stats, [...COEVOLUTION_STATS]);
  }
  assertEquals(
    lossTermNames(result.history),
    [
      "task",
      "consistency",
      "sparsity",
      "connectivity",
      "smoothness",
    ].filter((t) => result.history[1].terms![t] !== undefined),
  );

  assertEquals(recorder.snapshots.map((s) => s.epoch), [1, 3, 5]);
  // The model keeps the last rebuild's edges.
  const learned = learnedGraphOf(model, data);
  assertEquals(recorder.snapshots.at(-1)!.graph.edgeIndex, learned.edgeIndex);
  assertEquals(learned.y, data.graph.y);
  // Every node has its k nearest neighbours (the symmetric graph adds the nodes that chose it).
  const inDegree = new Int32Array(data.graph.numNodes);
  const E = learned.edgeIndex.length / 2;
  for (let e = 0; e < E; e++) inDegree[learned.edgeIndex[E + e]]++;
  assert(inDegree.every((d) => d >= 4), "a node has fewer than k learned neighbours");

  const rebuilds = coEvolutionRebuilds(result.history, recorder.snapshots);
  assertEquals(
    rebuilds,
    rebuildEpochs.map((r, i) => ({
      epoch: r.epoch,
      rounds: r.terms!["graph iterations"],
      ...(r.terms!["graph change"] !== undefined && { change: r.terms!["graph change"] }),
      share: r.terms!["learned share"],
      edges: recorder.snapshots[i].graph.edgeIndex.length / 2,
      homophily: edgeHomophily(recorder.snapshots[i].graph),
      valAcc: r.valAcc,
    })),
  );
  assertThrows(
    () => coEvolutionRebuilds(result.history, [{ epoch: 2, graph: learned }]),
    RangeError,
    "Cannot read the rebuild before epoch 2: the history has none",
  );
  model.dispose();
});

Deno.test("learnedGraphOf() says when the model has no learned graph", () => {
  const { learnedGraph: _, ...noGraph } = options;
  const model = new AdaptiveGNN(noGraph);
  assertThrows(() => learnedGraphOf(model, data), Error, "Cannot read the learned graph");
  model.dispose();
});

const record = { trainLoss: 1, trainAcc: 0, valLoss: 1, valAcc: 0, lr: 0.01, seconds: 0 };
const history: EpochRecord[] = [
  { ...record, epoch: 1, terms: { "graph iterations": 2, task: 1.5, smoothness: 0.25 } },
  { ...record, epoch: 2, terms: { task: 1.25, smoothness: 0.125 } },
  { ...record, epoch: 3, terms: { "graph iterations": 1, task: 1, smoothness: 0.0625 } },
];

Deno.test("lossTermsFigure() stacks the objective and every loss term, no statistics", () => {
  const fig = lossTermsFigure(history, { title: "Terms" });
  assertEquals(fig.data.map((t) => [t.name, t.yaxis]), [
    ["objective", "y"],
    ["task", "y2"],
    ["smoothness", "y3"],
  ]);
  assertEquals(fig.data[0].y, [1.75, 1.375, 1.0625]);
  assertEquals(fig.data[2].y, [0.25, 0.125, 0.0625]);
  assertEquals(fig.data[1].x, [1, 2, 3]);
  assertEquals(fig.layout.title, { text: "Terms" });
  assertThrows(() => lossTermsFigure([{ ...record, epoch: 1 }]), RangeError, "no loss terms");
});

Deno.test("lossTermsTable() gives every term and the sum at the first, best and last epoch", () => {
  const t = lossTermsTable(history, { best: 2 });
  assertEquals(t.columns, ["term", "epoch 1", "epoch 2 (best)", "epoch 3 (last)"]);
  assertEquals(t.cells, [
    ["task", "1.500", "1.250", "1.000"],
    ["smoothness", "0.2500", "0.1250", "0.06250"],
    ["objective (sum)", "1.750", "1.375", "1.063"],
  ]);
  assertThrows(
    () => lossTermsTable(history, { best: 9 }),
    RangeError,
    "epoch 9 is not in the history",
  );
});
