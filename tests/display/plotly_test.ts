import { createRequire } from "node:module";
import {
  asDisplayable,
  displayFigure,
  nextFigureBundle,
  PLOTLY_MIME,
  plotlyBundle,
  resetPlotlyEmbedding,
} from "../../lib/display/plotly.ts";
import type { Figure } from "../../lib/display/figures.ts";
import { JUPYTER_DISPLAY } from "../../lib/display/jupyter.ts";
import { assert, assertEquals, assertMatch } from "../_assert.ts";

const FIG: Figure = {
  data: [
    { type: "scatter", name: "train </script> loss", x: [1, 2, 3], y: [0.9, 0.5, 0.25] },
    { type: "bar", name: "val", x: ["a", "b"], y: [1, 2] },
  ],
  layout: { title: { text: "Loss & Accuracy" }, height: 300 },
};

// The oracle: the dist file as published, read independently of lib/display/plotly.ts.
const LIBRARY = Deno.readTextFileSync(
  createRequire(import.meta.url).resolve("plotly.js-cartesian-dist-min"),
);

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

function scripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

interface FakeDiv {
  textContent: string;
}

// Runs the figure's draw script against a fake page; timers fire at once, counting the waits.
function runDraw(html: string, plotly?: unknown) {
  const div: FakeDiv = { textContent: "" };
  const window: Record<string, unknown> = { Plotly: plotly };
  const document = { getElementById: (id: string) => (id === "fig-1" ? div : null) };
  let waits = 0;
  const setTimeout = (fn: () => void) => {
    waits++;
    fn();
  };
  const draw = scripts(html).at(-1)!;
  new Function("window", "document", "setTimeout", draw)(window, document, setTimeout);
  return { div, waits };
}

Deno.test("plotlyBundle() gives the figure JSON, a text summary and HTML", () => {
  const bundle = plotlyBundle(FIG, { divId: "fig-1" });
  assertEquals(Object.keys(bundle).sort(), [PLOTLY_MIME, "text/html", "text/plain"].sort());
  assertEquals(PLOTLY_MIME, "application/vnd.plotly.v1+json");
  assertEquals(JSON.parse(JSON.stringify(bundle[PLOTLY_MIME])), FIG);
  assertEquals(
    bundle["text/plain"],
    'Figure "Loss & Accuracy": 2 traces\n  scatter "train </script> loss": 3 points\n' +
      '  bar "val": 2 points',
  );
  const html = String(bundle["text/html"]);
  assertEquals(count(html, 'id="fig-1"'), 1);
  // The trace name must not close the script tag early.
  assertEquals(count(html, "</script>"), 1);
});

Deno.test("plotlyBundle() HTML draws the figure with window.Plotly", () => {
  const calls: unknown[][] = [];
  const plotly = { newPlot: (...args: unknown[]) => calls.push(args) };
  const { div, waits } = runDraw(
    String(plotlyBundle(FIG, { divId: "fig-1" })["text/html"]),
    plotly,
  );
  assertEquals(waits, 0);
  assertEquals(calls.length, 1);
  assertEquals(calls[0][0], div);
  assertEquals(calls[0][1], FIG.data);
  assertEquals(calls[0][2], FIG.layout);
});

Deno.test("plotlyBundle() without the library waits a bounded time for window.Plotly", () => {
  const html = String(plotlyBundle(FIG, { divId: "fig-1" })["text/html"]);
  assertEquals(count(html, LIBRARY.slice(0, 200)), 0);
  assert(html.length < 10_000, `figure HTML is ${html.length} characters`);
  const { div, waits } = runDraw(html);
  assert(waits > 10 && waits < 1000, `waited ${waits} times`);
  assertMatch(div.textContent, /^Cannot draw figure: plotly.js is not loaded/);
});

Deno.test("plotlyBundle() with embedLibrary inlines plotly.js once with define hidden", () => {
  const html = String(plotlyBundle(FIG, { divId: "fig-1", embedLibrary: true })["text/html"]);
  assertEquals(count(html, LIBRARY), 1);
  const [hide, library, restore] = scripts(html);
  assertEquals(library, LIBRARY);
  const amd = () => {};
  const window: Record<string, unknown> = { define: amd };
  new Function("window", hide)(window);
  assertEquals(window.define, undefined);
  new Function("window", restore)(window);
  assertEquals(window.define, amd);
  assert(html.indexOf(LIBRARY) < html.indexOf('id="fig-1"'), "library must come before the div");
});

Deno.test("nextFigureBundle() embeds plotly.js only once per session", () => {
  resetPlotlyEmbedding();
  const first = String(nextFigureBundle(FIG)["text/html"]);
  const second = String(nextFigureBundle(FIG)["text/html"]);
  const shown = String(asDisplayable(FIG)[JUPYTER_DISPLAY]()["text/html"]);
  assertEquals([first, second, shown].map((html) => count(html, LIBRARY)), [1, 0, 0]);
  resetPlotlyEmbedding();
  assertEquals(count(String(asDisplayable(FIG)[JUPYTER_DISPLAY]()["text/html"]), LIBRARY), 1);
});

Deno.test("asDisplayable() prints the figure summary and displays the figure bundle", () => {
  const shown = asDisplayable(FIG);
  assertEquals(
    String(shown),
    'Figure "Loss & Accuracy": 2 traces\n  scatter "train </script> loss": 3 points\n  bar "val": 2 points',
  );
  assertEquals(shown[JUPYTER_DISPLAY]()[PLOTLY_MIME], FIG);
});

Deno.test("displayFigure() writes a self-contained HTML file outside a notebook", async () => {
  const outDir = await Deno.makeTempDir();
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => printed.push(args.join(" "));
  try {
    const path = await displayFigure(FIG, { outDir });
    assertEquals(path, `${outDir}/loss-accuracy.html`);
    assertEquals(printed, [path]);
    const html = await Deno.readTextFile(path!);
    assertMatch(html, /^<!DOCTYPE html>/);
    assertEquals(count(html, LIBRARY), 1);
    assertEquals(count(html, "<title>Loss &amp; Accuracy</title>"), 1);
    assertEquals(count(html, '"train \\u003c/script> loss"'), 1);
    assertEquals(await displayFigure(FIG, { outDir, name: "custom" }), `${outDir}/custom.html`);
    const untitled = await displayFigure({ data: [], layout: {} }, { outDir });
    assertEquals(untitled, `${outDir}/figure.html`);
    assertEquals([...Deno.readDirSync(outDir)].map((e) => e.name).sort(), [
      "custom.html",
      "figure.html",
      "loss-accuracy.html",
    ]);
  } finally {
    console.log = log;
    await Deno.remove(outDir, { recursive: true });
  }
});
