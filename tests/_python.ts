/**
 * Runs Python oracle scripts for tests that compare against numpy/scipy. The interpreter is the
 * first of `python3`, `/usr/bin/python3` that can import the requested modules (cached per module
 * set); when none can, the call fails — oracle tests never skip.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** Options for {@linkcode runPython} and {@linkcode runPythonJson}. */
export interface PythonOptions {
  /** Command-line arguments, seen by the script as `sys.argv[1:]`. */
  args?: string[];
  /** When given, JSON-encoded and written to the script's stdin. */
  input?: unknown;
  /** Modules the interpreter must be able to import; defaults to numpy and scipy.sparse. */
  modules?: string[];
}

const CANDIDATES = ["python3", "/usr/bin/python3"];
const DEFAULT_MODULES = ["numpy", "scipy.sparse"];
const interpreters = new Map<string, Promise<string>>();

async function probe(modules: string[]): Promise<string> {
  for (const candidate of CANDIDATES) {
    try {
      const { success } = await new Deno.Command(candidate, {
        args: ["-c", `import ${modules.join(", ")}`],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).output();
      if (success) return candidate;
    } catch {
      // not installed: try the next one
    }
  }
  throw new Error(
    `Cannot run the Python oracle: no python3 with ${modules.join(", ")} ` +
      `(tried ${CANDIDATES.join(", ")}); install python3-numpy python3-scipy`,
  );
}

/** The first candidate interpreter that can import every module in `modules`. */
function findPython(modules: string[]): Promise<string> {
  const key = modules.join(",");
  let found = interpreters.get(key);
  if (!found) {
    found = probe(modules);
    interpreters.set(key, found);
    found.catch(() => interpreters.delete(key));
  }
  return found;
}

/** Runs `script` (as `python -c script ...args`) and returns its raw stdout; throws on failure. */
export async function runPython(script: string, options: PythonOptions = {}): Promise<string> {
  const { args = [], input, modules = DEFAULT_MODULES } = options;
  const python = await findPython(modules);
  const child = new Deno.Command(python, {
    args: ["-c", script, ...args],
    stdin: input === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (input !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(JSON.stringify(input)));
    await writer.close();
  }
  const { success, stdout, stderr } = await child.output();
  if (!success) throw new Error(`Python oracle failed: ${new TextDecoder().decode(stderr)}`);
  return new TextDecoder().decode(stdout);
}

/** Like {@linkcode runPython}, with stdout parsed as JSON. */
export async function runPythonJson<T>(script: string, options: PythonOptions = {}): Promise<T> {
  return JSON.parse(await runPython(script, options)) as T;
}

/** sha256 (hex) of an array's bytes, to compare with `hashlib.sha256(a.tobytes())` in an oracle. */
export function sha256Hex(a: ArrayBufferView): string {
  return createHash("sha256")
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest("hex");
}
