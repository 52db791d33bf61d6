/**
 * A tiny table for reports and data-set summaries: aligned text in a terminal, an HTML table in a
 * notebook.
 *
 * @module
 */

import { type DataFrame, dataFrame, type DataFrameOptions } from "./dataframe.ts";
import { type Displayable, JUPYTER_DISPLAY, type MimeBundle } from "./jupyter.ts";

/** Options for {@link table}. */
export interface TableOptions {
  /** Columns to show, in order; default: every key of the rows, in first-seen order. */
  columns?: string[];
  /** A caption printed above the table. */
  title?: string;
  /** Decimal places for non-integer numbers; default 4. */
  digits?: number;
}

/** A table that prints as aligned text and displays as HTML in Jupyter. */
export interface Table extends Displayable {
  /** Column names, in display order. */
  readonly columns: string[];
  /** Cell text, one array per row, aligned with {@link Table.columns}. */
  readonly cells: string[][];
  /** Whether each column holds only numbers (and so is right-aligned). */
  readonly numeric: boolean[];
  /** The caption, if any. */
  readonly title?: string;
  /** The table as an HTML `<table>` with every cell escaped. */
  toHtml(): string;
  /**
   * The rows' values (not their formatted text) as a polars DataFrame with this table's columns,
   * typed as {@link dataFrame} types them (which loads polars on first use).
   */
  toDataFrame(options?: Omit<DataFrameOptions, "columns">): Promise<DataFrame>;
}

/**
 * Escapes `&`, `<`, `>`, `"` and `'` for use in HTML text and attribute values.
 *
 * @param text raw text
 * @returns text safe to put between tags or in a quoted attribute
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./table.ts";
 * if (escapeHtml(`<a href="x">&</a>`) !== "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;") {
 *   throw new Error("not escaped");
 * }
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function formatCell(value: unknown, digits: number): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") {
    return Number.isInteger(value) || !Number.isFinite(value)
      ? String(value)
      : value.toFixed(digits);
  }
  // Newlines would break the text layout; tabs would break alignment.
  return String(value).replace(/\s*\n\s*|\t/g, " ");
}

/**
 * Builds a table from row objects. Numbers are right-aligned, everything else left-aligned;
 * missing cells are blank.
 *
 * @param rows one object per row, keyed by column name
 * @param options columns, title and number formatting
 * @returns a {@link Table}; `String(t)` gives the text, `t.toHtml()` the HTML and
 *   `await t.toDataFrame()` a polars DataFrame
 *
 * @example
 * ```ts
 * import { table } from "./table.ts";
 * const t = table([{ name: "cora", nodes: 2708 }, { name: "citeseer", nodes: 3327 }]);
 * const expected = [
 *   "name      nodes",
 *   "--------  -----",
 *   "cora       2708",
 *   "citeseer   3327",
 * ].join("\n");
 * if (t.toString() !== expected) throw new Error(t.toString());
 * if ((await t.toDataFrame()).getColumn("nodes").sum() !== 6035) throw new Error("bad DataFrame");
 * ```
 */
export function table(rows: Record<string, unknown>[], options: TableOptions = {}): Table {
  const { title, digits = 4 } = options;
  if (!Number.isInteger(digits) || digits < 0 || digits > 100) {
    throw new RangeError(`Cannot build table: digits must be an integer in 0..100, got ${digits}`);
  }
  const columns = options.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c], digits)));
  const numeric = columns.map((c) =>
    rows.some((row) => row[c] != null) &&
    rows.every((row) => row[c] == null || typeof row[c] === "number" || typeof row[c] === "bigint")
  );
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const line = (texts: string[]): string =>
    texts.map((t, j) => numeric[j] ? t.padStart(widths[j]) : t.padEnd(widths[j]))
      .join("  ").trimEnd();

  const toString = (): string =>
    [
      ...(title ? [title] : []),
      line(columns),
      widths.map((w) => "-".repeat(w)).join("  "),
      ...cells.map(line),
    ].join("\n");

  const toHtml = (): string => {
    const align = (j: number): string => numeric[j] ? ` style="text-align:right"` : "";
    const head = columns.map((c, j) => `<th${align(j)}>${escapeHtml(c)}</th>`).join("");
    const body = cells.map((r) =>
      `<tr>${r.map((t, j) => `<td${align(j)}>${escapeHtml(t)}</td>`).join("")}</tr>`
    ).join("\n");
    const caption = title ? `<caption>${escapeHtml(title)}</caption>` : "";
    return `<table>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
  };

  return {
    columns,
    cells,
    numeric,
    title,
    toString,
    toHtml,
    toDataFrame: (options = {}) => dataFrame(rows, { ...options, columns }),
    [JUPYTER_DISPLAY]: (): MimeBundle => ({ "text/plain": toString(), "text/html": toHtml() }),
  };
}
