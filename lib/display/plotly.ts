/**
 * Draws {@link Figure}s with plotly.js: in a notebook as a mime bundle whose HTML carries the
 * library once per kernel session, elsewhere as a self-contained HTML file. Deno itself never runs
 * plotly.js (it needs a DOM); the front end does.
 *
 * @module
 */

import { createRequire } from "node:module";
import { join } from "node:path";
// Importing only package.json makes Deno install the package without running plotly.js here;
// pinned inline, not in deno.json, as the one file that needs it.
// deno-lint-ignore no-import-prefix
import plotlyPackage from "npm:plotly.js-cartesian-dist-min@4.1.1/package.json" with {
  type: "json",
};
import { describeFigure, type Figure } from "./figures.ts";
import {
  display,
  type Displayable,
  isJupyter,
  JUPYTER_DISPLAY,
  type MimeBundle,
} from "./jupyter.ts";
import { escapeHtml } from "./table.ts";
import { writeFileAtomic } from "../io/write_atomic.ts";

/** The mime type JupyterLab's Plotly renderer reads. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** The plotly.js version embedded in figures. */
export const PLOTLY_VERSION: string = plotlyPackage.version;

/** Options for {@link plotlyBundle}. */
export interface PlotlyBundleOptions {
  /** Inline plotly.js (1.5 MB) in the HTML; otherwise wait for an earlier output's copy. */
  embedLibrary?: boolean;
  /** The id of the figure's `<div>`; default: a fresh random id. */
  divId?: string;
}

/** Options for {@link displayFigure}. */
export interface DisplayFigureOptions {
  /** Where HTML files go outside a notebook; default `results/figures`. */
  outDir?: string;
  /** The file name without `.html`; default: the figure title as a slug, or `figure`. */
  name?: string;
}

// How long a figure without the library waits for window.Plotly: 200 polls of 50 ms.
const WAIT_POLLS = 200;
const WAIT_MS = 50;

let librarySource: string | undefined;
let libraryEmbedded = false;

function plotlyLibrary(): string {
  if (librarySource === undefined) {
    const path = createRequire(import.meta.url).resolve("plotly.js-cartesian-dist-min");
    // A literal "</script" inside the library would end the inline <script> early.
    librarySource = Deno.readTextFileSync(path).replace(/<\/(script)/gi, "<\\/$1");
  }
  return librarySource;
}

// JSON inside <script>: escaping "<" keeps "</script>" in a label from closing the tag.
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

// plotly.js registers itself as an AMD module instead of setting window.Plotly when require.js
// (window.define) is on the page, so define is hidden while the library runs.
function libraryHtml(): string {
  return [
    "<script>window.__autoglmDefine = window.define; window.define = undefined;</script>",
    `<script>${plotlyLibrary()}</script>`,
    "<script>window.define = window.__autoglmDefine; delete window.__autoglmDefine;</script>",
  ].join("\n");
}

function drawScript(fig: Figure, divId: string): string {
  const id = scriptJson(divId);
  return `<script>
(function () {
  var fig = ${scriptJson({ data: fig.data, layout: fig.layout })};
  var polls = 0;
  function draw() {
    var div = document.getElementById(${id});
    if (!div) return;
    if (window.Plotly) {
      window.Plotly.newPlot(div, fig.data, fig.layout, { responsive: true });
    } else if (++polls < ${WAIT_POLLS}) {
      setTimeout(draw, ${WAIT_MS});
    } else {
      div.textContent = "Cannot draw figure: plotly.js is not loaded (show a figure with the " +
        "library embedded first)";
    }
  }
  draw();
})();
</script>`;
}

/**
 * Builds the mime bundle for a figure: the Plotly JSON (for JupyterLab's renderer), a text summary,
 * and HTML that draws with `window.Plotly` (for the classic UI and nbconvert HTML).
 *
 * @param fig the figure to draw
 * @param options `embedLibrary` to inline plotly.js, `divId` for the figure's `<div>`
 * @returns a bundle with `application/vnd.plotly.v1+json`, `text/plain` and `text/html`
 *
 * @example
 * ```ts
 * import { plotlyBundle } from "./plotly.ts";
 * const fig = { data: [{ type: "bar", name: "gcn", y: [1, 2] }], layout: {} };
 * const bundle = plotlyBundle(fig, { divId: "acc" });
 * if (!String(bundle["text/html"]).includes('id="acc"')) throw new Error("no div");
 * if (bundle["text/plain"] !== 'Figure "": 1 trace\n  bar "gcn": 2 points') throw new Error("text");
 * ```
 */
export function plotlyBundle(fig: Figure, options: PlotlyBundleOptions = {}): MimeBundle {
  const divId = options.divId ?? `plotly-${crypto.randomUUID()}`;
  const height = typeof fig.layout.height === "number" ? `height:${fig.layout.height}px;` : "";
  const html = [
    ...(options.embedLibrary ? [libraryHtml()] : []),
    `<div id="${escapeHtml(divId)}" class="autoglm-plotly" style="width:100%;${height}"></div>`,
    drawScript(fig, divId),
  ].join("\n");
  return {
    [PLOTLY_MIME]: { data: fig.data, layout: fig.layout },
    "text/plain": describeFigure(fig),
    "text/html": html,
  };
}

/**
 * The bundle for the next figure shown in this kernel session: the first one embeds plotly.js,
 * later ones wait for that copy.
 *
 * @param fig the figure to draw
 * @returns a {@link plotlyBundle}, with the library only the first time
 *
 * @example
 * ```ts
 * import { nextFigureBundle, resetPlotlyEmbedding } from "./plotly.ts";
 * resetPlotlyEmbedding();
 * const fig = { data: [], layout: {} };
 * const first = String(nextFigureBundle(fig)["text/html"]);
 * const second = String(nextFigureBundle(fig)["text/html"]);
 * if (!(first.length > 1e6 && second.length < 1e4)) throw new Error("embedded twice");
 * ```
 */
export function nextFigureBundle(fig: Figure): MimeBundle {
  const bundle = plotlyBundle(fig, { embedLibrary: !libraryEmbedded });
  libraryEmbedded = true;
  return bundle;
}

/**
 * Makes the next figure embed plotly.js again, e.g. after clearing the output that held it.
 *
 * @example
 * ```ts
 * import { nextFigureBundle, resetPlotlyEmbedding } from "./plotly.ts";
 * nextFigureBundle({ data: [], layout: {} });
 * resetPlotlyEmbedding();
 * const html = String(nextFigureBundle({ data: [], layout: {} })["text/html"]);
 * if (!html.includes("window.__autoglmDefine")) throw new Error("library not embedded");
 * ```
 */
export function resetPlotlyEmbedding(): void {
  libraryEmbedded = false;
}

function slug(fig: Figure): string {
  const title = (fig.layout.title as { text?: unknown } | undefined)?.text;
  const text = String(title ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(
    /^-+|-+$/g,
    "",
  );
  return text === "" ? "figure" : text;
}

/**
 * Shows a figure: in a Jupyter kernel as a rich output (plotly.js embedded in the session's first
 * figure only); elsewhere as a self-contained HTML file whose path is printed and returned.
 *
 * @param fig the figure to show
 * @param options output folder and file name for the HTML file outside a notebook
 * @returns the HTML file's path outside a notebook, `undefined` in one
 *
 * @example
 * ```ts
 * import { displayFigure } from "./plotly.ts";
 * const outDir = await Deno.makeTempDir();
 * const log = console.log;
 * console.log = () => {};
 * const path = await displayFigure({ data: [], layout: { title: { text: "Loss" } } }, { outDir })
 *   .finally(() => console.log = log);
 * if (path !== `${outDir}/loss.html`) throw new Error(String(path));
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function displayFigure(
  fig: Figure,
  options: DisplayFigureOptions = {},
): Promise<string | undefined> {
  if (isJupyter()) {
    // display() sends the wrapper's bundle with Deno.jupyter.display(bundle, { raw: true }).
    await display(asDisplayable(fig));
    return undefined;
  }
  const path = join(options.outDir ?? "results/figures", `${options.name ?? slug(fig)}.html`);
  const title = escapeHtml(String((fig.layout.title as { text?: unknown })?.text ?? "Figure"));
  const body = plotlyBundle(fig, { embedLibrary: true })["text/html"];
  await writeFileAtomic(
    path,
    `<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>${title}</title></head>\n` +
      `<body>\n${body}\n</body>\n</html>\n`,
  );
  console.log(path);
  return path;
}

/**
 * Wraps a figure so that it draws when it is a notebook cell's last expression, and prints its
 * summary in a terminal. Like {@link displayFigure}, only the session's first figure embeds
 * plotly.js.
 *
 * @param fig the figure to wrap
 * @returns a {@link Displayable} whose bundle is {@link nextFigureBundle}`(fig)`
 *
 * @example
 * ```ts
 * import { asDisplayable } from "./plotly.ts";
 * const shown = asDisplayable({ data: [{ type: "bar", name: "a", y: [1] }], layout: {} });
 * if (String(shown) !== 'Figure "": 1 trace\n  bar "a": 1 point') throw new Error(String(shown));
 * ```
 */
export function asDisplayable(fig: Figure): Displayable {
  return {
    [JUPYTER_DISPLAY]: () => nextFigureBundle(fig),
    toString: () => describeFigure(fig),
  };
}
