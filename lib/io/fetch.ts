/**
 * Data-file access: public source URL -> verified, atomically written cache, with an offline mirror.
 * (Interface fixed; implementation to be completed by the data-access work.)
 *
 * @module
 */

/** One raw file of a data set, as listed in the data manifest. */
export interface DataFile {
  /** Path relative to the mirror/cache root, e.g. `"planetoid/ind.cora.x"`. */
  readonly path: string;
  /** Public download URL. */
  readonly url: string;
  /** Expected sha256, lowercase hex. */
  readonly sha256: string;
  /** Expected size in bytes. */
  readonly bytes: number;
}

/** Where files come from and go. */
export interface FetchOptions {
  /** Cache root; default `$AUTOGLM_DATA_CACHE` or the project's `data/cache/`. */
  cacheDir?: string;
  /** Mirror: a directory, `file://` or `http(s)://` base; default `$AUTOGLM_DATA_MIRROR`. */
  mirror?: string;
}

/** Returns the bytes of a data file, verified against its sha256. */
export function fetchDataFile(file: DataFile, options: FetchOptions = {}): Promise<Uint8Array> {
  const mirror = options.mirror ?? Deno.env.get("AUTOGLM_DATA_MIRROR");
  if (!mirror) throw new Error(`Cannot fetch ${file.path}: not implemented yet`);
  return Deno.readFile(`${mirror.replace(/\/$/, "")}/${file.path}`);
}
