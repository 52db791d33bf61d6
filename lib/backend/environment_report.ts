/**
 * One call that says what this machine can run: the notebook answer to `nvidia-smi` and
 * `torch.cuda.is_available()`.
 *
 * @module
 */

import { delimiter, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { type Displayable, JUPYTER_DISPLAY, type MimeBundle } from "../display/jupyter.ts";
import { table } from "../display/table.ts";
import { errorText } from "../_error_text.ts";
import {
  type BackendChoice,
  type BackendName,
  getBackendChoice,
  setBackend,
} from "./set_backend.ts";
import { probeWebGpu, type WebGpuProbe } from "./webgpu_adapter.ts";

/** Options for {@link environmentReport}. */
export interface EnvironmentReportOptions {
  /** Backend to select first; default: keep the current choice, or run `auto` if there is none. */
  backend?: BackendName;
  /** Whether to look for Jupyter (runs `jupyter --version` and `jupyter kernelspec list`); default true. */
  jupyter?: boolean;
}

/** What {@link environmentReport} found out about Jupyter. */
export interface JupyterInfo {
  /** Whether a `jupyter` executable was found on `PATH` or at `/usr/bin/jupyter`. */
  installed: boolean;
  /** Its path. */
  path?: string;
  /** Versions of its core packages, e.g. `jupyter_core 4.12.0, nbconvert 6.5.3`. */
  version?: string;
  /** The registered Deno kernelspec, as `name (resource dir)`, if any. */
  denoKernel?: string;
  /** One line summary, including why something is missing. */
  reason: string;
}

/** The machine and runtime, as found by {@link environmentReport}. */
export interface EnvironmentReport extends Displayable {
  /** Deno version. */
  deno: string;
  /** V8 version. */
  v8: string;
  /** TypeScript version. */
  typescript: string;
  /** TensorFlow.js version. */
  tfjs: string;
  /** The active backend, why, and what else was tried. */
  backend: BackendChoice;
  /** Whether the WASM backend can use SIMD. */
  wasmSimd: boolean;
  /** Whether the WASM backend can use threads. */
  wasmThreads: boolean;
  /** The WebGPU adapter, or why there is none. */
  webgpu: WebGpuProbe;
  /** Logical CPUs (`navigator.hardwareConcurrency`). */
  cpus: number;
  /** Total memory in bytes. */
  memoryTotalBytes: number;
  /** Memory available to new processes in bytes (`Deno.systemMemoryInfo().available`). */
  memoryFreeBytes: number;
  /** Operating system, architecture and kernel release. */
  os: string;
  /** Jupyter, when checked. */
  jupyter?: JupyterInfo;
  /** `$AUTOGLM_DATA_MIRROR`, if set. */
  dataMirror?: string;
  /** `$AUTOGLM_DATA_CACHE`, if set. */
  dataCache?: string;
  /** The report as `[key, value]` text pairs, in display order. */
  rows(): [string, string][];
}

/**
 * Collects versions, the chosen backend, WASM/WebGPU support, CPUs, memory, OS, Jupyter and the
 * data settings. `String(report)` is an aligned text table; as a notebook cell's last expression it
 * shows as an HTML table.
 *
 * @param options which backend to select first and whether to look for Jupyter
 * @returns the report
 *
 * @example
 * ```ts
 * import { environmentReport } from "./environment_report.ts";
 * const report = await environmentReport({ backend: "cpu", jupyter: false });
 * if (report.backend.name !== "cpu" || !String(report).includes("Deno")) {
 *   throw new Error(String(report));
 * }
 * ```
 */
export async function environmentReport(
  options: EnvironmentReportOptions = {},
): Promise<EnvironmentReport> {
  const backend = options.backend
    ? await setBackend(options.backend)
    : getBackendChoice() ?? await setBackend("auto");
  const [webgpu, jupyter, wasm] = await Promise.all([
    probeWebGpu(),
    options.jupyter === false ? undefined : probeJupyter(),
    wasmSupport(),
  ]);
  const memory = Deno.systemMemoryInfo();
  const report: Omit<EnvironmentReport, "rows" | "toString" | typeof JUPYTER_DISPLAY> = {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    tfjs: tf.version_core,
    backend,
    wasmSimd: wasm.simd,
    wasmThreads: wasm.threads,
    webgpu,
    cpus: navigator.hardwareConcurrency,
    memoryTotalBytes: memory.total,
    memoryFreeBytes: memory.available,
    os: `${Deno.build.os} ${Deno.build.arch} (${Deno.osRelease()})`,
    jupyter,
    dataMirror: Deno.env.get("AUTOGLM_DATA_MIRROR"),
    dataCache: Deno.env.get("AUTOGLM_DATA_CACHE"),
  };
  const rows = (): [string, string][] => reportRows(report);
  const asTable = () =>
    table(rows().map(([item, value]) => ({ item, value })), { title: "Open-AutoGLM environment" });
  return {
    ...report,
    rows,
    toString: () => asTable().toString(),
    [JUPYTER_DISPLAY]: (): MimeBundle => asTable()[JUPYTER_DISPLAY](),
  };
}

function reportRows(r: Omit<EnvironmentReport, "rows" | "toString" | typeof JUPYTER_DISPLAY>) {
  const yesNo = (b: boolean): string => b ? "yes" : "no";
  const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  const gpu = r.webgpu;
  const rows: [string, string][] = [
    ["Deno", r.deno],
    ["V8", r.v8],
    ["TypeScript", r.typescript],
    ["TensorFlow.js", r.tfjs],
    ["Backend", r.backend.name],
    ["Backend reason", r.backend.reason],
    ...r.backend.tried.map((t): [string, string] => [
      `Tried ${t.name}`,
      `${t.ok ? "ok" : "no"}: ${t.reason}`,
    ]),
    ["WASM SIMD", yesNo(r.wasmSimd)],
    ["WASM threads", yesNo(r.wasmThreads)],
    [
      "WebGPU adapter",
      gpu.available ? gpu.description || "unnamed" : `not available: ${gpu.reason}`,
    ],
    [
      "WebGPU vendor/architecture/device",
      gpu.available
        ? [gpu.vendor, gpu.architecture, gpu.device].map((s) => s || "-").join(" / ")
        : "-",
    ],
    ["WebGPU software fallback", gpu.available ? `${yesNo(gpu.fallback)} (${gpu.reason})` : "-"],
    ["CPUs", String(r.cpus)],
    ["Memory total", gib(r.memoryTotalBytes)],
    ["Memory free", gib(r.memoryFreeBytes)],
    ["OS", r.os],
    ["Jupyter", r.jupyter ? r.jupyter.reason : "not checked"],
    ["Deno kernel", r.jupyter?.denoKernel ?? (r.jupyter ? "not registered" : "not checked")],
    ["Data mirror", r.dataMirror ?? "not set (AUTOGLM_DATA_MIRROR)"],
    ["Data cache", r.dataCache ?? "not set (AUTOGLM_DATA_CACHE; default data/cache/)"],
  ];
  return rows;
}

async function wasmSupport(): Promise<{ simd: boolean; threads: boolean }> {
  // The flags are registered by the wasm backend module, which setBackend may not have loaded.
  await import("@tensorflow/tfjs-backend-wasm");
  return {
    simd: Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")),
    threads: Boolean(await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT")),
  };
}

function findJupyter(): string | undefined {
  const dirs = (Deno.env.get("PATH") ?? "").split(delimiter).filter((d) => d);
  for (const path of [...dirs.map((d) => join(d, "jupyter")), "/usr/bin/jupyter"]) {
    try {
      const stat = Deno.statSync(path);
      if (stat.isFile && ((stat.mode ?? 0o111) & 0o111) !== 0) return path;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

async function runText(path: string, args: string[]): Promise<string> {
  const command = new Deno.Command(path, {
    args,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(30_000),
  });
  const { code, stdout, stderr } = await command.output();
  const decoder = new TextDecoder();
  if (code !== 0) {
    throw new Error(`${path} ${args.join(" ")} exited with ${code}: ${decoder.decode(stderr)}`);
  }
  return decoder.decode(stdout);
}

async function probeJupyter(): Promise<JupyterInfo> {
  const path = findJupyter();
  if (!path) return { installed: false, reason: "not installed (no jupyter on PATH or /usr/bin)" };
  const [version, kernels] = await Promise.allSettled([
    runText(path, ["--version"]),
    runText(path, ["kernelspec", "list", "--json"]),
  ]);
  const info: JupyterInfo = { installed: true, path, reason: "" };
  if (version.status === "fulfilled") {
    const wanted = ["jupyter_core", "nbconvert", "notebook", "jupyterlab"];
    info.version = version.value.split("\n")
      .map((line) => /^\s*(\S+)\s*:\s*(.+?)\s*$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && wanted.includes(m[1]))
      .map((m) => `${m[1]} ${m[2]}`).join(", ");
  }
  let kernelNote = "";
  if (kernels.status === "fulfilled") {
    try {
      const specs = JSON.parse(kernels.value).kernelspecs as Record<
        string,
        { resource_dir?: string; spec?: { argv?: string[] } }
      >;
      const deno = Object.entries(specs).find(([, k]) =>
        /(^|\/)deno(\.exe)?$/.test(k.spec?.argv?.[0] ?? "")
      );
      if (deno) info.denoKernel = `${deno[0]} (${deno[1].resource_dir ?? "?"})`;
      else kernelNote = "; no Deno kernel registered (run `deno jupyter --install`)";
    } catch (error) {
      kernelNote = `; cannot read kernelspecs: ${errorText(error)}`;
    }
  } else kernelNote = `; cannot list kernelspecs: ${errorText(kernels.reason)}`;
  const versionNote = version.status === "fulfilled"
    ? info.version || "unknown version"
    : `version unknown: ${errorText(version.reason)}`;
  info.reason = `${path}: ${versionNote}${kernelNote}`;
  return info;
}
