/**
 * Asks the runtime for a WebGPU adapter and says whether it is a real GPU or a software
 * rasteriser (llvmpipe, lavapipe, SwiftShader, ...), which is correct but slower than WASM.
 *
 * @module
 */

import { errorText } from "../_error_text.ts";

/** What {@link probeWebGpu} found. */
export interface WebGpuProbe {
  /** Whether `navigator.gpu.requestAdapter()` returned an adapter. */
  available: boolean;
  /** Whether that adapter is a software fallback (emulated on the CPU). */
  fallback: boolean;
  /** Adapter vendor, as reported (may be a numeric PCI id). */
  vendor: string;
  /** Adapter architecture, often empty. */
  architecture: string;
  /** Adapter device id, as reported. */
  device: string;
  /** Human-readable adapter description, e.g. `llvmpipe (LLVM 15.0.6, 256 bits)`. */
  description: string;
  /** One line: the adapter, or why there is none, and why it counts as software if it does. */
  reason: string;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<AdapterInfoLike>;
}

const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|softpipe|\bcpu\b/i;

/**
 * Requests a WebGPU adapter (no device is created) and describes it.
 *
 * @returns the adapter's identity and whether it is a software fallback; never throws
 *
 * @example
 * ```ts
 * import { probeWebGpu } from "./webgpu_adapter.ts";
 * const gpu = await probeWebGpu();
 * if (!gpu.available && gpu.fallback) throw new Error("no adapter cannot be a fallback");
 * if (gpu.reason.length === 0) throw new Error("reason missing");
 * ```
 */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const none = (reason: string): WebGpuProbe => ({
    available: false,
    fallback: false,
    vendor: "",
    architecture: "",
    device: "",
    description: "",
    reason,
  });
  const gpu = (navigator as unknown as {
    gpu?: { requestAdapter(): Promise<AdapterLike | null> };
  }).gpu;
  if (!gpu) return none("no adapter: navigator.gpu is missing (this runtime has no WebGPU)");
  let adapter: AdapterLike | null;
  try {
    giveMesaARuntimeDir();
    adapter = await gpu.requestAdapter();
  } catch (error) {
    return none(`no adapter: navigator.gpu.requestAdapter() failed: ${errorText(error)}`);
  }
  if (!adapter) return none("no adapter: navigator.gpu.requestAdapter() returned null");
  // Older runtimes expose the info only through requestAdapterInfo().
  const info = adapter.info ?? await adapter.requestAdapterInfo?.().catch(() => undefined) ?? {};
  const vendor = String(info.vendor ?? "");
  const architecture = String(info.architecture ?? "");
  const device = String(info.device ?? "");
  const description = String(info.description ?? "");
  const named = [description, vendor, architecture, device].map((s) => SOFTWARE_NAMES.exec(s))
    .find((match) => match !== null)?.[0];
  const flagged = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
  const fallback = flagged || named !== undefined;
  const label = description || [vendor, architecture, device].filter((s) => s).join(" ") ||
    "unnamed adapter";
  const why = [flagged ? "isFallbackAdapter" : "", named ? `${named} is a software renderer` : ""]
    .filter((s) => s).join(", ");
  const reason = fallback ? `software adapter ${label}: ${why}` : `hardware adapter ${label}`;
  return { available: true, fallback, vendor, architecture, device, description, reason };
}

/**
 * Mesa's software Vulkan driver (lavapipe) prints `error: XDG_RUNTIME_DIR is invalid or not set` on
 * every adapter request when the variable is unset (headless servers, containers, CI), although
 * nothing is wrong: it only looks there for a Wayland display. Give this process a private, empty
 * runtime directory (mode 0700, as the XDG spec asks; removed at exit) before the first request.
 * Without permission to read the environment or make a directory, leave things as they are.
 */
function giveMesaARuntimeDir(): void {
  try {
    if (Deno.build.os !== "linux" || Deno.env.get("XDG_RUNTIME_DIR")) return;
    const dir = Deno.makeTempDirSync({ prefix: "open-autoglm-runtime-" });
    Deno.env.set("XDG_RUNTIME_DIR", dir);
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(dir);
      } catch { /* already gone */ }
    });
  } catch { /* no --allow-env or --allow-write: Mesa's message stays, harmless */ }
}
