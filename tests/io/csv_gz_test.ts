import { assertEquals, assertThrows } from "../_assert.ts";
import { rawDataPath } from "../_data.ts";
import { gzipSync } from "fflate";
import { gunzip, parseNumericCsv, readCsvGz } from "../../lib/io/csv_gz.ts";
import { runPythonJson } from "../_python.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("parseNumericCsv() parses ints and floats, headers, CRLF and blank lines", () => {
  const ints = parseNumericCsv(bytes("a,b\r\n1,-2\r\n\r\n30, 4\n"), "x.csv", { header: true });
  assertEquals([ints.rows, ints.cols, Array.from(ints.data)], [2, 2, [1, -2, 30, 4]]);
  const floats = parseNumericCsv(bytes("0.1,-1.5e-3,2E2\n.5,7,+3.25\n"), "f.csv", {
    type: "float64",
  });
  assertEquals(Array.from(floats.data), [0.1, -0.0015, 200, 0.5, 7, 3.25]);
  const f32 = parseNumericCsv(bytes("0.1\n"), "f.csv", { type: "float32" });
  assertEquals(f32.data[0], Math.fround(0.1));
  assertEquals(
    parseNumericCsv(bytes("12345678901234567890.5\n"), "g", { type: "float64" }).data[0],
    12345678901234567890.5,
  );
});

Deno.test("parseNumericCsv() names the file and line of bad input", () => {
  const cases: [string, string, "int32" | "float32"][] = [
    ["1,2\n3\n", "Cannot parse t.csv: expected 2 values, got 1 at line 2", "int32"],
    ["1,2\n3,4,5\n", "Cannot parse t.csv: expected 2 values, got more at line 2", "int32"],
    ["1\nx\n", 'Cannot parse t.csv: bad number "x" at line 2', "int32"],
    ["1\n2.5\n", 'Cannot parse t.csv: expected an integer, got "2.5" at line 2', "int32"],
    [
      "2147483648\n",
      "Cannot parse t.csv: integer 2147483648 is out of the int32 range at line 1",
      "int32",
    ],
    ["1.5\n1e\n", 'Cannot parse t.csv: bad number "1e" at line 2', "float32"],
  ];
  for (const [text, message, type] of cases) {
    assertThrows(() => parseNumericCsv(bytes(text), "t.csv", { type }), { message });
  }
  assertThrows(() => gunzip(bytes("not gzip at all, really"), "z.gz"), {
    message: "Cannot decompress z.gz: not a gzip file (bad magic bytes)",
  });
});

Deno.test("readCsvGz() matches numpy.loadtxt on random floats and the OGB label file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const values = await runPythonJson<number[][]>(
      `import sys, json, gzip, numpy as np
rng = np.random.default_rng(1)
a = rng.standard_normal((50, 7)) * 10.0 ** rng.integers(-8, 8, (50, 7))
with gzip.open(sys.argv[1] + "/f.csv.gz", "wt") as f:
  np.savetxt(f, a, delimiter=",", fmt="%.17g")
print(json.dumps(np.loadtxt(sys.argv[1] + "/f.csv.gz", delimiter=",").tolist()))`,
      { args: [dir], modules: ["numpy"] },
    );
    const t = readCsvGz(await Deno.readFile(`${dir}/f.csv.gz`), "f.csv.gz", { type: "float64" });
    assertEquals([t.rows, t.cols], [50, 7]);
    assertEquals(Array.from(t.data), values.flat());
    const path = await rawDataPath("ogbn_arxiv-gnnguard/raw/node-label.csv.gz");
    const counts = await runPythonJson<number[]>(
      `import sys, json, numpy as np
print(json.dumps(np.bincount(np.loadtxt(sys.argv[1], dtype=np.int64)).tolist()))`,
      { args: [path], modules: ["numpy"] },
    );
    const labels = readCsvGz(await Deno.readFile(path), "node-label.csv.gz");
    const ours = new Array(counts.length).fill(0);
    for (const l of labels.data) ours[l]++;
    assertEquals([labels.rows, labels.cols], [169343, 1]);
    assertEquals(ours, counts);
    const gz = gzipSync(bytes("5\n6\n"));
    assertEquals(Array.from(readCsvGz(gz, "small").data), [5, 6]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
