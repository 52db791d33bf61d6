/**
 * Reading raw data files: verified download/cache ({@linkcode fetchDataFile}), NumPy `.npy`/`.npz`,
 * GML graphs, gzipped numeric CSV and Python pickles (Planetoid's raw files). The data set loaders
 * are built on these; none of it is in the top-level module.
 *
 * @example
 * ```ts
 * import { parseNumericCsv } from "./mod.ts";
 * const t = parseNumericCsv(new TextEncoder().encode("1,2\n"), "x.csv");
 * if (t.data.join() !== "1,2") throw new Error("unexpected");
 * ```
 *
 * @module
 */
export { type DataFile, fetchDataFile, type FetchOptions, resolveCacheDir } from "./fetch.ts";
export { type NpyArray, parseNpy, readNpz } from "./npy.ts";
export { type GmlBlock, type GmlGraph, type GmlValue, parseGml } from "./gml.ts";
export {
  type CsvNumberType,
  type CsvOptions,
  type NumericTable,
  parseNumericCsv,
  readCsvGz,
  type TableFor,
} from "./csv_gz.ts";
export { type NumericArray, type PickledArray, readPickle } from "./pickle.ts";
