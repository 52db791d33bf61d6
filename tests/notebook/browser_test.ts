import { assert, assertEquals, assertRejects, assertStrictEquals } from "../_assert.ts";
import { relative } from "node:path";
import { assertPlotsDrew } from "./_browser.ts";
import {
  ARTIFACT_DIR,
  codeNotebook,
  executeNotebook,
  joinText,
  type Notebook,
  plotlyFigures,
} from "./_notebook.ts";

const NAME = "browser_test_figures";
const DISPLAY = new URL("../../lib/display/mod.ts", import.meta.url).pathname;
// The inline copy of plotly.js that lib/display embeds in a session's first figure.
const LIBRARY = /<script>window\.__autoglmDefine[\s\S]*?delete window\.__autoglmDefine;<\/script>/;

// Two figures from lib/display's builders, shown the two ways notebooks show them. The kernel's cwd
// is the notebook's folder, which lies under the repository so that deno.json resolves imports.
async function executeTwoFigures(): Promise<{ path: string; notebook: Notebook }> {
  await Deno.mkdir(ARTIFACT_DIR, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: ARTIFACT_DIR, prefix: "synthetic-" });
  try {
    const display = relative(dir, DISPLAY);
    await Deno.writeTextFile(
      `${dir}/${NAME}.ipynb`,
      JSON.stringify(codeNotebook([
        `import { asDisplayable, confusionHeatmap, displayFigure, groupedBars } from "${display}";`,
        "await displayFigure(groupedBars([\n" +
        '  { group: "cora", series: "gcn", mean: 0.81, std: 0.005 },\n' +
        '  { group: "cora", series: "gat", mean: 0.83, std: 0.007 },\n' +
        "]));",
        'asDisplayable(confusionHeatmap([[5, 1], [2, 7]], ["a", "b"]))',
      ])),
    );
    return await executeNotebook(NAME, { dir, timeoutSeconds: 120 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("assertPlotsDrew() counts the Plotly figures that draw offline", async (t) => {
  const run = await executeTwoFigures();
  assertStrictEquals(plotlyFigures(run.notebook).length, 2);

  await t.step("passes when both figures draw", async () => {
    const check = await assertPlotsDrew(run.path, 2);
    assertEquals([check.figures, check.drawn], [2, 2]);
    assert((await Deno.stat(check.screenshotPath)).size > 10_000, check.screenshotPath);
    assert((await Deno.readTextFile(check.htmlPath)).includes("autoglm-plotly"), check.htmlPath);
  });

  await t.step("throws when the expected count is wrong", async () => {
    await assertRejects(assertPlotsDrew(run.path, 3), /expected 3, drew 2 of 2 on the page/);
  });

  await t.step("throws when plotly.js is missing from the page", async () => {
    // The same notebook with the embedded library cut out: both figures wait for it in vain.
    const html = run.notebook.cells[1].outputs?.[0]?.data;
    assert(html && LIBRARY.test(joinText(html["text/html"] as string[])), "no library to cut");
    html["text/html"] = joinText(html["text/html"] as string[]).replace(LIBRARY, "");
    const path = `${ARTIFACT_DIR}/browser_test_no_library.ipynb`;
    await Deno.writeTextFile(path, JSON.stringify(run.notebook));
    await assertRejects(assertPlotsDrew(path, 2), /expected 2, drew 0 of 2 on the page/);
  });
});
