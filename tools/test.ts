/**
 * The README's test command: `deno task test` sets the machine up (tools/setup.ts: Python oracles,
 * a WebGPU adapter, Jupyter, Chromium, Deno's kernel in `.jupyter-data/`), then runs `deno fmt
 * --check`, `deno lint`, `deno doc --lint` on the public entry points (tools/doc_lint.ts),
 * `deno check` and `deno test -A --doc`, streaming their output.
 *
 * `deno task test:quick` (`--quick`) is the inner loop: the same without `tests/notebook/`, the
 * folder of every test that executes a notebook or opens a browser, so a new notebook test lands
 * there and out of the quick loop by itself. It needs neither Jupyter nor Chromium.
 *
 * The steps stop at the first failure and the command exits with its code: the first four take
 * seconds and the tests up to half an hour, so a formatting slip is reported at once instead of
 * after the tests (`deno test` type-checks anyway). At the end a table gives each step's wall
 * time, so CI logs show where the time goes.
 *
 * @module
 */
import { setup } from "./setup.ts";

/** A step of the test command: a `deno` subcommand. */
export interface TestStep {
  /** The step's name in the summary: fmt, lint, doc, check or tests. */
  name: string;
  /** The arguments to `deno`. */
  args: string[];
}

/** How a step ended, as the summary shows it. */
export interface StepResult {
  /** The step's name. */
  name: string;
  /** Its exit code; undefined when it did not run. */
  code?: number;
  /** Wall-clock seconds; 0 when it did not run. */
  seconds: number;
}

/** The folder of the notebook and browser tests, which the quick loop leaves out. */
export const NOTEBOOK_TESTS = "tests/notebook/";

/** The entry points `deno check` type-checks. */
// The library's entry points, plus the tools no test imports whole.
const ENTRY_POINTS = [
  "mod.ts",
  "lib/cli/main.ts",
  "bench/main.ts",
  "tools/test.ts",
  "tools/notebooks.ts",
];

const USAGE =
  `Usage: deno task test         set up, then fmt --check, lint, doc --lint, check, test -A --doc
       deno task test:quick   the same without ${NOTEBOOK_TESTS} (no Jupyter or Chromium)

Installs missing Debian packages when running as root or with password-less sudo, otherwise
stops first with the command to run. Stops at the first failing step with its exit code and
prints each step's wall time. Data comes through AUTOGLM_DATA_MIRROR / AUTOGLM_DATA_CACHE or
downloads.`;

/**
 * The steps of `deno task test` (or of `test:quick` when `quick`), in order.
 *
 * @param quick leave out {@linkcode NOTEBOOK_TESTS}
 * @returns the steps
 *
 * @example
 * ```ts
 * import { testSteps } from "./test.ts";
 * const steps = testSteps(true);
 * if (steps.map((s) => s.name).join() !== "fmt,lint,doc,check,tests") throw new Error("steps");
 * if (!steps[4].args.includes("--ignore=tests/notebook/")) throw new Error("quick");
 * ```
 */
export function testSteps(quick: boolean): TestStep[] {
  return [
    { name: "fmt", args: ["fmt", "--check"] },
    { name: "lint", args: ["lint"] },
    { name: "doc", args: ["run", "--allow-read", "--allow-run", "tools/doc_lint.ts"] },
    { name: "check", args: ["check", ...ENTRY_POINTS] },
    {
      name: "tests",
      args: ["test", "-A", "--doc", ...(quick ? [`--ignore=${NOTEBOOK_TESTS}`] : [])],
    },
  ];
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/**
 * The summary printed at the end: each step's wall time and result, then the total.
 *
 * @param results the steps in order, run or not
 * @returns the table, one line per step
 *
 * @example
 * ```ts
 * import { summaryTable } from "./test.ts";
 * const table = summaryTable([
 *   { name: "fmt", code: 0, seconds: 1.25 },
 *   { name: "tests", code: 1, seconds: 1446 },
 *   { name: "doc", seconds: 0 },
 * ]);
 * if (!table.includes("tests  24 min 06 s  failed (exit 1)")) throw new Error(table);
 * ```
 */
export function summaryTable(results: StepResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.code === undefined ? "-" : duration(r.seconds),
    r.code === undefined ? "not run" : r.code === 0 ? "ok" : `failed (exit ${r.code})`,
  ]);
  rows.push(["total", duration(results.reduce((sum, r) => sum + r.seconds, 0)), ""]);
  const width = [0, 1].map((j) => Math.max(...rows.map((row) => row[j].length)));
  return rows.map(([name, time, result]) =>
    `${name.padEnd(width[0])}  ${time.padStart(width[1])}  ${result}`.trimEnd()
  ).join("\n");
}

async function runStep(step: TestStep, env: Record<string, string>): Promise<StepResult> {
  console.log(`\n== ${step.name}: deno ${step.args.join(" ")}`);
  const start = performance.now();
  const { code } = await new Deno.Command(Deno.execPath(), { args: step.args, env, stdin: "null" })
    .spawn().status;
  return { name: step.name, code, seconds: (performance.now() - start) / 1000 };
}

async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== "--quick");
  if (unknown.length > 0) {
    console.error(`Cannot run the tests: unknown argument ${unknown[0]}\n\n${USAGE}`);
    return 2;
  }
  const quick = args.includes("--quick");
  const start = performance.now();
  let env: Record<string, string>;
  try {
    env = await setup(quick ? "quick" : "full", {
      task: quick ? "deno task test:quick" : "deno task test",
    });
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
  const results: StepResult[] = [{
    name: "setup",
    code: 0,
    seconds: (performance.now() - start) / 1000,
  }];
  let exitCode = 0;
  for (const step of testSteps(quick)) {
    const result = exitCode === 0 ? await runStep(step, env) : { name: step.name, seconds: 0 };
    results.push(result);
    exitCode ||= result.code ?? 0;
  }
  console.log(`\n${summaryTable(results)}`);
  return exitCode;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
