import { type DataFrame, dataFrame, loadPolars } from "../../lib/display/dataframe.ts";
import { assert, assertEquals, assertMatch, assertRejects } from "../_assert.ts";

const dtypes = (df: DataFrame): Record<string, string> =>
  Object.fromEntries(df.getColumns().map((s) => [s.name, String(s.dtype)]));

Deno.test("dataFrame() types columns and turns undefined and missing keys into null", async () => {
  const df = await dataFrame([
    { name: "cora", nodes: 2708, density: 0.00144, directed: false, at: new Date(0) },
    { name: "arxiv", nodes: 169343, density: undefined, directed: true, edges: 1166243n },
    { name: undefined, nodes: null, density: 2, directed: null, at: undefined },
  ]);
  assertEquals(df.shape, { height: 3, width: 6 });
  assertEquals(dtypes(df), {
    name: "DataType(String)",
    nodes: "DataType(Int64)",
    density: "DataType(Float64)",
    directed: "DataType(Bool)",
    at: "DataType(Datetime(ms,))",
    edges: "DataType(Int64)",
  });
  assertEquals(df.getColumn("name").toArray(), ["cora", "arxiv", null]);
  assertEquals(df.getColumn("nodes").toArray(), [2708, 169343, null]);
  assertEquals(df.getColumn("density").toArray(), [0.00144, null, 2]);
  assertEquals(df.getColumn("directed").toArray(), [false, true, null]);
  assertEquals(df.getColumn("at").toArray(), [new Date(0), null, null]);
  assertEquals(df.getColumn("edges").toArray(), [null, 1166243, null]);
});

Deno.test("dataFrame() keeps NaN and infinities as f64 values, not nulls", async () => {
  const df = await dataFrame([{ x: Number.NaN }, { x: Infinity }, { x: 3 }, {}]);
  assertEquals(dtypes(df), { x: "DataType(Float64)" });
  assertEquals(df.getColumn("x").toArray(), [Number.NaN, Infinity, 3, null]);
  assertEquals(df.getColumn("x").nullCount(), 1);
});

Deno.test("dataFrame() honours the columns option", async () => {
  const rows = [{ a: 1, b: "x", c: 2.5 }, { a: 2, b: "y" }];
  const df = await dataFrame(rows, { columns: ["c", "a", "none"] });
  assertEquals(df.columns, ["c", "a", "none"]);
  assertEquals(dtypes(df), {
    c: "DataType(Float64)",
    a: "DataType(Int64)",
    none: "DataType(Float64)",
  });
  assertEquals(df.getColumn("none").nullCount(), 2);
  assertEquals((await dataFrame([])).shape, { height: 0, width: 0 });
  assertEquals((await dataFrame([], { columns: ["a"] })).shape, { height: 0, width: 1 });
});

Deno.test("dataFrame() results filter, sort and aggregate like any polars DataFrame", async () => {
  const df = await dataFrame([
    { model: "gcn", seed: 0, acc: 0.8 },
    { model: "gat", seed: 0, acc: 0.84 },
    { model: "gcn", seed: 1, acc: 0.82 },
    { model: "gat", seed: 1, acc: 0.8 },
    { model: "mlp", seed: 0, acc: 0.6 },
  ]);
  const pl = await loadPolars();
  const means = df.filter(pl.col("acc").gt(0.7))
    .groupBy("model")
    .agg(pl.col("acc").mean().alias("mean"), pl.col("seed").count().alias("n"))
    .sort("model");
  // By hand: gat (0.84 + 0.80) / 2 = 0.82, gcn (0.80 + 0.82) / 2 = 0.81; mlp is filtered out.
  assertEquals(means.getColumn("model").toArray(), ["gat", "gcn"]);
  const mean = means.getColumn("mean").toArray() as number[];
  assert(Math.abs(mean[0] - 0.82) < 1e-12 && Math.abs(mean[1] - 0.81) < 1e-12, String(mean));
  assertEquals(means.getColumn("n").toArray(), [2, 2]);
});

Deno.test("dataFrame() shows as an HTML table in Jupyter", async () => {
  const df = await dataFrame([{ model: "gcn", acc: 0.815 }, { model: "<gat>", acc: 0.83 }]);
  const bundle = (df as unknown as Record<symbol, () => Record<string, unknown>>)[
    Symbol.for("Jupyter.display")
  ]();
  const html = bundle["text/html"] as string;
  assert(html.includes("<table"), html);
  for (const text of ["model", "acc", "gcn", "0.815", "&lt;gat&gt;"]) {
    assert(html.includes(text), `missing ${text} in ${html}`);
  }
});

Deno.test("dataFrame() turns mixed columns into text when asked", async () => {
  const rows = [{ key: "nodes", value: 2708 }, { key: "name", value: "cora" }, { key: "x" }];
  const df = await dataFrame(rows, { mixed: "string" });
  assertEquals(dtypes(df), { key: "DataType(String)", value: "DataType(String)" });
  assertEquals(df.getColumn("value").toArray(), ["2708", "cora", null]);
  // Numbers and bigints are one numeric type, not a mix.
  assertEquals(dtypes(await dataFrame([{ n: 1 }, { n: 2n }, { n: 0.5 }])), {
    n: "DataType(Float64)",
  });
});

Deno.test("dataFrame() rejects bad rows and cells, naming the row and column", async () => {
  const cases: [() => Promise<unknown>, ErrorConstructor, string][] = [
    [
      () => dataFrame([{ a: 1 }, 7 as never]),
      TypeError,
      "Cannot build DataFrame: row 1 is a number; expected an object keyed by column name",
    ],
    [
      () => dataFrame([{ a: 1 }, {}, null as never]),
      TypeError,
      "Cannot build DataFrame: row 2 is null; expected an object keyed by column name",
    ],
    [
      () => dataFrame([[1, 2] as never]),
      TypeError,
      "Cannot build DataFrame: row 0 is an array; expected an object keyed by column name",
    ],
    [
      () => dataFrame({ a: 1 } as never),
      TypeError,
      "Cannot build DataFrame: rows must be an array of objects, got an object",
    ],
    [
      () => dataFrame([{ a: 1 }, { a: { b: 2 } }]),
      TypeError,
      'Cannot build DataFrame: column "a" row 1 holds an object; expected a number, bigint, ' +
      "boolean, string, Date, null or undefined",
    ],
    [
      () => dataFrame([{ v: 1 }, {}, { v: "x" }]),
      TypeError,
      'Cannot build DataFrame: column "v" mixes number (first at row 0) and string ' +
      '(first at row 2); convert its values to one type or pass { mixed: "string" }',
    ],
    [
      () => dataFrame([{ v: 2n ** 53n }]),
      RangeError,
      'Cannot build DataFrame: column "v" row 0 holds 9007199254740992n, outside the ' +
      "exactly representable range +-(2^53 - 1)",
    ],
    [
      () => dataFrame([{ a: 1 }], { columns: ["a", "a"] }),
      RangeError,
      'Cannot build DataFrame: columns lists "a" twice',
    ],
    [
      () => dataFrame([{ a: 1 }], { mixed: "text" as never }),
      RangeError,
      'Cannot build DataFrame: mixed must be "error" or "string", got text',
    ],
  ];
  for (const [fn, type, message] of cases) {
    await assertRejects(fn, { name: type.name, message });
  }
});

Deno.test("dataFrame() loads polars on first use, not when mod.ts is imported", async () => {
  // Without any permission the native library cannot load: importing and table() must still work.
  const script = `import { dataFrame, table } from "./lib/display/mod.ts";
    console.log(String(table([{ a: 1 }])).split("\\n").join("|"));
    await dataFrame([{ a: 1 }]).catch((e) => console.log(e.message));`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "-"],
    cwd: new URL("../../", import.meta.url),
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(script));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const [tableLine, errorLine] = new TextDecoder().decode(stdout).trim().split("\n");
  assertEquals(code, 0, new TextDecoder().decode(stderr));
  assertEquals(tableLine, "a|-|1");
  assertMatch(errorLine, /^Cannot load nodejs-polars: .*--allow-sys --allow-read --allow-ffi/);
  const [a, b] = await Promise.all([loadPolars(), loadPolars()]);
  assert(a === b, "loadPolars() loaded polars twice");
});
