/**
 * Data-file access: a verified local cache, filled from an offline mirror or the public source URL.
 *
 * Lookup order for a {@linkcode DataFile}:
 * 1. the cache (`options.cacheDir`, else `$AUTOGLM_DATA_CACHE`, else the project's `data/cache/`),
 *    used when the file there passes its checksum;
 * 2. the mirror (`options.mirror`, else `$AUTOGLM_DATA_MIRROR`): a directory, a `file://` URL or an
 *    `http(s)://` base, laid out like the project's `data/README.md` describes;
 * 3. with no mirror, the file's public URL.
 *
 * Every file is checked (size, sha256 or git blob id) before it is written to the cache, and it is
 * written atomically (temporary file + rename), so the cache never holds a partial or corrupt file.
 *
 * @module
 */
import { errorText } from "../_error_text.ts";
import { writeFileAtomic } from "./write_atomic.ts";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** One raw file of a data set, as listed in the data manifest. */
export interface DataFile {
  /** Path relative to the mirror/cache root, e.g. `"planetoid/ind.cora.x"`. */
  readonly path: string;
  /** Public download URL. */
  readonly url: string;
  /** Expected sha256, lowercase hex (this or `gitBlob` is given). */
  readonly sha256?: string;
  /** Expected git blob SHA-1 (`sha1("blob <len>\0" + bytes)`), 40 lowercase hex. */
  readonly gitBlob?: string;
  /** Expected size in bytes. */
  readonly bytes?: number;
}

/** Where files come from and go. */
export interface FetchOptions {
  /** Cache root; default `$AUTOGLM_DATA_CACHE` or the project's `data/cache/`. */
  cacheDir?: string;
  /** Mirror: a directory, `file://` or `http(s)://` base; default `$AUTOGLM_DATA_MIRROR`. */
  mirror?: string;
}

const PROGRESS_MIN_BYTES = 1 << 20;
const PROGRESS_INTERVAL_MS = 1000;

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
}

/**
 * The cache root used for `options`: `options.cacheDir`, `$AUTOGLM_DATA_CACHE`, or the project's
 * `data/cache/` directory.
 *
 * @example
 * ```ts
 * import { resolveCacheDir } from "./fetch.ts";
 * if (resolveCacheDir({ cacheDir: "/tmp/c" }) !== "/tmp/c") throw new Error("unexpected");
 * ```
 */
export function resolveCacheDir(options: FetchOptions = {}): string {
  const dir = options.cacheDir ?? env("AUTOGLM_DATA_CACHE");
  if (dir) return dir;
  const url = new URL("../../data/cache/", import.meta.url);
  if (url.protocol !== "file:") {
    throw new Error(
      `Cannot choose a data cache: the library was loaded from ${url.origin}; set AUTOGLM_DATA_CACHE or pass cacheDir`,
    );
  }
  return fileURLToPath(url);
}

/**
 * Returns the bytes of a data file, verified against its size and checksum, caching them.
 *
 * @throws {Error} on a checksum or size mismatch (naming the file, where it came from, and the
 * expected and actual values), a file missing from the mirror, or a failed download.
 * @example
 * ```ts
 * import { fetchDataFile } from "./fetch.ts";
 * const mirror = await Deno.makeTempDir();
 * const cacheDir = await Deno.makeTempDir();
 * await Deno.mkdir(`${mirror}/demo`);
 * await Deno.writeTextFile(`${mirror}/demo/a.txt`, "abc");
 * const file = {
 *   path: "demo/a.txt",
 *   url: "https://example.org/a.txt",
 *   sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
 *   bytes: 3,
 * };
 * const bytes = await fetchDataFile(file, { mirror, cacheDir });
 * if (new TextDecoder().decode(bytes) !== "abc") throw new Error("unexpected");
 * await Deno.remove(mirror, { recursive: true });
 * await Deno.remove(cacheDir, { recursive: true });
 * ```
 */
export async function fetchDataFile(
  file: DataFile,
  options: FetchOptions = {},
): Promise<Uint8Array> {
  if (!file.sha256 && !file.gitBlob) {
    throw new Error(`Cannot fetch ${file.path}: the file entry has neither sha256 nor gitBlob`);
  }
  const cachePath = join(resolveCacheDir(options), file.path);
  const cached = await readIfExists(cachePath);
  if (cached) {
    if ((await verifyError(cached, file, cachePath)) === undefined) return cached;
    await Deno.remove(cachePath).catch(() => {}); // never keep a corrupt copy
  }
  const mirror = options.mirror ?? env("AUTOGLM_DATA_MIRROR");
  // A file missing from the mirror still has its public source: try that before giving up.
  const { bytes, source } = (mirror && await readFromMirror(file, mirror)) ||
    await downloadPublic(file, cachePath, mirror && mirrorLocation(file, mirror));
  const problem = await verifyError(bytes, file, source);
  if (problem !== undefined) throw new Error(`Cannot fetch ${file.path}: ${problem}`);
  await writeFileAtomic(cachePath, bytes);
  return bytes;
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

function mirrorLocation(file: DataFile, mirror: string): string {
  if (/^https?:\/\//.test(mirror)) return `${mirror.replace(/\/+$/, "")}/${file.path}`;
  return join(mirror.startsWith("file:") ? fileURLToPath(mirror) : mirror, file.path);
}

// The file's bytes from the mirror, or undefined when the mirror does not have it.
async function readFromMirror(
  file: DataFile,
  mirror: string,
): Promise<{ bytes: Uint8Array; source: string } | undefined> {
  const location = mirrorLocation(file, mirror);
  if (/^https?:\/\//.test(location)) {
    const url = location;
    let response: Response;
    try {
      response = await fetch(url);
    } catch (e) {
      throw new Error(`Cannot fetch ${file.path}: mirror ${url} is unreachable (${errorText(e)})`);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`Cannot fetch ${file.path}: mirror ${url} answered HTTP ${response.status}`);
    }
    return { bytes: await readBody(response, file), source: url };
  }
  const bytes = await readIfExists(location);
  return bytes && { bytes, source: location };
}

async function downloadPublic(
  file: DataFile,
  cachePath: string,
  mirrorMiss?: string,
): Promise<{ bytes: Uint8Array; source: string }> {
  let failure: string;
  try {
    const response = await fetch(file.url);
    if (response.ok) return { bytes: await readBody(response, file), source: file.url };
    await response.body?.cancel();
    failure = `HTTP ${response.status}`;
  } catch (e) {
    failure = errorText(e);
  }
  const missing = mirrorMiss ? `not found in mirror (looked at ${mirrorMiss}) and ` : "";
  throw new Error(
    `Cannot fetch ${file.path}: ${missing}download from ${file.url} failed (${failure}); ` +
      `to work offline, set AUTOGLM_DATA_MIRROR to a directory laid out like the project's ` +
      `data/README.md describes, or place the file at ${cachePath}`,
  );
}

/** Reads a response body, printing a throttled progress line to stderr for large files. */
async function readBody(response: Response, file: DataFile): Promise<Uint8Array> {
  const total = Number(response.headers.get("content-length")) || file.bytes || 0;
  if (!response.body || total < PROGRESS_MIN_BYTES) {
    return new Uint8Array(await response.arrayBuffer());
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  let last = Date.now();
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const say = (text: string) => Deno.stderr.writeSync(new TextEncoder().encode(text + "\n"));
  for await (const chunk of response.body) {
    chunks.push(chunk);
    received += chunk.length;
    if (Date.now() - last >= PROGRESS_INTERVAL_MS) {
      last = Date.now();
      say(`Downloading ${file.path}: ${mb(received)} / ${mb(total)} MB`);
    }
  }
  say(`Downloaded ${file.path}: ${mb(received)} MB`);
  const out = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Why `bytes` does not match `file`, or undefined when it does. */
async function verifyError(
  bytes: Uint8Array,
  file: DataFile,
  source: string,
): Promise<string | undefined> {
  if (file.bytes !== undefined && bytes.length !== file.bytes) {
    const what = bytes.length < file.bytes ? "is truncated" : "has the wrong size";
    return `file from ${source} ${what} (expected ${file.bytes} bytes, got ${bytes.length})`;
  }
  if (file.sha256) {
    const got = await hex("SHA-256", bytes);
    if (got !== file.sha256.toLowerCase()) {
      return `checksum mismatch for the file from ${source} (expected sha256 ${file.sha256}, got ${got})`;
    }
  }
  if (file.gitBlob) {
    const head = new TextEncoder().encode(`blob ${bytes.length}\0`);
    const blob = new Uint8Array(head.length + bytes.length);
    blob.set(head);
    blob.set(bytes, head.length);
    const got = await hex("SHA-1", blob);
    if (got !== file.gitBlob.toLowerCase()) {
      return `checksum mismatch for the file from ${source} (expected git blob ${file.gitBlob}, got ${got})`;
    }
  }
  return undefined;
}

async function hex(algorithm: "SHA-256" | "SHA-1", bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest(algorithm, bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
