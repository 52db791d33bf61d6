/**
 * Paths as the repository names them, for records and headers that are committed.
 *
 * @module
 */
import { relative } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;

/** `path` relative to the repository root when it lies inside it, else `path` as given. */
export function repoPath(path: string): string {
  const rel = relative(ROOT, path);
  return rel.startsWith("..") || rel === "" ? path : rel;
}

/** `path` under the repository root, e.g. `repoFile("configs/tuned")`. */
export function repoFile(path: string): string {
  return `${ROOT}${path}`;
}
