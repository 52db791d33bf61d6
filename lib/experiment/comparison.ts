/**
 * Showing a {@linkcode ReproduceResult}: the comparison table (mean ± std next to the paper's
 * figure), every seed's test accuracy, and grouped bars with error bars next to the paper.
 *
 * @module
 */
import { type Figure, groupedBars } from "../display/figures.ts";
import { type Table, table } from "../display/table.ts";
import { canonicalModelName } from "../models/model.ts";
import { meanStd, type ReproduceResult, type ReproduceRow } from "./results.ts";

const pct = (x: number, digits = 1) => (100 * x).toFixed(digits);

const MODEL_LABELS: Readonly<Record<string, string>> = {
  gcn: "GCN",
  gat: "GAT",
  sage: "GraphSAGE",
  mlp: "MLP",
  adaptive: "AdaptiveGNN",
};

const DATASET_LABELS: Readonly<Record<string, string>> = {
  cora: "Cora",
  citeseer: "CiteSeer",
  pubmed: "PubMed",
};

// "+0.4", "-1.1", and "0.0" for differences that round to zero either way.
function signedPoints(difference: number): string {
  const text = pct(Math.abs(difference));
  if (text === pct(0)) return text;
  return `${difference > 0 ? "+" : "-"}${text}`;
}

function seedCount(result: ReproduceResult): number {
  const counts = [...new Set(result.rows.map((r) => r.seeds))];
  return counts.length === 1 ? counts[0] : Math.max(...counts);
}

function checkRows(action: string, result: ReproduceResult): void {
  if (result.rows.length === 0) throw new RangeError(`Cannot ${action}: result has no rows`);
}

/**
 * The comparison table as display rows (accuracies in percent, one decimal): mean ± std of the
 * test and validation accuracy over seeds, the paper's figure and the difference in points.
 *
 * @param result what {@linkcode reproduce} returned
 * @returns one row object per data set and model
 *
 * @example
 * ```ts
 * import { comparisonRows } from "./comparison.ts";
 * const rows = comparisonRows({ protocol: "original", backend: "cpu", rows: [{
 *   dataset: "cora", model: "gcn", seeds: 2, testAccuracy: { mean: 0.8, std: 0.01, runs: [0.79, 0.81] },
 *   valAccuracy: { mean: 0.79, std: 0 }, seconds: 3, paper: 0.815, seedRuns: [],
 * }] });
 * if (rows[0]["test acc (%)"] !== "80.0 ± 1.0" || rows[0]["paper (%)"] !== "81.5") {
 *   throw new Error("unexpected");
 * }
 * if (rows[0]["Δ vs paper (points)"] !== "-1.5") throw new Error("unexpected");
 * ```
 */
export function comparisonRows(result: ReproduceResult): Record<string, string | number>[] {
  return result.rows.map((r) => ({
    dataset: r.dataset,
    model: r.model,
    seeds: r.seeds,
    "test acc (%)": `${pct(r.testAccuracy.mean)} ± ${pct(r.testAccuracy.std)}`,
    "val acc (%)": `${pct(r.valAccuracy.mean)} ± ${pct(r.valAccuracy.std)}`,
    "paper (%)": r.paper === undefined ? "-" : pct(r.paper),
    "Δ vs paper (points)": r.paper === undefined
      ? "-"
      : signedPoints(r.testAccuracy.mean - r.paper),
    "seconds": r.seconds.toFixed(1),
  }));
}

/**
 * The comparison table, titled with the protocol, backend and seed count; prints as text and
 * renders as HTML in a notebook.
 *
 * @param result what {@linkcode reproduce} returned
 * @returns a {@linkcode Table} of {@linkcode comparisonRows}
 *
 * @example
 * ```ts
 * import { comparisonTable } from "./comparison.ts";
 * const t = comparisonTable({ protocol: "original", backend: "wasm", rows: [{
 *   dataset: "cora", model: "gat", seeds: 1, testAccuracy: { mean: 0.83, std: 0, runs: [0.83] },
 *   valAccuracy: { mean: 0.81, std: 0 }, seconds: 8, paper: 0.83, seedRuns: [],
 * }] });
 * if (!t.title?.includes("1 seed") || t.cells[0][3] !== "83.0 ± 0.0") throw new Error(String(t));
 * ```
 */
export function comparisonTable(result: ReproduceResult): Table {
  checkRows("build the comparison table", result);
  const n = seedCount(result);
  return table(comparisonRows(result), {
    title: `Test accuracy at the best validation epoch, mean ± std over ${n} seed${
      n === 1 ? "" : "s"
    } (${result.protocol} protocol, ${result.backend} backend)`,
  });
}

/** Options of {@linkcode seedAccuracyTable}. */
export interface SeedAccuracyTableOptions {
  /** Decimals of the percentages (default 1: exact for test sets of up to 1,000 nodes). */
  digits?: number;
}

/**
 * Every seed's test accuracy (percent), one row per data set and model, one column per seed,
 * then the mean ± std the comparison table reports: the runs behind each mean, to spot an
 * outlier seed.
 *
 * @param result what {@linkcode reproduce} returned
 * @param options decimals
 * @returns a {@linkcode Table} with columns `dataset`, `model`, `seed 0` … `seed n-1`, `mean ± std`
 *
 * @example
 * ```ts
 * import { seedAccuracyTable } from "./comparison.ts";
 * const t = seedAccuracyTable({ protocol: "original", backend: "cpu", rows: [{
 *   dataset: "cora", model: "gcn", seeds: 2, testAccuracy: { mean: 0.8, std: 0.01, runs: [0.79, 0.81] },
 *   valAccuracy: { mean: 0.79, std: 0 }, seconds: 3, seedRuns: [],
 * }] });
 * if (t.columns.join() !== "dataset,model,seed 0,seed 1,mean ± std") throw new Error("columns");
 * if (t.cells[0].join() !== "cora,gcn,79.0,81.0,80.0 ± 1.0") throw new Error(String(t));
 * ```
 */
export function seedAccuracyTable(
  result: ReproduceResult,
  options: SeedAccuracyTableOptions = {},
): Table {
  const { digits = 1 } = options;
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 10)) {
    throw new RangeError(
      `Cannot build the seed accuracy table: digits must be an integer in 0..10, got ${digits}`,
    );
  }
  checkRows("build the seed accuracy table", result);
  const n = seedCount(result);
  const seedColumns = Array.from({ length: n }, (_, s) => `seed ${s}`);
  const rows = result.rows.map((r) => {
    const row: Record<string, string> = { dataset: r.dataset, model: r.model };
    r.testAccuracy.runs.forEach((acc, s) => row[`seed ${s}`] = pct(acc, digits));
    row["mean ± std"] = `${pct(r.testAccuracy.mean, digits)} ± ${pct(r.testAccuracy.std, digits)}`;
    return row;
  });
  return table(rows, {
    columns: ["dataset", "model", ...seedColumns, "mean ± std"],
    title: "Test accuracy (%) of every seed",
  });
}

/** Options of {@linkcode comparisonFigure}. */
export interface ComparisonFigureOptions {
  /** Default: "Test accuracy: this reproduction vs the paper". */
  title?: string;
}

/**
 * Grouped bars of the comparison: for every data set and model, the measured mean test accuracy
 * (percent, ± one std as error bars, value written on the bar) next to the paper's figure as a
 * second series; pairs the paper does not report leave a gap (named in the legend).
 *
 * @param result what {@linkcode reproduce} returned
 * @param options the title
 * @returns a {@linkcode Figure} with two bar traces: measured, then paper
 *
 * @example
 * ```ts
 * import { comparisonFigure } from "./comparison.ts";
 * const fig = comparisonFigure({ protocol: "original", backend: "cpu", rows: [{
 *   dataset: "cora", model: "gcn", seeds: 2, testAccuracy: { mean: 0.8, std: 0.01, runs: [0.79, 0.81] },
 *   valAccuracy: { mean: 0.79, std: 0 }, seconds: 3, paper: 0.815, seedRuns: [],
 * }] });
 * const [measured, paper] = fig.data;
 * if ((measured.y as number[])[0] !== 80 || (paper.y as number[])[0] !== 81.5) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function comparisonFigure(
  result: ReproduceResult,
  options: ComparisonFigureOptions = {},
): Figure {
  checkRows("plot the comparison", result);
  const n = seedCount(result);
  const label = (dataset: string, model: string) =>
    `${DATASET_LABELS[dataset] ?? dataset} · ${MODEL_LABELS[canonicalModelName(model)] ?? model}`;
  const measured = `this reproduction (mean ± std, ${n} seed${n === 1 ? "" : "s"})`;
  const missing = [
    ...new Set(
      result.rows.filter((r) => r.paper === undefined).map((r) =>
        DATASET_LABELS[r.dataset] ?? r.dataset
      ),
    ),
  ];
  const paper = `paper, chapter 2.5${missing.length ? ` (none for ${missing.join(", ")})` : ""}`;
  const round = (x: number) => Math.round(1e6 * 100 * x) / 1e6;
  const fig = groupedBars(
    result.rows.flatMap((r) => [
      {
        group: label(r.dataset, r.model),
        series: measured,
        mean: round(r.testAccuracy.mean),
        std: round(r.testAccuracy.std),
      },
      ...(r.paper === undefined
        ? []
        : [{ group: label(r.dataset, r.model), series: paper, mean: round(r.paper) }]),
    ]),
    {
      title: options.title ?? "Test accuracy: this reproduction vs the paper",
      yTitle: "test accuracy (%)",
    },
  );
  // Values on the bars, rounded like the tables (from the fractions, not the rounded bar heights):
  // differences of a point or two are hard to read off a 0-100 axis.
  const byGroup = new Map(result.rows.map((r) => [label(r.dataset, r.model), r]));
  const texts = [
    (r: ReproduceRow) => pct(r.testAccuracy.mean),
    (r: ReproduceRow) => r.paper === undefined ? "" : pct(r.paper),
  ];
  fig.data = fig.data.map((trace, i) => ({
    ...trace,
    text: (trace.x as string[]).map((group) => texts[i](byGroup.get(group)!)),
    textposition: "inside",
    insidetextanchor: "end",
  }));
  fig.layout = {
    ...fig.layout,
    xaxis: { title: { text: "data set · model" }, type: "category" },
    legend: { orientation: "h", y: -0.25 },
  };
  return fig;
}

/** Options of {@linkcode pairedComparisonTable}. */
export interface PairedComparisonOptions {
  /** The row every other row of its data set is compared with, by model name (default "full"). */
  baseline?: string;
}

/**
 * Every row against a baseline row of the same data set, seed by seed: when the rows ran the same
 * seeds (the same splits, the same initialisations), the paired difference says more than two
 * means with stds of several points. Gives the mean ± population std of the differences in
 * points, and on how many seeds the row was better, the same or worse.
 *
 * @param result a table whose rows ran the same seeds, e.g. what `ablate` returned
 * @param options the baseline's model name
 * @returns a {@linkcode Table} with the columns `dataset`, `model`, `test acc (%)`,
 *   `Δ vs <baseline>, paired (points)`, `seeds better / same / worse`
 * @throws {RangeError} when a data set has no baseline row, or a row ran other seeds than it
 *
 * @example
 * ```ts
 * import { pairedComparisonTable } from "./comparison.ts";
 * const row = (model: string, runs: number[]) => ({
 *   dataset: "texas", model, seeds: runs.length, testAccuracy: { mean: runs[0], std: 0, runs },
 *   valAccuracy: { mean: 0, std: 0 }, seconds: 1, seedRuns: [],
 * });
 * const t = pairedComparisonTable({ protocol: "original", backend: "cpu", rows: [
 *   row("full", [0.5, 0.6]), row("no S", [0.5, 0.58]),
 * ] });
 * if (t.cells[0].slice(3).join() !== "-1.0 ± 1.0,0 / 1 / 1") throw new Error(String(t));
 * ```
 */
export function pairedComparisonTable(
  result: ReproduceResult,
  options: PairedComparisonOptions = {},
): Table {
  const { baseline = "full" } = options;
  checkRows("build the paired comparison", result);
  const baselines = new Map<string, ReproduceRow>();
  for (const r of result.rows) if (r.model === baseline) baselines.set(r.dataset, r);
  const rows = result.rows.filter((r) => r.model !== baseline).map((r) => {
    const base = baselines.get(r.dataset);
    if (!base) {
      throw new RangeError(
        `Cannot build the paired comparison: ${r.dataset} has no "${baseline}" row`,
      );
    }
    if (base.testAccuracy.runs.length !== r.testAccuracy.runs.length) {
      throw new RangeError(
        `Cannot build the paired comparison: ${r.dataset} ${r.model} ran ` +
          `${r.testAccuracy.runs.length} seeds, "${baseline}" ${base.testAccuracy.runs.length}`,
      );
    }
    const diffs = r.testAccuracy.runs.map((acc, s) => 100 * (acc - base.testAccuracy.runs[s]));
    const { mean, std } = meanStd(diffs);
    const count = (keep: (d: number) => boolean) => diffs.filter(keep).length;
    return {
      dataset: r.dataset,
      model: r.model,
      "test acc (%)": pct(r.testAccuracy.mean),
      [`Δ vs ${baseline}, paired (points)`]: `${mean >= 0 ? "+" : ""}${mean.toFixed(1)} ± ${
        std.toFixed(1)
      }`,
      "seeds better / same / worse": [
        count((d) => d > 1e-9),
        count((d) => Math.abs(d) <= 1e-9),
        count((d) => d < -1e-9),
      ].join(" / "),
    };
  });
  const shown = [...baselines.values()].map((b) => `${b.dataset} ${pct(b.testAccuracy.mean)}%`);
  return table(rows, {
    title: `Each row against "${baseline}" (${shown.join(", ")}), seed by seed`,
  });
}
