/**
 * Our side of `deno task bench`, run by bench/main.ts in a child process (one per task, so peak
 * memory is per task): `deno run -A bench/_ours.ts TASK DATA_DIR BACKEND REPS HYPERPARAMS_JSON`.
 * Prints one JSON line: timings in ms, peak RSS (VmHWM) in MiB, the backend and its thread count.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { type BackendName, setBackend } from "../lib/backend/set_backend.ts";
import type { Model, ModelConfig } from "../lib/models/mod.ts";
import type { LearnedGraphConfig } from "../lib/models/adaptive_gnn_options.ts";
import { createRng } from "../lib/random/rng.ts";
import { adjacency, type SparseAdjacency } from "../lib/sparse/adjacency.ts";
import { spmm } from "../lib/sparse/spmm.ts";
import type { GraphDataset } from "../lib/datasets/dataset.ts";
import type { CsrMatrix, DenseMatrix } from "../lib/graph/matrix.ts";
import { readBenchData } from "./_data.ts";
import { cpuMs, medianTimes } from "./_timing.ts";

/** Hyperparameters main.ts passes to both sides. */
export interface BenchParams {
  epochs?: number;
  hidden: number;
  heads?: number;
  layers?: number;
  dropout: number;
  lr: number;
  weightDecay: number;
  /** `ours_cora`: the experiment config our side runs; main.ts copies its values below. */
  config?: string;
  /** `gat`: the layout of our side's features (default dense, as the exported data). */
  features?: "csr" | "dense";
  patience?: number;
  normalizeFeatures?: boolean;
  /** AdaptiveGNN's own hyperparameters (see lib/models/adaptive_gnn_options.ts). */
  inputDropout?: number;
  dropNode?: number;
  samples?: number;
  steps?: number;
  consistency?: number;
  temperature?: number;
  learnedGraph?: LearnedGraphConfig;
}

/** Peak resident set of this process in MiB (VmHWM), or the current RSS where /proc is missing. */
export function peakRssMiB(): number {
  try {
    const m = Deno.readTextFileSync("/proc/self/status").match(/VmHWM:\s+(\d+) kB/);
    if (m) return Number(m[1]) / 1024;
  } catch { /* not Linux */ }
  return Deno.memoryUsage().rss / 2 ** 20;
}

function benchSpmm(adj: SparseAdjacency, reps: number): Record<string, number> {
  adj.bySource; // the transpose is built once, as in training after the first step
  const rng = createRng(2);
  const out: Record<string, number> = {};
  for (const cols of [16, 64]) {
    const data = Float32Array.from({ length: adj.numNodes * cols }, () => rng.next() - 0.5);
    const x = tf.tensor2d(data, [adj.numNodes, cols]);
    const grad = tf.grad((a: tf.Tensor) => tf.sum(spmm(adj, a as tf.Tensor2D)));
    const timed: [string, () => tf.Tensor][] = [["fwd", () => spmm(adj, x)], [
      "fwdbwd",
      () => grad(x),
    ]];
    for (const [name, fn] of timed) {
      const { wall, cpu } = medianTimes(fn, reps);
      out[`spmm${cols}_${name}`] = wall;
      out[`spmm${cols}_${name}_cpu`] = cpu;
    }
    x.dispose();
  }
  return out;
}

// Mean cross-entropy over the rows in `index`, as F.cross_entropy(out[idx], y[idx]). A row mask
// instead of tf.gather, whose gradient (UnsortedSegmentSum) has no wasm kernel in tfjs 4.22.
function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D, rowWeight: tf.Tensor1D) {
  const nll = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1));
  return tf.sum(tf.mul(nll, rowWeight)) as tf.Scalar;
}

/**
 * Full-batch inputs of a step: the features (a tensor, or CSR as given), and one-hot targets
 * weighted over the training nodes.
 */
function trainingInputs(dataset: GraphDataset) {
  const { graph, numClasses } = dataset;
  const { train } = dataset.splits[0];
  const weight = new Float32Array(graph.numNodes);
  for (const i of train) weight[i] = 1 / train.length;
  return {
    adj: adjacency(graph),
    x: graph.x.kind === "dense"
      ? tf.tensor2d(graph.x.data, [graph.numNodes, graph.x.cols])
      : graph.x as CsrMatrix,
    rowWeight: tf.tensor1d(weight),
    targets: tf.oneHot(tf.tensor1d(graph.y, "int32"), numClasses) as tf.Tensor2D,
  };
}

/** Mean ms of a training step (forward, backward, Adam) after `warmup` steps. */
async function benchEpochs(
  model: Model,
  dataset: GraphDataset,
  p: BenchParams,
  warmup: number,
  reps: number,
  key: string,
): Promise<Record<string, number>> {
  const { adj, x, rowWeight, targets } = trainingInputs(dataset);
  const { Adam } = await import("../lib/train/optimizer.ts");
  const opt = new Adam(model.parameters(), { lr: p.lr, weightDecay: p.weightDecay });
  const rng = createRng(0);
  const step = () =>
    opt.step(() =>
      crossEntropy(model.forward(x, adj, { training: true, rng }), targets, rowWeight)
    );
  for (let i = 0; i < warmup; i++) step().dispose();
  const t0 = performance.now();
  const c0 = cpuMs();
  let loss = 0;
  for (let i = 0; i < reps; i++) {
    const l = step();
    loss = l.dataSync()[0]; // forces the step to finish before the clock reads
    l.dispose();
  }
  return {
    [key]: (performance.now() - t0) / reps,
    [`${key}_cpu`]: (cpuMs() - c0) / reps,
    [`${key}_loss`]: loss,
  };
}

/**
 * `reps` epochs of AdaptiveGNN with anchors (default 3), each co-evolution's `beforeEpoch` then one step
 * (forward with every DropNode sample, backward, Adam): the first refresh of R, the first epoch,
 * and the mean of the epochs after it (no refresh there: `refreshEvery` is 20).
 */
async function benchOursAnchor(
  dataset: GraphDataset,
  p: BenchParams,
  reps: number,
): Promise<Record<string, number>> {
  const { graph, numClasses } = dataset;
  const { adj, x, rowWeight, targets } = trainingInputs(dataset);
  const { AdaptiveGNN } = await import("../lib/models/adaptive_gnn.ts");
  const { Adam } = await import("../lib/train/optimizer.ts");
  const { hidden, dropout, inputDropout, dropNode, samples, steps, consistency, temperature } = p;
  const model = new AdaptiveGNN({
    inChannels: graph.x.cols,
    hiddenChannels: hidden,
    outChannels: numClasses,
    dropout,
    ...{ inputDropout, dropNode, samples, steps, consistency, temperature },
    learnedGraph: p.learnedGraph,
  });
  const opt = new Adam(model.parameters(), { lr: p.lr, weightDecay: p.weightDecay });
  const rng = createRng(0);
  const loss = (output: ReturnType<typeof model.trainingForward>) =>
    tf.addN(
      Object.values(model.lossTerms(output, (l) => crossEntropy(l, targets, rowWeight))),
    ) as tf.Scalar;
  const out: Record<string, number> = {};
  let later = 0;
  let laterCpu = 0;
  for (let epoch = 1; epoch <= reps; epoch++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    model.beforeEpoch(epoch, x, adj);
    if (epoch === 1) {
      out.anchor_refresh = performance.now() - t0;
      out.anchor_refresh_cpu = cpuMs() - c0;
    }
    const l = opt.step(() => loss(model.trainingForward(x, adj, { rng })));
    out[epoch === 1 ? "anchor_first_loss" : "anchor_loss"] = l.dataSync()[0];
    l.dispose();
    const [ms, cpu] = [performance.now() - t0, cpuMs() - c0];
    if (epoch === 1) [out.anchor_first_epoch, out.anchor_first_epoch_cpu] = [ms, cpu];
    else [later, laterCpu] = [later + ms, laterCpu + cpu];
  }
  out.anchor_epoch = reps > 1 ? later / (reps - 1) : out.anchor_first_epoch - out.anchor_refresh;
  out.anchor_epoch_cpu = reps > 1
    ? laterCpu / (reps - 1)
    : out.anchor_first_epoch_cpu - out.anchor_refresh_cpu;
  out.anchor_mix = model.mix!;
  model.dispose();
  return out;
}

/** The data set with its dense features stored as CSR (zeros dropped). */
function withCsrFeatures(dataset: GraphDataset): GraphDataset {
  const { rows, cols, data } = dataset.graph.x as DenseMatrix;
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c];
      if (v !== 0) indices.push(c), values.push(v);
    }
    indptr[r + 1] = indices.length;
  }
  const x: CsrMatrix = {
    kind: "csr",
    rows,
    cols,
    indptr,
    indices: Int32Array.from(indices),
    data: Float32Array.from(values),
  };
  return { ...dataset, graph: { ...dataset.graph, x } };
}

async function main(): Promise<void> {
  const [task, dir, backend = "auto", repsArg = "0", paramsArg = "{}"] = Deno.args;
  const choice = await setBackend(backend as BackendName);
  const threads = choice.name === "wasm" &&
      await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT")
    ? navigator.hardwareConcurrency
    : 1; // tfjs cpu and our typed-array sparse kernels are plain single-threaded JavaScript
  const reps = Number(repsArg);
  const p: BenchParams = JSON.parse(paramsArg);
  const { dataset, norm } = await readBenchData(dir);
  const { graph, numClasses } = dataset;
  const inChannels = graph.x.cols;
  // The model config every task builds from the hyperparameters; `extra` adds the task's own.
  const modelConfig = (extra: Partial<ModelConfig> = {}): ModelConfig => ({
    inChannels,
    hiddenChannels: p.hidden,
    outChannels: numClasses,
    dropout: p.dropout,
    ...extra,
  });
  let res: Record<string, number>;
  if (task === "spmm") {
    res = benchSpmm(
      adjacency({ numNodes: graph.numNodes, edgeIndex: norm!.edgeIndex }, norm!.edgeWeight),
      reps || 50,
    );
  } else if (task === "gcn" || task === "gcn_dense") {
    const { createModel } = await import("../lib/models/mod.ts");
    const { train } = await import("../lib/train/mod.ts");
    // gcn: the features as our Planetoid loader gives them (sparse CSR, so the first layer runs
    // sparseDenseMatmul); gcn_dense: a dense tensor, as PyG's Planetoid gives them.
    const data = task === "gcn" ? withCsrFeatures(dataset) : dataset;
    const t0 = performance.now();
    const c0 = cpuMs();
    const model = createModel("gcn", modelConfig());
    const r = await train(model, data, {
      epochs: p.epochs,
      lr: p.lr,
      weightDecay: p.weightDecay,
      normalizeFeatures: false,
      monitor: "val_loss",
      progress: false,
    });
    res = {
      [`${task}_total`]: performance.now() - t0,
      [`${task}_total_cpu`]: cpuMs() - c0,
      [`${task}_test_acc`]: r.test.accuracy,
    };
  } else if (task === "gat") {
    const { createModel } = await import("../lib/models/mod.ts");
    const model = createModel("gat", modelConfig({ heads: p.heads }));
    const data = p.features === "csr" ? withCsrFeatures(dataset) : dataset;
    res = await benchEpochs(model, data, p, 3, reps || 10, "gat_epoch");
  } else if (task === "ours_cora" || task === "ours_cora_run") {
    // As `deno task train --config <config>`: its own loader (sparse features). ours_cora trains
    // p.epochs epochs without early stopping (the PyTorch side does the same); ours_cora_run is
    // the config's whole run, early stopping included.
    const { loadConfig } = await import("../lib/config/experiment_config.ts");
    const { loadDataset } = await import("../lib/datasets/load_dataset.ts");
    const { runExperiment } = await import("../lib/experiment/run_experiment.ts");
    const configured = { ...await loadConfig(p.config!), seed: 0 };
    const config = task === "ours_cora_run" ? configured : {
      ...configured,
      train: { ...configured.train, epochs: p.epochs!, patience: undefined },
    };
    const cora = await loadDataset(config.dataset);
    const t0 = performance.now();
    const c0 = cpuMs();
    const run = await runExperiment(config, { dataset: cora, progress: false });
    const [total, cpu] = [performance.now() - t0, cpuMs() - c0];
    const epochs = run.result.history.length;
    const key = task === "ours_cora" ? "ours" : "run";
    res = {
      [`${key}_total`]: total,
      [`${key}_total_cpu`]: cpu,
      [`${key}_epoch`]: total / epochs,
      [`${key}_epoch_cpu`]: cpu / epochs,
      [`${key}_test_acc`]: run.result.test.accuracy,
      [`${key}_epochs`]: epochs,
      [`${key}_best_epoch`]: run.result.bestEpoch,
    };
    run.model.dispose();
  } else if (task === "ours_anchor_arxiv") {
    res = await benchOursAnchor(dataset, p, reps || 3);
  } else if (task === "arxiv") {
    const { createModel } = await import("../lib/models/mod.ts");
    const model = createModel("gcn", modelConfig({ numLayers: p.layers }));
    res = await benchEpochs(model, dataset, p, 1, reps || 2, "arxiv_epoch");
  } else {
    throw new Error(`Cannot run our benchmark: unknown task ${task}`);
  }
  console.log(JSON.stringify({
    ...res,
    peak_rss_mib: peakRssMiB(),
    backend: choice.name,
    backendReason: choice.reason,
    threads,
  }));
}

if (import.meta.main) await main();
