import { parseConfig } from "../../lib/config/experiment_config.ts";
import { runExperiment } from "../../lib/experiment/run_experiment.ts";
import { runSummaryTable } from "../../lib/experiment/run_summary.ts";
import { assertEquals } from "../_assert.ts";

Deno.test("runSummaryTable() states the run's setting and results, extra rows last", async () => {
  const config = parseConfig({
    dataset: "csbm",
    backend: "cpu",
    model: { name: "gcn" },
    train: { epochs: 4 },
  });
  const run = await runExperiment(config, { csbm: { numNodes: 80, seed: 2 }, progress: false });
  const { result, split } = run;
  const t = runSummaryTable(run, { extra: { "learned share": 0.25 } });
  const pct = (x: number) => (100 * x).toFixed(1);
  const tested = split.test.length;
  assertEquals(t.columns, ["quantity", "value"]);
  assertEquals(t.title, "gcn on csbm, seed 0");
  assertEquals(t.cells, [
    ["backend", run.backend],
    // Tables keep a cell on one line.
    ["model", String(run.model).replace(/\s*\n\s*/g, " ")],
    [
      "split",
      `${split.name}: ${split.train.length} train / ${split.val.length} validation / ` +
      `${tested} test nodes`,
    ],
    ["epochs trained", "4"],
    ["best epoch (highest validation accuracy)", String(result.bestEpoch)],
    ["validation accuracy at the best epoch (%)", pct(result.bestValAcc)],
    [
      "test accuracy (%)",
      `${pct(result.test.accuracy)} (${Math.round(result.test.accuracy * tested)} of ${tested} ` +
      "test nodes)",
    ],
    ["test macro-F1 (%)", pct(result.test.macroF1)],
    ["training time (s)", result.seconds.toFixed(1)],
    ["learned share", "0.25"],
  ]);
  run.model.dispose();
});
