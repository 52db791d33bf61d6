import { assertEquals } from "../_assert.ts";
import { type CsrMatrix, denseMatrix } from "../../lib/graph/matrix.ts";
import { selectRows } from "../../lib/graph/select_rows.ts";
import { toTensor } from "../../lib/nn/to_tensor.ts";

Deno.test("toTensor() makes dense and CSR matrices the same float32 tensor", () => {
  const dense = denseMatrix(Float32Array.from([1, 0, 2, 0, 0, 3]), 2, 3);
  const csr: CsrMatrix = {
    kind: "csr",
    rows: 2,
    cols: 3,
    indptr: new Int32Array([0, 2, 3]),
    indices: new Int32Array([0, 2, 2]),
    data: new Float32Array([1, 2, 3]),
  };
  for (const m of [dense, csr]) {
    const t = toTensor(m);
    assertEquals([t.shape, t.dtype], [[2, 3], "float32"]);
    assertEquals(t.arraySync(), [[1, 0, 2], [0, 0, 3]]);
    assertEquals(toTensor(selectRows(m, [1])).arraySync(), [[0, 0, 3]]);
    t.dispose();
  }
  // A copy: editing the matrix afterwards leaves the tensor as it was.
  const t = toTensor(dense);
  dense.data[0] = 9;
  assertEquals(t.arraySync()[0], [1, 0, 2]);
});
