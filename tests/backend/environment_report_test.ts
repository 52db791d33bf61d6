import { delimiter, join } from "node:path";
import { environmentReport } from "../../lib/backend/environment_report.ts";
import { assert, assertEquals } from "../_assert.ts";
import { rawAdapter } from "./_probes.ts";

const KEYS = [
  "Deno",
  "V8",
  "TypeScript",
  "TensorFlow.js",
  "Backend",
  "Backend reason",
  "Tried cpu",
  "WASM SIMD",
  "WASM threads",
  "WebGPU adapter",
  "WebGPU vendor/architecture/device",
  "WebGPU software fallback",
  "CPUs",
  "Memory total",
  "Memory free",
  "OS",
  "Jupyter",
  "Deno kernel",
  "Data mirror",
  "Data cache",
];

// The smallest module using a v128 instruction (the probe tfjs and wasm-feature-detect use).
const SIMD_PROBE = new Uint8Array([
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0,
  1,
  5,
  1,
  96,
  0,
  1,
  123,
  3,
  2,
  1,
  0,
  10,
  10,
  1,
  8,
  0,
  65,
  0,
  253,
  15,
  253,
  98,
  11,
]);

function jupyterOnPath(): string | undefined {
  const dirs = (Deno.env.get("PATH") ?? "").split(delimiter).filter((d) => d);
  return [...dirs.map((d) => join(d, "jupyter")), "/usr/bin/jupyter"].find((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  });
}

async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.keys(vars).map((k) => [k, Deno.env.get(k)] as const);
  for (const [k, v] of Object.entries(vars)) Deno.env.set(k, v);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  }
}

Deno.test("environmentReport() reports every field from independent sources", async () => {
  const pinned = JSON.parse(await Deno.readTextFile("deno.json")).imports["@tensorflow/tfjs"];
  const adapter = await rawAdapter();
  const report = await withEnv(
    { AUTOGLM_DATA_MIRROR: "/data/<mirror> & co", AUTOGLM_DATA_CACHE: "/tmp/cache" },
    () => environmentReport({ backend: "cpu" }),
  );
  assertEquals([report.deno, report.v8, report.typescript], [
    Deno.version.deno,
    Deno.version.v8,
    Deno.version.typescript,
  ]);
  assertEquals(`npm:@tensorflow/tfjs@${report.tfjs}`, pinned);
  assertEquals(report.backend.name, "cpu");
  assertEquals(report.wasmSimd, WebAssembly.validate(SIMD_PROBE));
  assertEquals(typeof report.wasmThreads, "boolean");
  assertEquals([report.webgpu.available, report.webgpu.fallback], [
    adapter.exists,
    adapter.software,
  ]);
  assertEquals(report.cpus, navigator.hardwareConcurrency);
  assertEquals(report.memoryTotalBytes, Deno.systemMemoryInfo().total);
  assert(report.memoryFreeBytes > 0 && report.memoryFreeBytes <= report.memoryTotalBytes);
  assert(report.os.startsWith(`${Deno.build.os} ${Deno.build.arch}`), report.os);
  assertEquals([report.dataMirror, report.dataCache], ["/data/<mirror> & co", "/tmp/cache"]);

  const jupyter = jupyterOnPath();
  assertEquals(report.jupyter?.installed, jupyter !== undefined);
  if (jupyter) {
    assertEquals(report.jupyter?.path, jupyter);
    const listed = new Deno.Command(jupyter, { args: ["kernelspec", "list", "--json"] });
    const specs = JSON.parse(new TextDecoder().decode((await listed.output()).stdout)).kernelspecs;
    const hasDeno = Object.values(specs).some((k) =>
      /deno$/.test((k as { spec: { argv: string[] } }).spec.argv[0])
    );
    assertEquals(report.jupyter?.denoKernel !== undefined, hasDeno);
    assert(/jupyter_core \d/.test(report.jupyter?.version ?? ""), report.jupyter?.version);
  }

  const rows = report.rows();
  assertEquals(rows.map(([key]) => key), KEYS);
  const value = (key: string): string => rows.find(([k]) => k === key)![1];
  assertEquals(value("CPUs"), String(navigator.hardwareConcurrency));
  assertEquals(value("Data mirror"), "/data/<mirror> & co");
  assertEquals(value("Backend"), "cpu");

  // Text: one line per row, key first and value last, values starting in one column.
  const lines = String(report).split("\n");
  assertEquals(lines[0], "Open-AutoGLM environment");
  const column = lines[1].indexOf("value");
  rows.forEach(([key, v], i) => {
    const line = lines[i + 3];
    assertEquals([line.slice(0, column).trimEnd(), line.slice(column)], [key, v]);
  });

  // HTML: every row, escaped.
  // The kernel looks the method up by this exact symbol.
  const bundle = (report as unknown as Record<symbol, () => Record<string, unknown>>)[
    Symbol.for("Jupyter.display")
  ]();
  const html = String(bundle["text/html"]);
  assertEquals(bundle["text/plain"], String(report));
  assert(html.includes("<td>/data/&lt;mirror&gt; &amp; co</td>"), html);
  assert(!html.includes("<mirror>"), "raw text leaked into the HTML");
  for (const [key] of rows) assert(html.includes(`<td>${key}</td>`), `HTML misses ${key}`);
});

Deno.test("environmentReport() keeps the current backend and can skip Jupyter", async () => {
  await environmentReport({ backend: "wasm", jupyter: false });
  const report = await withEnv({}, () => environmentReport({ jupyter: false }));
  assertEquals(report.backend.name, "wasm");
  assertEquals(report.jupyter, undefined);
  assertEquals(report.rows().find(([k]) => k === "Jupyter"), ["Jupyter", "not checked"]);
});
