import {
  coEvolutionFigure,
  coEvolutionRoundsFigure,
  coEvolutionTable,
  type GraphRebuild,
} from "../../lib/display/coevolution.ts";
import { assertEquals, assertThrows } from "../_assert.ts";

const rebuilds: GraphRebuild[] = [
  { epoch: 1, rounds: 1, share: 0.9, edges: 100, homophily: 0.25, valAcc: 0.4 },
  { epoch: 21, rounds: 3, change: 0.2, share: 0.85, edges: 110, homophily: 0.5, valAcc: 0.6 },
  { epoch: 41, rounds: 2, change: 0.01, share: 0.8, edges: 105, homophily: 0.75, valAcc: 0.65 },
];

Deno.test("coEvolutionFigure() stacks change, homophily and share over the rebuild epochs", () => {
  const fig = coEvolutionFigure(rebuilds, { tolerance: 0.05, inputHomophily: 0.1, title: "T" });
  assertEquals(fig.data.map((t) => [t.name, t.yaxis]), [
    ["graph change (last round)", "y"],
    ["tolerance", "y"],
    ["learned graph", "y2"],
    ["input graph", "y2"],
    ["learned share", "y3"],
  ]);
  assertEquals(fig.data[0].x, [1, 21, 41]);
  assertEquals(fig.data[0].y, [null, 0.2, 0.01]);
  assertEquals([fig.data[1].x, fig.data[1].y], [[1, 41], [0.05, 0.05]]);
  assertEquals(fig.data[2].y, [0.25, 0.5, 0.75]);
  assertEquals(fig.data[3].y, [0.1, 0.1]);
  assertEquals(fig.data[4].y, [0.9, 0.85, 0.8]);
  assertEquals(fig.layout.title, { text: "T" });
  // Without the input graph's homophily there is no reference line.
  assertEquals(coEvolutionFigure(rebuilds, { tolerance: 0.05 }).data.length, 4);
  assertThrows(() => coEvolutionFigure([], { tolerance: 0.05 }), RangeError, "no rebuilds");
});

Deno.test("coEvolutionRoundsFigure() numbers the rounds over the run, one line per rebuild", () => {
  const fig = coEvolutionRoundsFigure([
    { epoch: 21, round: 2, change: 0.5 },
    { epoch: 21, round: 3, change: 0.2 },
    { epoch: 41, round: 2, change: 0.01 },
  ], { tolerance: 0.05 });
  assertEquals(fig.data.map((t) => [t.x, t.y, t.showlegend]), [
    [[1, 2], [0.5, 0.2], true],
    [[3], [0.01], false],
    [[1, 3], [0.05, 0.05], undefined],
  ]);
  assertEquals(fig.data[0].text, [
    "rebuild before epoch 21, round 2",
    "rebuild before epoch 21, round 3",
  ]);
  assertEquals(
    fig.layout.title,
    { text: "Co-evolution trace: the graph change of each of 3 rounds" },
  );
  assertThrows(() => coEvolutionRoundsFigure([], { tolerance: 0.05 }), RangeError, "no rounds");
});

Deno.test("coEvolutionTable() formats every rebuild and counts the settled ones", () => {
  const t = coEvolutionTable(rebuilds, { tolerance: 0.05, refreshEvery: 20, maxIterations: 3 });
  assertEquals(
    t.title,
    "Co-evolution: 3 rebuilds (every 20 epochs, at most 3 rounds, tolerance 0.05); 1 of them " +
      "settled below the tolerance",
  );
  assertEquals(t.cells, [
    ["1", "1", "-", "0.9000", "100", "0.2500", "40.0"],
    ["21", "3", "0.2000", "0.8500", "110", "0.5000", "60.0"],
    ["41", "2", "0.0100", "0.8000", "105", "0.7500", "65.0"],
  ]);
});
