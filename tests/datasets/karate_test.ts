import { assert, assertEquals } from "../_assert.ts";
import { loadKarate } from "../../lib/datasets/karate.ts";

// MANIFEST.md: "Mr. Hi" = {0,1,2,3,4,5,6,7,8,10,11,12,13,16,17,19,21}, "Officer" = the rest
const MR_HI = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21];

Deno.test("loadKarate() gives 34 nodes, 156 directed edges, the two factions and a 70/15/15 split", async () => {
  const cacheDir = await Deno.makeTempDir();
  try {
    const d = await loadKarate({ cacheDir });
    const { graph } = d;
    assertEquals([graph.numNodes, graph.edgeIndex.length / 2, d.numClasses], [34, 156, 2]);
    assertEquals(d.classNames, ["Mr. Hi", "Officer"]);
    assertEquals(
      Array.from(graph.y),
      Array.from({ length: 34 }, (_, i) => (MR_HI.includes(i) ? 0 : 1)),
    );
    // identity features, like PyG's KarateClub
    assertEquals([graph.x.rows, graph.x.cols], [34, 34]);
    for (let i = 0; i < 34; i++) {
      for (let j = 0; j < 34; j++) assertEquals(graph.x.data[i * 34 + j], i === j ? 1 : 0);
    }
    // undirected: every edge has its reverse; Zachary's famous pair 0-33 is absent, 0-31 present
    const E = 156;
    const pairs = new Set<string>();
    for (let e = 0; e < E; e++) pairs.add(`${graph.edgeIndex[e]},${graph.edgeIndex[E + e]}`);
    for (const p of pairs) assert(pairs.has(p.split(",").reverse().join(",")), p);
    assert(pairs.has("0,31") && pairs.has("33,32") && !pairs.has("0,33"));
    // degrees: node 33 has 17 neighbours, node 0 has 16 (Zachary 1977)
    const degree = new Array(34).fill(0);
    for (let e = 0; e < E; e++) degree[graph.edgeIndex[e]]++;
    assertEquals([degree[0], degree[33]], [16, 17]);
    const split = d.splits[0];
    assertEquals(split.train.length + split.val.length + split.test.length, 34);
    assert(split.train.length >= 23 && split.train.length <= 25, `train ${split.train.length}`);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});
