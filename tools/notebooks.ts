/**
 * Re-executes the notebooks in a fresh Deno kernel each, one at a time, and saves their outputs in
 * place: what `deno task notebooks` runs before notebooks are committed.
 *
 * Usage:
 *
 * ```sh
 * deno task notebooks                            # every notebooks/*.ipynb
 * deno task notebooks ch3_environment_and_data   # by name, or by path: notebooks/ch4_reproduction.ipynb
 * ```
 *
 * Each notebook runs through `tools/run_notebook.py` (which keeps the kernel's late outputs) into
 * `artifacts/notebooks/<name>.ipynb`, and replaces the original only when no cell failed, so a
 * failing run never leaves an error in the committed notebook. Prints the time and size of each
 * notebook, warns above 3 MB (large outputs bloat the repository and can break the kernel's
 * message signing), and exits 1 naming the notebook and cell on the first error. Needs Jupyter
 * and Deno's kernelspec; it says how to install them when they are missing.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { executeNotebook, NOTEBOOK_DIR, requireJupyter } from "../tests/notebook/_notebook.ts";

const WARN_BYTES = 3e6;

async function notebookPaths(args: string[]): Promise<string[]> {
  if (args.length > 0) {
    return args.map((a) => a.endsWith(".ipynb") ? resolve(a) : join(NOTEBOOK_DIR, `${a}.ipynb`));
  }
  const paths: string[] = [];
  for await (const entry of Deno.readDir(NOTEBOOK_DIR)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) paths.push(join(NOTEBOOK_DIR, entry.name));
  }
  return paths.sort();
}

async function main(args: string[]): Promise<number> {
  try {
    await requireJupyter();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
  const paths = await notebookPaths(args);
  if (paths.length === 0) {
    console.error(`No notebooks to run: ${NOTEBOOK_DIR} has no .ipynb files`);
    return 1;
  }
  for (const path of paths) {
    const name = basename(path, ".ipynb");
    let run;
    try {
      run = await executeNotebook(name, { dir: dirname(path) });
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
