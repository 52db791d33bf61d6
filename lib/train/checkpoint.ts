/**
 * Model checkpoints: one file holding a JSON header (format version, model name and config,
 * parameter names, shapes and dtypes, caller metadata) followed by the float32 weights.
 *
 * Layout: the 8 bytes `AGLMCKPT`, a little-endian uint32 header length `H`, `H` bytes of UTF-8
 * JSON padded with spaces to a multiple of 4, then each parameter's values as little-endian
 * float32, in header order.
 *
 * @module
 */
import { writeFileAtomic } from "../io/write_atomic.ts";
import * as tf from "@tensorflow/tfjs";
import type { TrainableModel } from "./trainable_model.ts";

const MAGIC = "AGLMCKPT";
/** The checkpoint format version this code writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** Metadata stored with the weights. */
export interface CheckpointMeta {
  /** The 1-based epoch the weights are from. */
  epoch?: number;
  /** Validation accuracy of those weights. */
  valAcc?: number;
  /** Validation loss of those weights. */
  valLoss?: number;
  /** The seed of the run. */
  seed?: number;
  /** Anything else JSON can hold. */
  [key: string]: unknown;
}

/** One stored parameter. */
export interface CheckpointParameter {
  /** The parameter's dotted name (`Module.namedParameters`). */
  name: string;
  /** Its shape. */
  shape: number[];
  /** Its dtype (only float32 is stored). */
  dtype: "float32";
}

/** The JSON header of a checkpoint file. */
export interface CheckpointHeader {
  /** Marks the file as a checkpoint of this library. */
  format: "open-autoglm-checkpoint";
  /** The format version ({@linkcode CHECKPOINT_VERSION} when written). */
  version: number;
  /** The model's registry name, when it has one. */
  model?: string;
  /** The model's configuration, when it has one. */
  config?: unknown;
  /** The stored parameters, in file order. */
  parameters: CheckpointParameter[];
  /** What the writer recorded with the weights. */
  meta: CheckpointMeta;
}

/**
 * Writes a model's weights to `path` atomically (a temporary file in the same directory, then
 * a rename), so a crash never leaves a half-written checkpoint.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
 * const w = tf.variable(tf.tensor2d([[1, 2]]));
 * const model = { namedParameters: (): [string, tf.Variable][] => [["weight", w]] };
 * const path = await Deno.makeTempFile();
 * await saveCheckpoint(model, path, { epoch: 3 });
 * w.assign(tf.zeros([1, 2]));
 * const header = await loadCheckpoint(model, path);
 * if (w.dataSync().join() !== "1,2" || header.meta.epoch !== 3) throw new Error("unexpected");
 * await Deno.remove(path);
 * ```
 */
export async function saveCheckpoint(
  model: Pick<TrainableModel, "namedParameters" | "name" | "config">,
  path: string,
  meta: CheckpointMeta = {},
): Promise<void> {
  const named = model.namedParameters();
  const parameters: CheckpointParameter[] = [];
  for (const [name, v] of named) {
    if (v.dtype !== "float32") {
      throw new TypeError(
        `Cannot save checkpoint ${path}: parameter ${name} has dtype ${v.dtype} (expected float32)`,
      );
    }
    parameters.push({ name, shape: [...v.shape], dtype: "float32" });
  }
  const header: CheckpointHeader = {
    format: "open-autoglm-checkpoint",
    version: CHECKPOINT_VERSION,
    ...(model.name !== undefined && { model: model.name }),
    ...(model.config !== undefined && { config: model.config }),
    parameters,
    meta,
  };
  let json = JSON.stringify(header);
  let headerBytes = new TextEncoder().encode(json);
  json += " ".repeat((4 - headerBytes.length % 4) % 4);
  headerBytes = new TextEncoder().encode(json);
  const values = await Promise.all(named.map(([, v]) => v.data() as Promise<Float32Array>));
  const payload = values.reduce((n, a) => n + a.length, 0) * 4;
  const bytes = new Uint8Array(12 + headerBytes.length + payload);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, headerBytes.length, true);
  bytes.set(headerBytes, 12);
  let offset = 12 + headerBytes.length;
  for (const a of values) {
    for (let i = 0; i < a.length; i++, offset += 4) view.setFloat32(offset, a[i], true);
  }
  try {
    await writeFileAtomic(path, bytes);
  } catch (e) {
    throw new Error(`Cannot save checkpoint ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Reads and checks a checkpoint's header, without touching a model.
 *
 * @throws {Error} naming the file when it is not a checkpoint, truncated or of another version.
 * @example
 * ```ts
 * import { readCheckpointHeader } from "./checkpoint.ts";
 * const path = await Deno.makeTempFile();
 * let message = "";
 * try { await readCheckpointHeader(path); } catch (e) { message = (e as Error).message; }
 * if (!message.includes("not a checkpoint")) throw new Error("unexpected");
 * await Deno.remove(path);
 * ```
 */
export async function readCheckpointHeader(path: string): Promise<CheckpointHeader> {
  return parse(path, await Deno.readFile(path)).header;
}

function parse(path: string, bytes: Uint8Array): { header: CheckpointHeader; payload: DataView } {
  const fail = (what: string): never => {
    throw new Error(`Cannot load checkpoint ${path}: ${what}`);
  };
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    fail(`not a checkpoint file (missing the ${MAGIC} signature)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) {
    fail(`file is truncated (header needs ${12 + headerLength} bytes, file has ${bytes.length})`);
  }
  let header: CheckpointHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch (e) {
    return fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (header?.format !== "open-autoglm-checkpoint" || !Array.isArray(header.parameters)) {
    fail("header is not an open-autoglm checkpoint header");
  }
  if (header.version !== CHECKPOINT_VERSION) {
    fail(`unsupported format version ${header.version} (this code reads ${CHECKPOINT_VERSION})`);
  }
  const expected = 12 + headerLength +
    4 * header.parameters.reduce((n, p) => n + size(p.shape), 0);
  if (bytes.length !== expected) {
    fail(
      `file is ${
        bytes.length < expected ? "truncated" : "too long"
      } (expected ${expected} bytes, got ${bytes.length})`,
    );
  }
  return {
    header,
    payload: new DataView(bytes.buffer, bytes.byteOffset + 12 + headerLength),
  };
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Loads a checkpoint into a model whose parameters match it by name and shape. Everything is
 * checked before any weight is changed; a mismatch names the parameter and both shapes.
 *
 * @returns the header (with `meta`)
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
 * const path = await Deno.makeTempFile();
 * const small = { namedParameters: (): [string, tf.Variable][] => [["w", tf.variable(tf.zeros([2]))]] };
 * const big = { namedParameters: (): [string, tf.Variable][] => [["w", tf.variable(tf.zeros([3]))]] };
 * await saveCheckpoint(small, path);
 * let message = "";
 * try { await loadCheckpoint(big, path); } catch (e) { message = (e as Error).message; }
 * if (!message.includes("parameter w has shape [2] in the file but [3] in the model")) {
 *   throw new Error(message);
 * }
 * await Deno.remove(path);
 * ```
 */
export async function loadCheckpoint(
  model: Pick<TrainableModel, "namedParameters">,
  path: string,
): Promise<CheckpointHeader> {
  const { header, payload } = parse(path, await Deno.readFile(path));
  const fail = (what: string): never => {
    throw new Error(`Cannot load checkpoint ${path}: ${what}`);
  };
  const named = new Map(model.namedParameters());
  const stored = new Set(header.parameters.map((p) => p.name));
  for (const p of header.parameters) {
    const v = named.get(p.name);
    if (!v) fail(`parameter ${p.name} is in the file but not in the model`);
    if (p.dtype !== "float32") fail(`parameter ${p.name} has unsupported dtype ${p.dtype}`);
    if (v!.shape.join() !== p.shape.join()) {
      fail(
        `parameter ${p.name} has shape [${p.shape.join(", ")}] in the file but [${
          v!.shape.join(", ")
        }] in the model`,
      );
    }
  }
  for (const name of named.keys()) {
    if (!stored.has(name)) fail(`parameter ${name} of the model is missing from the file`);
  }
  let offset = 0;
  for (const p of header.parameters) {
    const n = size(p.shape);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++, offset += 4) values[i] = payload.getFloat32(offset, true);
    const v = named.get(p.name)!;
    tf.tidy(() => v.assign(tf.tensor(values, p.shape, "float32")));
  }
  return header;
}
