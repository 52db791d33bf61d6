/**
 * The benchmark's data exchange: a data set written as `meta.json` plus raw little-endian `.bin`
 * arrays, read back by our side (bench/_ours.ts) and the PyTorch reference (numpy.fromfile), so
 * both train on byte-identical inputs.
 *
 * @module
 */
import type { GraphDataset } from "../lib/datasets/dataset.ts";
import { createGraph } from "../lib/graph/graph.ts";
import { denseMatrix, toDense } from "../lib/graph/matrix.ts";
import { gcnNorm } from "../lib/graph/gcn_norm.ts";

/** What `meta.json` holds. */
export interface BenchMeta {
  name: string;
  numNodes: number;
  numEdges: number;
  numFeatures: number;
  numClasses: number;
  numNormEdges?: number;
}

function bytes(a: Int32Array | Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Writes a data set (dense features, default split) and, with `norm`, its gcnNorm edges into `dir`.
 */
export async function writeBenchData(
  dir: string,
  dataset: GraphDataset,
  norm = false,
): Promise<BenchMeta> {
  await Deno.mkdir(dir, { recursive: true });
  const { graph } = dataset;
  const x = toDense(graph.x);
  const split = dataset.splits[0];
  const meta: BenchMeta = {
    name: dataset.name,
    numNodes: graph.numNodes,
    numEdges: graph.edgeIndex.length / 2,
    numFeatures: x.cols,
    numClasses: dataset.numClasses,
  };
  const files: [string, Int32Array | Float32Array][] = [
    ["edge_index", graph.edgeIndex],
    ["x", x.data],
    ["y", graph.y],
    ["train", split.train],
    ["val", split.val],
    ["test", split.test],
  ];
  if (norm) {
    const n = gcnNorm(graph);
    meta.numNormEdges = n.edgeWeight.length;
    files.push(["norm_edge_index", n.edgeIndex], ["norm_weight", n.edgeWeight]);
  }
  for (const [name, a] of files) await Deno.writeFile(`${dir}/${name}.bin`, bytes(a));
  await Deno.writeTextFile(`${dir}/meta.json`, JSON.stringify(meta));
  return meta;
}

/** Reads what {@linkcode writeBenchData} wrote, as a data set with dense features. */
export async function readBenchData(
  dir: string,
): Promise<{ dataset: GraphDataset; norm?: { edgeIndex: Int32Array; edgeWeight: Float32Array } }> {
  const meta: BenchMeta = JSON.parse(await Deno.readTextFile(`${dir}/meta.json`));
  const i32 = async (name: string) =>
    new Int32Array((await Deno.readFile(`${dir}/${name}.bin`)).buffer);
  const f32 = async (name: string) =>
    new Float32Array((await Deno.readFile(`${dir}/${name}.bin`)).buffer);
  const x = denseMatrix(await f32("x"), meta.numNodes, meta.numFeatures);
  const y = await i32("y");
  const graph = createGraph({ numNodes: meta.numNodes, edgeIndex: await i32("edge_index"), x, y });
  const dataset: GraphDataset = {
    name: meta.name,
    graph: graph as GraphDataset["graph"],
    numClasses: meta.numClasses,
    splits: [{
      name: "bench",
      train: await i32("train"),
      val: await i32("val"),
      test: await i32("test"),
    }],
  };
  if (meta.numNormEdges === undefined) return { dataset };
  return {
    dataset,
    norm: { edgeIndex: await i32("norm_edge_index"), edgeWeight: await f32("norm_weight") },
  };
}
