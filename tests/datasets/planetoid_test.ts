import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStrictEquals,
} from "../_assert.ts";
import { loadPlanetoid } from "../../lib/datasets/planetoid.ts";
import type { CsrMatrix } from "../../lib/graph/matrix.ts";
import { runPython, sha256Hex } from "../_python.ts";

const sha = sha256Hex;

/** A copy of a CSR matrix with each row's columns ascending (scipy's `sort_indices`). */
function sortRows(m: CsrMatrix): CsrMatrix {
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
  return { ...m, indices, data };
}

/**
 * An independent reimplementation of the assembly (Kipf's `load_data` as the data manifest gives
 * it, with scipy's lil matrices), printing hashes of the result.
 */
const ORACLE = `
import hashlib, json, pickle, sys
import numpy as np, scipy.sparse as sp
root, name = sys.argv[1], sys.argv[2]
o = {}
for k in ["y", "tx", "ty", "allx", "ally", "graph"]:
    with open(f"{root}/ind.{name}.{k}", "rb") as f:
        o[k] = pickle.load(f, encoding="latin1")
test_idx = [int(line) for line in open(f"{root}/ind.{name}.test.index")]
test_range = np.sort(test_idx)
tx, ty = o["tx"], o["ty"]
if name == "citeseer":
    full = range(min(test_idx), max(test_idx) + 1)
    tx_ext = sp.lil_matrix((len(full), tx.shape[1]))
    tx_ext[test_range - min(test_range), :] = tx
    ty_ext = np.zeros((len(full), ty.shape[1]))
    ty_ext[test_range - min(test_range), :] = ty
    tx, ty = tx_ext, ty_ext
features = sp.vstack((o["allx"], tx)).tolil()
features[test_idx, :] = features[test_range, :]
labels = np.vstack((o["ally"], ty))
labels[test_idx, :] = labels[test_range, :]
X = features.tocsr().astype(np.float32)
X.sort_indices()
y = labels.argmax(1).astype("<i4")
edges = sorted({(k, v) for k, vs in o["graph"].items() for v in vs if k != v})
E = np.array(edges, dtype="<i4").reshape(-1, 2)
h = lambda b: hashlib.sha256(b).hexdigest()
n = len(o["y"])
print(json.dumps({
    "shape": list(X.shape), "classes": labels.shape[1],
    "indptr": h(X.indptr.astype("<i4").tobytes()), "indices": h(X.indices.astype("<i4").tobytes()),
    "data": h(X.data.tobytes()), "y": h(y.tobytes()),
    "edges": len(E), "edge_index": h(np.concatenate([E[:, 0], E[:, 1]]).tobytes()),
    "train": list(range(n)), "val": list(range(n, n + 500)), "test": [int(i) for i in test_range],
}))
`;

for (
  const [name, published] of [
    ["cora", {
      nodes: 2708,
      edges: 10556,
      features: 1433,
      classes: 7,
      split: [140, 500, 1000],
      // McCallum et al.'s published class sizes, in the order of the names the loader gives.
      classSizes: {
        "Theory": 351,
        "Reinforcement learning": 217,
        "Genetic algorithms": 418,
        "Neural networks": 818,
        "Probabilistic methods": 426,
        "Case based": 298,
        "Rule learning": 180,
      },
    }],
    ["citeseer", {
      nodes: 3327,
      edges: 9104,
      features: 3703,
      classes: 6,
      split: [120, 500, 1000],
      // Giles et al.'s class sizes; AI also holds the 15 unlabelled isolated nodes (249 + 15).
      classSizes: { AI: 264, ML: 590, IR: 668, DB: 701, Agents: 596, HCI: 508 },
    }],
  ] as const
) {
  Deno.test(`loadPlanetoid() assembles ${name} like an independent Python loader`, async () => {
    const cacheDir = await Deno.makeTempDir();
    try {
      const ds = await loadPlanetoid(name, { cacheDir });
      const { graph } = ds;
      const x = graph.x as CsrMatrix;
      // Published counts (data manifest, PyG).
      assertEquals(
        [graph.numNodes, graph.edgeIndex.length / 2, x.cols, ds.numClasses],
        [published.nodes, published.edges, published.features, published.classes],
      );
      const sizes = new Array(ds.numClasses).fill(0);
      for (const label of graph.y) sizes[label]++;
      assertEquals(
        Object.fromEntries((ds.classNames ?? []).map((className, c) => [className, sizes[c]])),
        published.classSizes,
      );
      const split = ds.splits[0];
      assertEquals(split.name, "public");
      assertEquals(
        [split.train.length, split.val.length, split.test.length],
        [...published.split],
      );
      assertStrictEquals(x.kind, "csr");
      // Exact agreement with the Python reimplementation, on the verified files just cached.
      const py = JSON.parse(await runPython(ORACLE, { args: [`${cacheDir}/planetoid`, name] }));
      const sorted = sortRows(x);
      assertEquals(
        {
          shape: [x.rows, x.cols],
          classes: ds.numClasses,
          indptr: sha(sorted.indptr),
          indices: sha(sorted.indices),
          data: sha(sorted.data),
          y: sha(graph.y),
          edges: graph.edgeIndex.length / 2,
          edge_index: sha(graph.edgeIndex),
          train: [...split.train],
          val: [...split.val],
          test: [...split.test],
        },
        py,
      );
    } finally {
      await Deno.remove(cacheDir, { recursive: true });
    }
  });
}

Deno.test("loadPlanetoid() gives CiteSeer's 15 missing test ids zero features, label 0, no split", async () => {
  const cacheDir = await Deno.makeTempDir();
  try {
    const { graph, splits } = await loadPlanetoid("citeseer", { cacheDir });
    const missing = [2407, 2489, 2553, 2682, 2781, 2953, 3042, 3063, 3212, 3214, 3250, 3292, 3305];
    missing.push(3306, 3309);
    const x = graph.x as CsrMatrix;
    const inSplit = new Set([...splits[0].train, ...splits[0].val, ...splits[0].test]);
    for (const v of missing) {
      assertStrictEquals(x.indptr[v + 1] - x.indptr[v], 0, `row ${v} has features`);
      assertStrictEquals(graph.y[v], 0);
      assert(!inSplit.has(v), `node ${v} is in the split`);
    }
    // Every other node in the test range has features.
    let empty = 0;
    for (let v = 2312; v < 3327; v++) if (x.indptr[v + 1] === x.indptr[v]) empty++;
    assertStrictEquals(empty, 15);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("loadPlanetoid() fails offline for PubMed naming the missing ind.pubmed.allx", async () => {
  const cacheDir = await Deno.makeTempDir();
  try {
    let message = "";
    try {
      await loadPlanetoid("pubmed", { cacheDir });
    } catch (e) {
      message = (e as Error).message;
    }
    assertMatch(message, /^Cannot load pubmed: file ind\.pubmed\.allx is unavailable: /);
    assertMatch(message, /_partial_pubmed\/ind\.pubmed\.allx/);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("loadPlanetoid() rejects an unknown name listing the known ones", async () => {
  await assertRejects(
    // deno-lint-ignore no-explicit-any
    () => loadPlanetoid("cora-full" as any),
    {
      message:
        "Cannot load cora-full: unknown Planetoid data set (expected one of cora, citeseer, pubmed)",
    },
  );
});
