import { assertAllClose, assertEquals, assertStrictEquals } from "../_assert.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { type CsrMatrix, denseMatrix, toDense } from "../../lib/graph/matrix.ts";
import { normalizeFeatures } from "../../lib/graph/normalize_features.ts";

const edgeIndex: [number[], number[]] = [[0], [1]];

Deno.test("normalizeFeatures() makes bag-of-words rows sum to 1 and keeps zero rows", () => {
  const x = denseMatrix(new Float32Array([1, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 5]), 3, 4);
  const g = normalizeFeatures(createGraph({ numNodes: 3, edgeIndex, x }));
  assertAllClose(g.x!.data, [0.25, 0.25, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 1]);
  assertEquals(Array.from(x.data.slice(0, 4)), [1, 1, 0, 2]); // input untouched
});

Deno.test("normalizeFeatures() keeps CSR sparse and matches the dense result", () => {
  const csr: CsrMatrix = {
    kind: "csr",
    rows: 3,
    cols: 4,
    indptr: new Int32Array([0, 3, 3, 4]),
    indices: new Int32Array([0, 1, 3, 3]),
    data: new Float32Array([1, 1, 2, 5]),
  };
  const sparse = normalizeFeatures(createGraph({ numNodes: 3, edgeIndex, x: csr })).x!;
  const dense = normalizeFeatures(createGraph({ numNodes: 3, edgeIndex, x: toDense(csr) })).x!;
  assertStrictEquals(sparse.kind, "csr");
  assertAllClose(toDense(sparse).data, dense.data);
  assertAllClose(dense.data, [0.25, 0.25, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 1]);
});

Deno.test("normalizeFeatures() follows PyG: shift by the minimum, divide by max(1, row sum)", () => {
  // min = -1 -> shifted rows [0, 3] (sum 3) and [1.5, 0.25] (sum 1.75) and [1, 1.2] (sum 2.2).
  const x = denseMatrix(new Float32Array([-1, 2, 0.5, -0.75, 0, 0.2]), 3, 2);
  const g = normalizeFeatures(createGraph({ numNodes: 3, edgeIndex, x }));
  assertAllClose(g.x!.data, [0, 1, 1.5 / 1.75, 0.25 / 1.75, 1 / 2.2, 1.2 / 2.2]);
  // A non-negative row summing to less than 1 is left as is (PyG clamps the sum to at least 1).
  const small = denseMatrix(new Float32Array([0, 0.2, 0.3, 0]), 2, 2);
  const s = normalizeFeatures(createGraph({ numNodes: 2, edgeIndex: new Int32Array(0), x: small }));
  assertAllClose(s.x!.data, [0, 0.2, 0.3, 0]);
});

Deno.test("normalizeFeatures() returns a graph without features unchanged", () => {
  const g = createGraph({ numNodes: 2, edgeIndex });
  assertStrictEquals(normalizeFeatures(g), g);
});
