/**
 * Recorded results: the files `reproduce`, `ablate` and `compare` write with `--out`, read back
 * for a notebook (tables too long to train live), merged into one table, listed with the command
 * that wrote each, and the tuning studies behind a fair comparison's rows.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { type Table, table } from "../display/table.ts";
import { repoFile, repoPath } from "./_repo_path.ts";
import type { ReproduceResult } from "./results.ts";
import { readStudy, type StudyRecord } from "./study.ts";

/** A recorded results file: the table plus what the command line saved with it. */
export interface RecordedResult extends ReproduceResult {
  /** Where it was read from, relative to the repository root when it lies inside it. */
  path: string;
  /** When it was written (ISO 8601). */
  date?: string;
  /** `ablate`: the config whose parts were ablated. */
  config?: string;
  /** `compare`: the tuning protocol file and budget. */
  tuning?: {
    protocol: string;
    trials: number;
    selectionSeeds: number;
    seeds: number;
    samplerSeed: number;
  };
}

/**
 * Reads a results file written with `deno task reproduce|ablate|compare --out <path>`.
 *
 * @param path the file
 * @returns the table, with `path` as the repository names it
 * @throws {Error} `Cannot read results <path>: ...` when the file is missing (with the commands
 *   that write one), not JSON, or not a table of rows with per-seed runs
 *
 * @example
 * ```ts
 * import { readRecorded } from "./recorded.ts";
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * await Deno.writeTextFile(path, JSON.stringify({ protocol: "original", backend: "cpu", rows: [] }));
 * const message = await readRecorded(path).then(() => "", (e: Error) => e.message);
 * if (!message.endsWith("rows must be a non-empty list")) throw new Error(message);
 * await Deno.remove(path);
 * ```
 */
export async function readRecorded(path: string): Promise<RecordedResult> {
  const fail = (detail: string): never => {
    throw new Error(`Cannot read results ${path}: ${detail}`);
  };
  let text = "";
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    fail(
      e instanceof Deno.errors.NotFound
        ? "no such file (write it with `deno task reproduce|ablate|compare ... --out <path>`)"
        : (e as Error).message,
    );
  }
  let value: Partial<RecordedResult>;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail(`not JSON (${(e as Error).message})`);
  }
  if (typeof value?.protocol !== "string" || typeof value.backend !== "string") {
    fail("expected a results table with protocol and backend");
  }
  if (!Array.isArray(value.rows) || value.rows.length === 0) fail("rows must be a non-empty list");
  value.rows!.forEach((row, i) => {
    if (
      typeof row?.dataset !== "string" || typeof row.model !== "string" ||
      !Array.isArray(row.seedRuns) || row.seedRuns.length !== row.testAccuracy?.runs?.length
    ) {
      fail(`rows[${i}] must name its dataset and model and hold one seedRuns entry per test run`);
    }
  });
  return { ...value as RecordedResult, path: repoPath(resolve(path)) };
}

/**
 * Several results files as one table, rows in file order (e.g. a comparison recorded in parts).
 *
 * @param results the tables; all of one protocol
 * @returns one table; `backend` lists every backend once
 * @throws {RangeError} when `results` is empty or mixes protocols
 *
 * @example
 * ```ts
 * import { mergeResults } from "./recorded.ts";
 * const row = (dataset: string) => ({
 *   dataset, model: "gcn", seeds: 1, testAccuracy: { mean: 0.8, std: 0, runs: [0.8] },
 *   valAccuracy: { mean: 0.8, std: 0 }, seconds: 1, seedRuns: [],
 * });
 * const merged = mergeResults([
 *   { protocol: "tuned", backend: "wasm", rows: [row("cora")] },
 *   { protocol: "tuned", backend: "wasm", rows: [row("texas")] },
 * ]);
 * if (merged.rows.map((r) => r.dataset).join() !== "cora,texas") throw new Error("rows");
 * ```
 */
export function mergeResults(results: readonly ReproduceResult[]): ReproduceResult {
  if (results.length === 0) throw new RangeError("Cannot merge results: none given");
  const protocols = [...new Set(results.map((r) => r.protocol))];
  if (protocols.length !== 1) {
    throw new RangeError(`Cannot merge results: they mix the protocols ${protocols.join(", ")}`);
  }
  return {
    protocol: protocols[0],
    backend: [...new Set(results.map((r) => r.backend))].join(", "),
    rows: results.flatMap((r) => r.rows),
  };
}

const distinct = (values: string[]) => [...new Set(values)].join(",");

// The folder of a row's study or config file, when it is not the command's default.
function folderFlag(flag: string, paths: (string | undefined)[], fallback: string): string {
  const dirs = [
    ...new Set(paths.filter((p) => p !== undefined).map((p) => p!.replace(/\/[^/]*$/, ""))),
  ];
  return dirs.length === 1 && dirs[0] !== fallback ? ` ${flag} ${dirs[0]}` : "";
}

/**
 * The command that writes a recorded file: `deno task compare` for a tuned table (with its budget
 * and, when not the defaults, its study and config folders), `deno task ablate` for an ablation,
 * `deno task reproduce` otherwise.
 *
 * @param result a file read with {@linkcode readRecorded}
 * @returns the command line, ending with `--out <path>`
 *
 * @example
 * ```ts
 * import { recordCommand } from "./recorded.ts";
 * const row = (dataset: string, model: string) => ({
 *   dataset, model, seeds: 10, testAccuracy: { mean: 0.8, std: 0, runs: [] },
 *   valAccuracy: { mean: 0.8, std: 0 }, seconds: 1, seedRuns: [],
 * });
 * const command = recordCommand({
 *   path: "notebooks/data/comparison.json", protocol: "original", backend: "wasm",
 *   rows: [row("cora", "gcn"), row("cora", "gat")],
 * });
 * const expected = "deno task reproduce --models gcn,gat --datasets cora --seeds 10 " +
 *   "--out notebooks/data/comparison.json";
 * if (command !== expected) throw new Error(command);
 * ```
 */
export function recordCommand(result: RecordedResult): string {
  const { rows } = result;
  const seeds = Math.max(...rows.map((r) => r.seeds));
  const out = ` --out ${result.path}`;
  if (result.config !== undefined) {
    return `deno task ablate --config ${result.config} --seeds ${seeds}${out}`;
  }
  const which = `--datasets ${distinct(rows.map((r) => r.dataset))} ` +
    `--models ${distinct(rows.map((r) => r.model))}`;
  if (result.protocol === "tuned") {
    const t = result.tuning;
    const budget = t
      ? ` --trials ${t.trials} --selection-seeds ${t.selectionSeeds} --seeds ${t.seeds}` +
        (t.samplerSeed === 0 ? "" : ` --sampler-seed ${t.samplerSeed}`)
      : ` --seeds ${seeds}`;
    return `deno task compare ${which}${budget}` +
      folderFlag("--studies", rows.map((r) => r.study), "notebooks/data/tuning") +
      folderFlag("--tuned", rows.map((r) => r.config), "configs/tuned") + out;
  }
  return `deno task reproduce --models ${distinct(rows.map((r) => r.model))} ` +
    `--datasets ${distinct(rows.map((r) => r.dataset))} --seeds ${seeds}` +
    (result.protocol === "paper" ? " --protocol paper" : "") + out;
}

/**
 * One row per recorded file: when it was written, on which backend, how many rows, and the
 * command that writes it again.
 *
 * @param results files read with {@linkcode readRecorded}
 * @returns a {@linkcode Table} with the columns `file`, `written`, `backend`, `rows`, `command`
 *
 * @example
 * ```ts
 * import { recordedRunsTable } from "./recorded.ts";
 * const t = recordedRunsTable([{
 *   path: "notebooks/data/ablation-texas.json", protocol: "original", backend: "wasm",
 *   config: "configs/texas-adaptive-full.yaml", date: "2026-12-01T10:00:00.000Z",
 *   rows: [{ dataset: "texas", model: "full", seeds: 10, testAccuracy: { mean: 0.7, std: 0, runs: [] },
 *     valAccuracy: { mean: 0.7, std: 0 }, seconds: 1, seedRuns: [] }],
 * }]);
 * if (t.cells[0][1] !== "2026-12-01" || !t.cells[0][4].startsWith("deno task ablate")) {
 *   throw new Error(String(t));
 * }
 * ```
 */
export function recordedRunsTable(results: readonly RecordedResult[]): Table {
  return table(
    results.map((r) => ({
      file: r.path,
      written: r.date?.slice(0, 10) ?? "-",
      backend: r.backend,
      rows: r.rows.length,
      command: recordCommand(r),
    })),
    { title: "The recorded runs and the commands that wrote them" },
  );
}

/**
 * The tuning studies behind a fair comparison's rows (`compare` names each row's study file), read
 * with `readStudy`; a relative path is read from the repository root.
 *
 * @param result a table written by `compare` (protocol `tuned`)
 * @returns one study per row, in row order
 * @throws {Error} `Cannot read the studies of <path>: ...` when a row names no study or its file
 *   is missing
 *
 * @example
 * ```ts
 * import { readStudies } from "./recorded.ts";
 * const message = await readStudies({
 *   path: "tuned.json", protocol: "original", backend: "cpu", rows: [{ dataset: "cora",
 *     model: "gcn", seeds: 1, testAccuracy: { mean: 0.8, std: 0, runs: [0.8] },
 *     valAccuracy: { mean: 0.8, std: 0 }, seconds: 1, seedRuns: [] }],
 * }).then(() => "", (e: Error) => e.message);
 * if (message !== "Cannot read the studies of tuned.json: row cora gcn names no study file") {
 *   throw new Error(message);
 * }
 * ```
 */
export async function readStudies(
  result: ReproduceResult & { path?: string },
): Promise<StudyRecord[]> {
  const fail = (detail: string): never => {
    throw new Error(`Cannot read the studies of ${result.path ?? "the table"}: ${detail}`);
  };
  const studies: StudyRecord[] = [];
  for (const row of result.rows) {
    if (row.study === undefined) fail(`row ${row.dataset} ${row.model} names no study file`);
    const path = isAbsolute(row.study!) ? row.study! : repoFile(row.study!);
    studies.push(await readStudy(path) ?? fail(`${row.study} does not exist`));
  }
  return studies;
}
