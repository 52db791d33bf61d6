/**
 * Runs a test body with a fresh temporary directory that is removed afterwards.
 *
 * @module
 */

/** Calls `fn` with a new temporary directory and removes it (recursively) when `fn` settles. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "autoglm-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
