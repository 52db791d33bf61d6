/**
 * Raw data files for tests, obtained exactly as the loaders obtain them: through
 * `fetchDataFile`, so from the cache (`cacheDir`, else `$AUTOGLM_DATA_CACHE`, else `data/cache/`),
 * the mirror (`$AUTOGLM_DATA_MIRROR`) or the file's public URL, verified by its checksum. Tests never
 * read a data path outside the repository themselves: without a mirror and without network they
 * fail with `fetchDataFile`'s error, which names the file and how to provide it.
 *
 * @module
 */
import { join } from "node:path";
import { fetchDataFile, type FetchOptions, resolveCacheDir } from "../lib/io/fetch.ts";
import { DATA_FILES } from "../lib/datasets/sources.ts";

function entry(path: string) {
  const file = DATA_FILES[path];
  if (!file) throw new Error(`Cannot get raw data file ${path}: it is not a key of DATA_FILES`);
  return file;
}

/**
 * The verified bytes of the raw data file `path` (a key of `DATA_FILES`).
 *
 * @example
 * ```ts
 * import { rawDataFile } from "./_data.ts";
 * // rawDataFile("karate/karate_with_attributes.gml") needs a mirror, a filled cache or network.
 * const message = await rawDataFile("karate/karate.gml").then(() => "", (e: Error) => e.message);
 * if (message !== "Cannot get raw data file karate/karate.gml: it is not a key of DATA_FILES") {
 *   throw new Error(message);
 * }
 * ```
 */
export async function rawDataFile(path: string, options: FetchOptions = {}): Promise<Uint8Array> {
  return await fetchDataFile(entry(path), options);
}

/**
 * The local path of the raw data file `path` (a key of `DATA_FILES`): its verified copy in the
 * cache, fetched first. For oracles in other languages that read files by path.
 *
 * @example
 * ```ts
 * import { rawDataPath } from "./_data.ts";
 * // rawDataPath("heterophilous-yandex/texas.npz") needs a mirror, a filled cache or network.
 * const message = await rawDataPath("texas.npz").then(() => "", (e: Error) => e.message);
 * if (message !== "Cannot get raw data file texas.npz: it is not a key of DATA_FILES") {
 *   throw new Error(message);
 * }
 * ```
 */
export async function rawDataPath(path: string, options: FetchOptions = {}): Promise<string> {
  await fetchDataFile(entry(path), options);
  return join(resolveCacheDir(options), path);
}
