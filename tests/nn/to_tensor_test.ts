import { assertEquals } from "../_assert.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import { selectRows } from "../../lib/graph/select_rows.ts";
import { toTensor } from "../../lib/nn/to_tensor.ts";
import { randomSparse } from "./_fixtures.ts";

Deno.test("toTensor() makes dense and CSR matrices the same float32 tensor", () => {
  const { csr, dense } = randomSparse(3, 4, 5);
  const expected = dense.arraySync();
  const fromCsr = toTensor(csr);
  assertEquals([fromCsr.shape, fromCsr.dtype], [[4, 5], "float32"]);
  assertEquals(fromCsr.arraySync(), expected);
  const host = denseMatrix(dense.dataSync() as Float32Array, 4, 5);
  assertEquals(toTensor(host).arraySync(), expected);
  assertEquals(toTensor(selectRows(csr, [2, 0])).arraySync(), [expected[2], expected[0]]);
});

Deno.test("toTensor() copies a dense matrix: editing it afterwards leaves the tensor as it was", () => {
  const x = denseMatrix(Float32Array.from([1, 0, 2, 0, 0, 3]), 2, 3);
  const t = toTensor(x);
  x.data[0] = 9;
  assertEquals(t.arraySync(), [[1, 0, 2], [0, 0, 3]]);
});
