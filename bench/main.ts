/**
 * `deno task bench`: our training against a small plain-PyTorch reference (bench/torch_reference.py)
 * in the same run, on identical inputs and the same thread count, printing ours/PyTorch ratios:
 *
 * 1. `spmm`: SpMM on Cora's gcnNorm adjacency, 16 and 64 columns, forward and forward+backward
 * 2. `gcn`: GCN on Cora, 200 full-batch epochs (hidden 16, dropout 0.5, Adam lr 0.01, wd 5e-4)
 * 3. `gat`: one GAT epoch on Cora (8 heads x 8 hidden; forward+backward+step, mean after warm-up)
 * 4. `arxiv`: one full-batch GCN epoch (3 layers x 256) on the arxiv-scale randomGraph, and the
 *    peak memory (VmHWM) of each side's process
 *
 * Each task runs in its own child process per side, one after the other (never concurrently), so
 * timings do not compete for cores and peak memory is per task.
 *
 * Usage: `deno run -A bench/main.ts [--only spmm,gcn,gat,arxiv] [--backend auto|wasm|cpu|webgpu]
 * [--python PATH] [--json] [--reps N]`. Without a Python that imports torch, prints ours only.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { loadDataset } from "../lib/datasets/load_dataset.ts";
import { randomGraph } from "../lib/datasets/synthetic.ts";
import { table } from "../lib/display/table.ts";
import { writeBenchData } from "./_data.ts";
import type { BenchParams } from "./_ours.ts";

const TASKS = ["spmm", "gcn", "gcn_csr", "gat", "arxiv"] as const;
type Task = typeof TASKS[number];

const PARAMS: Record<Task, BenchParams> = {
  spmm: { hidden: 0, dropout: 0, lr: 0, weightDecay: 0 },
  gcn: { epochs: 200, hidden: 16, dropout: 0.5, lr: 0.01, weightDecay: 5e-4 },
  gcn_csr: { epochs: 200, hidden: 16, dropout: 0.5, lr: 0.01, weightDecay: 5e-4 },
  gat: { hidden: 8, heads: 8, dropout: 0.6, lr: 0.005, weightDecay: 5e-4 },
  arxiv: { hidden: 256, layers: 3, dropout: 0.5, lr: 0.01, weightDecay: 0 },
};

/** A printed row: `key` picks the figure from both sides' JSON. */
interface Row {
  task: Task;
  measurement: string;
  key: string;
  unit: "ms" | "MiB";
  target?: number;
  /** The PyTorch figure to compare with, when not `key`. */
  refKey?: string;
}

const ROWS: Row[] = [
  { task: "spmm", measurement: "SpMM Cora F=16 forward", key: "spmm16_fwd", unit: "ms" },
  { task: "spmm", measurement: "SpMM Cora F=16 fwd+bwd", key: "spmm16_fwdbwd", unit: "ms" },
  { task: "spmm", measurement: "SpMM Cora F=64 forward", key: "spmm64_fwd", unit: "ms" },
  { task: "spmm", measurement: "SpMM Cora F=64 fwd+bwd", key: "spmm64_fwdbwd", unit: "ms" },
  {
    task: "gcn",
    measurement: "GCN Cora 200 epochs, dense x",
    key: "gcn_total",
    unit: "ms",
    target: 1,
  },
  // Ours on our loader's sparse features against PyTorch on dense ones (what PyG's Planetoid gives).
  {
    task: "gcn_csr",
    measurement: "GCN Cora 200 epochs, ours sparse x",
    key: "gcn_csr_total",
    refKey: "gcn_total",
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
];

type Result = Record<string, number | string>;

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

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      only: { type: "string" },
      backend: { type: "string", default: "auto" },
      python: { type: "string" },
      json: { type: "boolean", default: false },
      reps: { type: "string", default: "0" },
    },
  });
  const tasks = (values.only?.split(",").map((t) => t.trim()) ?? [...TASKS]) as Task[];
  const unknown = tasks.filter((t) => !TASKS.includes(t));
  if (unknown.length) {
    throw new Error(
      `Cannot run bench: unknown task ${unknown.join(", ")} (expected ${TASKS.join(", ")})`,
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

  const tmp = await Deno.makeTempDir({ prefix: "autoglm_bench_" });
  const results: { task: Task; ours: Result; torch?: Result }[] = [];
  try {
    for (const task of tasks) {
      const dir = `${tmp}/${task === "arxiv" ? "arxiv" : "cora"}`;
      try {
        await Deno.stat(`${dir}/meta.json`);
      } catch {
        const dataset = task === "arxiv" ? randomGraph({ seed: 0 }) : await loadDataset("cora");
        await writeBenchData(dir, dataset, task !== "arxiv");
      }
      const params = JSON.stringify(PARAMS[task]);
      log(`running ${task}: ours...`);
      const ours = await run(Deno.execPath(), [
        "run",
        "-A",
        "bench/_ours.ts",
        task,
        dir,
        values.backend!,
        values.reps!,
        params,
      ]);
      let ref: Result | undefined = task === "gcn_csr"
        ? results.find((r) => r.task === "gcn")?.torch
        : undefined;
      if (torch.python && !ref) {
        const refTask = task === "gcn_csr" ? "gcn" : task;
        // Our kernels' thread count (1 for a failed child: every backend here is single-threaded).
        const threads = String(ours.threads ?? 1);
        log(`running ${refTask}: PyTorch (torch.set_num_threads(${threads}))...`);
        ref = await run(torch.python, [
          "bench/torch_reference.py",
          refTask,
          dir,
          threads,
          values.reps!,
          params,
        ]);
      }
      results.push({ task, ours, torch: ref });
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }

  const rows = ROWS.filter((r) => results.some((x) => x.task === r.task)).map((r) => {
    const { ours, torch: ref } = results.find((x) => x.task === r.task)!;
    const a = Number(ours[r.key]);
    const b = ref ? Number(ref[r.refKey ?? r.key]) : NaN;
    const ratio = a / b;
    const ok = Number.isFinite(ratio);
    return {
      measurement: r.measurement,
      ours: ours.error ? "FAILED" : fmt(a, r.unit),
      PyTorch: !ref ? "n/a" : ref.error ? "FAILED" : fmt(b, r.unit),
      ratio: ok ? `${ratio.toFixed(2)}x` : "n/a",
      target: r.target ? `<= ${r.target}x` : "-",
      "met?": r.target === undefined || (!ref && !ours.error)
        ? "-"
        : ok && ratio <= r.target
        ? "yes"
        : "NO",
    };
  });
  if (values.json) {
    console.log(JSON.stringify({ torch: torch.why, rows, results }, null, 2));
    return;
  }
  const first = results.find((r) => !r.ours.error)?.ours;
  const firstRef = results.find((r) => r.torch && !r.torch.error)?.torch;
  console.log(
    `\nours: backend ${first?.backend} (${first?.backendReason}), ${first?.threads} thread(s)`,
  );
  if (firstRef) {
    console.log(`PyTorch: torch ${firstRef.torch}, torch.set_num_threads(${firstRef.threads})`);
  }
  for (const { task, ours, torch: ref } of results) {
    if (ours.error) console.log(`ours ${task} FAILED: ${ours.error}`);
    if (ref?.error && task !== "gcn_csr") console.log(`PyTorch ${task} FAILED: ${ref.error}`);
    if ((task === "gcn" || task === "gcn_csr") && !ours.error) {
      console.log(
        `GCN Cora test accuracy (sanity${task === "gcn_csr" ? ", ours sparse x" : ""}): ours ${
          Number(ours[`${task}_test_acc`]).toFixed(3)
        }${ref ? `, PyTorch ${Number(ref.gcn_test_acc).toFixed(3)}` : ""}`,
      );
    }
  }
  console.log(table(rows).toString());
}

if (import.meta.main) await main();
