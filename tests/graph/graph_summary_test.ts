import { assertAllClose, assertEquals, assertStrictEquals } from "../_assert.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import { graphSummary } from "../../lib/graph/graph_summary.ts";

Deno.test("graphSummary() reports hand-counted statistics of a small graph", () => {
  // Nodes 0..4: 0<->1 both ways, 1->2 twice (duplicate), 3->3 self loop only, 4 isolated.
  const g = createGraph({
    numNodes: 5,
    edgeIndex: [[0, 1, 1, 1, 3], [1, 0, 2, 2, 3]],
    x: denseMatrix(Float32Array.from([1, 0, 0, 0, 2, 0, 0, 0, 0, 3]), 5, 2),
    y: Int32Array.from([0, 0, 1, 2, 2]),
  });
  const s = graphSummary(g);
  assertStrictEquals(s.numNodes, 5);
  assertStrictEquals(s.numEdges, 5);
  assertStrictEquals(s.numFeatures, 2);
  assertStrictEquals(s.numClasses, 3);
  assertStrictEquals(s.avgDegree, 1);
  assertStrictEquals(s.isolatedNodes, 2); // 3 (self loop only) and 4
  assertStrictEquals(s.selfLoops, 1);
  assertStrictEquals(s.isUndirected, false);
  assertStrictEquals(s.hasDuplicateEdges, true);
  assertStrictEquals(s.edgeHomophily, 3 / 5); // 0-1, 1-0 and 3-3 join equal labels
  assertAllClose([s.density], [3 / 20]); // distinct non-loop edges 0-1, 1-0, 1-2 over 5 * 4
  assertAllClose([s.featureDensity], [3 / 10]);
  assertEquals(s.classCounts, [2, 1, 2]);
});

Deno.test("graphSummary() uses the given class count and handles missing labels", () => {
  const g = createGraph({ numNodes: 2, edgeIndex: [[0, 1], [1, 0]] });
  const s = graphSummary(g, 4);
  assertStrictEquals(s.numClasses, 4);
  assertEquals(s.classCounts, [0, 0, 0, 0]);
  assertStrictEquals(s.edgeHomophily, undefined);
  assertStrictEquals(s.isUndirected, true);
  assertStrictEquals(s.hasDuplicateEdges, false);
  assertStrictEquals(s.featureDensity, 0);
  assertStrictEquals(s.density, 1);
});
