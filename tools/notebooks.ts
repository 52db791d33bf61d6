/**
 * Re-executes the notebooks in a fresh Deno kernel each, one at a time, and saves their outputs in
 * place: what `deno task notebooks` runs before notebooks are committed.
 *
 * Usage:
 *
 * ```sh
 * deno task notebooks                            # every notebooks/*.ipynb
 * deno task notebooks ch3_environment_and_data   # by name, or by path: notebooks/ch4_reproduction.ipynb
 * deno task notebooks ch2                        # by chapter: the one notebooks/ch2_*.ipynb
 * ```
 *
 * Each notebook runs through `tools/run_notebook.py` (which keeps the kernel's late outputs) into
 * `artifacts/notebooks/<name>.ipynb`, and replaces the original only when no cell failed, so a
 * failing run never leaves an error in the committed notebook. Prints the time and size of each
 * notebook, warns above 3 MB (large outputs bloat the repository and can break the kernel's
 * message signing), and exits 1 naming the notebook and cell on the first error. Sets up Jupyter
 * and Deno's kernel first, as `deno task test` does (tools/setup.ts).
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { executeNotebook, NOTEBOOK_DIR } from "../tests/notebook/_notebook.ts";
import { setup } from "./setup.ts";

const WARN_BYTES = 3e6;

async function allNotebooks(): Promise<string[]> {
  const paths: string[] = [];
  for await (const entry of Deno.readDir(NOTEBOOK_DIR)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) paths.push(join(NOTEBOOK_DIR, entry.name));
  }
  return paths.sort();
}

// A name is a file name without `.ipynb`, or a chapter prefix: "ch2" is "ch2_<anything>".
function byName(name: string, all: string[]): string {
  const exact = join(NOTEBOOK_DIR, `${name}.ipynb`);
  if (all.includes(exact)) return exact;
  const matches = all.filter((p) => basename(p).startsWith(`${name}_`));
  if (matches.length === 1) return matches[0];
  const found = matches.length === 0 ? "none" : matches.map((p) => basename(p)).join(", ");
  throw new Error(
    `Cannot find notebook "${name}": expected ${name}.ipynb or one ${name}_*.ipynb in ` +
      `${NOTEBOOK_DIR}, found ${found}`,
  );
}

async function notebookPaths(args: string[]): Promise<string[]> {
  const all = await allNotebooks();
  if (args.length === 0) return all;
  return args.map((a) => a.endsWith(".ipynb") ? resolve(a) : byName(a, all));
}

async function main(args: string[]): Promise<number> {
  let paths: string[];
  try {
    const env = await setup("notebooks", { task: "deno task notebooks" });
    for (const [name, value] of Object.entries(env)) Deno.env.set(name, value);
    paths = await notebookPaths(args);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
  if (paths.length === 0) {
    console.error(`No notebooks to run: ${NOTEBOOK_DIR} has no .ipynb files`);
    return 1;
  }
  for (const path of paths) {
    const name = basename(path, ".ipynb");
    let run;
    try {
      // A cell may train for minutes (ch4 step 3: three 200-epoch multi-task runs); a busy machine
      // doubles it.
      run = await executeNotebook(name, { dir: dirname(path), timeoutSeconds: 1800 });
    } catch (e) {
      console.error(
        `${e instanceof Error ? e.message : e}\n${path} is unchanged; the failed run ` +
          `is in artifacts/notebooks/${name}.ipynb`,
      );
      return 1;
    }
    await Deno.copyFile(run.path, path);
    const bytes = (await Deno.stat(path)).size;
    console.log(`${basename(path)}: ${run.seconds.toFixed(1)} s, ${(bytes / 1e6).toFixed(2)} MB`);
    if (bytes > WARN_BYTES) {
      console.warn(
        `Warning: ${basename(path)} is ${(bytes / 1e6).toFixed(2)} MB, over 3 MB: show fewer or ` +
          "smaller outputs (one plotly.js copy per session, sampled points)",
      );
    }
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
