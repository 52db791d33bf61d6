/**
 * Several panels in one figure, like Plotly's `make_subplots`: stacked over one shared x axis, or
 * side by side, each with its own axes.
 *
 * @module
 */
import { type Figure, FIGURE_STYLE, type PlotlyTrace } from "./figures.ts";

/** One panel of {@linkcode subplots}. */
export interface Subplot {
  /** Stacked: the panel's y-axis title. Side by side: the title above the panel. */
  title: string;
  /** The panel's traces; their axes are set by {@linkcode subplots}. */
  traces: PlotlyTrace[];
  /** Side by side: the panel's x-axis title (stacked panels share `SubplotsOptions.x`). */
  x?: string;
  /** Side by side: the panel's y-axis title. */
  y?: string;
  /** A fixed y range; default Plotly's autorange. */
  range?: [number, number];
  /** A log y axis; default linear. */
  log?: boolean;
  /** Extra settings of the panel's x axis (e.g. `{ type: "category" }`). */
  xaxis?: Record<string, unknown>;
  /** Extra settings of the panel's y axis. */
  yaxis?: Record<string, unknown>;
}

/** Options of {@linkcode subplots}. */
export interface SubplotsOptions {
  /** The figure's title. */
  title: string;
  /** `"rows"` (default): stacked over one shared x axis; `"columns"`: side by side. */
  direction?: "rows" | "columns";
  /** Stacked: the shared x-axis title. */
  x?: string;
  /** The figure's height in pixels; default 150 per stacked panel plus 120, or 400 side by side. */
  height?: number;
}

// Plotly names the axes x, x2, x3, ...
const suffix = (i: number) => (i === 0 ? "" : String(i + 1));

function yAxis(panel: Subplot, title: string): Record<string, unknown> {
  return {
    title: { text: title },
    ...(panel.log && { type: "log" }),
    ...(panel.range && { range: panel.range }),
    ...panel.yaxis,
  };
}

/**
 * Panels in one figure. Stacked (`direction: "rows"`, the default), the panels share the x axis at
 * the bottom, each has its own y axis titled with the panel's `title`, and a legend shows when a
 * panel has more than one trace. Side by side (`"columns"`), each panel has its own x and y axes
 * (`x`, `y`) and its `title` above it. Traces keep every key but their axes.
 *
 * @param panels the panels, top to bottom or left to right
 * @param options the figure title, direction, shared x title, height
 * @returns a figure with axes `x`, `y`, `x2`, `y2`, ... (stacked: one `x` for all)
 * @throws {RangeError} when `panels` is empty
 *
 * @example
 * ```ts
 * import { subplots } from "./subplots.ts";
 * const line = (y: number[]) => ({ type: "scatter", mode: "lines", x: [1, 2], y });
 * const fig = subplots([
 *   { title: "loss", traces: [line([0.9, 0.5])] },
 *   { title: "accuracy", traces: [line([0.6, 0.8])], range: [0, 1] },
 * ], { title: "Training", x: "epoch" });
 * if (fig.data[1].yaxis !== "y2" || fig.data[1].xaxis !== "x") throw new Error("axes");
 * const y2 = fig.layout.yaxis2 as { domain: number[]; range: number[] };
 * if (y2.range[1] !== 1 || y2.domain[0] !== 0) throw new Error(JSON.stringify(y2));
 * ```
 */
export function subplots(panels: Subplot[], options: SubplotsOptions): Figure {
  if (panels.length === 0) throw new RangeError("Cannot draw subplots: panels is empty");
  const { title, direction = "rows" } = options;
  const n = panels.length;
  const layout: Record<string, unknown> = {
    title: { text: title },
    font: FIGURE_STYLE.font,
    margin: FIGURE_STYLE.margin,
  };
  const data: PlotlyTrace[] = [];
  if (direction === "rows") {
    const gap = 0.05;
    const height = (1 - gap * (n - 1)) / n;
    layout.height = options.height ?? 150 * n + 120;
    layout.showlegend = panels.some((p) => p.traces.length > 1);
    layout.xaxis = { title: { text: options.x ?? "" }, anchor: `y${suffix(n - 1)}` };
    panels.forEach((panel, i) => {
      const top = 1 - i * (height + gap);
      layout[`yaxis${suffix(i)}`] = {
        ...yAxis(panel, panel.title),
        domain: [i === n - 1 ? 0 : top - height, top],
        anchor: "x",
      };
      for (const trace of panel.traces) data.push({ ...trace, xaxis: "x", yaxis: `y${suffix(i)}` });
    });
  } else {
    const gap = 0.07;
    const width = (1 - gap * (n - 1)) / n;
    layout.height = options.height ?? FIGURE_STYLE.height;
    const annotations: Record<string, unknown>[] = [];
    panels.forEach((panel, i) => {
      const start = i * (width + gap);
      layout[`xaxis${suffix(i)}`] = {
        title: { text: panel.x ?? "" },
        domain: [start, i === n - 1 ? 1 : start + width],
        anchor: `y${suffix(i)}`,
        ...panel.xaxis,
      };
      layout[`yaxis${suffix(i)}`] = { ...yAxis(panel, panel.y ?? ""), anchor: `x${suffix(i)}` };
      annotations.push({
        text: panel.title,
        x: start + width / 2,
        y: 1,
        xref: "paper",
        yref: "paper",
        showarrow: false,
        xanchor: "center",
        yanchor: "bottom",
      });
      for (const trace of panel.traces) {
        data.push({ ...trace, xaxis: `x${suffix(i)}`, yaxis: `y${suffix(i)}` });
      }
    });
    layout.annotations = annotations;
  }
  return { data, layout };
}
