import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { readCheckpointHeader } from "../../lib/train/checkpoint.ts";

const MAIN = new URL("../../lib/cli/main.ts", import.meta.url).pathname;
const CONFIGS = new URL("../../configs/", import.meta.url).pathname;

async function cli(cwd: string, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    cwd,
    // The child inherits the rest of the environment, AUTOGLM_DATA_MIRROR included.
    env: { AUTOGLM_DATA_CACHE: `${cwd}/cache`, NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("deno task train prints epoch lines, the test report and saves the best checkpoint", async () => {
  await withTempDir(async (dir) => {
    const { code, stdout, stderr } = await cli(dir, "train", "--config", `${CONFIGS}cora-mlp.yaml`);
    assertEquals(code, 0, stderr);
    assertMatch(stdout, /^epoch {3}10 {2}train loss \d\.\d{4}/m);
    assertMatch(stdout, /^epoch {2}200 /m);
    assertMatch(stdout, /test accuracy \d+\.\d\d%, macro-F1 \d+\.\d\d%/);
    assertMatch(stdout, /macro avg/);
    const header = await readCheckpointHeader(`${dir}/results/checkpoints/cora-mlp-seed0.ckpt`);
    assertEquals(header.model, "mlp");
  });
});

Deno.test("deno task train --json prints one object and --seed overrides the config", async () => {
  await withTempDir(async (dir) => {
    const args = ["train", "--config", `${CONFIGS}citeseer-mlp.yaml`, "--json", "--seed", "3"];
    const { code, stdout, stderr } = await cli(dir, ...args);
    assertEquals(code, 0, stderr);
    const lines = stdout.trim().split("\n");
    assertEquals(lines.length, 1);
    const summary = JSON.parse(lines[0]);
    assertEquals([summary.dataset, summary.model, summary.seed], ["citeseer", "mlp", 3]);
    assert(summary.testAccuracy > 0.4 && summary.testAccuracy <= 1, String(summary.testAccuracy));
    assert(summary.bestEpoch >= 1 && summary.bestEpoch <= summary.epochs);
  });
});

Deno.test("deno task train names the bad key of a broken config", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/bad.yaml`, "dataset: cora\nmodel: { name: gcn, hiden: 3 }\n");
    const { code, stderr } = await cli(dir, "train", "--config", `${dir}/bad.yaml`);
    assertEquals(code, 1);
    assertMatch(stderr, /unknown key model\.hiden/);
  });
});

Deno.test("deno task reproduce --json gives mean and std over seeds and writes results/", async () => {
  await withTempDir(async (dir) => {
    const args = ["reproduce", "--datasets", "cora", "--models", "mlp", "--seeds", "2", "--json"];
    const { code, stdout, stderr } = await cli(dir, ...args);
    assertEquals(code, 0, stderr);
    const { rows } = JSON.parse(stdout);
    assertEquals(rows.length, 1);
    const [row] = rows;
    assertEquals([row.dataset, row.model, row.seeds], ["cora", "mlp", 2]);
    const runs: number[] = row.testAccuracy.runs;
    assertEquals(runs.length, 2);
    const mean = (runs[0] + runs[1]) / 2;
    assert(Math.abs(row.testAccuracy.mean - mean) < 1e-12);
    assert(Math.abs(row.testAccuracy.std - Math.abs(runs[0] - runs[1]) / 2) < 1e-12);
    const saved = JSON.parse(await Deno.readTextFile(`${dir}/results/reproduce-original.json`));
    assertEquals(saved.rows, rows);
  });
});
