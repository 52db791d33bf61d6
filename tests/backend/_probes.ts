/**
 * Independent probes of this machine, written without the code under test, so backend tests derive
 * their expectations from the machine instead of hard-coding it.
 *
 * @module
 */

import { createRequire } from "node:module";
import { join } from "node:path";

/** What a direct `navigator.gpu.requestAdapter()` says. */
export async function rawAdapter(): Promise<
  { exists: boolean; software: boolean; description: string }
> {
  const gpu = (navigator as unknown as {
    gpu?: { requestAdapter(): Promise<{ info?: Record<string, unknown> } | null> };
  }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return { exists: false, software: false, description: "" };
  const info = adapter.info ?? {};
  const text = ["description", "vendor", "architecture", "device"].map((k) => String(info[k] ?? ""))
    .join(" ");
  const software = info.isFallbackAdapter === true ||
    /llvmpipe|lavapipe|swiftshader|softpipe|\bcpu\b/i.test(text);
  return { exists: true, software, description: String(info.description ?? "") };
}

/** Whether a package resolves from the current directory's node_modules. */
export function resolvable(name: string): boolean {
  try {
    createRequire(join(Deno.cwd(), "x.js")).resolve(name);
    return true;
  } catch {
    return false;
  }
}
