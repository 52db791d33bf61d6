import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { NOTEBOOK_TESTS, summaryTable, testSteps } from "../../tools/test.ts";
import { assert, assertEquals } from "../_assert.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("testSteps() runs fmt, lint, doc lint, check and every test; quick leaves out tests/notebook/", () => {
  const full = testSteps(false);
  assertEquals(full.map((s) => [s.name, s.args.join(" ")]), [
    ["fmt", "fmt --check"],
    ["lint", "lint"],
    ["doc", "run --allow-read --allow-run tools/doc_lint.ts"],
    ["check", "check mod.ts lib/cli/main.ts bench/main.ts tools/test.ts tools/notebooks.ts"],
    ["tests", "test -A --doc"],
  ]);
  const quick = testSteps(true);
  assertEquals(quick.slice(0, 4), full.slice(0, 4));
  assertEquals(quick[4].args, ["test", "-A", "--doc", "--ignore=tests/notebook/"]);
});

Deno.test("summaryTable() gives each step's time and result, then the total", () => {
  const table = summaryTable([
    { name: "setup", code: 0, seconds: 0.14 },
    { name: "fmt", code: 0, seconds: 1.24 },
    { name: "doc", code: 0, seconds: 1.5 },
    { name: "check", code: 1, seconds: 61.4 },
    { name: "tests", seconds: 0 },
  ]);
  assertEquals(table.split("\n"), [
    "setup       0.1 s  ok",
    "fmt         1.2 s  ok",
    "doc         1.5 s  ok",
    "check  1 min 01 s  failed (exit 1)",
    "tests           -  not run",
    "total  1 min 04 s",
  ]);
});

// The quick loop's rule: Jupyter and browsers are used only under tests/notebook/.
const NEEDS_JUPYTER = /from\s+"(?:[^"]*\/_notebook\.ts|[^"]*\/_browser\.ts|playwright-core)"/;

Deno.test("only tests under tests/notebook/ use Jupyter or a browser", async () => {
  const offenders: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      const rel = relative(ROOT, path);
      if (entry.isDirectory && `${rel}/` !== NOTEBOOK_TESTS) await walk(path);
      else if (
        entry.isFile && rel.endsWith(".ts") && NEEDS_JUPYTER.test(await Deno.readTextFile(path))
      ) {
        offenders.push(rel);
      }
    }
  };
  await walk(join(ROOT, "tests"));
  assertEquals(offenders, []);
  assert(NEEDS_JUPYTER.test(await Deno.readTextFile(join(ROOT, NOTEBOOK_TESTS, "ch2_test.ts"))));
});

async function task(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["task", ...args], cwd: ROOT })
    .output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("deno task test --help and test:quick --help print the usage without running anything", async () => {
  for (const name of ["test", "test:quick"]) {
    const { code, stdout, stderr } = await task(name, "--help");
    assertEquals(code, 0, stderr);
    assert(stdout.startsWith("Usage: deno task test "), stdout);
    assert(!stdout.includes("== fmt"), stdout);
  }
});

Deno.test("deno task test rejects an unknown argument with exit code 2", async () => {
  const { code, stderr } = await task("test", "--fast");
  assertEquals(code, 2);
  assert(stderr.includes("Cannot run the tests: unknown argument --fast\n\nUsage:"), stderr);
});
