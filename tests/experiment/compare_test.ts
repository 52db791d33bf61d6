import { assert, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { loadConfig, parseConfig } from "../../lib/config/experiment_config.ts";
import { compare, tunedConfigText } from "../../lib/experiment/compare.ts";
import { reproduce } from "../../lib/experiment/reproduce.ts";
import { readStudy } from "../../lib/experiment/study.ts";
import { loadTuningProtocol, type TuningProtocol } from "../../lib/experiment/tuning_protocol.ts";

const CSBM = { numNodes: 60, seed: 4 };

// The committed spaces with a short training rule, so the test trains in seconds.
async function quickProtocol(): Promise<TuningProtocol> {
  const committed = await loadTuningProtocol();
  return { ...committed, train: { epochs: 6, patience: 3, monitor: "val_acc" } };
}

Deno.test("compare() tunes on validation, writes the chosen config and study, then runs the seeds", async () => {
  await withTempDir(async (dir) => {
    const protocol = await quickProtocol();
    const options = {
      protocol,
      trials: 3,
      selectionSeeds: 2,
      seeds: 3,
      backend: "cpu" as const,
      csbm: CSBM,
      studyDir: `${dir}/studies`,
      tunedDir: `${dir}/tuned`,
      command: "deno task compare --test",
      progress: false as const,
    };
    const trialRuns: string[] = [];
    const result = await compare(["csbm"], ["mlp", "gcn"], {
      ...options,
      onTrialRun: (r) => trialRuns.push(`${r.study} ${r.trial} ${r.seed}`),
    });
    assertEquals(result.protocol, "tuned");
    assertEquals(result.rows.map((r) => [r.dataset, r.model, r.seeds]), [
      ["csbm", "mlp", 3],
      ["csbm", "gcn", 3],
    ]);
    assertEquals(trialRuns.length, 2 * 3 * 2, "models x trials x selection seeds");
    for (const row of result.rows) {
      const studyPath = `${dir}/studies/csbm-${row.model}.json`;
      const tunedPath = `${dir}/tuned/csbm-${row.model}.yaml`;
      assertEquals([row.study, row.config], [studyPath, tunedPath]);
      const study = await readStudy(studyPath);
      assertEquals(study!.trials.length, 3);
      assert(!/test/i.test(JSON.stringify(study)), "the study file has validation numbers only");
      // The tuned file is the best trial's config (seed 0) under a header saying how it was chosen.
      const text = await Deno.readTextFile(tunedPath);
      assertMatch(text, /^# Chosen on validation only by the fair comparison/);
      assert(text.includes("#   deno task compare --test\n"), text);
      assertMatch(text, new RegExp(`# Trial ${study!.best} of 3, the best mean validation`));
      assert(text.includes(`# Every trial: ${studyPath}.\n`), text);
      const best = study!.trials.find((t) => t.number === study!.best)!;
      assertEquals(await loadConfig(tunedPath), { ...best.config, seed: 0 });
      // Per-seed validation and test accuracy of the chosen config.
      assertEquals(row.seedRuns.map((r) => r.seed), [0, 1, 2]);
      assert(row.seedRuns.every((r) => r.testAccuracy >= 0 && r.valAccuracy >= 0));
    }
    // `reproduce --protocol tuned` re-runs the table from the tuned configs, bit for bit.
    const again = await reproduce({
      datasets: ["csbm"],
      models: ["mlp", "gcn"],
      seeds: 3,
      protocol: "tuned",
      configDir: dir,
      backend: "cpu",
      csbm: CSBM,
      progress: false,
    });
    assertEquals(
      again.rows.map((r) => r.seedRuns.map((s) => [s.testAccuracy, s.valAccuracy, s.bestEpoch])),
      result.rows.map((r) => r.seedRuns.map((s) => [s.testAccuracy, s.valAccuracy, s.bestEpoch])),
    );
    // A second invocation resumes: every trial is in the study files, only the seeds run again.
    trialRuns.length = 0;
    const resumed = await compare(["csbm"], ["mlp", "gcn"], {
      ...options,
      onTrialRun: (r) => trialRuns.push(`${r.study} ${r.trial} ${r.seed}`),
    });
    assertEquals(trialRuns, []);
    assertEquals(
      resumed.rows.map((r) => r.testAccuracy),
      result.rows.map((r) => r.testAccuracy),
    );
  });
});

Deno.test("compare() fails before training on a model without a space, a bad budget or data set", async () => {
  const protocol = await quickProtocol();
  let trained = 0;
  const common = { protocol, progress: false as const, onTrialRun: () => trained++ };
  await assertRejects(() => compare(["csbm"], ["gin"], common), {
    message:
      'Cannot compare: configs/search/comparison.yaml has no search space for model "gin" (it has gcn, mlp, sage, gat, adaptive)',
  });
  await assertRejects(() => compare(["csbm"], ["gcn"], { ...common, trials: 0 }), {
    message: "Cannot compare: trials must be an integer >= 1, got 0",
  });
  await assertRejects(
    () => compare([], ["gcn"], common),
    (e: Error) =>
      e.message.startsWith("Cannot compare: datasets and models must each name at least one"),
  );
  await assertRejects(
    () => compare(["csbm", "corra"], ["gcn"], common),
    (e: Error) => e.message.includes('Cannot load dataset "corra"'),
  );
  assertEquals(trained, 0);
});

Deno.test("tunedConfigText() writes a file loadConfig reads back and deno fmt leaves as it is", async () => {
  await withTempDir(async (dir) => {
    const config = parseConfig({
      dataset: "texas",
      split: { type: "per-seed" },
      model: {
        name: "ours",
        hiddenChannels: 64,
        steps: 4,
        teleport: 0.1,
        learnedGraph: { k: 5, mix: 0.9, learnMix: false, refreshEvery: 50 },
      },
      train: { epochs: 1000, patience: 200, monitor: "val_acc", lr: 0.006728, weightDecay: 5e-5 },
    });
    const path = `${dir}/texas-ours.yaml`;
    await Deno.writeTextFile(
      path,
      tunedConfigText(config, {
        trial: 8,
        trials: 12,
        valAccuracy: 0.7345,
        selectionSeeds: 3,
        samplerSeed: 0,
        protocol: "configs/search/comparison.yaml",
        study: "notebooks/data/tuning/texas-ours.json",
        command: "deno task compare --table heterophilous",
        date: "2026-12-03",
      }),
    );
    assertEquals(await loadConfig(path), config);
    const text = await Deno.readTextFile(path);
    assert(
      text.includes("# Trial 8 of 12, the best mean validation accuracy over seeds 0-2 (73.45%)."),
    );
    const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--check", path] })
      .output();
    assertEquals(fmt.code, 0, new TextDecoder().decode(fmt.stderr));
  });
});
