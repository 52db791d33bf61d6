import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { type ExperimentConfig, parseConfig } from "../../lib/config/experiment_config.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { runExperiment } from "../../lib/experiment/run_experiment.ts";
import { randomSampler, type SearchSpace } from "../../lib/experiment/search_space.ts";
import {
  readStudy,
  runStudy,
  type TrialRunner,
  validationRun,
} from "../../lib/experiment/study.ts";

const DATA = csbm({ numNodes: 60, seed: 5 });
const BASE = parseConfig({
  dataset: "csbm",
  backend: "cpu",
  model: { name: "mlp" },
  train: { epochs: 4, patience: 4, monitor: "val_acc" },
});
const SPACE: SearchSpace = {
  "train.lr": { type: "float", low: 0.001, high: 0.1, log: true },
  "model.hiddenChannels": { type: "categorical", choices: [8, 16, 32] },
};

/**
 * A runner whose validation and test scores disagree: validation prefers a small lr, test a
 * large one. Only the test could see `test` (it returns it, as a leaky runner might).
 */
function fakeRunner(calls: { lr: number; seed: number }[] = []): {
  runner: TrialRunner;
  testOf: (config: ExperimentConfig) => number;
} {
  const testOf = (c: ExperimentConfig) => c.train.lr;
  const runner: TrialRunner = (config) => {
    calls.push({ lr: config.train.lr, seed: config.seed });
    const run = {
      valAccuracy: 1 - config.train.lr + config.seed * 1e-3,
      bestEpoch: 1,
      epochs: 2,
      seconds: 0,
      testAccuracy: testOf(config),
    };
    return Promise.resolve(run);
  };
  return { runner, testOf };
}

Deno.test("runStudy() selects on validation only, where test accuracy would pick another trial", async () => {
  const { runner, testOf } = fakeRunner();
  const study = await runStudy(BASE, SPACE, {
    trials: 8,
    selectionSeeds: 2,
    dataset: DATA,
    runner,
    progress: false,
  });
  const lrs = study.trials.map((t) => t.config.train.lr);
  const bestByVal = Math.min(...lrs);
  const bestByTest = Math.max(...study.trials.map((t) => testOf(t.config)));
  assert(bestByTest !== bestByVal, "the fake makes test and validation disagree");
  assertEquals(study.best.config.train.lr, bestByVal);
  assertEquals(study.best, study.trials[0], "trials are sorted best first");
  for (let i = 1; i < study.trials.length; i++) {
    assert(study.trials[i - 1].valAccuracy.mean >= study.trials[i].valAccuracy.mean);
  }
  // The score is the mean over the selection seeds (seed s adds s * 1e-3 in the fake).
  assertEquals(study.best.valAccuracy.runs, [1 - bestByVal, 1 - bestByVal + 1e-3]);
  assertEquals(study.best.valAccuracy.mean, (2 - 2 * bestByVal + 1e-3) / 2);
  assertEquals(study.bestConfig, { ...study.best.config, seed: 0 });
  // Nothing the runner said about test accuracy reaches the record.
  const saved = JSON.stringify(study.record);
  assert(!/test/i.test(saved), `the study record mentions test: ${saved.slice(0, 200)}`);
});

Deno.test("runStudy(): trial 0 is the base config, trial t the sampler's values for t", async () => {
  const { runner } = fakeRunner();
  const study = await runStudy(BASE, SPACE, {
    trials: 4,
    selectionSeeds: 1,
    sampler: randomSampler(9),
    dataset: DATA,
    runner,
    progress: false,
  });
  const byNumber = [...study.trials].sort((a, b) => a.number - b.number);
  assertEquals(byNumber[0].params, {});
  assertEquals(byNumber[0].config, BASE);
  for (const trial of byNumber.slice(1)) {
    const params = randomSampler(9).sample(SPACE, trial.number);
    assertEquals(trial.params, params);
    assertEquals(trial.config.train.lr, params["train.lr"]);
    assertEquals(trial.config.model.hiddenChannels, params["model.hiddenChannels"]);
  }
  assertEquals(study.record.sampler, { type: "random", seed: 9 });
  assertEquals(study.record.objective, "mean best validation accuracy over seed 0");
});

Deno.test("runStudy() saves every trial, and a re-run skips the finished ones", async () => {
  await withTempDir(async (dir) => {
    const storage = `${dir}/study.json`;
    const calls: { lr: number; seed: number }[] = [];
    const { runner } = fakeRunner(calls);
    // Interrupted after two trials: the third trial's first run throws.
    let budget = 4; // runs
    const flaky: TrialRunner = (config, data) => {
      if (budget-- === 0) throw new Error("interrupted");
      return runner(config, data);
    };
    const options = { selectionSeeds: 2, dataset: DATA, storage, progress: false as const };
    await assertRejects(() => runStudy(BASE, SPACE, { ...options, trials: 5, runner: flaky }), {
      message: "interrupted",
    });
    const saved = await readStudy(storage);
    assertEquals(saved?.trials.map((t) => t.number), [0, 1]);
    assertEquals(calls.length, 4);

    calls.length = 0;
    const trialsSeen: number[] = [];
    const study = await runStudy(BASE, SPACE, {
      ...options,
      trials: 5,
      runner,
      onTrial: (t) => trialsSeen.push(t.number),
    });
    assertEquals(trialsSeen, [2, 3, 4], "only the unfinished trials run");
    assertEquals(calls.length, 3 * 2);
    assertEquals(study.trials.length, 5);
    assertEquals((await readStudy(storage))?.trials.map((t) => t.number), [0, 1, 2, 3, 4]);

    // Extending the budget runs only the new trials; the same trials as a fresh study.
    calls.length = 0;
    const extended = await runStudy(BASE, SPACE, { ...options, trials: 6, runner });
    assertEquals(calls.length, 2);
    const fresh = await runStudy(BASE, SPACE, {
      ...options,
      storage: undefined,
      trials: 6,
      runner,
    });
    assertEquals(extended.trials, fresh.trials);

    // A different study in the same file is refused, naming what differs.
    await assertRejects(
      () => runStudy(BASE, { "train.lr": SPACE["train.lr"] }, { ...options, trials: 6, runner }),
      {
        message: `Cannot resume study ${storage}: its space differs from this study's (choose ` +
          "another study file, or delete this one to start over)",
      },
    );
    await assertRejects(
      () => runStudy(BASE, SPACE, { ...options, selectionSeeds: 3, trials: 6, runner }),
      (e: Error) => e.message.includes("its selectionSeeds differs"),
    );
  });
});

Deno.test("runStudy() checks every trial's config and model before training", async () => {
  let runs = 0;
  const runner: TrialRunner = () => {
    runs++;
    return Promise.resolve({ valAccuracy: 0.5, bestEpoch: 1, epochs: 1, seconds: 0 });
  };
  const common = { dataset: DATA, runner, progress: false as const };
  await assertRejects(
    () => runStudy(BASE, { "model.dropout": { type: "float", low: 0.5, high: 2 } }, common),
    (e: Error) => e.message.includes("model.dropout must be <= 0.999"),
  );
  // parseConfig accepts the key, the model rejects it (only adaptive takes steps).
  await assertRejects(
    () => runStudy(BASE, { "model.steps": { type: "categorical", choices: [2] } }, common),
    (e: Error) =>
      e.message.startsWith("Cannot run csbm mlp trial 1: ") &&
      e.message.includes("steps applies to adaptive only"),
  );
  await assertRejects(() => runStudy(BASE, SPACE, { ...common, trials: 0 }), {
    message: "Cannot run study csbm mlp: trials must be a positive integer, got 0",
  });
  assertEquals(runs, 0, "nothing trained");
});

Deno.test("validationRun() never evaluates on test and matches runExperiment's validation exactly", async () => {
  for (const name of ["gcn", "ours"] as const) {
    const config = parseConfig({
      dataset: "csbm",
      backend: "cpu",
      model: { name, hiddenChannels: 8, ...(name === "ours" && { steps: 2, samples: 2 }) },
      train: { epochs: 6 },
      seed: 1,
    });
    const run = await validationRun(config, DATA);
    const full = await runExperiment(config, { dataset: DATA, progress: false });
    full.model.dispose();
    const blind = await runExperiment(config, {
      dataset: DATA,
      progress: false,
      evaluateTest: false,
    });
    blind.model.dispose();
    assertEquals("test" in blind.result, false, "no test metrics without evaluateTest");
    const timeless = (h: typeof full.result.history) => h.map(({ seconds: _, ...r }) => r);
    assertEquals(timeless(blind.result.history), timeless(full.result.history));
    assertEquals(run.valAccuracy, full.result.bestValAcc);
    assertEquals(run.bestEpoch, full.result.bestEpoch);
    assertEquals(run.epochs, full.result.history.length);
  }
});
