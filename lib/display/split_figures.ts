/**
 * A split shown: each part's class proportions against the whole graph's, as a figure and as a
 * table (what `splitSummary` counts).
 *
 * @module
 */
import type { SplitSummary } from "../splits/split_summary.ts";
import { classDistribution, type Figure, titled } from "./figures.ts";
import { type Table, table } from "./table.ts";

/** Options of {@linkcode splitFigure} and {@linkcode splitTable}. */
export interface SplitFigureOptions {
  /** Class names, one per class; default `"0"`, `"1"`, ... */
  classNames?: readonly string[];
  /** The title; default one naming the split. */
  title?: string;
}

/**
 * Grouped bars of the class proportions: all nodes first, then each part (`train (140)`, ...), so
 * a part whose bars follow the first series keeps the graph's class balance.
 *
 * @param summary what `splitSummary(split, y, numClasses)` returned
 * @param options class names and title
 * @returns a bar figure with one trace per series
 *
 * @example
 * ```ts
 * import { splitFigure } from "./split_figures.ts";
 * import { splitSummary } from "../splits/split_summary.ts";
 * const y = new Int32Array([0, 1, 1, 0]);
 * const split = { name: "toy", train: new Int32Array([0, 1]), val: new Int32Array([2]), test: new Int32Array([3]) };
 * const fig = splitFigure(splitSummary(split, y, 2));
 * if (fig.data.map((t) => t.name).join() !== "all (4),train (2),val (1),test (1)") throw new Error("names");
 * ```
 */
export function splitFigure(summary: SplitSummary, options: SplitFigureOptions = {}): Figure {
  const proportions: Record<string, number[]> = {
    [`all (${summary.numNodes})`]: summary.overallProportions,
  };
  for (const p of summary.parts) proportions[`${p.part} (${p.count})`] = p.classProportions;
  return titled(classDistribution(proportions, options.classNames), {
    title: options.title ?? `Split ${summary.name}: class proportions per part`,
    y: "share of the part's nodes",
  });
}

/**
 * One row per class: its share of all nodes, then for each part its nodes and its share.
 *
 * @param summary what `splitSummary(split, y, numClasses)` returned
 * @param options class names and title
 * @returns a {@linkcode Table} with the columns `class`, `all share`, `<part> nodes`,
 *   `<part> share` (shares to 3 decimals)
 *
 * @example
 * ```ts
 * import { splitTable } from "./split_figures.ts";
 * import { splitSummary } from "../splits/split_summary.ts";
 * const y = new Int32Array([0, 1, 1, 0]);
 * const split = { name: "toy", train: new Int32Array([0, 1]), val: new Int32Array([2]), test: new Int32Array([3]) };
 * const t = splitTable(splitSummary(split, y, 2), { classNames: ["a", "b"] });
 * if (t.cells[1].join() !== "b,0.500,1,0.500,1,1,0,0") throw new Error(String(t));
 * ```
 */
export function splitTable(summary: SplitSummary, options: SplitFigureOptions = {}): Table {
  const names = options.classNames ??
    Array.from({ length: summary.numClasses }, (_, c) => String(c));
  return table(
    names.map((name, c) => {
      const row: Record<string, unknown> = {
        class: name,
        "all share": summary.overallProportions[c],
      };
      for (const p of summary.parts) {
        row[`${p.part} nodes`] = p.classCounts[c];
        row[`${p.part} share`] = p.classProportions[c];
      }
      return row;
    }),
    {
      title: options.title ?? `Split ${summary.name}: nodes and share per class and part`,
      digits: 3,
    },
  );
}
