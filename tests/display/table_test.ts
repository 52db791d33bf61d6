import { escapeHtml, table } from "../../lib/display/table.ts";
import { assertEquals, assertRejects, assertThrows } from "../_assert.ts";

Deno.test("table() right-aligns numbers, left-aligns text and blanks missing cells", () => {
  const t = table([
    { name: "cora", nodes: 2708, density: 0.00144 },
    { name: "ogbn-arxiv", nodes: 169343 },
    { name: "x", density: 12.5, note: "tab\there\nnewline" },
  ], { title: "Data sets", digits: 3 });
  assertEquals(t.columns, ["name", "nodes", "density", "note"]);
  assertEquals(t.numeric, [false, true, true, false]);
  assertEquals(
    t.toString(),
    [
      "Data sets",
      "name         nodes  density  note",
      "----------  ------  -------  ----------------",
      "cora          2708    0.001",
      "ogbn-arxiv  169343",
      "x                    12.500  tab here newline",
    ].join("\n"),
  );
});

// Widths by hand: c = max(1, 1, 2) = 2, b = 4 ("true"), d = 3 ("NaN", numeric: null is blank).
Deno.test("table() honours the columns option and formats other values", () => {
  const t = table(
    [{ a: 1, b: true, c: 2n, d: null }, { a: -3, b: "yes", c: 10n, d: Number.NaN }],
    { columns: ["c", "b", "d"] },
  );
  assertEquals(
    t.toString(),
    [" c  b       d", "--  ----  ---", " 2  true", "10  yes   NaN"].join("\n"),
  );
});

Deno.test("table() renders escaped HTML with numeric cells right-aligned", () => {
  const t = table([{ "<k>": `a & "b"`, n: 1.5 }], { title: "x<y", digits: 1 });
  const html = t.toHtml();
  assertEquals(
    html,
    '<table><caption>x&lt;y</caption><thead><tr><th>&lt;k&gt;</th><th style="text-align:right">n</th>' +
      "</tr></thead>\n<tbody>\n" +
      '<tr><td>a &amp; &quot;b&quot;</td><td style="text-align:right">1.5</td></tr>' +
      "\n</tbody></table>",
  );
  const bundle = (t as unknown as Record<symbol, () => Record<string, unknown>>)[
    Symbol.for("Jupyter.display")
  ]();
  assertEquals(bundle, { "text/plain": t.toString(), "text/html": html });
});

Deno.test("table() handles no rows and rejects bad digits", () => {
  assertEquals(table([], { columns: ["a", "bb"] }).toString(), "a  bb\n-  --");
  assertThrows(() => table([{ a: 1 }], { digits: -1 }), {
    message: "Cannot build table: digits must be an integer in 0..100, got -1",
  });
});

Deno.test("escapeHtml() escapes the five HTML special characters", () => {
  for (
    const [input, expected] of [
      ["plain", "plain"],
      ["<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"],
      ['a&b "c"', "a&amp;b &quot;c&quot;"],
      ["&amp;", "&amp;amp;"],
    ]
  ) assertEquals(escapeHtml(input), expected);
});

Deno.test("table() converts to a typed DataFrame with the table's columns", async () => {
  const t = table(
    [{ name: "cora", nodes: 2708, density: 0.00144 }, { name: "arxiv", nodes: 169343 }],
    { columns: ["nodes", "density"], digits: 1 },
  );
  const df = await t.toDataFrame();
  assertEquals(df.columns, ["nodes", "density"]);
  assertEquals(df.dtypes.map(String), ["DataType(Int64)", "DataType(Float64)"]);
  // The raw values, not the table's text rounded to 1 digit.
  assertEquals(df.getColumn("density").toArray(), [0.00144, null]);
  const mixed = table([{ key: "nodes", value: 2708 }, { key: "name", value: "cora" }]);
  await assertRejects(
    () => mixed.toDataFrame(),
    TypeError,
    'Cannot build DataFrame: column "value" mixes number (first at row 0) and string ' +
      '(first at row 1); convert its values to one type or pass { mixed: "string" }',
  );
  assertEquals((await mixed.toDataFrame({ mixed: "string" })).getColumn("value").toArray(), [
    "2708",
    "cora",
  ]);
});
