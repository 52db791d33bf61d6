import { parseConfig } from "../../lib/config/experiment_config.ts";
import type { StudyRecord, TrialRecord } from "../../lib/experiment/study.ts";
import { studyHistoryFigure, tunedConfigTable } from "../../lib/experiment/study_report.ts";
import { applyParams, type Params } from "../../lib/experiment/search_space.ts";
import { assertEquals, assertThrows } from "../_assert.ts";

const base = parseConfig({ dataset: "texas", model: { name: "gcn" } });
const space = {
  "train.lr": { type: "float" as const, low: 0.001, high: 0.05, log: true },
  "model.dropout": { type: "float" as const, low: 0, high: 0.8, step: 0.1 },
  "train.weightDecayOn": { type: "categorical" as const, choices: ["all", "first"] },
};

function trial(number: number, runs: number[], params: Params = {}): TrialRecord {
  const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
  const std = Math.sqrt(runs.reduce((a, b) => a + (b - mean) ** 2, 0) / runs.length);
  return {
    number,
    params,
    config: number === 0 ? base : applyParams(base, params),
    valAccuracy: { mean, std, runs },
    bestEpochs: runs.map(() => 10),
    epochs: runs.map(() => 20),
    seconds: 2,
  };
}

const study: StudyRecord = {
  format: "autoglm-study/1",
  name: "texas gcn",
  objective: "mean best validation accuracy over seeds 0-1",
  sampler: { type: "random", seed: 0 },
  selectionSeeds: 2,
  base,
  space,
  trials: [
    trial(0, [0.5, 0.6]),
    trial(1, [0.7, 0.7], {
      "train.lr": 0.0123456,
      "model.dropout": 0.3,
      "train.weightDecayOn": "first",
    }),
    trial(2, [0.6, 0.7], { "train.lr": 0.002, "model.dropout": 0.1, "train.weightDecayOn": "all" }),
  ],
  best: 1,
};

Deno.test("studyHistoryFigure() shows every trial, the best so far and the chosen trial", () => {
  const fig = studyHistoryFigure(study);
  assertEquals(fig.data.map((t) => t.name), ["trial", "best so far", "chosen trial"]);
  const [trials, best, chosen] = fig.data;
  assertEquals([trials.x, trials.y], [[0, 1, 2], [55, 70, 65]]);
  assertEquals(trials.error_y, { type: "data", array: [5, 0, 5], visible: true });
  assertEquals(trials.text, [
    "the model's defaults",
    "train.lr 0.0123<br>model.dropout 0.3<br>train.weightDecayOn first",
    "train.lr 0.002<br>model.dropout 0.1<br>train.weightDecayOn all",
  ]);
  assertEquals([best.y, (best.line as Record<string, unknown>).shape], [[55, 70, 70], "hv"]);
  assertEquals([chosen.x, chosen.y], [[1], [70]]);
  assertEquals(fig.layout.title, { text: "texas gcn: validation accuracy of each trial" });
  assertEquals(
    (fig.layout.yaxis as { title: { text: string } }).title.text,
    "validation accuracy (%), mean over 2 seeds",
  );
  // One selection seed: no error bars.
  assertEquals(studyHistoryFigure({ ...study, selectionSeeds: 1 }).data[0].error_y, undefined);
  assertThrows(
    () => studyHistoryFigure({ ...study, trials: [] }),
    RangeError,
    "Cannot show study texas gcn: it has no finished trials",
  );
});

Deno.test("tunedConfigTable() gives the chosen trial and its values, shared keys first", () => {
  const mlpBase = parseConfig({ dataset: "cora", model: { name: "mlp" } });
  const mlp: StudyRecord = {
    ...study,
    name: "cora mlp",
    base: mlpBase,
    space: {
      "train.lr": space["train.lr"],
      "model.dropout": space["model.dropout"],
      "model.numLayers": { type: "categorical", choices: [2, 3] },
    },
    trials: [{ ...trial(0, [0.6, 0.6]), config: mlpBase }],
    best: 0,
  };
  const t = tunedConfigTable([study, mlp]);
  assertEquals(t.columns, [
    "dataset",
    "model",
    "chosen trial",
    "val acc (%)",
    "lr",
    "dropout",
    "own keys",
  ]);
  assertEquals(t.cells, [
    ["texas", "gcn", "1 of 3", "70.0", "0.0123", "0.3", "weightDecayOn: first"],
    // Trial 0: the values of its config, which parseConfig filled with the defaults.
    ["cora", "mlp", "0 of 1", "60.0", "0.01", "0.5", "numLayers: 2"],
  ]);
  assertThrows(() => tunedConfigTable([]), RangeError, "no studies");
});
