import { join } from "node:path";
import {
  mergeResults,
  readRecorded,
  readStudies,
  recordCommand,
  type RecordedResult,
  recordedRunsTable,
} from "../../lib/experiment/recorded.ts";
import type { ReproduceRow } from "../../lib/experiment/results.ts";
import type { StudyRecord } from "../../lib/experiment/study.ts";
import { parseConfig } from "../../lib/config/experiment_config.ts";
import { assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";

function row(dataset: string, model: string, extra: Partial<ReproduceRow> = {}): ReproduceRow {
  const run = {
    dataset,
    model,
    seed: 0,
    testAccuracy: 0.8,
    valAccuracy: 0.7,
    bestEpoch: 5,
    epochs: 10,
    seconds: 1.5,
  };
  return {
    dataset,
    model,
    seeds: 2,
    testAccuracy: { mean: 0.8, std: 0, runs: [0.8, 0.8] },
    valAccuracy: { mean: 0.7, std: 0 },
    seconds: 3,
    seedRuns: [run, { ...run, seed: 1 }],
    ...extra,
  };
}

Deno.test("readRecorded() reads a results file and names it as the repository does", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "tuned.json");
    const saved = {
      protocol: "tuned",
      backend: "wasm",
      rows: [row("cora", "gcn")],
      date: "2026-12-01T00:00:00.000Z",
    };
    await Deno.writeTextFile(path, JSON.stringify(saved));
    // Outside the repository the path stays absolute.
    assertEquals(await readRecorded(path), { ...saved, path } as RecordedResult);
  });
  const committed = await readRecorded(
    new URL("../../notebooks/data/comparison-planetoid.json", import.meta.url).pathname,
  );
  assertEquals(committed.path, "notebooks/data/comparison-planetoid.json");
});

Deno.test("readRecorded() says what is wrong with a file, naming it", async () => {
  await withTempDir(async (dir) => {
    const missing = join(dir, "missing.json");
    await assertRejects(
      () => readRecorded(missing),
      Error,
      `Cannot read results ${missing}: no such file (write it with \`deno task reproduce|ablate|`,
    );
    const cases: [string, string][] = [
      ["{", "not JSON"],
      ['{"rows": []}', "expected a results table with protocol and backend"],
      ['{"protocol": "tuned", "backend": "wasm", "rows": []}', "rows must be a non-empty list"],
      [
        JSON.stringify({
          protocol: "tuned",
          backend: "wasm",
          rows: [row("cora", "gcn", { seedRuns: [] })],
        }),
        "rows[0] must name its dataset and model and hold one seedRuns entry per test run",
      ],
    ];
    for (const [text, message] of cases) {
      const path = join(dir, "bad.json");
      await Deno.writeTextFile(path, text);
      await assertRejects(
        () => readRecorded(path),
        Error,
        `Cannot read results ${path}: ${message}`,
      );
    }
  });
});

Deno.test("mergeResults() concatenates the rows of one protocol", () => {
  const a = { protocol: "tuned" as const, backend: "wasm", rows: [row("cora", "gcn")] };
  const b = { protocol: "tuned" as const, backend: "webgpu", rows: [row("texas", "mlp")] };
  assertEquals(mergeResults([a, b]), {
    protocol: "tuned",
    backend: "wasm, webgpu",
    rows: [a.rows[0], b.rows[0]],
  });
  assertThrows(
    () => mergeResults([a, { ...b, protocol: "original" }]),
    RangeError,
    "they mix the protocols tuned, original",
  );
  assertThrows(() => mergeResults([]), RangeError, "none given");
});

const tuning = {
  protocol: "configs/search/comparison.yaml",
  trials: 10,
  selectionSeeds: 2,
  seeds: 10,
  samplerSeed: 0,
};

Deno.test("recordCommand() gives the command that writes each kind of file", () => {
  const tuned: RecordedResult = {
    path: "notebooks/data/tuned-x.json",
    protocol: "tuned",
    backend: "wasm",
    tuning,
    rows: ["gcn", "mlp"].flatMap((m) =>
      ["texas", "cornell"].map((d) =>
        row(d, m, {
          study: `notebooks/data/tuning/${d}-${m}.json`,
          config: `configs/tuned/${d}-${m}.yaml`,
        })
      )
    ),
  };
  assertEquals(
    recordCommand(tuned),
    "deno task compare --datasets texas,cornell --models gcn,mlp --trials 10 --selection-seeds 2 " +
      "--seeds 10 --out notebooks/data/tuned-x.json",
  );
  // Studies and configs written elsewhere, another sampler seed: said on the command line.
  const elsewhere: RecordedResult = {
    ...tuned,
    tuning: { ...tuning, samplerSeed: 3 },
    rows: [row("cora", "gcn", { study: "/tmp/s/cora-gcn.json", config: "/tmp/t/cora-gcn.yaml" })],
  };
  assertEquals(
    recordCommand(elsewhere),
    "deno task compare --datasets cora --models gcn --trials 10 --selection-seeds 2 --seeds 10 " +
      "--sampler-seed 3 --studies /tmp/s --tuned /tmp/t --out notebooks/data/tuned-x.json",
  );
  const ablation: RecordedResult = {
    path: "notebooks/data/ablation-texas.json",
    protocol: "original",
    backend: "wasm",
    config: "configs/texas-adaptive-full.yaml",
    rows: [row("texas", "full"), row("texas", "no S")],
  };
  assertEquals(
    recordCommand(ablation),
    "deno task ablate --config configs/texas-adaptive-full.yaml --seeds 2 " +
      "--out notebooks/data/ablation-texas.json",
  );
  const paper: RecordedResult = {
    path: "results/p.json",
    protocol: "paper",
    backend: "wasm",
    rows: [row("cora", "gcn"), row("cora", "gat")],
  };
  assertEquals(
    recordCommand(paper),
    "deno task reproduce --models gcn,gat --datasets cora --seeds 2 --protocol paper " +
      "--out results/p.json",
  );
  const t = recordedRunsTable([tuned, ablation]);
  assertEquals(t.columns, ["file", "written", "backend", "rows", "command"]);
  assertEquals(t.cells.map((r) => r.slice(0, 4)), [
    ["notebooks/data/tuned-x.json", "-", "wasm", "4"],
    ["notebooks/data/ablation-texas.json", "-", "wasm", "2"],
  ]);
});

Deno.test("readStudies() reads each row's study file and names the one that is missing", async () => {
  await withTempDir(async (dir) => {
    const config = parseConfig({ dataset: "cora", model: { name: "gcn" } });
    const study: StudyRecord = {
      format: "autoglm-study/1",
      name: "cora gcn",
      objective: "mean best validation accuracy over seed 0",
      sampler: { type: "random", seed: 0 },
      selectionSeeds: 1,
      base: config,
      space: {},
      trials: [],
    };
    const path = join(dir, "cora-gcn.json");
    await Deno.writeTextFile(path, JSON.stringify(study));
    const result = {
      protocol: "tuned" as const,
      backend: "wasm",
      rows: [row("cora", "gcn", { study: path })],
    };
    assertEquals(await readStudies(result), [study]);
    await assertRejects(
      () =>
        readStudies({
          ...result,
          path: "x.json",
          rows: [row("cora", "gcn", { study: "no/such.json" })],
        }),
      Error,
      "Cannot read the studies of x.json: no/such.json does not exist",
    );
  });
});
