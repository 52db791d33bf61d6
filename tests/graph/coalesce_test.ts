import { assertEquals, assertStrictEquals } from "../_assert.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import { coalesce } from "../../lib/graph/coalesce.ts";
import { coalesce as coalesceFromContract } from "../../lib/graph/to_undirected.ts";
import { edgeList, randomGraph } from "./_fixtures.ts";
import { runPythonJson } from "../_python.ts";

Deno.test("coalesce() sorts by source then target and merges duplicates", () => {
  const g = createGraph({
    numNodes: 4,
    edgeIndex: [[2, 0, 2, 1, 0, 2], [1, 3, 1, 1, 1, 0]],
    edgeWeight: new Float32Array([1, 2, 4, 8, 16, 32]),
  });
  const c = coalesce(g);
  assertEquals(edgeList(c), ["0->1", "0->3", "1->1", "2->0", "2->1"]);
  assertEquals(Array.from(c.edgeWeight!), [16, 2, 8, 32, 5]);
});

Deno.test("coalesce() carries node data and leaves the input alone", () => {
  const x = denseMatrix(new Float32Array([1, 2, 3]), 3, 1);
  const y = new Int32Array([0, 1, 0]);
  const g = createGraph({ numNodes: 3, edgeIndex: [[1, 0, 1], [0, 2, 0]], x, y });
  const before = Array.from(g.edgeIndex);
  const c = coalesce(g);
  assertEquals(edgeList(c), ["0->2", "1->0"]);
  assertStrictEquals(c.x, x);
  assertStrictEquals(c.y, y);
  assertStrictEquals(c.edgeWeight, undefined);
  assertStrictEquals(c.numNodes, 3);
  assertEquals(Array.from(g.edgeIndex), before);
});

Deno.test("coalesce() handles a graph without edges", () => {
  const c = coalesce(createGraph({ numNodes: 2, edgeIndex: new Int32Array(0) }));
  assertStrictEquals(c.edgeIndex.length, 0);
});

Deno.test("coalesce() is the one to_undirected.ts re-exports", () => {
  assertStrictEquals(coalesceFromContract, coalesce);
});

Deno.test("coalesce() matches scipy's sum_duplicates on a random multigraph", async () => {
  const g = randomGraph(60, 900, 7);
  const E = g.edgeIndex.length / 2;
  const expected = await runPythonJson<{ row: number[]; col: number[]; w: number[] }>(
    `
import json, sys
import numpy as np, scipy.sparse as sp
d = json.load(sys.stdin)
m = sp.coo_matrix((d["w"], (d["src"], d["dst"])), shape=(d["n"], d["n"])).tocsr()
m.sum_duplicates(); m.sort_indices()
c = m.tocoo()
print(json.dumps({"row": c.row.tolist(), "col": c.col.tolist(), "w": c.data.tolist()}))
`,
    {
      input: {
        n: g.numNodes,
        src: Array.from(g.edgeIndex.subarray(0, E)),
        dst: Array.from(g.edgeIndex.subarray(E)),
        w: Array.from(g.edgeWeight!),
      },
    },
  );
  const c = coalesce(g);
  const M = c.edgeIndex.length / 2;
  assertEquals(Array.from(c.edgeIndex.subarray(0, M)), expected.row);
  assertEquals(Array.from(c.edgeIndex.subarray(M)), expected.col);
  assertEquals(Array.from(c.edgeWeight!), expected.w);
});
