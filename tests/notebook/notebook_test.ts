import { assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import {
  ARTIFACT_DIR,
  codeNotebook,
  errorCells,
  executeNotebook,
  taggedCell,
} from "./_notebook.ts";

Deno.test("executeNotebook() throws naming the cell that failed", async () => {
  await Deno.mkdir(ARTIFACT_DIR, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: ARTIFACT_DIR, prefix: "synthetic-" });
  try {
    const sources = ['console.log("fine")', 'const n = 1;\nthrow new RangeError("boom " + n);'];
    await Deno.writeTextFile(
      `${dir}/notebook_test_failing.ipynb`,
      JSON.stringify(codeNotebook(sources)),
    );
    await assertRejects(
      executeNotebook("notebook_test_failing", { dir, timeoutSeconds: 60 }),
      /Notebook notebook_test_failing failed in cell 1 \(`const n = 1;`\): RangeError: boom 1/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("executeNotebook() throws naming a notebook that does not exist", async () => {
  await assertRejects(
    executeNotebook("no_such_notebook"),
    /no_such_notebook\.ipynb does not exist/,
  );
});

Deno.test("taggedCell() throws naming the tag unless exactly one cell has it", () => {
  const nb = codeNotebook(["1", "2", "3"]);
  nb.cells[0].metadata.tags = ["twice"];
  nb.cells[1].metadata.tags = ["twice", "once"];
  assertEquals(taggedCell(nb, "once").source, "2");
  assertThrows(() => taggedCell(nb, "twice"), /cell tagged "twice": expected exactly one, found 2/);
  assertThrows(() => taggedCell(nb, "none"), /cell tagged "none": expected exactly one, found 0/);
});

Deno.test("errorCells() lists each error output with its cell's first line", () => {
  const nb = codeNotebook(["ok", "\n  bad()\nmore"]);
  nb.cells[1].outputs = [{ output_type: "error", ename: "ReferenceError", evalue: "bad" }];
  assertEquals(errorCells(nb), [{
    index: 1,
    line: "bad()",
    ename: "ReferenceError",
    evalue: "bad",
  }]);
  assertEquals(errorCells(codeNotebook(["ok"])), []);
});
