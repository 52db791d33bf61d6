import { assert, assertEquals, assertRejects, assertStrictEquals } from "../_assert.ts";
import { loadGnnBenchmark } from "../../lib/datasets/gnn_benchmark.ts";
import type { CsrMatrix } from "../../lib/graph/matrix.ts";
import { runPython, sha256Hex } from "../_python.ts";
import { rawDataPath } from "../_data.ts";

const sha = sha256Hex;

/** Hashes of a CSR matrix with each row's columns ascending (scipy's `sort_indices`). */
function csrHashes(m: CsrMatrix): Record<string, string> {
  const indices = m.indices.slice();
  const data = m.data.slice();
  for (let r = 0; r < m.rows; r++) {
    const start = m.indptr[r];
    const order = Array.from({ length: m.indptr[r + 1] - start }, (_, k) => start + k)
      .sort((a, b) => m.indices[a] - m.indices[b]);
    order.forEach((k, i) => {
      indices[start + i] = m.indices[k];
      data[start + i] = m.data[k];
    });
  }
  return { indptr: sha(m.indptr), indices: sha(indices), data: sha(data) };
}

/** PyG's `read_npz` steps, written independently with numpy/scipy. */
const ORACLE = `
import hashlib, json, sys
import numpy as np, scipy.sparse as sp
z = np.load(sys.argv[1], allow_pickle=True)
A = z["adj_matrix"].item().tocoo()
keep = A.row != A.col
row, col = A.row[keep], A.col[keep]
E = np.unique(np.stack([np.concatenate([row, col]), np.concatenate([col, row])], 1), axis=0)
X = z["node_attr"].item().tocsr().astype(np.float32)
X.sum_duplicates()
X.data[X.data > 0] = 1
X.sort_indices()
h = lambda b: hashlib.sha256(b).hexdigest()
print(json.dumps({
    "edges": len(E), "edge_index": h(np.concatenate([E[:, 0], E[:, 1]]).astype("<i4").tobytes()),
    "x": {"indptr": h(X.indptr.astype("<i4").tobytes()), "indices": h(X.indices.astype("<i4").tobytes()),
          "data": h(X.data.tobytes())},
    "y": h(z["node_label"].astype("<i4").tobytes()),
    "classes": [str(c) for c in z["metadata"].item()["class_names"]],
}))
`;

const PUBLISHED = {
  "amazon-photo": { nodes: 7650, edges: 238162, features: 745, classes: 8 },
  "amazon-computers": { nodes: 13752, edges: 491722, features: 767, classes: 10 },
  "coauthor-cs": { nodes: 18333, edges: 163788, features: 6805, classes: 15 },
  "coauthor-physics": { nodes: 34493, edges: 495924, features: 8415, classes: 5 },
} as const;

const FILES = {
  "amazon-photo": "amazon_photo.npz",
  "coauthor-cs": "coauthor_cs.npz",
} as const;

async function withCache<T>(f: (cacheDir: string) => Promise<T>): Promise<T> {
  const cacheDir = await Deno.makeTempDir();
  try {
    return await f(cacheDir);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
}

Deno.test("loadGnnBenchmark() gives the published counts and a 20/30-per-class split", async () => {
  for (const [name, published] of Object.entries(PUBLISHED)) {
    const ds = await withCache((cacheDir) =>
      loadGnnBenchmark(name as keyof typeof PUBLISHED, { cacheDir })
    );
    const { graph } = ds;
    assertEquals(
      [graph.numNodes, graph.edgeIndex.length / 2, graph.x.cols, ds.numClasses],
      [published.nodes, published.edges, published.features, published.classes],
      name,
    );
    assertStrictEquals(ds.classNames?.length, published.classes);
    const split = ds.splits[0];
    assertStrictEquals(split.name, "random-20-30");
    const part = new Int8Array(graph.numNodes).fill(-1);
    const perClass = [0, 1, 2].map(() => new Array(ds.numClasses).fill(0));
    [split.train, split.val, split.test].forEach((ids, p) => {
      for (const i of ids) {
        assertStrictEquals(part[i], -1, `${name}: node ${i} is in two parts`);
        part[i] = p;
        perClass[p][graph.y[i]]++;
      }
    });
    assert(part.every((p) => p >= 0), `${name}: some node is in no part`);
    // Every class of these sets has more than 50 members, so the per-class counts are exact.
    assertEquals(perClass[0], new Array(ds.numClasses).fill(20), name);
    assertEquals(perClass[1], new Array(ds.numClasses).fill(30), name);
  }
});

for (const [name, file] of Object.entries(FILES)) {
  Deno.test(`loadGnnBenchmark() assembles ${name} like PyG's read_npz in Python`, async () => {
    const ds = await withCache((cacheDir) =>
      loadGnnBenchmark(name as keyof typeof FILES, { cacheDir })
    );
    const py = JSON.parse(
      await runPython(ORACLE, { args: [await rawDataPath(`gnn-benchmark-graphdata/${file}`)] }),
    );
    assertEquals({
      edges: ds.graph.edgeIndex.length / 2,
      edge_index: sha(ds.graph.edgeIndex),
      x: csrHashes(ds.graph.x as CsrMatrix),
      y: sha(ds.graph.y),
      classes: ds.classNames,
    }, py);
  });
}

Deno.test("loadGnnBenchmark() draws the split from the seed", async () => {
  const load = (seed?: number) =>
    withCache((cacheDir) => loadGnnBenchmark("amazon-photo", { cacheDir, seed }));
  const [a, b, c] = await Promise.all([load(), load(0), load(1)]);
  assertEquals(a.splits[0], b.splits[0]);
  assert(a.splits[0].train.join() !== c.splits[0].train.join(), "seed 1 gave the seed-0 split");
});

Deno.test("loadGnnBenchmark() rejects an unknown name and a missing file", async () => {
  await assertRejects(
    // deno-lint-ignore no-explicit-any
    () => loadGnnBenchmark("amazon" as any),
    {
      message:
        "Cannot load amazon: unknown GNN-benchmark data set (expected one of amazon-photo, amazon-computers, coauthor-cs, coauthor-physics)",
    },
  );
  const emptyMirror = await Deno.makeTempDir();
  try {
    await withCache((cacheDir) =>
      assertRejects(
        () => loadGnnBenchmark("coauthor-cs", { mirror: emptyMirror, cacheDir }),
        /^Error: Cannot load coauthor-cs: file coauthor_cs\.npz is unavailable: .*coauthor_cs\.npz/,
      )
    );
  } finally {
    await Deno.remove(emptyMirror, { recursive: true });
  }
});
