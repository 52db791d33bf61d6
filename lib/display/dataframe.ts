/**
 * Row objects as a nodejs-polars DataFrame, so results can be filtered, sorted and aggregated like
 * pandas and render as HTML tables in Deno notebooks.
 *
 * polars is loaded on first use, not when this module is imported. A static import would cost
 * every `import "./mod.ts"` 50 to 95 ms and about 23 MB of memory (a 115 MB native library), and
 * would make loading the library need `--allow-sys --allow-read --allow-ffi`; now only the first
 * {@link dataFrame} or {@link loadPolars} call does.
 *
 * @module
 */

import type pl from "nodejs-polars";

/** The nodejs-polars module (`pl`), as {@link loadPolars} returns it. */
export type Polars = typeof pl;

/** A nodejs-polars DataFrame. */
export type DataFrame = pl.DataFrame;

type Series = pl.Series;

let polars: Promise<Polars> | undefined;

/**
 * Loads nodejs-polars once and returns it, for expressions such as `pl.col("acc").gt(0.8)`.
 *
 * @returns the `pl` namespace of npm `nodejs-polars`
 * @throws {Error} when the native library cannot load (it needs `--allow-sys --allow-read
 *   --allow-ffi`, or `-A`), with the cause attached
 *
 * @example
 * ```ts
 * import { loadPolars } from "./dataframe.ts";
 * const pl = await loadPolars();
 * const df = pl.DataFrame({ x: [1, 2, 3] });
 * if (df.filter(pl.col("x").gt(1)).height !== 2) throw new Error("bad filter");
 * ```
 */
export function loadPolars(): Promise<Polars> {
  polars ??= import("nodejs-polars").then(
    (module) => module.default,
    (cause: unknown) => {
      polars = undefined; // let a later call retry, e.g. after granting permissions
      throw new Error(
        `Cannot load nodejs-polars: ${cause instanceof Error ? cause.message : cause} ` +
          `(it needs --allow-sys --allow-read --allow-ffi, or -A, and a build for this platform)`,
        { cause },
      );
    },
  );
  return polars;
}

/** Options for {@link dataFrame}. */
export interface DataFrameOptions {
  /** Columns to keep, in order; default: every key of the rows, in first-seen order. */
  columns?: string[];
  /**
   * What to do with a column that mixes value types (say numbers and strings): `"error"` (the
   * default) throws, `"string"` turns every non-null value into text, as a table would show it.
   */
  mixed?: "error" | "string";
}

type Kind = "number" | "bigint" | "boolean" | "string" | "Date";

const EXPECTED = "expected a number, bigint, boolean, string, Date, null or undefined";

function kindOf(value: unknown): Kind | "other" {
  const t = typeof value;
  if (t === "number" || t === "bigint" || t === "boolean" || t === "string") return t;
  return value instanceof Date ? "Date" : "other";
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  const t = typeof value;
  return t === "object" ? "an object" : `a ${t}`;
}

/** Exact conversion to a JS number, or a RangeError naming the cell. */
function bigintToNumber(value: bigint, column: string, row: number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(
      `Cannot build DataFrame: column "${column}" row ${row} holds ${value}n, ` +
        `outside the exactly representable range +-(2^53 - 1)`,
    );
  }
  return n;
}

/** One typed polars Series for `column`: i64, f64, str, bool or datetime[ms]; missing is null. */
function columnSeries(
  pl: Polars,
  rows: readonly Record<string, unknown>[],
  column: string,
  mixed: "error" | "string",
): Series {
  const firstRow = new Map<Kind, number>();
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i][column];
    if (value === undefined || value === null) continue;
    const kind = kindOf(value);
    if (kind === "other") {
      throw new TypeError(
        `Cannot build DataFrame: column "${column}" row ${i} holds ${describe(value)}; ${EXPECTED}`,
      );
    }
    if (!firstRow.has(kind)) firstRow.set(kind, i);
  }
  const kinds = [...firstRow.keys()];
  const numeric = kinds.every((k) => k === "number" || k === "bigint");
  if (kinds.length === 0) {
    // Nothing to infer from: f64 is what polars itself picks for an all-null column.
    return pl.Series(column, rows.map(() => null), pl.Float64);
  }
  if (numeric) {
    const values = rows.map((row, i) => {
      const v = row[column];
      if (v === undefined || v === null) return null;
      return typeof v === "bigint" ? bigintToNumber(v, column, i) : v as number;
    });
    // JS has one number type, so whole-number columns (counts, ids, epochs) become i64.
    const integral = values.every((v) => v === null || Number.isSafeInteger(v));
    return pl.Series(column, values, integral ? pl.Int64 : pl.Float64);
  }
  if (kinds.length > 1) {
    if (mixed === "string") {
      return pl.Series(
        column,
        rows.map((row) => {
          const v = row[column];
          if (v === undefined || v === null) return null;
          return v instanceof Date ? v.toISOString() : String(v);
        }),
        pl.String,
      );
    }
    const found = [...firstRow].map(([k, i]) => `${k} (first at row ${i})`).join(" and ");
    throw new TypeError(
      `Cannot build DataFrame: column "${column}" mixes ${found}; convert its values to one ` +
        `type or pass { mixed: "string" }`,
    );
  }
  const values = rows.map((row) => row[column] ?? null);
  const dtype = kinds[0] === "string"
    ? pl.String
    : kinds[0] === "boolean"
    ? pl.Bool
    : pl.Datetime("ms");
  return pl.Series(column, values, dtype);
}

/**
 * Builds a nodejs-polars DataFrame from row objects (the same rows `table()` takes), with one
 * typed column per key: whole numbers (and bigints within +-(2^53 - 1)) become `i64`, other
 * numbers `f64` (NaN stays NaN), strings `str`, booleans `bool`, Dates `datetime[ms]`; `undefined`
 * and missing keys become null, and a column with no values at all is `f64`. For expressions take
 * `pl` from {@link loadPolars}: `df.filter(pl.col("acc").gt(0.8)).sort("acc", true)`.
 *
 * @param rows one plain object per row, keyed by column name
 * @param options columns to keep and how to treat columns of mixed types
 * @returns a DataFrame with `rows.length` rows; a notebook shows it as an HTML table (the
 *   promise rejects with the errors below)
 * @throws {TypeError} when a row is not an object, a cell holds an object or array, or a column
 *   mixes types (unless `mixed: "string"`)
 * @throws {RangeError} on a bigint outside +-(2^53 - 1) or a column listed twice
 *
 * @example
 * ```ts
 * import { dataFrame, loadPolars } from "./dataframe.ts";
 * const df = await dataFrame([
 *   { model: "gcn", seed: 0, acc: 0.815 },
 *   { model: "gat", seed: 0, acc: 0.83 },
 *   { model: "gcn", seed: 1 },
 * ]);
 * if (df.dtypes.map(String).join() !== "DataType(String),DataType(Int64),DataType(Float64)") {
 *   throw new Error(df.dtypes.join());
 * }
 * const pl = await loadPolars();
 * const best = df.filter(pl.col("acc").isNotNull()).sort("acc", true).row(0);
 * if (best[0] !== "gat") throw new Error(String(best));
 * ```
 */
export async function dataFrame(
  rows: readonly Record<string, unknown>[],
  options: DataFrameOptions = {},
): Promise<DataFrame> {
  const { mixed = "error" } = options;
  if (!Array.isArray(rows)) {
    throw new TypeError(
      `Cannot build DataFrame: rows must be an array of objects, got ${describe(rows)}`,
    );
  }
  if (mixed !== "error" && mixed !== "string") {
    throw new RangeError(`Cannot build DataFrame: mixed must be "error" or "string", got ${mixed}`);
  }
  rows.forEach((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new TypeError(
        `Cannot build DataFrame: row ${i} is ${describe(row)}; expected an object keyed by ` +
          `column name`,
      );
    }
  });
  const columns = options.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw new RangeError(`Cannot build DataFrame: columns lists "${c}" twice`);
    seen.add(c);
  }
  const pl = await loadPolars();
  return pl.DataFrame(columns.map((c) => columnSeries(pl, rows, c, mixed)));
}
