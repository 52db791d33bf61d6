import { assert, assertAllClose, assertEquals, assertRejects } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { loadOgbnArxiv, loadOgbnArxivLabels } from "../../lib/datasets/ogbn_arxiv.ts";
import { writeOgbnArxivFixture } from "./_ogbn_arxiv_fixture.ts";
import { runPythonJson } from "../_python.ts";

Deno.test("loadOgbnArxivLabels() reads the real labels, years and the official time split", async () => {
  await withTempDir(async (cacheDir) => {
    const m = await loadOgbnArxivLabels({ cacheDir });
    // MANIFEST.md / OGB: 169343 nodes, 40 classes, split 90941 / 29799 / 48603
    assertEquals([m.numNodes, m.numClasses, m.labels.length, m.years.length], [
      169343,
      40,
      169343,
      169343,
    ]);
    assertEquals([m.split.name, m.split.train.length, m.split.val.length, m.split.test.length], [
      "time",
      90941,
      29799,
      48603,
    ]);
    assertEquals([
      m.years.reduce((a, b) => Math.min(a, b)),
      m.years.reduce((a, b) => Math.max(a, b)),
    ], [1971, 2020]);
    assertEquals(m.classNames?.length, 40);
    assertEquals(m.classNames?.[0], "arxiv cs na");
  });
});

Deno.test("loadOgbnArxiv() without edges and features names them and the official source", async () => {
  await withTempDir(async (cacheDir) => {
    await assertRejects(() => loadOgbnArxiv({ cacheDir }), {
      message: "Cannot load ogbn-arxiv: raw/edge.csv.gz and raw/node-feat.csv.gz are missing " +
        "from the data mirror; download http://snap.stanford.edu/ogb/data/nodeproppred/arxiv.zip, " +
        'unzip it and pass { root: "<dir>/arxiv" } (the folder holding raw/ and split/)',
    });
  });
});

const ORACLE = `import sys, json, numpy as np
r = sys.argv[1]
load = lambda p, **k: np.loadtxt(f"{r}/{p}", delimiter=",", ndmin=2, **k)
e = load("raw/edge.csv.gz", dtype=np.int64)
und = np.unique(np.concatenate([e, e[:, ::-1]]), axis=0)
x = load("raw/node-feat.csv.gz", dtype=np.float32)
print(json.dumps({
  "edges": e.T.tolist(), "undirected": und.T.tolist(), "x": x.ravel().astype(float).tolist(),
  "y": load("raw/node-label.csv.gz", dtype=np.int64).ravel().tolist(),
  "years": load("raw/node_year.csv.gz", dtype=np.int64).ravel().tolist(),
}))`;

Deno.test("loadOgbnArxiv() reads the OGB raw layout of a synthetic fixture like numpy does", async () => {
  await withTempDir(async (root) => {
    await writeOgbnArxivFixture(root, { numNodes: 120, numEdges: 500, seed: 3 });
    const want = await runPythonJson<
      { edges: number[][]; undirected: number[][]; x: number[]; y: number[]; years: number[] }
    >(ORACLE, { args: [root], modules: ["numpy"] });
    const d = await loadOgbnArxiv({ root });
    const { graph } = d;
    assertEquals([d.name, graph.numNodes, graph.x.cols], ["ogbn-arxiv", 120, 128]);
    assertEquals(Array.from(graph.y), want.y);
    assertAllClose(graph.x.data, want.x, { atol: 0 });
    const E = graph.edgeIndex.length / 2;
    assertEquals(E, want.undirected[0].length);
    assertEquals(Array.from(graph.edgeIndex.subarray(0, E)), want.undirected[0]);
    assertEquals(Array.from(graph.edgeIndex.subarray(E)), want.undirected[1]);
    assertEquals(Array.from(d.nodeAttributes!.year as Int32Array), want.years);
    const years = want.years;
    const split = d.splits[0];
    assertEquals(Array.from(split.train), years.flatMap((y, i) => (y <= 2017 ? [i] : [])));
    assertEquals(Array.from(split.val), years.flatMap((y, i) => (y === 2018 ? [i] : [])));
    assertEquals(Array.from(split.test), years.flatMap((y, i) => (y >= 2019 ? [i] : [])));
    const directed = await loadOgbnArxiv({ root, undirected: false });
    assertEquals(Array.from(directed.graph.edgeIndex), want.edges.flat());
    assertEquals(d.classNames?.[5], "arxiv cs c5");
  });
});

Deno.test("loadOgbnArxiv() checks sizes across files and rebuilds the split from years", async () => {
  await withTempDir(async (root) => {
    await writeOgbnArxivFixture(root, { numNodes: 50, numEdges: 80, seed: 1 });
    await Deno.remove(`${root}/split`, { recursive: true });
    const d = await loadOgbnArxiv({ root });
    const years = d.nodeAttributes!.year as Int32Array;
    assertEquals(d.splits[0].val.length, years.filter((y) => y === 2018).length);
    const { gzipSync } = await import("fflate");
    await Deno.writeFile(
      `${root}/raw/num-edge-list.csv.gz`,
      gzipSync(new TextEncoder().encode("81\n")),
    );
    await assertRejects(() => loadOgbnArxiv({ root }), {
      message:
        "Cannot load ogbn-arxiv: raw/edge.csv.gz has 80 rows but raw/num-edge-list.csv.gz says 81",
    });
    await Deno.remove(`${root}/raw/node-feat.csv.gz`);
    const error = await loadOgbnArxiv({ root }).catch((e: Error) => e);
    assert(error instanceof Error);
    assert(
      error.message.startsWith(
        `Cannot load ogbn-arxiv: raw/node-feat.csv.gz is missing from root ${root}`,
      ),
    );
  });
});
