/**
 * `deno task bench`: our training against a plain-PyTorch reference (bench/torch_reference.py,
 * written the fastest way we found per task) on identical inputs and the same thread count,
 * printing ours/PyTorch ratios as a markdown table:
 *
 * 1. `spmm`: SpMM on Cora's gcnNorm adjacency, 16 and 64 columns, forward and forward+backward
 * 2. `gcn`: GCN on Cora, 200 full-batch epochs, each with an evaluation pass (hidden 16, dropout
 *    0.5, Adam lr 0.01, wd 5e-4); the features sparse on both sides (ours CSR, as our loader gives
 *    them; PyTorch a COO tensor with dropout on its nonzeros, Kipf's sparse_dropout)
 * 3. `gcn_dense`: the same with dense features on both sides and PyTorch's `F.dropout`: the old
 *    reference, kept as a labelled extra
 * 4. `gat`: one GAT step on Cora (8 heads x 8 hidden; forward+backward+Adam, mean of `--reps`
 *    steps (default 10) after 3 warm-up steps); features sparse on both sides, as for `gcn`
 * 5. `arxiv`: one full-batch GCN step (3 layers x 256) on the arxiv-scale randomGraph (mean of
 *    `--reps` steps, default 2, after one warm-up step), and the peak memory (VmHWM) of each side
 * 6. `ours_cora`: AdaptiveGNN as `configs/cora-adaptive.yaml` says (seed 0, `runExperiment`), but 200 epochs
 *    without early stopping on both sides, so the time per epoch compares equal work
 * 7. `ours_cora_run`: one whole training run of that config, early stopping included (ours only;
 *    target < 60 s)
 * 8. `ours_anchor_arxiv`: AdaptiveGNN with 512 anchors (k = 16, one head) on the arxiv-scale randomGraph,
 *    `--reps` epochs (default 3): the first refresh of R, the epoch time against our own GCN
 *    arxiv-scale epoch (task 5's, run here when task 5 is not), and the peak memory against 24 GiB
 *
 * Each task runs `--rounds` times (default 3); in each round each side runs in its own child
 * process, one after the other (never concurrently), ours first in rounds 1, 3, ... and the
 * reference first in the others, so a changing load does not favour one side. The table gives the
 * medians over rounds and the median (and range) of the per-round ratios, of wall-clock time (the
 * headline and the targets) and of process CPU time (which other work on a shared machine inflates
 * less); the load average at the start and end is printed with it. `--torch-variants` also
 * times, in the first round, every PyTorch implementation the reference considers for the task
 * (torch_reference.py's VARIANTS).
 *
 * Usage: `deno run -A bench/main.ts [--only spmm,gcn,gcn_dense,gat,arxiv,ours_cora,ours_cora_run,
 * ours_anchor_arxiv] [--rounds N] [--reps N] [--torch-variants] [--backend auto|wasm|cpu|webgpu]
 * [--python PATH] [--json]`. Without a Python that imports torch, prints ours only.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../lib/config/experiment_config.ts";
import { loadDataset } from "../lib/datasets/load_dataset.ts";
import { randomGraph } from "../lib/datasets/synthetic.ts";
import { writeBenchData } from "./_data.ts";
import type { BenchParams } from "./_ours.ts";
import {
  formatRatio,
  markdownTable,
  pairedRatio,
  type Result,
  sideOrder,
  summarize,
} from "./_summary.ts";

const TASKS = [
  "spmm",
  "gcn",
  "gcn_dense",
  "gat",
  "arxiv",
  "ours_cora",
  "ours_cora_run",
  "ours_anchor_arxiv",
] as const;
type Task = typeof TASKS[number];

const GCN_CORA: BenchParams = {
  epochs: 200,
  hidden: 16,
  dropout: 0.5,
  lr: 0.01,
  weightDecay: 5e-4,
};

const PARAMS: Record<Task, BenchParams> = {
  spmm: { hidden: 0, dropout: 0, lr: 0, weightDecay: 0 },
  gcn: GCN_CORA,
  gcn_dense: GCN_CORA,
  gat: { hidden: 8, heads: 8, dropout: 0.6, lr: 0.005, weightDecay: 5e-4, features: "csr" },
  arxiv: { hidden: 256, layers: 3, dropout: 0.5, lr: 0.01, weightDecay: 0 },
  // Filled in from the config by oursCoraParams, so both sides follow the YAML; `epochs` is the
  // fixed length both sides train (no early stopping), so their epochs compare one to one.
  ours_cora: {
    config: "configs/cora-adaptive.yaml",
    epochs: 200,
    hidden: 0,
    dropout: 0,
    lr: 0,
    weightDecay: 0,
  },
  ours_cora_run: {
    config: "configs/cora-adaptive.yaml",
    hidden: 0,
    dropout: 0,
    lr: 0,
    weightDecay: 0,
  },
  // cora-adaptive.yaml's model and optimiser, plus the anchor graph the issue names, but 2 DropNode
  // samples instead of 4: with 4 the step outgrows tfjs-wasm's 4 GiB heap (the default backend).
  ours_anchor_arxiv: {
    hidden: 32,
    dropout: 0.5,
    inputDropout: 0.5,
    dropNode: 0.5,
    samples: 2,
    steps: 8,
    consistency: 1,
    temperature: 0.5,
    lr: 0.01,
    weightDecay: 5e-4,
    learnedGraph: { anchors: 512, k: 16, heads: 1 },
  },
};

/** Tasks on the arxiv-scale randomGraph; the others run on Cora. */
const ARXIV_SCALE: readonly Task[] = ["arxiv", "ours_anchor_arxiv"];

/** Tasks measured against our own figures (or a budget) only, with no PyTorch run. */
const OURS_ONLY: readonly Task[] = ["ours_cora_run", "ours_anchor_arxiv"];

/** The memory budget of the anchor variant at arxiv scale (issue 5). */
const ANCHOR_BUDGET_MIB = 24 * 1024;

/** `ours_cora`'s hyperparameters, read from its config (what the PyTorch side needs of it). */
async function oursCoraParams(p: BenchParams): Promise<BenchParams> {
  const { model, train, normalizeFeatures } = await loadConfig(p.config!);
  return {
    ...p,
    lr: train.lr,
    weightDecay: train.weightDecay,
    normalizeFeatures,
    hidden: model.hiddenChannels,
    dropout: model.dropout,
    inputDropout: model.inputDropout ?? 0.5,
    dropNode: model.dropNode ?? 0.5,
    samples: model.samples ?? 4,
    steps: model.steps ?? 8,
    consistency: model.consistency ?? 1,
    temperature: model.temperature ?? 0.5,
  };
}

/** A printed row: `key` picks the figure from both sides' JSON. */
interface Row {
  task: Task;
  measurement: string;
  key: string;
  unit: "ms" | "MiB";
  /** Target of the ratio ours / reference. */
  target?: number;
  /** Target of our figure itself: met when below it (same unit). */
  limit?: number;
  /** The reference figure to compare with, when not `key`. */
  refKey?: string;
  /** A fixed reference (a budget) instead of the reference run's figure. */
  refValue?: number;
  /** Our figure alone. */
  noReference?: boolean;
}

const ROWS: Row[] = [
  { task: "spmm", measurement: "SpMM Cora F=16 forward", key: "spmm16_fwd", unit: "ms" },
  { task: "spmm", measurement: "SpMM Cora F=16 fwd+bwd", key: "spmm16_fwdbwd", unit: "ms" },
  { task: "spmm", measurement: "SpMM Cora F=64 forward", key: "spmm64_fwd", unit: "ms" },
  { task: "spmm", measurement: "SpMM Cora F=64 fwd+bwd", key: "spmm64_fwdbwd", unit: "ms" },
  {
    task: "gcn",
    measurement: "GCN Cora 200 epochs, sparse x",
    key: "gcn_total",
    unit: "ms",
    target: 1,
  },
  {
    task: "gcn_dense",
    measurement: "(extra) GCN Cora 200 epochs, dense x, PyTorch F.dropout (old reference)",
    key: "gcn_dense_total",
    unit: "ms",
  },
  { task: "gat", measurement: "GAT Cora 1 epoch (8x8)", key: "gat_epoch", unit: "ms", target: 1.5 },
  {
    task: "arxiv",
    measurement: "GCN arxiv-scale 1 epoch (3x256)",
    key: "arxiv_epoch",
    unit: "ms",
    target: 2,
  },
  {
    task: "arxiv",
    measurement: "GCN arxiv-scale peak RSS",
    key: "peak_rss_mib",
    unit: "MiB",
    target: 1.5,
  },
  {
    task: "ours_cora",
    measurement: "AdaptiveGNN Cora 1 epoch (cora-adaptive.yaml, 200 epochs each side)",
    key: "ours_epoch",
    unit: "ms",
  },
  {
    task: "ours_cora_run",
    measurement: "AdaptiveGNN Cora 1 training run as configured (seed 0, early stopping)",
    key: "run_total",
    noReference: true,
    unit: "ms",
    limit: 60_000,
  },
  // Reference: our own GCN arxiv-scale epoch (task arxiv), not PyTorch.
  {
    task: "ours_anchor_arxiv",
    measurement: "AdaptiveGNN anchors arxiv-scale 1 epoch (vs our GCN 3x256 epoch)",
    key: "anchor_epoch",
    refKey: "arxiv_epoch",
    unit: "ms",
  },
  {
    task: "ours_anchor_arxiv",
    measurement: "AdaptiveGNN anchors arxiv-scale first refresh of R (no reference)",
    key: "anchor_refresh",
    noReference: true,
    unit: "ms",
  },
  {
    task: "ours_anchor_arxiv",
    measurement: "AdaptiveGNN anchors arxiv-scale peak RSS (vs the 24 GiB budget)",
    key: "peak_rss_mib",
    refValue: ANCHOR_BUDGET_MIB,
    unit: "MiB",
    target: 1,
  },
];

const root = fileURLToPath(new URL("..", import.meta.url));

// Runs a child and returns its last stdout line as JSON, or `{ error }` with the tail of stderr.
async function run(cmd: string, args: string[]): Promise<Result> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const stdout = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).split("\n")
      .filter((l) => l.trim() && !l.trim().startsWith("at ")).slice(-3).join(" | ");
    return { error: `exit ${out.code}${out.signal ? ` (${out.signal})` : ""}: ${err}` };
  }
  return JSON.parse(stdout.split("\n").at(-1)!);
}

/** The first of `candidates` that imports torch, with its version, or why none does. */
async function findTorch(candidates: string[]): Promise<{ python?: string; why: string }> {
  const tried: string[] = [];
  for (const python of candidates) {
    try {
      const out = await new Deno.Command(python, {
        args: ["-c", "import torch, numpy; print(torch.__version__)"],
        stdout: "piped",
        stderr: "null",
      }).output();
      if (out.success) return { python, why: new TextDecoder().decode(out.stdout).trim() };
      tried.push(`${python} (no torch/numpy)`);
    } catch {
      tried.push(`${python} (not found)`);
    }
  }
  return { why: `no Python with torch and numpy: tried ${tried.join(", ")}` };
}

function fmt(v: number, unit: string): string {
  return unit === "MiB"
    ? `${v.toFixed(0)} MiB`
    : v >= 1000
    ? `${(v / 1000).toFixed(2)} s`
    : `${v.toFixed(2)} ms`;
}

/** The 1, 5 and 15 minute load averages, or "n/a" where /proc is missing. */
function loadAverage(): string {
  try {
    return Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
}

/** Both sides' rounds of one task (`reference`: PyTorch's, or our own GCN's for the anchor task). */
interface Measured {
  task: Task;
  ours: Result[];
  reference: Result[];
}

/** The table rows of the measured tasks: medians over rounds, paired ratios, targets met or not. */
function tableRows(measured: readonly Measured[]): Record<string, string>[] {
  return ROWS.filter((r) => measured.some((m) => m.task === r.task)).map((r) => {
    const m = measured.find((x) => x.task === r.task)!;
    const ours = summarize(m.ours);
    const a = Number(ours[r.key]);
    const refs = r.noReference
      ? []
      : r.refValue !== undefined
      ? m.ours.map(() => ({ [r.key]: r.refValue }))
      : m.reference;
    const ref = refs.length ? summarize(refs) : undefined;
    const b = ref ? Number(ref[r.refKey ?? r.key]) : NaN;
    const ratio = ours.error ? undefined : pairedRatio(m.ours, refs, r.key, r.refKey);
    // Every timing comes with its process CPU time as `<key>_cpu` (budgets have none).
    const cpuRatio = ours.error || r.unit !== "ms" || r.refValue !== undefined
      ? undefined
      : pairedRatio(m.ours, refs, `${r.key}_cpu`, `${r.refKey ?? r.key}_cpu`);
    const met = r.limit !== undefined
      ? (!ours.error && a < r.limit ? "yes" : "NO")
      : r.target === undefined || (!ref && !ours.error)
      ? "-"
      : ratio && ratio.median <= r.target
      ? "yes"
      : "NO";
    const refName = r.refValue !== undefined
      ? "budget "
      : m.task === "ours_anchor_arxiv"
      ? "our GCN "
      : "";
    return {
      measurement: r.measurement,
      ours: ours.error ? "FAILED" : fmt(a, r.unit),
      reference: ref?.error ? "FAILED" : Number.isFinite(b) ? refName + fmt(b, r.unit) : "-",
      ratio: ratio ? formatRatio(ratio) : "-",
      "ratio, CPU time": cpuRatio ? formatRatio(cpuRatio) : "-",
      target: r.limit !== undefined
        ? `< ${fmt(r.limit, r.unit)}`
        : r.target
        ? `<= ${r.target}x`
        : "-",
      "met?": met,
    };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      only: { type: "string" },
      backend: { type: "string", default: "auto" },
      python: { type: "string" },
      json: { type: "boolean", default: false },
      reps: { type: "string", default: "0" },
      rounds: { type: "string", default: "3" },
      "torch-variants": { type: "boolean", default: false },
    },
  });
  const tasks = (values.only?.split(",").map((t) => t.trim()) ?? [...TASKS]) as Task[];
  const unknown = tasks.filter((t) => !TASKS.includes(t));
  if (unknown.length) {
    throw new Error(
      `Cannot run bench: unknown task ${unknown.join(", ")} (expected ${TASKS.join(", ")})`,
    );
  }
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new RangeError(
      `Cannot run bench: --rounds must be a positive integer, got ${values.rounds}`,
    );
  }
  const log = (s: string) => values.json ? console.error(s) : console.log(s);
  const torch = await findTorch(
    values.python
      ? [values.python]
      : [Deno.env.get("AUTOGLM_TORCH_PYTHON") ?? "python3", "/usr/bin/python3"],
  );
  log(
    torch.python
      ? `PyTorch reference: ${torch.python}, torch ${torch.why}`
      : `PyTorch reference NOT available (${torch.why}): printing our absolute figures only`,
  );
  const loadStart = loadAverage();
  const started = new Date().toISOString();
  log(`load average at the start: ${loadStart}`);

  const tmp = await Deno.makeTempDir({ prefix: "autoglm_bench_" });
  const measured: Measured[] = [];
  try {
    for (const task of tasks) {
      const arxivScale = ARXIV_SCALE.includes(task);
      const dir = `${tmp}/${arxivScale ? "arxiv" : "cora"}`;
      try {
        await Deno.stat(`${dir}/meta.json`);
      } catch {
        const dataset = arxivScale ? randomGraph({ seed: 0 }) : await loadDataset("cora");
        await writeBenchData(dir, dataset, !arxivScale);
      }
      const params = task.startsWith("ours_cora")
        ? await oursCoraParams(PARAMS[task])
        : PARAMS[task];
      const runOurs = (t: Task, p: BenchParams) =>
        run(Deno.execPath(), [
          "run",
          "-A",
          "bench/_ours.ts",
          t,
          dir,
          values.backend!,
          values.reps!,
          JSON.stringify(p),
        ]);
      // The anchor task's reference is our own GCN epoch at the same scale: the arxiv task's
      // rounds when it ran, else one run of it per round.
      const ownReference = task === "ours_anchor_arxiv"
        ? measured.find((m) => m.task === "arxiv")?.ours
        : undefined;
      const m: Measured = { task, ours: [], reference: [] };
      for (let round = 0; round < rounds; round++) {
        for (const side of sideOrder(round)) {
          if (side === "ours") {
            log(`${task} round ${round + 1}/${rounds}: ours...`);
            m.ours.push(await runOurs(task, params));
          } else if (task === "ours_anchor_arxiv") {
            if (ownReference) continue;
            log(`${task} round ${round + 1}/${rounds}: our GCN arxiv-scale epoch (reference)...`);
            m.reference.push(await runOurs("arxiv", PARAMS.arxiv));
          } else if (torch.python && !OURS_ONLY.includes(task)) {
            // Our kernels' thread count (every backend here is single-threaded; ours runs first).
            const threads = String(m.ours[0]?.threads ?? 1);
            const variants = values["torch-variants"] && round === 0;
            log(
              `${task} round ${round + 1}/${rounds}: PyTorch (torch.set_num_threads(${threads})${
                variants ? ", with its variants" : ""
              })...`,
            );
            m.reference.push(
              await run(torch.python, [
                "bench/torch_reference.py",
                task,
                dir,
                threads,
                values.reps!,
                JSON.stringify({ ...params, variants }),
              ]),
            );
          }
        }
      }
      if (ownReference) m.reference = ownReference;
      measured.push(m);
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
  const loadEnd = loadAverage();
  const rows = tableRows(measured);
  if (values.json) {
    console.log(JSON.stringify({ torch: torch.why, loadStart, loadEnd, rows, measured }, null, 2));
    return;
  }
  report(measured, rows, { started, loadStart, loadEnd, rounds });
}

/** Prints the sanity figures, the PyTorch variants (when timed) and the markdown table. */
function report(
  measured: readonly Measured[],
  rows: Record<string, string>[],
  run: { started: string; loadStart: string; loadEnd: string; rounds: number },
): void {
  const summaries = measured.map((m) => ({
    task: m.task,
    ours: summarize(m.ours),
    ref: m.reference.length ? summarize(m.reference) : undefined,
    variants: m.reference[0]?.variants as Record<string, number> | undefined,
    impl: m.reference[0]?.impl,
  }));
  const first = summaries.find((s) => !s.ours.error)?.ours;
  const firstRef = summaries.find((s) => s.task !== "ours_anchor_arxiv" && s.ref && !s.ref.error)
    ?.ref;
  const acc = (v: unknown) => (100 * Number(v)).toFixed(1);
  console.log("");
  for (const { task, ours, ref, variants, impl } of summaries) {
    if (ours.error) console.log(`ours ${task} FAILED: ${ours.error}`);
    const refName = task === "ours_anchor_arxiv" ? "our GCN arxiv (reference)" : "PyTorch";
    if (ref?.error) console.log(`${refName} ${task} FAILED: ${ref.error}`);
    if (!ours.error && ours.backend !== first?.backend) {
      console.log(`ours ${task}: backend ${ours.backend} (${ours.backendReason})`);
    }
    if (impl) console.log(`PyTorch ${task}: ${impl}`);
    if (ours.error) continue;
    if (task === "gcn" || task === "gcn_dense") {
      console.log(
        `${task}: test accuracy (sanity) ours ${acc(ours[`${task}_test_acc`])}%${
          ref && !ref.error ? `, PyTorch ${acc(ref[`${task}_test_acc`])}%` : ""
        }`,
      );
    }
    if (task === "ours_cora") {
      console.log(
        `ours_cora: ${ours.ours_epochs} epochs each side, no early stopping; test accuracy ` +
          `(sanity) ours ${acc(ours.ours_test_acc)}%${
            ref && !ref.error
              ? `, PyTorch ${acc(ref.ours_test_acc)}% (${ref.ours_epochs} epochs)`
              : ""
          }`,
      );
    }
    if (task === "ours_cora_run") {
      console.log(
        `ours_cora_run: stopped after ${ours.run_epochs} epochs (best ${ours.run_best_epoch}), ` +
          `${fmt(Number(ours.run_epoch), "ms")} per epoch, test accuracy ${
            acc(ours.run_test_acc)
          }%`,
      );
    }
    if (task === "ours_anchor_arxiv") {
      console.log(
        `ours_anchor_arxiv: first epoch ${fmt(Number(ours.anchor_first_epoch), "ms")} (R built in ${
          fmt(Number(ours.anchor_refresh), "ms")
        }), loss ${Number(ours.anchor_first_loss).toFixed(3)} -> ${
          Number(ours.anchor_loss ?? ours.anchor_first_loss).toFixed(3)
        }, learned share ${Number(ours.anchor_mix).toFixed(3)}`,
      );
    }
    if (variants) {
      const fastest = Math.min(...Object.values(variants));
      console.log(
        `\nPyTorch variants of ${task} (first round; CPU ms, and against the fastest):\n`,
      );
      console.log(markdownTable(
        Object.entries(variants).sort(([, a], [, b]) => a - b).map(([label, ms]) => ({
          "PyTorch implementation": label + (label === impl ? " (used)" : ""),
          "CPU ms": ms.toFixed(2),
          "vs fastest": `${(ms / fastest).toFixed(2)}x`,
        })),
      ));
      console.log("");
    }
  }
  console.log(`\nCommand: \`deno task bench${Deno.args.length ? " " + Deno.args.join(" ") : ""}\``);
  console.log(
    `Started ${run.started}; load average ${run.loadStart} at the start, ${run.loadEnd} at the end.`,
  );
  console.log(
    `ours: backend ${first?.backend} (${first?.backendReason}), ${first?.threads} thread(s)` +
      (firstRef ? `; PyTorch ${firstRef.torch}, torch.set_num_threads(${firstRef.threads})` : ""),
  );
  console.log(
    `${run.rounds} round(s) per task, the two sides alternating (ours first in rounds 1, 3, ...); ` +
      `figures are medians over rounds (wall clock), ratios the median (and range) of ` +
      `per-round ratios, of wall-clock time and of process CPU time (all threads).\n`,
  );
  console.log(markdownTable(rows));
}

if (import.meta.main) await main();
