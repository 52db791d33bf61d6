/**
 * Picks the TensorFlow.js backend: the notebook answer to `torch.device("cuda")`. `auto` tries the
 * fastest backends first and records why each one was skipped.
 *
 * Order for `auto`: `tensorflow` (native, `tfjs-node-gpu` then `tfjs-node`, only when installed)
 * -> `webgpu` (hardware adapters only) -> `wasm` -> `cpu`.
 *
 * @module
 */

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { errorText } from "../_error_text.ts";
import { loadTensorflowNode, TENSORFLOW_INSTALL_HINT } from "./tensorflow_node.ts";
import { probeWebGpu } from "./webgpu_adapter.ts";

/** Names accepted by {@link setBackend}. */
export const BACKEND_NAMES = ["auto", "wasm", "cpu", "webgpu", "tensorflow"] as const;

/** A name accepted by {@link setBackend}. */
export type BackendName = typeof BACKEND_NAMES[number];

/** A real backend (anything but `auto`). */
export type ConcreteBackendName = Exclude<BackendName, "auto">;

/** One backend that {@link setBackend} considered. */
export interface BackendAttempt {
  /** The backend. */
  name: ConcreteBackendName;
  /** Whether it was activated and computed a test matmul correctly. */
  ok: boolean;
  /** What it is (when ok) or why it was skipped. */
  reason: string;
}

/** The outcome of {@link setBackend}. */
export interface BackendChoice {
  /** The active backend. */
  name: ConcreteBackendName;
  /** Why it was chosen and what it runs on. */
  reason: string;
  /** Every backend considered, in order, the chosen one last. */
  tried: BackendAttempt[];
}

/** Options for {@link setBackend}. */
export interface SetBackendOptions {
  /** Where to look for `@tensorflow/tfjs-node(-gpu)`; default: the current directory and project root. */
  searchFrom?: string[];
}

let current: BackendChoice | undefined;

/**
 * The backend chosen by the last successful {@link setBackend}, if any.
 *
 * @returns the current choice, or `undefined` before the first call
 *
 * @example
 * ```ts
 * import { getBackendChoice, setBackend } from "./set_backend.ts";
 * await setBackend("cpu");
 * if (getBackendChoice()?.name !== "cpu") throw new Error("expected cpu");
 * ```
 */
export function getBackendChoice(): BackendChoice | undefined {
  return current;
}

/**
 * The current backend choice, running `setBackend("auto")` first when none was made: training and
 * benchmarks call this, so nobody lands on tfjs's slow default `cpu` backend by accident.
 *
 * @example
 * ```ts
 * import { ensureBackend, setBackend } from "./set_backend.ts";
 * await setBackend("cpu");
 * if ((await ensureBackend()).name !== "cpu") throw new Error("an explicit choice must stay");
 * ```
 */
export async function ensureBackend(): Promise<BackendChoice> {
  return current ?? await setBackend("auto");
}

/**
 * Activates a TensorFlow.js backend and checks it computes a small matmul correctly.
 *
 * - `wasm`: the WebAssembly kernels, with the `.wasm` files loaded from `node_modules`.
 * - `webgpu`: any adapter when requested by name, even a software one (slow but correct, handy to
 *   test GPU code paths); `auto` skips software adapters because `wasm` is faster.
 * - `tensorflow`: native TensorFlow, only when `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`
 *   is already installed; nothing is downloaded.
 *
 * @param name a backend name, or `auto` for the fastest that works
 * @param options where to look for the native TensorFlow packages
 * @returns the chosen backend, why, and every backend tried
 * @throws if the name is unknown or the requested backend cannot run; the message says why
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { setBackend } from "./set_backend.ts";
 * const choice = await setBackend("cpu");
 * const product = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
 * if (choice.name !== "cpu" || (await product.data())[0] !== 11) throw new Error("bad backend");
 * ```
 */
export async function setBackend(
  name: BackendName,
  options: SetBackendOptions = {},
): Promise<BackendChoice> {
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new Error(
      `Cannot set backend "${name}": unknown name; expected one of ${BACKEND_NAMES.join(", ")}`,
    );
  }
  if (name !== "auto") {
    const reason = await start(name, false, options).catch((error) => {
      throw new Error(`Cannot set backend "${name}": ${errorText(error)}`);
    });
    current = { name, reason: `requested: ${reason}`, tried: [{ name, ok: true, reason }] };
    return current;
  }
  const tried: BackendAttempt[] = [];
  for (const candidate of ["tensorflow", "webgpu", "wasm", "cpu"] as const) {
    try {
      const reason = await start(candidate, true, options);
      tried.push({ name: candidate, ok: true, reason });
      current = { name: candidate, reason: `auto: ${reason}`, tried };
      return current;
    } catch (error) {
      tried.push({ name: candidate, ok: false, reason: errorText(error) });
    }
  }
  const reasons = tried.map((t) => `${t.name}: ${t.reason}`).join("; ");
  throw new Error(`Cannot set backend "auto": no backend works (${reasons})`);
}

// Prepares and activates one backend; returns what it runs on, or throws why it cannot.
async function start(
  name: ConcreteBackendName,
  auto: boolean,
  options: SetBackendOptions,
): Promise<string> {
  if (name === "tensorflow") {
    const probe = loadTensorflowNode({ searchFrom: options.searchFrom });
    // auto keeps its note short; a user who asked for tensorflow needs the whole story.
    if (!probe.ok) {
      throw new Error(auto ? probe.reason : `${probe.reason}; ${TENSORFLOW_INSTALL_HINT}`);
    }
    await activate("tensorflow");
    return `native TensorFlow from ${probe.package}`;
  }
  if (name === "webgpu") {
    const gpu = await probeWebGpu();
    if (!gpu.available) throw new Error(gpu.reason);
    if (auto && gpu.fallback) {
      throw new Error(`skipped ${gpu.reason}; wasm is faster (request "webgpu" to use it anyway)`);
    }
    await import("@tensorflow/tfjs-backend-webgpu");
    await activate("webgpu");
    return gpu.fallback ? `${gpu.reason} (correct but slow)` : gpu.reason;
  }
  if (name === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    try {
      wasm.setWasmPaths(wasmDistDir());
    } catch (error) {
      // Already initialised (an earlier call, or the user): its paths are in use and fine.
      if (!/already initialized/i.test(errorText(error))) throw error;
    }
    await activate("wasm");
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
    return `WebAssembly kernels (SIMD ${simd ? "on" : "off"}, ${
      threads ? "multi-threaded" : "single-threaded"
    })`;
  }
  await activate("cpu");
  return "plain JavaScript kernels (slowest, always available)";
}

// The folder holding tfjs-backend-wasm's .wasm files, as a path prefix with a trailing slash.
function wasmDistDir(): string {
  const bases = [import.meta.url, join(Deno.cwd(), "_resolve_from_here.js")];
  for (const base of bases) {
    try {
      return dirname(createRequire(base).resolve("@tensorflow/tfjs-backend-wasm")) + "/";
    } catch {
      // Not resolvable from here (e.g. a remote import); try the next base.
    }
  }
  throw new Error("cannot find @tensorflow/tfjs-backend-wasm in node_modules (run `deno install`)");
}

const NODE_BANNER = /looks like you are running TensorFlow\.js in Node\.js/;

// tf.setBackend plus a 2x2 matmul check. tfjs reports init failures and its "Hi, looks like you
// are running TensorFlow.js in Node.js" banner through console.warn, so warnings are held back
// while the backend starts: the banner is dropped, failures become the thrown reason, and any
// other warning is passed on afterwards.
async function activate(name: string): Promise<void> {
  const previous = tf.engine().backendName;
  const held: unknown[][] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => held.push(args);
  let failure: string | undefined;
  try {
    if (!await tf.setBackend(name)) failure = "tf.setBackend returned false";
    else {
      const product = tf.tidy(() =>
        tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]]))
      );
      const values = Array.from(await product.data());
      tf.dispose(product);
      if (values.join() !== "19,22,43,50") failure = `test matmul gave ${values.join()}`;
    }
  } catch (error) {
    failure = errorText(error);
  } finally {
    console.warn = warn;
  }
  const others = held.filter((args) => !NODE_BANNER.test(args.map(String).join(" ")));
  if (failure) {
    if (previous && previous !== name) await tf.setBackend(previous).catch(() => false);
    const details = others.map((args) => args.map(errorText).join(" ")).join("; ");
    throw new Error(details ? `${failure}: ${details}` : failure);
  }
  for (const args of others) console.warn(...args);
}
