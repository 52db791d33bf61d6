import {
  hierarchyTable,
  spreadingFigure,
  spreadingTable,
} from "../../lib/display/multi_granularity.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { granularityLevels, hierarchyGraph } from "../../lib/structure/hierarchy.ts";
import { assertEquals, assertThrows } from "../_assert.ts";

// Two triangles joined by one edge, both ways.
const edges = [[0, 1], [1, 2], [0, 2], [3, 4], [4, 5], [3, 5], [2, 3]];
const graph = createGraph({
  numNodes: 6,
  edgeIndex: [edges.flatMap(([u, v]) => [u, v]), edges.flatMap(([u, v]) => [v, u])],
});

Deno.test("hierarchyTable() lists level 0 and every coarse level, sizes and edges", () => {
  const levels = granularityLevels(graph, { levels: 2, seed: 0 });
  const hierarchy = hierarchyGraph(graph, levels);
  const t = hierarchyTable(graph, levels, { hierarchy, title: "Levels" });
  assertEquals(t.columns, ["level", "nodes", "cluster sizes", "edges"]);
  assertEquals(t.cells[0], ["0", "6", "1", "14"]);
  levels.forEach((l, i) => {
    const sizes = Array.from(l.sizes).sort((a, b) => a - b);
    const median = sizes.length % 2
      ? sizes[sizes.length >> 1]
      : (sizes[sizes.length / 2 - 1] + sizes[sizes.length / 2]) / 2;
    assertEquals(t.cells[i + 1], [
      String(l.level),
      String(l.numClusters),
      `${sizes[0]} to ${sizes.at(-1)}, median ${median}`,
      String(l.graph.edgeIndex.length / 2),
    ]);
  });
  assertEquals(
    t.title,
    `Levels; hierarchy graph: ${hierarchy.graph.numNodes} nodes, ` +
      `${hierarchy.graph.edgeIndex.length / 2} edges`,
  );
});

const trace = (total: number[], level0: number[]) => ({
  information: [],
  total: Float64Array.from(total),
  byLevel: [Float64Array.from(level0), Float64Array.from(total.map((t, i) => t - level0[i]))],
});
const runs = [
  { alpha: 0, trace: trace([1, 1, 1], [1, 0.5, 0.75]) },
  { alpha: Infinity, trace: trace([1, 0.5, 0.25], [1, 0.5, 0.25]) },
];

Deno.test("spreadingFigure() draws the total and level 0, one line per alpha", () => {
  const fig = spreadingFigure(runs, { title: "Spread" });
  assertEquals(fig.data.map((t) => [t.name, t.yaxis, t.showlegend]), [
    ["α = 0", "y", true],
    ["α = Infinity", "y", true],
    ["α = 0", "y2", false],
    ["α = Infinity", "y2", false],
  ]);
  assertEquals([fig.data[1].x, fig.data[1].y], [[0, 1, 2], [1, 0.5, 0.25]]);
  assertEquals(fig.data[2].y, [1, 0.5, 0.75]);
  assertEquals(fig.layout.title, { text: "Spread" });
  assertThrows(() => spreadingFigure([]), RangeError, "runs is empty");
});

Deno.test("spreadingTable() gives what is left after the last step, by level", () => {
  const t = spreadingTable(runs);
  assertEquals(t.columns, ["α", "exp(−α)", "total at t = 2", "level 0", "level 1"]);
  assertEquals(t.cells, [
    ["0", "1.0000", "1.0000", "0.7500", "0.2500"],
    ["Infinity", "0.0000", "0.2500", "0.2500", "0.0000"],
  ]);
  assertEquals(t.title, "Information after 2 steps, by level");
});
