/**
 * Checks that a notebook's Plotly figures really draw: the notebook is exported to HTML with
 * nbconvert and opened in headless Chromium (Debian's `/usr/bin/chromium`, driven by
 * playwright-core) with every network request blocked, as an offline reader would see it.
 *
 * Outputs go to `artifacts/notebooks/` (git-ignored): `<name>.html` and a full-page `<name>.png`.
 *
 * @module
 */
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { assert, assertEquals } from "../_assert.ts";
import { ARTIFACT_DIR, type Notebook, plotlyFigures } from "./_notebook.ts";

/** What {@linkcode assertPlotsDrew} found on the page. */
export interface RenderCheck {
  /** Figure containers on the page, drawn or not. */
  figures: number;
  /** Figures whose `.main-svg` has content. */
  drawn: number;
  /** The exported HTML file. */
  htmlPath: string;
  /** The full-page screenshot. */
  screenshotPath: string;
}

/** Options for {@linkcode assertPlotsDrew}. */
export interface DrawOptions {
  /** How long to wait for figures to draw, in milliseconds; default 30000. */
  timeoutMs?: number;
  /** Stop once the count of drawn figures reaches this (and stays there briefly). */
  expected?: number;
}

const CHROMIUM = "/usr/bin/chromium";
const JUPYTER = "/usr/bin/jupyter";
// From the kernel note: no GPU, no sandbox (containers), and nothing that phones home.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const POLL_MS = 250;
// Below the expected count, a count unchanged this long means nothing more will draw.
const STABLE_MS = 5000;
// At the expected count, wait this long more to catch figures beyond it.
const CONFIRM_MS = 1000;
const LOCAL_URL = /^(file|data|about|blob):/;

// Figures from lib/display start as `.autoglm-plotly` divs; plotly.js adds `.js-plotly-plot`.
const COUNT_SCRIPT = `(() => {
  const all = new Set(document.querySelectorAll(".js-plotly-plot, .autoglm-plotly"));
  let drawn = 0;
  for (const el of document.querySelectorAll(".js-plotly-plot")) {
    const svg = el.querySelector(".main-svg");
    if (svg && svg.childElementCount > 0) drawn++;
  }
  return { figures: all.size, drawn };
})()`;

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Exports an executed notebook to `artifacts/notebooks/<name>.html` with `jupyter nbconvert`.
 *
 * @param executedPath the executed `.ipynb`
 * @returns the HTML file's path
 * @throws Error naming the notebook when nbconvert is missing or fails
 */
async function exportHtml(executedPath: string): Promise<string> {
  if (!await exists(JUPYTER)) {
    throw new Error(
      `Cannot export ${executedPath} to HTML: ${JUPYTER} is missing; ` +
        "install it with `apt-get install jupyter-nbconvert`",
    );
  }
  const name = basename(executedPath, ".ipynb");
  await Deno.mkdir(ARTIFACT_DIR, { recursive: true });
  const out = await new Deno.Command(JUPYTER, {
    args: [
      "nbconvert",
      "--to",
      "html",
      "--output-dir",
      ARTIFACT_DIR,
      "--output",
      name,
      executedPath,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-3).join("\n");
    throw new Error(`Cannot export ${executedPath} to HTML: nbconvert exited ${out.code}: ${err}`);
  }
  return join(ARTIFACT_DIR, `${name}.html`);
}

async function withOfflineBrowser<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  if (!await exists(CHROMIUM)) {
    throw new Error(
      `Cannot check figures: ${CHROMIUM} is missing; install Debian's chromium ` +
        "(apt-get install chromium)",
    );
  }
  const profile = await Deno.makeTempDir({ prefix: "autoglm-chromium-" });
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    // Offline like a reader without internet: a figure that needs a CDN must not pass here.
    await context.route("**/*", (route) => {
      return LOCAL_URL.test(route.request().url()) ? route.continue() : route.abort();
    });
    const page = context.pages()[0] ?? await context.newPage();
    return await fn(page);
  } finally {
    await context?.close();
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/**
 * Opens an HTML file in headless, offline Chromium, waits until the number of drawn Plotly figures
 * stops changing (or `timeoutMs`), saves a full-page screenshot and returns the counts. Never
 * throws for a wrong count; assertPlotsDrew judges.
 *
 * @param htmlPath the page to open
 * @param screenshotPath where the PNG goes
 * @param options `timeoutMs` (default 30000) and the `expected` count, which ends the wait early
 * @returns the figures on the page, how many drew, and the page's errors
 */
function countDrawnFigures(
  htmlPath: string,
  screenshotPath: string,
  options: DrawOptions = {},
): Promise<{ figures: number; drawn: number; pageErrors: string[] }> {
  const { timeoutMs = 30_000, expected } = options;
  return withOfflineBrowser(async (page) => {
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load", timeout: timeoutMs });
    const start = Date.now();
    let last = { figures: 0, drawn: -1 };
    let since = start;
    while (Date.now() - start < timeoutMs) {
      const now: { figures: number; drawn: number } = await page.evaluate(COUNT_SCRIPT);
      if (now.drawn !== last.drawn || now.figures !== last.figures) {
        last = now;
        since = Date.now();
      }
      const window = expected !== undefined && last.drawn >= expected ? CONFIRM_MS : STABLE_MS;
      if (Date.now() - since >= window) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    await page.screenshot({ path: screenshotPath, fullPage: true });
    return { figures: last.figures, drawn: last.drawn, pageErrors };
  });
}

/**
 * Exports an executed notebook to HTML (`artifacts/notebooks/<name>.html`), opens it in headless
 * Chromium with every network request blocked, waits for figures to draw, counts `.js-plotly-plot`
 * elements with a non-empty `.main-svg`, saves a full-page screenshot
 * (`artifacts/notebooks/<name>.png`) and throws unless exactly `expectedFigures` drew.
 *
 * @param executedPath the executed `.ipynb` (`ExecutedNotebook.path`)
 * @param expectedFigures the number of Plotly outputs in the notebook
 * @param options `timeoutMs` for the figures to draw (default 30000)
 * @returns the counts and the paths of the HTML and the screenshot
 * @throws Error naming the notebook, the counts and the screenshot when the count differs
 */
export async function assertPlotsDrew(
  executedPath: string,
  expectedFigures: number,
  options: Omit<DrawOptions, "expected"> = {},
): Promise<RenderCheck> {
  const htmlPath = await exportHtml(executedPath);
  const screenshotPath = htmlPath.replace(/\.html$/, ".png");
  const { figures, drawn, pageErrors } = await countDrawnFigures(htmlPath, screenshotPath, {
    ...options,
    expected: expectedFigures,
  });
  if (drawn !== expectedFigures) {
    const errors = pageErrors.length > 0 ? `; page errors: ${pageErrors.join(" | ")}` : "";
    throw new Error(
      `Figures of ${basename(executedPath)} did not draw: expected ${expectedFigures}, ` +
        `drew ${drawn} of ${figures} on the page (see ${screenshotPath})${errors}`,
    );
  }
  return { figures, drawn, htmlPath, screenshotPath };
}

/** The title text of a Plotly layout or axis ("" when none). */
export function titleText(v: unknown): string {
  return String((v as { title?: { text?: unknown } } | undefined)?.title?.text ?? "");
}

/**
 * Every figure of an executed notebook has a title and titled axes, and all `count` of them draw
 * in headless Chromium.
 */
export async function assertFiguresReadable(
  notebook: Notebook,
  executedPath: string,
  count: number,
): Promise<RenderCheck> {
  const figures = plotlyFigures(notebook);
  assertEquals(figures.length, count);
  for (const fig of figures) {
    const title = titleText(fig.layout);
    assert(title !== "", "figure without a title");
    const axes = Object.keys(fig.layout).filter((k) => /^[xy]axis\d*$/.test(k));
    assert(axes.length >= 2, `${title}: no axes`);
    for (const axis of axes) assert(titleText(fig.layout[axis]) !== "", `${title}: ${axis}`);
  }
  const drew = await assertPlotsDrew(executedPath, figures.length);
  console.log(`figures drew: ${drew.drawn}; screenshot ${drew.screenshotPath}`);
  return drew;
}
