import { assert, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { parseConfig } from "../../lib/config/experiment_config.ts";
import { reproduce } from "../../lib/experiment/reproduce.ts";
import { meanStd, type ReproduceRun } from "../../lib/experiment/results.ts";
import { runExperiment } from "../../lib/experiment/run_experiment.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
// csbm is generated, so these runs need no data files; the cpu backend keeps them quick.
const CSBM = { numNodes: 80, seed: 3 };
const CONFIGS: Record<string, string> = {
  "csbm-mlp.yaml": "dataset: csbm\nbackend: cpu\nmodel: { name: mlp }\ntrain: { epochs: 4 }\n",
  "csbm-gcn.yaml": "dataset: csbm\nbackend: cpu\nmodel: { name: gcn }\ntrain: { epochs: 4 }\n",
};

async function writeConfigs(dir: string): Promise<void> {
  for (const [name, text] of Object.entries(CONFIGS)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
}

Deno.test("reproduce() seed s of a pair is runExperiment() with seed s, and rows aggregate the runs", async () => {
  await withTempDir(async (dir) => {
    await writeConfigs(dir);
    const logged: ReproduceRun[] = [];
    const result = await reproduce({
      datasets: ["csbm"],
      models: ["mlp", "gcn"],
      seeds: 2,
      configDir: dir,
      csbm: CSBM,
      progress: false,
      onRun: (run) => logged.push(run),
    });
    assertEquals(result.backend, "cpu");
    assertEquals(result.rows.map((r) => [r.dataset, r.model, r.seeds]), [
      ["csbm", "mlp", 2],
      ["csbm", "gcn", 2],
    ]);
    assertEquals(logged, result.rows.flatMap((r) => r.seedRuns));
    for (const row of result.rows) {
      assertEquals(row.seedRuns.map((r) => r.seed), [0, 1]);
      for (const run of row.seedRuns) {
        const config = parseConfig({
          dataset: "csbm",
          backend: "cpu",
          model: { name: row.model },
          train: { epochs: 4 },
          seed: run.seed,
        });
        const alone = await runExperiment(config, { csbm: CSBM, progress: false });
        alone.model.dispose();
        // Same seed and backend: bit-identical, so exact equality.
        assertEquals(run.testAccuracy, alone.result.test.accuracy);
        assertEquals(run.valAccuracy, alone.result.bestValAcc);
        assertEquals(run.bestEpoch, alone.result.bestEpoch);
        assertEquals(run.epochs, alone.result.history.length);
        assert(run.seconds > 0);
      }
      const test = row.seedRuns.map((r) => r.testAccuracy);
      assertEquals(row.testAccuracy, { ...meanStd(test), runs: test });
      assertEquals(row.valAccuracy, meanStd(row.seedRuns.map((r) => r.valAccuracy)));
      assertEquals(row.paper, undefined);
    }
  });
});

Deno.test("reproduce() fails before training on a missing config, bad seeds or nothing to run", async () => {
  await withTempDir(async (dir) => {
    await writeConfigs(dir);
    await assertRejects(
      () => reproduce({ datasets: ["csbm"], models: ["sage"], configDir: dir, progress: false }),
      (e: Error) => {
        assertMatch(e.message, /^Cannot reproduce sage on csbm \(original protocol\): /);
        assert(e.message.includes(`${dir}/csbm-sage.yaml`), e.message);
        return true;
      },
    );
    await assertRejects(
      () => reproduce({ datasets: ["csbm"], models: ["mlp"], seeds: 0, configDir: dir }),
      { message: "Cannot reproduce: seeds must be a positive integer, got 0" },
    );
    await assertRejects(
      () => reproduce({ datasets: [], models: ["mlp"], configDir: dir }),
      {
        message:
          "Cannot reproduce: datasets and models must each name at least one, got 0 data sets and 1 models",
      },
    );
  });
});

Deno.test("reproduce({ progress: true }) draws one carriage-return line on stderr, not a line per run", async () => {
  await withTempDir(async (dir) => {
    await writeConfigs(dir);
    const code = `
      import { reproduce } from "./lib/experiment/reproduce.ts";
      await reproduce({ datasets: ["csbm"], models: ["mlp", "gcn"], seeds: 2,
        configDir: ${JSON.stringify(dir)}, csbm: ${JSON.stringify(CSBM)}, progress: true });
    `;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, stderr);
    // Backend notices may precede it; the progress itself is one line, redrawn 1 + 4 times.
    const line = stderr.slice(stderr.indexOf("\rrun 0/4"));
    assertEquals(line.split("\r").length - 1, 5, JSON.stringify(stderr));
    assertEquals(line.split("\n").length, 2, JSON.stringify(stderr));
    // Each redraw ends by clearing the rest of the terminal line (ESC [K).
    assert(line.endsWith("\x1b[K\n"), JSON.stringify(line));
    assertMatch(line, /\rrun 4\/4 · csbm gcn seed 1 · test \d+\.\d% · elapsed \d+s · done/);
  });
});
