import { createGraph } from "../../lib/graph/graph.ts";
import { type CsrMatrix, denseMatrix, toDense } from "../../lib/graph/matrix.ts";
import { normalizeFeatures } from "../../lib/graph/normalize_features.ts";
import { normalizedGraph } from "../../lib/train/_features.ts";
import { assert, assertEquals } from "../_assert.ts";

Deno.test("normalizedGraph() normalises once per feature content and again after an in-place edit", () => {
  const dense = denseMatrix(Float32Array.from([1, 3, 2, 2]), 2, 2);
  const csr: CsrMatrix = {
    kind: "csr",
    rows: 2,
    cols: 2,
    indptr: new Int32Array([0, 2, 3]),
    indices: new Int32Array([0, 1, 0]),
    data: new Float32Array([1, 3, 4]),
  };
  for (const x of [dense, csr]) {
    const graph = createGraph({ numNodes: 2, edgeIndex: [[0], [1]], x });
    const first = normalizedGraph(graph);
    assert(normalizedGraph(graph).x === first.x, `${x.kind}: unchanged x, the cached matrix`);
    assert(first.edgeIndex === graph.edgeIndex, "edges are the graph's own");
    x.data[0] = 5;
    const second = normalizedGraph(graph);
    assert(second.x !== first.x, `${x.kind}: edited values, normalised again`);
    assertEquals(toDense(second.x!).data, toDense(normalizeFeatures(graph).x!).data);
    if (x.kind === "csr") {
      x.indices[2] = 1; // row 1's entry moves to column 1
      const third = normalizedGraph(graph).x!;
      assertEquals(Array.from(toDense(third).data), [5 / 8, 3 / 8, 0, 1]);
    }
  }
  const bare = createGraph({ numNodes: 2, edgeIndex: [[0], [1]] });
  assert(normalizedGraph(bare) === bare, "no features: the graph itself");
});
