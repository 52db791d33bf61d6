import { assertEquals, assertRejects } from "../_assert.ts";
import { DATASET_NAMES, loadDataset } from "../../lib/datasets/load_dataset.ts";

Deno.test("loadDataset() dispatches registry names to their loaders", async () => {
  const cacheDir = await Deno.makeTempDir();
  try {
    const options = { cacheDir };
    const cases: [string, string, number, number][] = [
      ["cora", "cora", 2708, 10556],
      ["Texas", "texas", 183, 558],
      ["karate", "karate", 34, 156],
      ["amazon_photo", "amazon-photo", 7650, 238162],
    ];
    for (const [name, expected, nodes, edges] of cases) {
      const d = await loadDataset(name, options);
      assertEquals([d.name, d.graph.numNodes, d.graph.edgeIndex.length / 2], [
        expected,
        nodes,
        edges,
      ]);
    }
    const c = await loadDataset("csbm", { csbm: { numNodes: 100, numClasses: 2, avgDegree: 4 } });
    assertEquals([c.graph.numNodes, c.graph.edgeIndex.length / 2], [100, 400]);
    const p = await loadDataset("csbm", { params: { numNodes: 80, avgDegree: 2 } });
    assertEquals(p.graph.numNodes, 80);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("loadDataset() rejects unknown names with a suggestion and the known names", async () => {
  const known = DATASET_NAMES.join(", ");
  assertEquals(DATASET_NAMES.length, 20);
  await assertRejects(() => loadDataset("corra"), {
    message: `Cannot load dataset "corra": unknown name; did you mean "cora"? Known: ${known}`,
  });
  await assertRejects(() => loadDataset("Amazon-Photos"), {
    message:
      `Cannot load dataset "Amazon-Photos": unknown name; did you mean "amazon-photo"? Known: ${known}`,
  });
  await assertRejects(() => loadDataset("imagenet"), {
    message: `Cannot load dataset "imagenet": unknown name; known: ${known}`,
  });
});
