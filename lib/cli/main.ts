/**
 * The `deno task` command line: `info`, `data`, `train`, `reproduce`, `ablate`, `compare` and
 * `demo`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { errorText } from "../_error_text.ts";
import { environmentReport } from "../backend/mod.ts";
import { DATASET_NAMES, loadDataset } from "../datasets/mod.ts";
import type { GraphDataset } from "../datasets/mod.ts";
import { graphSummary } from "../graph/mod.ts";
import { table } from "../display/mod.ts";
import { ablateCommand } from "./ablate_command.ts";
import { compareCommand } from "./compare_command.ts";
import { demoCommand } from "./demo_command.ts";
import { reproduceCommand } from "./reproduce_command.ts";
import { trainCommand } from "./train_command.ts";

const USAGE = `Usage: deno task <command> [options]

Commands:
  info                      print the environment report (backend, WebGPU, versions, Jupyter)
  data <name> [--json]      load a data set and print its summary (one JSON object with --json)
  train --config <file>     train one model from a config [--seed n] [--json] [--checkpoint path]
  reproduce                 the chapter 2.5 comparison table [--datasets cora,citeseer]
                            [--models gcn,gat,sage] [--seeds 10] [--protocol original|paper|tuned]
                            [--json] [--out results/reproduce-<protocol>.json]
  ablate --config <file>    what each part of AdaptiveGNN contributes: the config without each part
                            [--seeds 10] [--json] [--out results/ablation-<dataset>.json]
  compare --table <name>    the fair comparison: every model tuned with the same budget on
                            validation only (configs/search/comparison.yaml; tables planetoid,
                            heterophilous), then the chosen configs over seeds 0-9
                            [--datasets a,b --models m,n] [--trials 12] [--selection-seeds 3]
                            [--seeds 10] [--sampler-seed 0] [--search <protocol file>]
                            [--studies notebooks/data/tuning] [--tuned configs/tuned] [--json]
                            [--out notebooks/data/tuned-<table>.json]
  demo                      the main job: GCN and GAT on Cora next to the paper's numbers

Options:
  --backend <name>          auto | wasm | cpu | webgpu | tensorflow (default: the config's, or auto)
  --mirror <dir|url>        data mirror (default $AUTOGLM_DATA_MIRROR)
  --cache <dir>             data cache (default $AUTOGLM_DATA_CACHE or data/cache)
  --root <dir>              ogbn-arxiv: the unzipped arxiv/ folder of OGB's arxiv.zip (raw/, split/)

Data sets: ${DATASET_NAMES.join(", ")}`;

/** The summary `deno task data <name> --json` prints. */
export interface DatasetSummaryJson {
  name: string;
  numNodes: number;
  numEdges: number;
  numFeatures: number;
  numClasses: number;
  splits: { train: number; val: number; test: number };
  split: string;
  numSplits: number;
  isUndirected: boolean;
  isolatedNodes: number;
  selfLoops: number;
  avgDegree: number;
  edgeHomophily: number | null;
  featureDensity: number;
  classCounts: number[];
  source?: string;
  license?: string;
}

/**
 * The JSON summary of a loaded data set (edges counted directed, as PyG counts them).
 *
 * @example
 * ```ts
 * import { datasetSummaryJson } from "./main.ts";
 * import { createGraph, denseMatrix } from "../graph/mod.ts";
 * const graph = createGraph({
 *   edgeIndex: [[0, 1], [1, 0]],
 *   x: denseMatrix(new Float32Array([1, 0, 0, 1]), 2, 2),
 *   y: new Int32Array([0, 1]),
 * });
 * const split = { name: "s", train: new Int32Array([0]), val: new Int32Array([1]), test: new Int32Array() };
 * const s = datasetSummaryJson({ name: "tiny", graph: graph as never, numClasses: 2, splits: [split] });
 * if (s.numEdges !== 2 || s.splits.train !== 1) throw new Error("unexpected");
 * ```
 */
export function datasetSummaryJson(dataset: GraphDataset): DatasetSummaryJson {
  const s = graphSummary(dataset.graph, dataset.numClasses);
  const split = dataset.splits[0];
  return {
    name: dataset.name,
    numNodes: s.numNodes,
    numEdges: s.numEdges,
    numFeatures: s.numFeatures,
    numClasses: dataset.numClasses,
    splits: {
      train: split?.train.length ?? 0,
      val: split?.val.length ?? 0,
      test: split?.test.length ?? 0,
    },
    split: split?.name ?? "none",
    numSplits: dataset.splits.length,
    isUndirected: s.isUndirected,
    isolatedNodes: s.isolatedNodes,
    selfLoops: s.selfLoops,
    avgDegree: s.avgDegree,
    edgeHomophily: s.edgeHomophily ?? null,
    featureDensity: s.featureDensity,
    classCounts: s.classCounts,
    ...(dataset.source && { source: dataset.source.url, license: dataset.source.license }),
  };
}

function integer(flag: string, text: string, min = 0): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < min) {
    const expected = min === 0 ? "a non-negative integer" : `an integer >= ${min}`;
    throw new Error(`Invalid ${flag}: expected ${expected}, got "${text}"`);
  }
  return n;
}

function names(flag: string, text: string): string[] {
  const list = text.split(",").map((s) => s.trim());
  if (list.some((s) => s === "")) {
    throw new Error(`Invalid ${flag}: expected comma-separated names, got "${text}"`);
  }
  return list;
}

const GLOBAL_FLAGS = ["backend", "mirror", "cache", "help"];

/** The flags each command takes besides {@linkcode GLOBAL_FLAGS}. */
const COMMAND_FLAGS: Readonly<Record<string, readonly string[]>> = {
  info: ["json"],
  demo: [],
  train: ["config", "seed", "checkpoint", "json"],
  reproduce: ["datasets", "models", "seeds", "protocol", "out", "json", "root"],
  ablate: ["config", "seeds", "out", "json"],
  compare: [
    "table",
    "datasets",
    "models",
    "trials",
    "selection-seeds",
    "seeds",
    "sampler-seed",
    "search",
    "studies",
    "tuned",
    "out",
    "json",
    "root",
  ],
  data: ["json", "root"],
};

/** Runs the CLI with the given arguments; returns the process exit code. */
export async function main(args: string[]): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args,
    allowPositionals: true,
    tokens: true,
    options: {
      json: { type: "boolean", default: false },
      backend: { type: "string" },
      config: { type: "string" },
      seed: { type: "string" },
      checkpoint: { type: "string" },
      datasets: { type: "string" },
      models: { type: "string" },
      seeds: { type: "string" },
      protocol: { type: "string" },
      out: { type: "string" },
      mirror: { type: "string" },
      cache: { type: "string" },
      root: { type: "string" },
      table: { type: "string" },
      trials: { type: "string" },
      "selection-seeds": { type: "string" },
      "sampler-seed": { type: "string" },
      search: { type: "string" },
      studies: { type: "string" },
      tuned: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  const fetchOptions = {
    ...(values.mirror && { mirror: values.mirror }),
    ...(values.cache && { cacheDir: values.cache }),
  };
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const allowed = COMMAND_FLAGS[command];
  // Only the flags on the command line count (parseArgs fills in the boolean defaults).
  const given = tokens.flatMap((t) => t.kind === "option" ? [t.name] : []);
  const misplaced = allowed && given.find((f) => ![...GLOBAL_FLAGS, ...allowed].includes(f));
  if (misplaced) {
    throw new Error(
      `Cannot run ${command}: --${misplaced} does not apply to it (it takes ${
        [...allowed, ...GLOBAL_FLAGS].map((f) => `--${f}`).join(", ")
      })`,
    );
  }
  switch (command) {
    case "info": {
      const report = await environmentReport({ backend: (values.backend ?? "auto") as never });
      console.log(values.json ? JSON.stringify(report.rows()) : report.toString());
      return 0;
    }
    case "demo":
      return await demoCommand({
        ...fetchOptions,
        ...(values.backend && { backend: values.backend }),
      });
    case "train": {
      if (!values.config) throw new Error("Cannot train: give --config <file> (see configs/)");
      return await trainCommand({
        ...fetchOptions,
        config: values.config,
        json: values.json,
        ...(values.backend && { backend: values.backend }),
        ...(values.seed !== undefined && { seed: integer("--seed", values.seed) }),
        ...(values.checkpoint && { checkpoint: values.checkpoint }),
      });
    }
    case "reproduce":
      return await reproduceCommand({
        ...fetchOptions,
        json: values.json,
        ...(values.datasets && { datasets: names("--datasets", values.datasets) }),
        ...(values.models && { models: names("--models", values.models) }),
        ...(values.root && { root: values.root }),
        ...(values.seeds !== undefined && { seeds: integer("--seeds", values.seeds) }),
        ...(values.protocol && { protocol: values.protocol }),
        ...(values.backend && { backend: values.backend }),
        ...(values.out && { out: values.out }),
      });
    case "ablate": {
      if (!values.config) throw new Error("Cannot ablate: give --config <file> (see configs/)");
      return await ablateCommand({
        ...fetchOptions,
        config: values.config,
        json: values.json,
        ...(values.seeds !== undefined && { seeds: integer("--seeds", values.seeds) }),
        ...(values.backend && { backend: values.backend }),
        ...(values.out && { out: values.out }),
      });
    }
    case "compare":
      return await compareCommand({
        ...fetchOptions,
        json: values.json,
        commandLine: `deno task compare ${args.slice(args.indexOf("compare") + 1).join(" ")}`
          .trim(),
        ...(values.table !== undefined && { table: values.table }),
        ...(values.datasets && { datasets: names("--datasets", values.datasets) }),
        ...(values.models && { models: names("--models", values.models) }),
        ...(values.trials !== undefined && { trials: integer("--trials", values.trials, 1) }),
        ...(values["selection-seeds"] !== undefined && {
          selectionSeeds: integer("--selection-seeds", values["selection-seeds"], 1),
        }),
        ...(values.seeds !== undefined && { seeds: integer("--seeds", values.seeds, 1) }),
        ...(values["sampler-seed"] !== undefined && {
          samplerSeed: integer("--sampler-seed", values["sampler-seed"]),
        }),
        ...(values.search && { search: values.search }),
        ...(values.studies && { studies: values.studies }),
        ...(values.tuned && { tuned: values.tuned }),
        ...(values.out && { out: values.out }),
        ...(values.backend && { backend: values.backend }),
        ...(values.root && { root: values.root }),
      });
    case "data": {
      const name = rest[0];
      if (!name) {
        console.error(`Cannot run data: give a data set name (${DATASET_NAMES.join(", ")})`);
        return 2;
      }
      const dataset = await loadDataset(name, {
        ...fetchOptions,
        ...(values.root && { root: values.root }),
      });
      const summary = datasetSummaryJson(dataset);
      if (values.json) {
        console.log(JSON.stringify(summary));
      } else {
        const { classCounts, splits, ...scalars } = summary;
        const rows = Object.entries({
          ...scalars,
          splits: `train ${splits.train} / val ${splits.val} / test ${splits.test}`,
          classCounts: classCounts.join(" "),
        }).map(([key, value]) => ({ key, value }));
        console.log(table(rows, { title: `Data set ${name}`, digits: 4 }).toString());
      }
      return 0;
    }
    default:
      console.error(`Unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    // The loaders speak to library users ({ root }); on the command line that option is --root.
    console.error(`error: ${errorText(error).replace(/\{ root: "([^"]*)" \}/, "--root $1")}`);
    Deno.exit(1);
  }
}
