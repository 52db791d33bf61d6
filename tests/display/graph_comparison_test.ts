import {
  graphComparisonTable,
  graphStatistics,
  incomingEntropy,
} from "../../lib/display/graph_comparison.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { assertAllClose, assertEquals, assertThrows } from "../_assert.ts";

const y = new Int32Array([0, 0, 1, 1]);
// A path 0 - 1 - 2 - 3, both ways: 2 of its 6 edges cross the classes.
const path = createGraph({ numNodes: 4, edgeIndex: [[0, 1, 1, 2, 2, 3], [1, 0, 2, 1, 3, 2]], y });
// Node 0 receives 0.75 from itself and 0.25 from 1; node 2 receives 1 from 0, 3 from 3.
const weighted = createGraph({
  numNodes: 4,
  edgeIndex: [[0, 1, 0, 3, 2], [0, 0, 2, 2, 3]],
  edgeWeight: new Float32Array([0.75, 0.25, 1, 3, 0]),
  y,
});

Deno.test("graphStatistics() of an unweighted graph, by hand", () => {
  const s = graphStatistics(path);
  assertEquals([s.edges, s.weights, s.maxDegree, s.meanDegree], [6, [1, 1], 2, 1.5]);
  // Weighted by share: nodes 0 and 3 get all from their own class, 1 and 2 half.
  assertEquals([s.edgeHomophily, s.weightedHomophily, s.selfWeight], [4 / 6, 3 / 4, 0]);
  // Nodes 0 and 3 receive from one node, 1 and 2 from two: exp(0) twice, exp(ln 2) twice.
  assertEquals(s.effectiveNeighbours, (1 + 2 + 2 + 1) / 4);
  // Node 1 sends all of node 0's row and half of node 2's.
  assertEquals(s.largestSent, 1.5);
});

Deno.test("graphStatistics() weighs shares, self loops and skips zero weights", () => {
  const s = graphStatistics(weighted);
  // Non-loop edges with weight: 1 -> 0, 0 -> 2, 3 -> 2 (2 -> 3 has weight 0).
  assertEquals([s.edges, s.weights, s.maxDegree], [3, [0.25, 3], 2]);
  // Shares 0.25 (1 -> 0), 0.25 (0 -> 2) and 0.75 (3 -> 2); only 0 -> 2 crosses the classes.
  assertEquals([s.edgeHomophily, s.weightedHomophily], [2 / 3, 1 / 1.25]);
  // Receivers 0 (0.75 / 0.25) and 2 (0.25 / 0.75).
  const h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
  assertAllClose([s.effectiveNeighbours], [Math.exp(h)], { atol: 1e-15 });
  assertEquals(s.selfWeight, 0.75 / 2);
  // Node 0 sends its own 0.75 and a quarter of node 2's row.
  assertEquals(s.largestSent, 1);
  assertThrows(
    () => graphStatistics(createGraph({ numNodes: 2, edgeIndex: [[0], [1]] })),
    RangeError,
    "the graph has no labels (y)",
  );
});

Deno.test("graphComparisonTable() gives one row per graph and a label-blind row", () => {
  const t = graphComparisonTable({ path, weighted }, { title: "Two graphs" });
  assertEquals(t.columns, [
    "graph",
    "edges",
    "shared with path",
    "weights",
    "edge homophily",
    "weighted homophily",
    "effective neighbours",
    "self weight",
    "largest share sent",
    "mean degree",
    "max degree",
  ]);
  // Two nodes per class: 4 same-class ordered pairs of 12.
  assertEquals(t.title, "Two graphs (same-class share of all node pairs: 0.333)");
  assertEquals(t.cells[0].slice(0, 5), ["path", "6", "-", "1", "0.667"]);
  // Of 1 -> 0, 0 -> 2 and 3 -> 2, two are path edges.
  assertEquals(t.cells[1].slice(0, 6), ["weighted", "3", "2", "0.250 to 3.00", "0.667", "0.800"]);
  assertEquals(t.cells[2], [
    "label-blind edges",
    "-",
    "-",
    "-",
    "0.333",
    "0.333",
    "-",
    "-",
    "-",
    "-",
    "-",
  ]);
  assertThrows(() => graphComparisonTable({}), RangeError, "graphs is empty");
  const small = createGraph({ numNodes: 2, edgeIndex: [[0], [1]], y: new Int32Array([0, 1]) });
  assertThrows(
    () => graphComparisonTable({ path, small }),
    RangeError,
    "small has 2 nodes, path 4",
  );
});

Deno.test("incomingEntropy() is the entropy of each node's normalised incoming weights", () => {
  const h = incomingEntropy(weighted);
  const mixed = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
  // Node 1 receives nothing, node 3 only a zero weight.
  assertAllClose(h, [mixed, 0, mixed, 0], { atol: 1e-15 });
  assertEquals(Array.from(incomingEntropy(path)), [0, Math.log(2), Math.log(2), 0]);
});
