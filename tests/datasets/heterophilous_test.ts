import { assert, assertAllClose, assertEquals, assertRejects } from "../_assert.ts";
import { HETEROPHILOUS_NAMES, loadHeterophilous } from "../../lib/datasets/heterophilous.ts";
import { runPythonJson } from "../_python.ts";
import { rawDataPath } from "../_data.ts";

// From MANIFEST.md: N, F, C, stored (undirected) edge rows, split-0 train/val/test
const MANIFEST: Record<string, [number, number, number, number, number, number, number]> = {
  texas: [183, 1703, 5, 279, 87, 59, 37],
  cornell: [183, 1703, 5, 277, 87, 59, 37],
  wisconsin: [251, 1703, 5, 450, 120, 80, 51],
  chameleon: [2277, 2325, 5, 31371, 1092, 729, 456],
  squirrel: [5201, 2089, 5, 198353, 2496, 1664, 1041],
  actor: [7600, 932, 5, 26659, 3648, 2432, 1520],
  minesweeper: [10000, 7, 2, 39402, 5000, 2500, 2500],
  tolokers: [11758, 10, 2, 519000, 5879, 2939, 2940],
};

const ORACLE = `import sys, json, numpy as np
d = np.load(sys.argv[1])
e = d["edges"]
both = np.unique(np.concatenate([e, e[:, ::-1]]), axis=0)  # sorted (source, target), like coalesce
out = {
  "labels": np.bincount(d["node_labels"]).tolist(),
  "featureRowSums": d["node_features"].sum(axis=1, dtype=np.float64)[:50].tolist(),
  "splits": [[np.flatnonzero(d[k][s]).tolist() for k in ("train_masks", "val_masks", "test_masks")] for s in (0, 9)],
  "numDirected": int(len(both)),
}
if len(both) < 100000:
  out["edges"] = [both[:, 0].tolist(), both[:, 1].tolist()]
print(json.dumps(out))`;

interface Oracle {
  labels: number[];
  featureRowSums: number[];
  splits: number[][][];
  numDirected: number;
  edges?: [number[], number[]];
}

for (const name of HETEROPHILOUS_NAMES) {
  Deno.test(`loadHeterophilous() ${name} matches the manifest and numpy`, async () => {
    const cacheDir = await Deno.makeTempDir();
    try {
      const d = await loadHeterophilous(name, { cacheDir });
      const [N, F, C, rows, train, val, test] = MANIFEST[name];
      const { graph } = d;
      assertEquals([d.name, graph.numNodes, graph.x.cols, d.numClasses], [name, N, F, C]);
      const E = graph.edgeIndex.length / 2;
      assertEquals(E, 2 * rows); // no self loops in these files: every edge gains its reverse
      const s0 = d.splits[0];
      assertEquals([s0.name, s0.train.length, s0.val.length, s0.test.length], [
        "split-0",
        train,
        val,
        test,
      ]);
      assertEquals(d.splits.map((s) => s.name), Array.from({ length: 10 }, (_, i) => `split-${i}`));
      assert(d.source?.url.includes("yandex-research/heterophilous-graphs"));
      const oracle = await runPythonJson<Oracle>(ORACLE, {
        args: [await rawDataPath(`heterophilous-yandex/${name}.npz`, { cacheDir })],
        modules: ["numpy"],
      });
      assertEquals(E, oracle.numDirected);
      const counts = new Array(C).fill(0);
      for (const y of graph.y) counts[y]++;
      assertEquals(counts, oracle.labels);
      const rowSums = oracle.featureRowSums.map((_, i) => {
        let s = 0;
        for (let j = 0; j < F; j++) s += graph.x.data[i * F + j];
        return s;
      });
      assertAllClose(rowSums, oracle.featureRowSums, { atol: 1e-3 });
      for (const [k, s] of [[0, 0], [1, 9]]) {
        const split = d.splits[s];
        assertEquals(
          [split.train, split.val, split.test].map((a) => Array.from(a)),
          oracle.splits[k],
        );
      }
      if (oracle.edges) {
        assertEquals(Array.from(graph.edgeIndex.subarray(0, E)), oracle.edges[0]);
        assertEquals(Array.from(graph.edgeIndex.subarray(E)), oracle.edges[1]);
      }
    } finally {
      await Deno.remove(cacheDir, { recursive: true });
    }
  });
}

Deno.test("loadHeterophilous() rejects unknown names with the list of known ones", async () => {
  await assertRejects(
    // deno-lint-ignore no-explicit-any
    () => loadHeterophilous("roman-empire" as any),
    {
      message: "Cannot load roman-empire: unknown heterophilous data set (expected one of " +
        "texas, cornell, wisconsin, chameleon, squirrel, actor, minesweeper, tolokers)",
    },
  );
});
