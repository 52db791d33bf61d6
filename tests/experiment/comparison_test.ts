import { assertEquals, assertThrows } from "../_assert.ts";
import {
  comparisonFigure,
  comparisonRows,
  comparisonTable,
  pairedComparisonTable,
  seedAccuracyTable,
} from "../../lib/experiment/comparison.ts";
import type { ReproduceResult, ReproduceRow } from "../../lib/experiment/results.ts";

function row(dataset: string, model: string, runs: number[], paper?: number): ReproduceRow {
  const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
  const std = Math.sqrt(runs.reduce((a, b) => a + (b - mean) ** 2, 0) / runs.length);
  return {
    dataset,
    model,
    seeds: runs.length,
    testAccuracy: { mean, std, runs },
    valAccuracy: { mean: 0.79, std: 0.005 },
    seconds: 12.34,
    ...(paper !== undefined && { paper }),
    seedRuns: [],
  };
}

const RESULT: ReproduceResult = {
  protocol: "original",
  backend: "wasm",
  rows: [
    row("cora", "gcn", [0.815, 0.821, 0.809], 0.815),
    row("cora", "gat", [0.83, 0.828, 0.834], 0.83),
    row("citeseer", "gcn", [0.705, 0.71, 0.715]),
    row("cora", "sage", [0.81, 0.811, 0.812], 0.823),
  ],
};

Deno.test("comparisonRows() gives mean ± std, the paper's figure and the difference in points", () => {
  assertEquals(comparisonRows(RESULT), [
    {
      dataset: "cora",
      model: "gcn",
      seeds: 3,
      "test acc (%)": "81.5 ± 0.5",
      "val acc (%)": "79.0 ± 0.5",
      "paper (%)": "81.5",
      "Δ vs paper (points)": "0.0",
      seconds: "12.3",
    },
    {
      dataset: "cora",
      model: "gat",
      seeds: 3,
      "test acc (%)": "83.1 ± 0.2",
      "val acc (%)": "79.0 ± 0.5",
      "paper (%)": "83.0",
      "Δ vs paper (points)": "+0.1",
      seconds: "12.3",
    },
    {
      dataset: "citeseer",
      model: "gcn",
      seeds: 3,
      "test acc (%)": "71.0 ± 0.4",
      "val acc (%)": "79.0 ± 0.5",
      "paper (%)": "-",
      "Δ vs paper (points)": "-",
      seconds: "12.3",
    },
    {
      dataset: "cora",
      model: "sage",
      seeds: 3,
      "test acc (%)": "81.1 ± 0.1",
      "val acc (%)": "79.0 ± 0.5",
      "paper (%)": "82.3",
      "Δ vs paper (points)": "-1.2",
      seconds: "12.3",
    },
  ]);
});

Deno.test("comparisonTable() is titled with the seed count, protocol and backend", () => {
  const t = comparisonTable(RESULT);
  assertEquals(
    t.title,
    "Test accuracy at the best validation epoch, mean ± std over 3 seeds (original protocol, wasm backend)",
  );
  assertEquals(t.cells.length, 4);
  assertEquals(t.cells[1].slice(0, 4), ["cora", "gat", "3", "83.1 ± 0.2"]);
});

Deno.test("seedAccuracyTable() lists every seed's test accuracy next to mean ± std", () => {
  const t = seedAccuracyTable(RESULT);
  assertEquals(t.columns, ["dataset", "model", "seed 0", "seed 1", "seed 2", "mean ± std"]);
  assertEquals(t.cells[0], ["cora", "gcn", "81.5", "82.1", "80.9", "81.5 ± 0.5"]);
  assertEquals(seedAccuracyTable(RESULT, { digits: 2 }).cells[2][2], "70.50");
  assertThrows(() => seedAccuracyTable(RESULT, { digits: -1 }), {
    message: "Cannot build the seed accuracy table: digits must be an integer in 0..10, got -1",
  });
});

Deno.test("comparisonFigure() draws measured bars with error bars next to the paper's series", () => {
  const fig = comparisonFigure(RESULT);
  const [measured, paper] = fig.data;
  const groups = ["Cora · GCN", "Cora · GAT", "CiteSeer · GCN", "Cora · GraphSAGE"];
  assertEquals(fig.data.length, 2);
  assertEquals(measured.name, "this reproduction (mean ± std, 3 seeds)");
  assertEquals(measured.x, groups);
  assertEquals(measured.y, [81.5, 83.066667, 71, 81.1]);
  assertEquals((measured.error_y as { array: number[] }).array, [
    0.489898,
    0.249444,
    0.408248,
    0.08165,
  ]);
  assertEquals(measured.text, ["81.5", "83.1", "71.0", "81.1"]);
  // The paper reports no CiteSeer figure: a gap, said in the legend.
  assertEquals(paper.name, "paper, chapter 2.5 (none for CiteSeer)");
  assertEquals(paper.x, groups);
  assertEquals(paper.y, [81.5, 83, null, 82.3]);
  assertEquals(paper.text, ["81.5", "83.0", "", "82.3"]);
  assertEquals(paper.error_y, undefined);
  assertEquals(fig.layout.title, { text: "Test accuracy: this reproduction vs the paper" });
  assertEquals(fig.layout.yaxis, { title: { text: "test accuracy (%)" } });
  assertEquals((fig.layout.xaxis as { title: unknown }).title, { text: "data set · model" });
  assertEquals(comparisonFigure(RESULT, { title: "T" }).layout.title, { text: "T" });
  // 0.7145 shows as 71.4 in the tables (100 * 0.7145 is 71.44999...); the bar says the same.
  const halfway = { ...RESULT, rows: [row("citeseer", "gcn", [0.714, 0.715])] };
  assertEquals(comparisonTable(halfway).cells[0][3].split(" ")[0], "71.4");
  assertEquals(comparisonFigure(halfway).data[0].text, ["71.4"]);
});

Deno.test("comparison displays reject an empty result", () => {
  const empty: ReproduceResult = { protocol: "paper", backend: "cpu", rows: [] };
  assertThrows(() => comparisonTable(empty), {
    message: "Cannot build the comparison table: result has no rows",
  });
  assertThrows(() => comparisonFigure(empty), {
    message: "Cannot plot the comparison: result has no rows",
  });
  assertThrows(() => seedAccuracyTable(empty), {
    message: "Cannot build the seed accuracy table: result has no rows",
  });
});

Deno.test("pairedComparisonTable() compares every row with its data set's baseline, seed by seed", () => {
  const t = pairedComparisonTable({
    protocol: "original",
    backend: "wasm",
    rows: [
      row("texas", "full", [0.5, 0.6, 0.7]),
      row("texas", "no S", [0.5, 0.65, 0.6]),
      row("texas", "no R", [0.55, 0.65, 0.75]),
    ],
  });
  assertEquals(t.columns, [
    "dataset",
    "model",
    "test acc (%)",
    "Δ vs full, paired (points)",
    "seeds better / same / worse",
  ]);
  // no S: differences 0, +5, -10 points: mean -1.7, population std 6.2.
  const d = [0, 5, -10];
  const m = d.reduce((a, b) => a + b, 0) / 3;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / 3);
  assertEquals(t.cells, [
    ["texas", "no S", "58.3", `${m.toFixed(1)} ± ${std.toFixed(1)}`, "1 / 1 / 1"],
    ["texas", "no R", "65.0", "+5.0 ± 0.0", "3 / 0 / 0"],
  ]);
  assertEquals(t.title, 'Each row against "full" (texas 60.0%), seed by seed');
  assertThrows(
    () => pairedComparisonTable(RESULT, { baseline: "gat" }),
    RangeError,
    'citeseer has no "gat" row',
  );
  assertThrows(
    () =>
      pairedComparisonTable({
        ...RESULT,
        rows: [row("texas", "full", [0.5, 0.6]), row("texas", "no S", [0.5])],
      }),
    RangeError,
    'texas no S ran 1 seeds, "full" 2',
  );
});
