import { adjacencyComparison } from "../../lib/display/adjacency_comparison.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { assertEquals, assertThrows } from "../_assert.ts";

// Five nodes of classes 1, 0, 1, 0, 0.
const labels = [1, 0, 1, 0, 0];
const input = createGraph({ numNodes: 5, edgeIndex: [[0, 1, 3, 4], [2, 3, 1, 0]] });
const learned = createGraph({
  numNodes: 5,
  edgeIndex: [[0, 2, 2, 4], [1, 0, 1, 4]],
  edgeWeight: new Float32Array([0.5, 0.25, 0.12345, 1.5]),
});

Deno.test("adjacencyComparison() orders the nodes by class and id, one heatmap per graph", () => {
  const fig = adjacencyComparison({ input, learned }, { labels, classNames: ["zero", "one"] });
  // Class 0 (nodes 1, 3, 4), then class 1 (nodes 0, 2); rows are sources, columns targets.
  const ids = ["1", "3", "4", "0", "2"];
  assertEquals(fig.data.map((t) => [t.type, t.name, t.xaxis, t.yaxis]), [
    ["heatmap", "input", "x", "y"],
    ["heatmap", "learned", "x2", "y2"],
  ]);
  assertEquals([fig.data[0].x, fig.data[0].y], [ids, ids]);
  assertEquals(fig.data[0].z, [
    [0, 1, 0, 0, 0], // 1 -> 3
    [1, 0, 0, 0, 0], // 3 -> 1
    [0, 0, 0, 1, 0], // 4 -> 0
    [0, 0, 0, 0, 1], // 0 -> 2
    [0, 0, 0, 0, 0],
  ]);
  // Three decimals, and the self loop 4 -> 4.
  assertEquals(fig.data[1].z, [
    [0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0],
    [0, 0, 1.5, 0, 0],
    [0.5, 0, 0, 0, 0],
    [0.123, 0, 0, 0.25, 0],
  ]);
  // One tick per class at its block's middle node, a line between the blocks in each panel.
  const xaxis = fig.layout.xaxis as Record<string, unknown>;
  assertEquals([xaxis.tickvals, xaxis.ticktext], [["3", "0"], ["zero", "one"]]);
  const yaxis2 = fig.layout.yaxis2 as Record<string, unknown>;
  assertEquals([yaxis2.autorange, yaxis2.showticklabels], ["reversed", false]);
  assertEquals((fig.layout.yaxis as Record<string, unknown>).showticklabels, undefined);
  const shapes = fig.layout.shapes as Record<string, unknown>[];
  assertEquals(shapes.map((s) => [s.xref, s.x0, s.y0]), [
    ["x", 2.5, -0.5],
    ["x", -0.5, 2.5],
    ["x2", 2.5, -0.5],
    ["x2", -0.5, 2.5],
  ]);
  assertEquals((fig.layout.coloraxis as Record<string, unknown>).cmax, 1.5);
});

Deno.test("adjacencyComparison() draws perClass nodes per class, first by id or seeded", () => {
  const first = adjacencyComparison({ input }, { labels, perClass: 2 });
  assertEquals(first.data[0].x, ["1", "3", "0", "2"]);
  const drawn = adjacencyComparison({ input }, { labels, perClass: 2, seed: 7 });
  // The same draw as the seeded shuffle of each class's members, classes in label order.
  const rng = createRng(7);
  const zero = rng.shuffle([1, 3, 4]).slice(0, 2);
  const one = rng.shuffle([0, 2]).slice(0, 2);
  assertEquals(drawn.data[0].x, [...zero.sort(), ...one.sort()].map(String));
  const chosen = adjacencyComparison({ input }, { labels, nodes: [4, 2, 1] });
  assertEquals(chosen.data[0].x, ["1", "4", "2"]);
});

Deno.test("adjacencyComparison() with normalize shows each target's incoming shares", () => {
  const fig = adjacencyComparison({ learned }, { labels, normalize: true, nodes: [0, 1, 2, 4] });
  // Node 1 receives 0.5 from 0 and 0.12345 from 2; node 0 all from 2; node 4 from itself.
  const share = Math.round(1000 * Math.fround(0.5 / (0.5 + Math.fround(0.12345)))) / 1000;
  assertEquals(fig.data[0].x, ["1", "4", "0", "2"]);
  assertEquals(fig.data[0].z, [
    [0, 0, 0, 0],
    [0, 1, 0, 0],
    [share, 0, 0, 0],
    [Math.round(1000 * (1 - share)) / 1000, 0, 1, 0],
  ]);
});

Deno.test("adjacencyComparison() rejects mismatched inputs with the reason", () => {
  const small = createGraph({ numNodes: 3, edgeIndex: [[0], [1]] });
  assertThrows(() => adjacencyComparison({}, { labels }), RangeError, "graphs is empty");
  assertThrows(
    () => adjacencyComparison({ input, small }, { labels }),
    RangeError,
    "small has 3 nodes, input 5",
  );
  assertThrows(
    () => adjacencyComparison({ input }, { labels: [0, 1] }),
    RangeError,
    "labels has 2 entries, the graphs 5 nodes",
  );
  assertThrows(
    () => adjacencyComparison({ input }, { labels, perClass: 0 }),
    RangeError,
    "perClass must be a positive integer, got 0",
  );
});

Deno.test("adjacencyComparison() titles every panel and every axis", () => {
  const fig = adjacencyComparison({ input, learned }, { labels, title: "Both" });
  assertEquals(fig.layout.title, { text: "Both" });
  for (const axis of ["xaxis", "xaxis2"]) {
    assertEquals((fig.layout[axis] as { title: unknown }).title, { text: "target node, by class" });
  }
  for (const axis of ["yaxis", "yaxis2"]) {
    assertEquals((fig.layout[axis] as { title: unknown }).title, { text: "source node, by class" });
  }
  const annotations = fig.layout.annotations as { text: string }[];
  assertEquals(annotations.map((a) => a.text), ["input", "learned"]);
});
