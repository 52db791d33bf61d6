import { assert, assertEquals, assertMatch, assertStrictEquals } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { codeNotebook, joinText as joined, requireJupyter } from "./_notebook.ts";

// Jupyter from apt lives under Debian's Python, which may not be the `python3` on PATH.
const PYTHON = "/usr/bin/python3";
const TOOL = new URL("../../tools/run_notebook.py", import.meta.url).pathname;
const QUIET_MS = "300";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}

interface Cell {
  cell_type: string;
  execution_count: number | null;
  source: string | string[];
  outputs: Output[];
}

interface RunResult {
  code: number;
  stderr: string;
}

function notebook(sources: string[]): string {
  return JSON.stringify(codeNotebook(sources));
}

async function runTool(args: string[]): Promise<RunResult> {
  const out = await new Deno.Command(PYTHON, {
    args: [TOOL, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

async function readCells(path: string): Promise<Cell[]> {
  return JSON.parse(await Deno.readTextFile(path)).cells;
}

Deno.test("run_notebook.py keeps every cell's output, including late ones", async () => {
  await requireJupyter();
  await withTempDir(async (dir) => {
    const quick = Array.from({ length: 20 }, (_, i) => `console.log("quick ${i}")`);
    const sources = [
      'console.log("hello notebook")',
      'await Deno.jupyter.display({ "text/plain": "first" }, { raw: true, display_id: "p" });\n' +
      'await Deno.jupyter.display({ "text/plain": "second" }, { raw: true, display_id: "p", ' +
      "update: true });",
      '"result-" + (40 + 2)',
      ...quick,
    ];
    const input = `${dir}/in.ipynb`;
    const output = `${dir}/out.ipynb`;
    await Deno.writeTextFile(input, notebook(sources));

    const { code, stderr } = await runTool([input, "--out", output, "--quiet-ms", QUIET_MS]);
    assertStrictEquals(code, 0, stderr);
    const cells = await readCells(output);
    assertStrictEquals(cells.length, sources.length);

    assertEquals(
      cells[0].outputs.map((o) => [o.output_type, o.name, joined(o.text)]),
      [["stream", "stdout", "hello notebook\n"]],
    );
    // The update replaced the original display instead of adding a second output.
    assertEquals(
      cells[1].outputs.map((o) => [o.output_type, joined(o.data?.["text/plain"])]),
      [["display_data", "second"]],
    );
    assertStrictEquals(cells[2].outputs.length, 1);
    assertStrictEquals(cells[2].outputs[0].output_type, "execute_result");
    // Deno wraps the value in ANSI colour codes, which leave the text itself contiguous.
    assertMatch(joined(cells[2].outputs[0].data?.["text/plain"]), /"result-42"/);
    for (let i = 0; i < quick.length; i++) {
      const cell = cells[3 + i];
      assertEquals(
        cell.outputs.map((o) => [o.output_type, joined(o.text)]),
        [["stream", `quick ${i}\n`]],
        `cell ${3 + i} lost its output`,
      );
    }
    const counts = cells.map((c) => c.execution_count);
    assert(counts.every((n, i) => n !== null && (i === 0 || n > counts[i - 1]!)), `${counts}`);
    // The input notebook is left untouched when --out is given.
    assert((await readCells(input)).every((c) => c.outputs.length === 0));
  });
});

Deno.test("run_notebook.py exits 1 naming the cell that threw", async () => {
  await requireJupyter();
  await withTempDir(async (dir) => {
    const path = `${dir}/bad.ipynb`;
    await Deno.writeTextFile(
      path,
      notebook(['console.log("ok")', 'throw new RangeError("boom in cell")']),
    );
    const { code, stderr } = await runTool([path, "--quiet-ms", QUIET_MS]);
    assertStrictEquals(code, 1, stderr);
    assertMatch(stderr, /Cell 1 of .*bad\.ipynb raised RangeError: boom in cell/);
    // Written in place, with the error recorded on the failing cell.
    const cells = await readCells(path);
    assertEquals(cells[1].outputs.map((o) => [o.output_type, o.ename]), [["error", "RangeError"]]);
  });
});

Deno.test("run_notebook.py exits 2 on a usage error", async () => {
  const { code, stderr } = await runTool(["--quiet-ms", "10"]);
  assertStrictEquals(code, 2, stderr);
  assertMatch(stderr, /usage: run_notebook\.py/);
});
