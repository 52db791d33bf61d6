import { embeddingScatter, graphFigure } from "../../lib/display/figure_graph.ts";
import { describeFigure } from "../../lib/display/figures.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";

// A triangle 0-1-2 stored in both directions plus the one-way edge 2->3 and a self-loop on 3:
// four distinct node pairs, so four segments.
const graph = createGraph({
  numNodes: 4,
  edgeIndex: [[0, 1, 1, 2, 2, 0, 2, 3], [1, 0, 2, 1, 0, 2, 3, 3]],
  y: new Int32Array([2, 0, 2, 1]),
});
const positions = new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]);

Deno.test("graphFigure() draws one segment per node pair, separated by nulls", () => {
  const fig = graphFigure(graph, { positions });
  const edges = fig.data[0];
  assertEquals(edges.mode, "lines");
  const x = edges.x as (number | null)[];
  const y = edges.y as (number | null)[];
  assertEquals(x.filter((v) => v === null).length, 4);
  assertEquals(y.filter((v) => v === null).length, 4);
  assertEquals(x.length, 12);
  // The segment for edge 2->3 runs from (0, 1) to (1, 1).
  assertEquals([x.slice(9, 12), y.slice(9, 12)], [[0, 1, null], [1, 1, null]]);
});

Deno.test("graphFigure() adds one node trace per class, in class order", () => {
  const fig = graphFigure(graph, { positions, labels: ["a", "b", "c"], title: "T" });
  assertEquals(fig.data.map((t) => t.name), ["edges", "a", "b", "c"]);
  assertEquals(fig.data[3].x, [0, 0]); // nodes 0 and 2 have class 2
  assertEquals(fig.data[3].y, [0, 1]);
  assertEquals(fig.data[2].text, ["node 3"]);
  assertEquals(describeFigure(fig).split("\n")[0], 'Figure "T": 4 traces');
  const byPrediction = graphFigure(graph, { positions, colorBy: new Int32Array([5, 5, 5, 5]) });
  assertEquals(byPrediction.data.map((t) => t.name), ["edges", "5"]);
});

Deno.test("graphFigure() lays the graph out when positions are missing", () => {
  const fig = graphFigure(createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] }));
  assertEquals(fig.data.map((t) => t.name), ["edges", "nodes"]);
  const xs = fig.data[1].x as number[];
  assertEquals(xs.length, 3);
  assert(xs.every((v) => v >= -1 && v <= 1), `positions ${xs}`);
});

Deno.test("graphFigure() rejects positions or colours of the wrong length", () => {
  assertThrows(
    () => graphFigure(graph, { positions: new Float32Array(6) }),
    RangeError,
    "Cannot plot graph: positions has 6 values (expected 2 * 4 nodes)",
  );
  assertThrows(
    () => graphFigure(graph, { positions, colorBy: new Int32Array(3) }),
    RangeError,
    "Cannot plot graph: colorBy has 3 values (expected 4)",
  );
});

Deno.test("embeddingScatter() splits points by class", () => {
  const fig = embeddingScatter(new Float32Array([0, 1, 2, 3, 4, 5]), new Int32Array([1, 0, 1]), {
    title: "PCA",
  });
  assertEquals(fig.data.map((t) => [t.name, t.x, t.y]), [["0", [2], [3]], ["1", [0, 4], [1, 5]]]);
  assertEquals((fig.layout.title as { text: string }).text, "PCA");
  assertEquals(embeddingScatter(new Float32Array([0, 1])).data.length, 1);
  assertThrows(
    () => embeddingScatter(new Float32Array(3)),
    RangeError,
    "Cannot plot embedding: points has 3 values (expected [n, 2])",
  );
});

Deno.test("embeddingScatter() takes any array of numbers as coordinates", () => {
  const colorBy = new Int32Array([1, 0, 1]);
  const coords = [0.1, 1, 2, 3, 4, 5.5];
  for (const points of [new Float64Array(coords), coords]) {
    const fig = embeddingScatter(points, colorBy);
    assertEquals(fig.data.map((t) => [t.x, t.y]), [[[2], [3]], [[0.1, 4], [1, 5.5]]]);
  }
});

Deno.test("graphFigure() shows nodeIds on hover and checks their count", () => {
  const g = createGraph({ numNodes: 2, edgeIndex: [[0], [1]] });
  const fig = graphFigure(g, {
    positions: new Float32Array(4),
    colorBy: new Int32Array([0, 0]),
    nodeIds: [973, 12],
  });
  assertEquals(fig.data[1].text, ["node 973", "node 12"]);
  assertThrows(
    () => graphFigure(g, { positions: new Float32Array(4), nodeIds: [1] }),
    RangeError,
    "Cannot plot graph: nodeIds has 1 values (expected 2)",
  );
});
