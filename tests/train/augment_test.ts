import { createGraph, numEdges } from "../../lib/graph/graph.ts";
import { type CsrMatrix, denseMatrix, toDense } from "../../lib/graph/matrix.ts";
import { createRng } from "../../lib/random/rng.ts";
import { edgeDropout, featureDropout } from "../../lib/train/augment.ts";
import { assert, assertEquals, assertStrictEquals, assertThrows } from "../_assert.ts";

Deno.test("featureDropout() zeroes whole columns at about the given rate", () => {
  const rows = 3;
  const cols = 4000;
  const x = denseMatrix(
    Float32Array.from({ length: rows * cols }, (_, i) => 1 + (i % 7)),
    rows,
    cols,
  );
  const out = featureDropout(x, 0.3, createRng(5));
  let dropped = 0;
  for (let c = 0; c < cols; c++) {
    const zero = out.data[c] === 0;
    if (zero) dropped++;
    for (let r = 0; r < rows; r++) {
      assertEquals(out.data[r * cols + c], zero ? 0 : x.data[r * cols + c]);
    }
  }
  // Binomial(4000, 0.3): mean 1200, sd ~29; allow 5 sd.
  assert(Math.abs(dropped - 1200) < 145, `dropped ${dropped}`);
  assertEquals(Array.from(featureDropout(x, 0.3, createRng(5)).data), Array.from(out.data));
  assertStrictEquals(featureDropout(x, 0, createRng(5)), x);
});

Deno.test("featureDropout() on CSR drops the same columns as on dense", () => {
  const csr: CsrMatrix = {
    kind: "csr",
    rows: 3,
    cols: 6,
    indptr: new Int32Array([0, 3, 4, 7]),
    indices: new Int32Array([0, 2, 5, 1, 0, 3, 4]),
    data: new Float32Array([1, 2, 3, 4, 5, 6, 7]),
  };
  for (const seed of [1, 2, 3, 4]) {
    const sparse = featureDropout(csr, 0.5, createRng(seed));
    assertEquals(sparse.kind, "csr");
    const dense = featureDropout(toDense(csr), 0.5, createRng(seed));
    assertEquals(Array.from(toDense(sparse).data), Array.from(dense.data));
  }
});

Deno.test("edgeDropout() keeps an ordered subset of edges with their weights", () => {
  const E = 5000;
  const src = Array.from({ length: E }, (_, e) => e % 100);
  const dst = Array.from({ length: E }, (_, e) => (e * 7) % 100);
  const g = createGraph({
    numNodes: 100,
    edgeIndex: [src, dst],
    edgeWeight: Float32Array.from({ length: E }, (_, e) => e),
  });
  const out = edgeDropout(g, 0.2, createRng(9));
  const kept = numEdges(out);
  // Binomial(5000, 0.8): mean 4000, sd ~28; allow 5 sd.
  assert(Math.abs(kept - 4000) < 142, `kept ${kept}`);
  let last = -1;
  for (let k = 0; k < kept; k++) {
    const e = out.edgeWeight![k]; // the weight is the original edge id
    assert(e > last);
    last = e;
    assertEquals([out.edgeIndex[k], out.edgeIndex[kept + k]], [src[e], dst[e]]);
  }
  assertStrictEquals(edgeDropout(g, 0, createRng(1)), g);
});

Deno.test("featureDropout() and edgeDropout() reject rates outside [0, 1)", () => {
  const g = createGraph({ numNodes: 2, edgeIndex: [[0], [1]] });
  assertThrows(() => edgeDropout(g, 1, createRng(0)), {
    message: "Cannot apply edgeDropout: rate must be in [0, 1), got 1",
  });
  assertThrows(() => featureDropout(denseMatrix(new Float32Array(2), 1, 2), -0.1, createRng(0)), {
    message: "Cannot apply featureDropout: rate must be in [0, 1), got -0.1",
  });
});
