import {
  adjacencyHeatmap,
  classDistribution,
  confusionHeatmap,
  degreeDistribution,
  describeFigure,
  groupedBars,
  trainingCurves,
} from "../../lib/display/figures.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";

const rec = (
  epoch: number,
  trainLoss: number,
  valLoss: number,
  trainAcc: number,
  valAcc: number,
) => ({
  epoch,
  trainLoss,
  valLoss,
  trainAcc,
  valAcc,
});

const runA = { label: "gcn", records: [rec(1, 1.0, 1.2, 0.5, 0.4), rec(2, 0.6, 0.8, 0.7, 0.6)] };
const runB = { label: "gcn", records: [rec(1, 0.8, 1.0, 0.6, 0.5), rec(2, 0.4, 0.6, 0.9, 0.7)] };

Deno.test("trainingCurves() puts loss and accuracy on two subplots, one line per run", () => {
  const fig = trainingCurves([runA, runB]);
  assertEquals(fig.data.length, 8); // 2 runs x 4 curves, no band traces
  assert(fig.data.every((t) => t.fill === undefined));
  const valAcc = fig.data.find((t) => t.name === "gcn #1 val acc")!;
  assertEquals(valAcc.x, [1, 2]);
  assertEquals(valAcc.y, [0.5, 0.7]);
  assertEquals([valAcc.xaxis, valAcc.yaxis], ["x2", "y2"]);
  const trainLoss = fig.data.find((t) => t.name === "gcn #0 train loss")!;
  assertEquals([trainLoss.xaxis, trainLoss.yaxis], ["x", "y"]);
  const layout = fig.layout as Record<string, { domain?: number[]; anchor?: string }>;
  assertEquals(layout.yaxis2.anchor, "x2");
  assert(layout.xaxis.domain![1] < layout.xaxis2.domain![0], "subplots overlap");
});

Deno.test("trainingCurves() with band draws min, max (tonexty) and mean per curve", () => {
  const fig = trainingCurves([runA, runB], { band: true });
  assertEquals(fig.data.length, 12); // 4 curves x (min, max, mean)
  const names = fig.data.slice(0, 3).map((t) => t.name);
  assertEquals(names, ["gcn train loss min", "gcn train loss max", "gcn train loss"]);
  const [lo, hi, mean] = fig.data.slice(0, 3);
  assertEquals(lo.y, [0.8, 0.4]);
  assertEquals(hi.y, [1.0, 0.6]);
  assertEquals(hi.fill, "tonexty");
  assertEquals(lo.fill, undefined);
  // Means by hand: (1.0 + 0.8) / 2, (0.6 + 0.4) / 2.
  assertEquals((mean.y as number[]).map((v) => Math.round(v * 1e9) / 1e9), [0.9, 0.5]);
  // A single run has nothing to band.
  assertEquals(trainingCurves([runA], { band: true }).data.length, 4);
});

Deno.test("trainingCurves() rejects empty input", () => {
  assertThrows(() => trainingCurves([]), {
    message: "Cannot plot training curves: histories is empty",
  });
  assertThrows(() => trainingCurves([runA, { label: "mlp", records: [] }]), {
    message: "Cannot plot training curves: run 1 (mlp) has no records",
  });
});

Deno.test("groupedBars() gives one trace per series with heights and error bars from rows", () => {
  const fig = groupedBars([
    { group: "cora", series: "gcn", mean: 0.81, std: 0.01 },
    { group: "citeseer", series: "gcn", mean: 0.7, std: 0.02 },
    { group: "cora", series: "mlp", mean: 0.58 },
  ], { title: "Accuracy", yTitle: "test accuracy" });
  assertEquals(fig.layout.barmode, "group");
  assertEquals(fig.data.map((t) => t.name), ["gcn", "mlp"]);
  assertEquals(fig.data[0].x, ["cora", "citeseer"]);
  assertEquals(fig.data[0].y, [0.81, 0.7]);
  assertEquals(fig.data[0].error_y, { type: "data", array: [0.01, 0.02], visible: true });
  assertEquals(fig.data[1].y, [0.58, null]);
  assertEquals(fig.data[1].error_y, undefined);
  assertEquals(fig.layout.yaxis, { title: { text: "test accuracy" } });
  assertEquals(
    describeFigure(fig),
    'Figure "Accuracy": 2 traces\n  bar "gcn": 2 points\n  bar "mlp": 2 points',
  );
});

Deno.test("groupedBars() rejects empty and non-finite rows", () => {
  assertThrows(() => groupedBars([]), { message: "Cannot plot grouped bars: rows is empty" });
  assertThrows(() => groupedBars([{ group: "g", series: "s", mean: NaN }]), {
    message: "Cannot plot grouped bars: row 0 (g, s) has a non-finite mean or std",
  });
});

Deno.test("confusionHeatmap() copies the matrix into z with true classes top to bottom", () => {
  const matrix = [[5, 1, 0], [2, 7, 1], [0, 0, 9]];
  const fig = confusionHeatmap(matrix, ["a", "b", "c"]);
  assertEquals(fig.data[0].type, "heatmap");
  assertEquals(fig.data[0].z, matrix);
  assert(fig.data[0].z !== matrix, "z aliases the input");
  assertEquals(fig.data[0].x, ["a", "b", "c"]);
  assertEquals((fig.layout.yaxis as { autorange: string }).autorange, "reversed");
  assertEquals(confusionHeatmap([[1]]).data[0].y, ["0"]);
});

Deno.test("confusionHeatmap() rejects empty, ragged and mislabelled matrices", () => {
  assertThrows(() => confusionHeatmap([]), {
    message: "Cannot plot confusion matrix: matrix is empty",
  });
  assertThrows(() => confusionHeatmap([[1, 2], [3]]), {
    message: "Cannot plot confusion matrix: row 1 has 1 entries (expected 2)",
  });
  assertThrows(() => confusionHeatmap([[1, 2], [3, 4]], ["a"]), {
    message: "Cannot plot confusion matrix: labels has 1 names (expected 2)",
  });
});

Deno.test("classDistribution() plots one bar trace per split", () => {
  const single = classDistribution(new Int32Array([4, 0, 2]), ["x", "y", "z"]);
  assertEquals(single.data.length, 1);
  assertEquals(single.data[0].x, ["x", "y", "z"]);
  assertEquals(single.data[0].y, [4, 0, 2]);
  const split = classDistribution({ train: [1, 2], val: [3, 4], test: [5, 6] });
  assertEquals(split.data.map((t) => t.name), ["train", "val", "test"]);
  assertEquals(split.data[2].y, [5, 6]);
  assertEquals(split.data[0].x, ["0", "1"]);
  assertThrows(() => classDistribution([]), {
    message: "Cannot plot class distribution: counts is empty",
  });
  assertThrows(() => classDistribution({ train: [1, 2], val: [3] }), {
    message: "Cannot plot class distribution: split val has 1 classes (expected 2)",
  });
});

Deno.test("degreeDistribution() counts degrees on log-log axes and notes degree 0", () => {
  // By hand: degree 1 x3, 2 x1, 5 x2, and two isolated nodes.
  const fig = degreeDistribution(new Int32Array([1, 0, 5, 1, 2, 5, 0, 1]));
  assertEquals(fig.data[0].x, [1, 2, 5]);
  assertEquals(fig.data[0].y, [3, 1, 2]);
  assertEquals((fig.layout.xaxis as { type: string }).type, "log");
  assertEquals((fig.layout.yaxis as { type: string }).type, "log");
  assertEquals(
    (fig.layout.title as { text: string }).text,
    "Degree distribution (2 nodes with degree 0 not shown)",
  );
  const noZero = degreeDistribution(new Int32Array([3]));
  assertEquals((noZero.layout.title as { text: string }).text, "Degree distribution");
  assertThrows(() => degreeDistribution(new Int32Array(0)), {
    message: "Cannot plot degree distribution: degrees is empty",
  });
  assertThrows(() => degreeDistribution(new Int32Array([1, -1])), {
    message: "Cannot plot degree distribution: degrees[1] is -1 (expected >= 0)",
  });
});

Deno.test("adjacencyHeatmap() shows edges among the chosen nodes in their order", () => {
  const g = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 2, 3, 3], [1, 2, 3, 0, 0]] });
  assertEquals(adjacencyHeatmap(g).data[0].z, [
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
    [2, 0, 0, 0], // duplicate edge 3 -> 0 counts twice
  ]);
  const sub = adjacencyHeatmap(g, new Int32Array([3, 0]));
  assertEquals(sub.data[0].z, [[0, 2], [0, 0]]);
  assertEquals(sub.data[0].x, ["3", "0"]);
  assertThrows(() => adjacencyHeatmap(g, new Int32Array([4])), {
    message: "Cannot plot adjacency: nodes[0] is 4 (expected 0..3)",
  });
  assertThrows(() => adjacencyHeatmap(g, new Int32Array([1, 1])), {
    message: "Cannot plot adjacency: node 1 is listed twice",
  });
  assertThrows(() => adjacencyHeatmap(g, new Int32Array(0)), {
    message: "Cannot plot adjacency: no nodes to show",
  });
});

Deno.test("adjacencyHeatmap() defaults to the first 100 nodes", () => {
  const g = createGraph({ numNodes: 150, edgeIndex: [[0, 120], [99, 0]] });
  const z = adjacencyHeatmap(g).data[0].z as number[][];
  assertEquals(z.length, 100);
  assertEquals(z[0][99], 1);
  assertEquals(z.flat().reduce((s, v) => s + v, 0), 1); // the edge from node 120 is outside
});
