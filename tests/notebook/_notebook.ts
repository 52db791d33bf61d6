/**
 * Helpers for notebook tests: execute a chapter notebook in a fresh Deno kernel (through
 * `tools/run_notebook.py`, which keeps the kernel's late outputs) and read what its cells show.
 *
 * The executed copy goes to `artifacts/notebooks/<name>.ipynb`; the committed notebook is never
 * touched. Executing costs minutes, so a test file executes each notebook once.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { assert } from "../_assert.ts";

/** One output of a code cell, as nbformat 4 stores it. */
export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** One cell, as nbformat 4 stores it. */
export interface NotebookCell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata: { tags?: string[]; [k: string]: unknown };
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

/** An nbformat 4 notebook. */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A notebook executed by {@linkcode executeNotebook}. */
export interface ExecutedNotebook {
  /** The notebook's name, e.g. `ch3_environment_and_data`. */
  name: string;
  /** Where the executed copy was written (`artifacts/notebooks/<name>.ipynb`). */
  path: string;
  /** The executed notebook with its outputs. */
  notebook: Notebook;
  /** Wall-clock seconds the execution took, kernel start included. */
  seconds: number;
}

/** A Plotly figure as it is stored in an `application/vnd.plotly.v1+json` output. */
export interface PlotlyFigureJson {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** A cell with an error output, as listed by {@linkcode errorCells}. */
export interface ErrorCell {
  /** The cell's index in `notebook.cells`. */
  index: number;
  /** The first non-empty line of the cell's source (added beyond the contract, for messages). */
  line: string;
  ename: string;
  evalue: string;
}

/** Options for {@linkcode executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Seconds each cell may run before the runner gives up; default 600. */
  timeoutSeconds?: number;
  /**
   * The folder holding `<name>.ipynb` (and the kernel's cwd); default `notebooks/`. Tests of these
   * helpers run synthetic notebooks from a temporary folder; it must lie under the repository so
   * that the kernel finds `deno.json`.
   */
  dir?: string;
}

// Jupyter from apt lives under Debian's Python, which may not be the `python3` on PATH.
const PYTHON = "/usr/bin/python3";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RUNNER = join(ROOT, "tools", "run_notebook.py");
/** The folder holding the chapter notebooks. */
export const NOTEBOOK_DIR: string = join(ROOT, "notebooks");
/** The git-ignored folder for executed notebooks, HTML exports and screenshots. */
export const ARTIFACT_DIR: string = join(ROOT, "artifacts", "notebooks");
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

const INSTALL_HINT = "run the tests with `deno task test`, which installs Jupyter and " +
  "registers Deno's kernel in .jupyter-data/ (tools/setup.ts); or point JUPYTER_PATH at a " +
  "folder whose kernels/deno was written by `deno jupyter --install`";

let jupyterReady: Promise<void> | undefined;

async function probeJupyter(): Promise<void> {
  const hint = `Cannot run notebooks: ${INSTALL_HINT}`;
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(PYTHON, {
      args: [
        "-c",
        "import nbformat\nfrom jupyter_client.kernelspec import KernelSpecManager as K\n" +
        "K().get_kernel_spec('deno')",
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (e) {
    throw new Error(`${hint}: ${PYTHON} could not start (${e})`);
  }
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1);
    throw new Error(`${hint}: ${err}`);
  }
}

/**
 * Checks that `/usr/bin/python3` can import `jupyter_client` and `nbformat` and that a `deno`
 * kernelspec is visible through `JUPYTER_PATH` / `XDG_DATA_HOME`. Notebook tests call it first, so
 * they fail (never skip) with install instructions on a machine without Jupyter. A success is
 * remembered for the rest of the process.
 *
 * @throws Error naming what is missing and how to install it
 */
export function requireJupyter(): Promise<void> {
  if (jupyterReady === undefined) {
    jupyterReady = probeJupyter();
    jupyterReady.catch(() => jupyterReady = undefined);
  }
  return jupyterReady;
}

/**
 * Joins nbformat's multiline strings, which are stored either whole or as a list of lines.
 *
 * @param text a string, a list of lines, or undefined (read as "")
 * @returns the joined text
 *
 * @example
 * ```ts
 * import { joinText } from "./_notebook.ts";
 * if (joinText(["a\n", "b"]) !== "a\nb" || joinText(undefined) !== "") throw new Error("join");
 * ```
 */
export function joinText(text: string | string[] | undefined): string {
  return Array.isArray(text) ? text.join("") : text ?? "";
}

/**
 * The modules a notebook's code cells import from, in order, each once. A chapter notebook
 * imports the top-level module, `../mod.ts`, and, for building blocks that are not in it, a
 * concern's entry point `../lib/<concern>/mod.ts` (a package sub-path export), never an inner file:
 * see {@linkcode PUBLIC_ENTRY_POINT}.
 *
 * @param notebook the notebook
 * @returns the module specifiers
 *
 * @example
 * ```ts
 * import { codeNotebook, importedModules, PUBLIC_ENTRY_POINT } from "./_notebook.ts";
 * const nb = codeNotebook([
 *   'import { train } from "../mod.ts";\nimport { Linear } from "../lib/nn/mod.ts";',
 *   'import { spmm } from "../lib/sparse/spmm.ts";',
 * ]);
 * const from = importedModules(nb);
 * if (from.join() !== "../mod.ts,../lib/nn/mod.ts,../lib/sparse/spmm.ts") throw new Error(from.join());
 * if (from.filter((m) => !PUBLIC_ENTRY_POINT.test(m)).join() !== "../lib/sparse/spmm.ts") {
 *   throw new Error("only the inner file is not an entry point");
 * }
 * ```
 */
export function importedModules(notebook: Notebook): string[] {
  const from = notebook.cells.filter((c) => c.cell_type === "code")
    .flatMap((c) => [...joinText(c.source).matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]));
  return [...new Set(from)];
}

/** What a notebook may import from: `../mod.ts` or a concern's entry point `../lib/<concern>/mod.ts`. */
export const PUBLIC_ENTRY_POINT: RegExp = /^\.\.\/(?:lib\/[a-z_]+\/)?mod\.ts$/;

function firstLine(cell: NotebookCell): string {
  return joinText(cell.source).split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
}

/**
 * Everything a cell shows as text: its stream output plus every output's `text/plain`, in order,
 * joined by "\n".
 *
 * @param cell an executed cell
 * @returns the text ("" for a cell without outputs)
 *
 * @example
 * ```ts
 * import { cellText } from "./_notebook.ts";
 * const cell = {
 *   cell_type: "code", source: "", metadata: {},
 *   outputs: [
 *     { output_type: "stream", name: "stdout", text: ["a\n", "b\n"] },
 *     { output_type: "execute_result", data: { "text/plain": "42" } },
 *   ],
 * };
 * if (cellText(cell) !== "a\nb\n\n42") throw new Error(cellText(cell));
 * ```
 */
export function cellText(cell: NotebookCell): string {
  const parts: string[] = [];
  for (const out of cell.outputs ?? []) {
    if (out.output_type === "stream") parts.push(joinText(out.text));
    const plain = out.data?.["text/plain"];
    if (plain !== undefined) parts.push(joinText(plain as string | string[]));
  }
  return parts.join("\n");
}

/**
 * The HTML outputs (`text/html`) of a cell, in order.
 *
 * @param cell an executed cell
 * @returns one string per HTML output
 *
 * @example
 * ```ts
 * import { cellHtml } from "./_notebook.ts";
 * const cell = {
 *   cell_type: "code", source: "", metadata: {},
 *   outputs: [{ output_type: "display_data", data: { "text/html": ["<b>", "x</b>"] } }],
 * };
 * if (cellHtml(cell)[0] !== "<b>x</b>") throw new Error("html");
 * ```
 */
export function cellHtml(cell: NotebookCell): string[] {
  return (cell.outputs ?? []).flatMap((out) => {
    const html = out.data?.["text/html"];
    return html === undefined ? [] : [joinText(html as string | string[])];
  });
}

/**
 * The Plotly figures (`application/vnd.plotly.v1+json` outputs) of one cell or of a whole notebook.
 *
 * @param cellOrNotebook a cell, or a notebook (all its cells, in order)
 * @returns the figures' `{data, layout}`
 *
 * @example
 * ```ts
 * import { plotlyFigures } from "./_notebook.ts";
 * const fig = { data: [{ type: "bar", y: [1] }], layout: {} };
 * const cell = {
 *   cell_type: "code", source: "", metadata: {},
 *   outputs: [{ output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig } }],
 * };
 * const nb = { cells: [cell, cell], metadata: {}, nbformat: 4, nbformat_minor: 5 };
 * if (plotlyFigures(nb).length !== 2 || plotlyFigures(cell)[0].data[0].type !== "bar") {
 *   throw new Error("figures");
 * }
 * ```
 */
export function plotlyFigures(cellOrNotebook: NotebookCell | Notebook): PlotlyFigureJson[] {
  const cells = "cells" in cellOrNotebook ? cellOrNotebook.cells : [cellOrNotebook];
  return cells.flatMap((cell) =>
    (cell.outputs ?? []).flatMap((out) => {
      const fig = out.data?.[PLOTLY_MIME];
      // Some writers store JSON mime types as a string; both forms count.
      if (fig === undefined) return [];
      return [(typeof fig === "string" ? JSON.parse(fig) : fig) as PlotlyFigureJson];
    })
  );
}

/**
 * The one cell whose `metadata.tags` contains `tag`.
 *
 * @param notebook the notebook to search
 * @param tag the tag, e.g. `"dataset-table"`
 * @returns the cell
 * @throws Error naming the tag when no cell or several cells carry it
 *
 * @example
 * ```ts
 * import { taggedCell } from "./_notebook.ts";
 * const nb = {
 *   cells: [{ cell_type: "code", source: "1", metadata: { tags: ["answer"] } }],
 *   metadata: {}, nbformat: 4, nbformat_minor: 5,
 * };
 * if (taggedCell(nb, "answer").source !== "1") throw new Error("tag");
 * ```
 */
export function taggedCell(notebook: Notebook, tag: string): NotebookCell {
  const found = notebook.cells.filter((c) => c.metadata?.tags?.includes(tag));
  if (found.length !== 1) {
    throw new Error(
      `Cannot find the cell tagged "${tag}": expected exactly one, found ${found.length}`,
    );
  }
  return found[0];
}

/**
 * The cells with an error output.
 *
 * @param notebook an executed notebook
 * @returns index, first source line and error of each failing cell; `[]` when clean
 *
 * @example
 * ```ts
 * import { errorCells } from "./_notebook.ts";
 * const nb = {
 *   cells: [{
 *     cell_type: "code", source: ["\n", "throw new Error('x')"], metadata: {},
 *     outputs: [{ output_type: "error", ename: "Error", evalue: "x" }],
 *   }],
 *   metadata: {}, nbformat: 4, nbformat_minor: 5,
 * };
 * const [bad] = errorCells(nb);
 * if (bad.index !== 0 || bad.line !== "throw new Error('x')") throw new Error("errors");
 * ```
 */
export function errorCells(notebook: Notebook): ErrorCell[] {
  return notebook.cells.flatMap((cell, index) =>
    (cell.outputs ?? []).filter((o) => o.output_type === "error").map((o) => ({
      index,
      line: firstLine(cell),
      ename: o.ename ?? "",
      evalue: o.evalue ?? "",
    }))
  );
}

/**
 * A notebook of code cells for Deno's kernel, one per source, without outputs: the input of
 * synthetic notebooks in tests.
 *
 * @param sources each cell's source
 * @returns an nbformat 4.5 notebook whose kernelspec is `deno`
 *
 * @example
 * ```ts
 * import { codeNotebook } from "./_notebook.ts";
 * const nb = codeNotebook(["1 + 1", "2 + 2"]);
 * if (nb.cells.length !== 2 || nb.cells[1].id !== "cell-1") throw new Error("cells");
 * ```
 */
export function codeNotebook(sources: string[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    cells: sources.map((source, i) => ({
      id: `cell-${i}`,
      cell_type: "code",
      execution_count: null,
      metadata: {},
      source,
      outputs: [],
    })),
  };
}

/**
 * Reads a notebook file.
 *
 * @param path the `.ipynb` file
 * @returns the parsed notebook
 * @throws Error naming the file when it cannot be read or is not an nbformat 4 notebook
 *
 * @example
 * ```ts
 * import { readNotebook } from "./_notebook.ts";
 * const path = await Deno.makeTempFile({ suffix: ".ipynb" });
 * await Deno.writeTextFile(path, '{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}');
 * const nb = await readNotebook(path);
 * await Deno.remove(path);
 * if (nb.nbformat !== 4) throw new Error("read");
 * ```
 */
export async function readNotebook(path: string): Promise<Notebook> {
  let nb: Notebook;
  try {
    nb = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    throw new Error(`Cannot read notebook ${path}: ${e instanceof Error ? e.message : e}`);
  }
  if (!Array.isArray(nb?.cells) || nb.nbformat !== 4) {
    throw new Error(`Cannot read notebook ${path}: expected nbformat 4 with a cells array`);
  }
  return nb;
}

// One line per failing cell: cell 3 (`first line`): Error: message
function describeErrors(errors: ErrorCell[]): string {
  return errors.map((e) => `cell ${e.index} (\`${e.line}\`): ${e.ename}: ${e.evalue}`).join("\n");
}

/**
 * Executes `notebooks/<name>.ipynb` in a fresh Deno kernel (cwd: `notebooks/`) and writes the
 * executed copy to `artifacts/notebooks/<name>.ipynb`. Calls {@linkcode requireJupyter} first.
 *
 * @param name the notebook's file name without `.ipynb`
 * @param options `timeoutSeconds` per cell (default 600); `dir` instead of `notebooks/`
 * @returns the executed notebook, its path and the seconds it took
 * @throws Error naming the notebook, and the failing cell's index, first source line and error,
 *   when any cell has an error output or the runner exits non-zero
 */
export async function executeNotebook(
  name: string,
  options: ExecuteNotebookOptions = {},
): Promise<ExecutedNotebook> {
  await requireJupyter();
  const input = join(options.dir ?? NOTEBOOK_DIR, `${name}.ipynb`);
  const output = join(ARTIFACT_DIR, `${name}.ipynb`);
  try {
    await Deno.stat(input);
  } catch {
    throw new Error(`Cannot execute notebook "${name}": ${input} does not exist`);
  }
  await Deno.mkdir(dirname(output), { recursive: true });
  // A stale copy from an earlier run must not pass for this run's result.
  await Deno.remove(output).catch(() => {});
  const args = [RUNNER, input, "--out", output];
  if (options.timeoutSeconds !== undefined) args.push("--timeout", String(options.timeoutSeconds));
  const start = performance.now();
  const run = await new Deno.Command(PYTHON, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - start) / 1000;
  const stderr = new TextDecoder().decode(run.stderr).trim();
  let notebook: Notebook | undefined;
  try {
    notebook = await readNotebook(output);
  } catch {
    // no output: the kernel or the runner failed before writing; stderr says why
  }
  const errors = notebook ? errorCells(notebook) : [];
  if (errors.length > 0) {
    throw new Error(`Notebook ${name} failed in ${describeErrors(errors)}`);
  }
  if (!run.success || notebook === undefined) {
    throw new Error(
      `Cannot execute notebook ${name}: run_notebook.py exited ${run.code}: ${stderr}`,
    );
  }
  return { name, path: output, notebook, seconds };
}

/** A text table as `table()` prints it: optional title lines, header, dashes, rows. */
export interface TextTable {
  title: string;
  rows: Record<string, string>[];
}

/** Parses a printed table. Column spans come from the dashes line, so cells may hold single spaces ("81.9 ± 0.5"). */
export function parseTable(text: string): TextTable {
  const lines = text.split("\n");
  const dashes = lines.findIndex((l) => /^-+( {2}-+)*$/.test(l));
  assert(dashes >= 1, `no text table in:\n${text}`);
  const spans: [number, number][] = [];
  for (const m of lines[dashes].matchAll(/-+/g)) spans.push([m.index!, m.index! + m[0].length]);
  const cut = (line: string) =>
    spans.map(([a, b], j) => line.slice(a, j === spans.length - 1 ? undefined : b).trim());
  const header = cut(lines[dashes - 1]);
  const rows = lines.slice(dashes + 1).filter((l) => l.trim() !== "").map((line) =>
    Object.fromEntries(cut(line).map((cell, j) => [header[j], cell]))
  );
  return { title: lines.slice(0, dashes - 1).join("\n"), rows };
}

/** The table a tagged cell shows, which must also render as HTML. */
export function tableOf(notebook: Notebook, tag: string): TextTable {
  const cell = taggedCell(notebook, tag);
  assert(cellHtml(cell).some((h) => h.includes("<table>")), `cell "${tag}" shows no HTML table`);
  return parseTable(cellText(cell));
}
