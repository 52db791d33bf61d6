import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  formatReproduceProgress,
  ReproduceProgress,
} from "../../lib/experiment/reproduce_progress.ts";
import type { ReproduceRun } from "../../lib/experiment/results.ts";

const RUN: ReproduceRun = {
  dataset: "cora",
  model: "gat",
  seed: 2,
  testAccuracy: 0.821,
  valAccuracy: 0.8,
  bestEpoch: 90,
  epochs: 190,
  seconds: 8,
};

Deno.test("formatReproduceProgress() shows the run, its test accuracy, elapsed time and ETA", () => {
  const cases: [Parameters<typeof formatReproduceProgress>, string][] = [
    [[0, 60, 0], "run 0/60 · starting · elapsed 0s"],
    [[13, 60, 65, RUN], "run 13/60 · cora gat seed 2 · test 82.1% · elapsed 1m05s · ETA 3m55s"],
    [[1, 3, 3600, RUN], "run 1/3 · cora gat seed 2 · test 82.1% · elapsed 1h00m · ETA 2h00m"],
    [
      [60, 60, 400, { ...RUN, testAccuracy: 0.7 }],
      "run 60/60 · cora gat seed 2 · test 70.0% · elapsed 6m40s · done",
    ],
  ];
  for (const [args, expected] of cases) assertEquals(formatReproduceProgress(...args), expected);
});

Deno.test("ReproduceProgress updates one notebook display: shown once, then updated in place", () => {
  const calls: { text: string; html: string; update: boolean }[] = [];
  let t = 0;
  const progress = new ReproduceProgress(3, {
    target: {
      kind: "jupyter",
      display: (bundle, { update }) =>
        calls.push({ text: bundle["text/plain"], html: bundle["text/html"], update }),
    },
    now: () => t,
  });
  for (const seed of [0, 1, 2]) {
    t += 10_000;
    progress.update({ ...RUN, seed });
  }
  progress.done();
  assertEquals(calls.map((c) => c.update), [false, true, true, true]);
  assertEquals(calls[0].text, "run 0/3 · starting · elapsed 0s");
  assertEquals(calls[2].text, "run 2/3 · cora gat seed 1 · test 82.1% · elapsed 20s · ETA 10s");
  assertEquals(calls[3].text, "run 3/3 · cora gat seed 2 · test 82.1% · elapsed 30s · done");
  assertEquals(calls[3].html, `<pre style="margin:0">${calls[3].text}</pre>`);
});

Deno.test("ReproduceProgress rewrites one terminal line and ends it once", () => {
  let out = "";
  const progress = new ReproduceProgress(2, {
    target: { kind: "terminal", write: (s) => out += s },
    now: () => 0,
  });
  progress.update(RUN);
  progress.update({ ...RUN, seed: 3 });
  progress.done();
  progress.done();
  const lines = out.split("\r").slice(1);
  assertEquals(lines.length, 3);
  assert(lines.every((l) => l.includes("\x1b[K")), JSON.stringify(out));
  assert(out.endsWith("seed 3 · test 82.1% · elapsed 0s · done\x1b[K\n"), JSON.stringify(out));
  assertEquals(out.split("\n").length, 2);
});

Deno.test("ReproduceProgress draws nothing for the none target and checks total", () => {
  const progress = new ReproduceProgress(1, { target: { kind: "none" } });
  progress.update(RUN);
  progress.done();
  assertThrows(
    () => new ReproduceProgress(0, { target: { kind: "none" } }),
    { message: "Cannot create ReproduceProgress: total must be a positive integer, got 0" },
  );
});

Deno.test("ReproduceProgress shows a described run (a tuning trial's) and skips resumed runs", () => {
  const shown: string[] = [];
  let t = 0;
  const progress = new ReproduceProgress(10, {
    target: { kind: "jupyter", display: (bundle) => shown.push(bundle["text/plain"]) },
    now: () => t,
  });
  progress.skip(6); // 6 of the 10 runs were saved by an earlier, interrupted invocation
  t = 5000;
  progress.update("cora gcn trial 3 of 12 seed 1 · val 80.2%");
  assertEquals(
    shown.at(-1),
    "run 1/4 · cora gcn trial 3 of 12 seed 1 · val 80.2% · elapsed 5s · ETA 15s",
  );
  assertThrows(() => progress.skip(4), {
    message: "Cannot skip runs: count must be an integer in [0, 3], got 4",
  });
});
