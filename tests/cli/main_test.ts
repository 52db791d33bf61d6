import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { loadConfig, runExperiment } from "../../mod.ts";

const MAIN = new URL("../../lib/cli/main.ts", import.meta.url).pathname;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cacheDir = await Deno.makeTempDir({ prefix: "autoglm-cli-" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, ...args],
      // The child inherits the rest of the environment, AUTOGLM_DATA_MIRROR included.
      env: { AUTOGLM_DATA_CACHE: cacheDir, NO_COLOR: "1" },
    }).output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
}

// Published counts (PyG's Planetoid docs; MANIFEST.md), edges counted directed as PyG does.
const PLANETOID = [
  ["cora", 2708, 10556, 1433, 7, { train: 140, val: 500, test: 1000 }],
  ["citeseer", 3327, 9104, 3703, 6, { train: 120, val: 500, test: 1000 }],
] as const;

for (const [name, numNodes, numEdges, numFeatures, numClasses, splits] of PLANETOID) {
  Deno.test(`deno task data ${name} --json prints the published counts`, async () => {
    const { code, stdout, stderr } = await cli("data", name, "--json");
    assertEquals(code, 0, stderr);
    const lines = stdout.trim().split("\n");
    assertEquals(lines.length, 1, "--json prints exactly one line");
    const summary = JSON.parse(lines[0]);
    assertEquals(
      { name: summary.name, numNodes: summary.numNodes, numEdges: summary.numEdges },
      { name, numNodes, numEdges },
    );
    assertEquals([summary.numFeatures, summary.numClasses], [numFeatures, numClasses]);
    assertEquals(summary.splits, splits);
  });
}

Deno.test("deno task data karate prints a text summary table", async () => {
  const { code, stdout, stderr } = await cli("data", "karate");
  assertEquals(code, 0, stderr);
  assertMatch(stdout, /numNodes\s+34/);
  assertMatch(stdout, /numEdges\s+156/);
});

Deno.test("deno task data pubmed fails offline naming the missing allx file", async () => {
  const { code, stderr } = await cli("data", "pubmed", "--json");
  assertEquals(code, 1);
  assertMatch(stderr, /ind\.pubmed\.allx/);
});

Deno.test("deno task data rejects an unknown data set with the known names", async () => {
  const { code, stderr } = await cli("data", "corra");
  assertEquals(code, 1);
  assertMatch(stderr, /unknown name/);
  assertMatch(stderr, /"cora"/);
});

Deno.test("deno task info prints the environment report with the chosen backend", async () => {
  const { code, stdout, stderr } = await cli("info", "--backend", "cpu");
  assertEquals(code, 0, stderr);
  assertMatch(stdout, /backend/i);
  assertMatch(stdout, /cpu/);
  assert(stdout.includes(Deno.version.deno), "report names the Deno version");
});

Deno.test("deno task reproduce --models mlp,ours reads the adaptive config and repeats its run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "autoglm-cli-out-" });
  try {
    const out = `${dir}/texas.json`;
    const { code, stderr } = await cli(
      "reproduce",
      ...["--datasets", "texas", "--models", "mlp,ours", "--seeds", "1", "--json", "--out", out],
    );
    assertEquals(code, 0, stderr);
    const rows: { model: string; testAccuracy: { runs: number[] } }[] =
      JSON.parse(await Deno.readTextFile(out)).rows;
    // The alias resolves to the registry name: configs/texas-adaptive.yaml, rows say "adaptive".
    assertEquals(rows.map((r) => r.model), ["mlp", "adaptive"]);
    // Seed 0 is that config's run with seed 0 (same default backend): exactly its test accuracy.
    const config = await loadConfig(
      new URL("../../configs/texas-adaptive.yaml", import.meta.url).pathname,
    );
    const run = await runExperiment({ ...config, seed: 0 }, { progress: false });
    run.model.dispose();
    assertEquals(rows[1].testAccuracy.runs[0], run.result.test.accuracy);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
