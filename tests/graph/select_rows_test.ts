import { assertEquals, assertThrows } from "../_assert.ts";
import { type CsrMatrix, denseMatrix, toDense } from "../../lib/graph/matrix.ts";
import { selectRows } from "../../lib/graph/select_rows.ts";

// [[1, 0, 2], [0, 0, 3], [4, 5, 0]], dense and as CSR.
const values = [1, 0, 2, 0, 0, 3, 4, 5, 0];
const dense = denseMatrix(Float32Array.from(values), 3, 3);
const csr: CsrMatrix = {
  kind: "csr",
  rows: 3,
  cols: 3,
  indptr: new Int32Array([0, 2, 3, 5]),
  indices: new Int32Array([0, 2, 2, 0, 1]),
  data: new Float32Array([1, 2, 3, 4, 5]),
};

Deno.test("selectRows() picks dense and CSR rows in order, with repeats, in the same layout", () => {
  const rows = [2, 0, 2];
  const expected = [4, 5, 0, 1, 0, 2, 4, 5, 0];
  const d = selectRows(dense, rows);
  assertEquals([d.kind, d.rows, d.cols], ["dense", 3, 3]);
  assertEquals(Array.from(d.data), expected);
  const c = selectRows(csr, rows);
  assertEquals([c.kind, c.rows, c.cols], ["csr", 3, 3]);
  assertEquals(Array.from(toDense(c).data), expected);
  assertEquals(Array.from(selectRows(dense, []).data), []);
  assertEquals(Array.from(dense.data), values, "input was modified");
});

Deno.test("selectRows() rejects row ids outside the matrix", () => {
  for (
    const [rows, bad] of [[[0, 3], "rows[1] is 3"], [[-1], "rows[0] is -1"], [
      [0.5],
      "rows[0] is 0.5",
    ]] as const
  ) {
    for (const m of [dense, csr]) {
      assertThrows(
        () => selectRows(m, rows),
        RangeError,
        `Cannot select rows: ${bad}, expected an integer in [0, 3)`,
      );
    }
  }
});
