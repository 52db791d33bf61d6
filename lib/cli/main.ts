/**
 * The `deno task` command line: `info`, `data`, `train`, `reproduce`, `ablate` and `demo`.
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
import { demoCommand } from "./demo_command.ts";
import { reproduceCommand } from "./reproduce_command.ts";
import { trainCommand } from "./train_command.ts";

const USAGE = `Usage: deno task <command> [options]

Commands:
  info                      print the environment report (backend, WebGPU, versions, Jupyter)
  data <name> [--json]      load a data set and print its summary (one JSON object with --json)
  train --config <file>     train one model from a config [--seed n] [--json] [--checkpoint path]
  reproduce                 the chapter 2.5 comparison table [--datasets cora,citeseer]
                            [--models gcn,gat,sage] [--seeds 10] [--protocol original|paper] [--json]
                            [--out results/reproduce-<protocol>.json]
  ablate --config <file>    what each part of AdaptiveGNN contributes: the config without each part
                            [--seeds 10] [--json] [--out results/ablation-<dataset>.json]
  demo                      the main job: GCN and GAT on Cora next to the paper's numbers

Options:
  --backend <name>          auto | wasm | cpu | webgpu | tensorflow (default: the config's, or auto)
  --mirror <dir|url>        data mirror (default $AUTOGLM_DATA_MIRROR)
  --cache <dir>             data cache (default $AUTOGLM_DATA_CACHE or data/cache)

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

function integer(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`Invalid ${flag}: expected a non-negative integer, got "${text}"`);
  }
  return n;
}

/** Runs the CLI with the given arguments; returns the process exit code. */
export async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
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
        ...(values.datasets && { datasets: values.datasets.split(",") }),
        ...(values.models && { models: values.models.split(",") }),
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
    case "data": {
      const name = rest[0];
      if (!name) {
        console.error(`Cannot run data: give a data set name (${DATASET_NAMES.join(", ")})`);
        return 2;
      }
      const dataset = await loadDataset(name, fetchOptions);
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
    console.error(`error: ${errorText(error)}`);
    Deno.exit(1);
  }
}
