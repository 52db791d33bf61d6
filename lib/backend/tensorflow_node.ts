/**
 * Finds and loads the native TensorFlow backend (`@tensorflow/tfjs-node-gpu`, then
 * `@tensorflow/tfjs-node`) only when the user already has it in `node_modules`. Resolution is a
 * plain file-system lookup, so nothing is ever downloaded.
 *
 * @module
 */

import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { errorText } from "../_error_text.ts";

/** The native packages, most capable first. */
export const TENSORFLOW_PACKAGES = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"] as const;

/** What to do when no native package loads; part of `setBackend("tensorflow")`'s error. */
export const TENSORFLOW_INSTALL_HINT =
  "to use it, install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu) into node_modules with " +
  "`npm install @tensorflow/tfjs-node`, or add `npm:@tensorflow/tfjs-node@4.22.0` to deno.json's " +
  "imports and run `deno install --allow-scripts=npm:@tensorflow/tfjs-node`; its install script " +
  "downloads libtensorflow, which needs internet, and the GPU build also needs CUDA 11.2 and " +
  "cuDNN 8.1";

/** Result of {@link loadTensorflowNode}. */
export interface TensorflowNodeProbe {
  /** Whether the `tensorflow` backend is now registered with this `@tensorflow/tfjs`. */
  ok: boolean;
  /** The package that loaded, if any. */
  package?: string;
  /** One line per package: loaded, `not installed`, or why it failed. */
  reason: string;
}

/** Options for {@link loadTensorflowNode}. */
export interface TensorflowNodeOptions {
  /** Directories to resolve from; default: the current directory and this project's root. */
  searchFrom?: string[];
}

function defaultSearchDirs(): string[] {
  const dirs = [Deno.cwd()];
  const root = new URL("../../", import.meta.url);
  if (root.protocol === "file:") dirs.push(fileURLToPath(root));
  return dirs;
}

/**
 * Loads the first native TensorFlow package that resolves from `searchFrom`, and checks that it
 * registered the `tensorflow` backend with the same tfjs-core this project uses.
 *
 * @param options where to look
 * @returns whether a package loaded, and why each did not
 *
 * @example
 * ```ts
 * import { loadTensorflowNode } from "./tensorflow_node.ts";
 * const probe = loadTensorflowNode({ searchFrom: [await Deno.makeTempDir()] });
 * if (probe.ok || !probe.reason.includes("@tensorflow/tfjs-node not installed")) {
 *   throw new Error(probe.reason);
 * }
 * ```
 */
export function loadTensorflowNode(options: TensorflowNodeOptions = {}): TensorflowNodeProbe {
  const dirs = options.searchFrom ?? defaultSearchDirs();
  const notes: string[] = [];
  for (const name of TENSORFLOW_PACKAGES) {
    const resolved = resolveFrom(name, dirs);
    if (!resolved) {
      notes.push(`${name} not installed`);
      continue;
    }
    try {
      resolved.require(resolved.path);
    } catch (error) {
      notes.push(`${name} installed but failed to load: ${errorText(error)}`);
      continue;
    }
    if (!tf.findBackendFactory("tensorflow")) {
      notes.push(
        `${name} loaded but registered with another copy of @tensorflow/tfjs-core ` +
          `(install version ${tf.version_core} to match @tensorflow/tfjs)`,
      );
      continue;
    }
    notes.push(`${name} loaded`);
    return { ok: true, package: name, reason: notes.join("; ") };
  }
  return { ok: false, reason: notes.join("; ") };
}

function resolveFrom(
  name: string,
  dirs: string[],
): { path: string; require: NodeJS.Require } | undefined {
  for (const dir of dirs) {
    const require = createRequire(join(dir, "_resolve_from_here.js"));
    try {
      return { path: require.resolve(name), require };
    } catch {
      // Not below this directory; try the next.
    }
  }
  return undefined;
}
