import { join } from "node:path";
import { loadTensorflowNode } from "../../lib/backend/tensorflow_node.ts";
import { assertEquals } from "../_assert.ts";

// A fake node_modules package with the given CommonJS body.
async function fakePackage(root: string, name: string, body: string): Promise<void> {
  const dir = join(root, "node_modules", ...name.split("/"));
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "package.json"), JSON.stringify({ name, main: "index.js" }));
  await Deno.writeTextFile(join(dir, "index.js"), body);
}

Deno.test("loadTensorflowNode() reports each package's state without downloading", async () => {
  const root = await Deno.makeTempDir();
  try {
    const empty = join(root, "empty");
    await Deno.mkdir(empty);
    assertEquals(loadTensorflowNode({ searchFrom: [empty] }), {
      ok: false,
      reason: "@tensorflow/tfjs-node-gpu not installed; @tensorflow/tfjs-node not installed",
    });

    const broken = join(root, "broken");
    await fakePackage(
      broken,
      "@tensorflow/tfjs-node",
      'throw new Error("libtensorflow.so.2: missing");',
    );
    assertEquals(loadTensorflowNode({ searchFrom: [empty, broken] }), {
      ok: false,
      reason: "@tensorflow/tfjs-node-gpu not installed; " +
        "@tensorflow/tfjs-node installed but failed to load: libtensorflow.so.2: missing",
    });

    // Loads, but registers nothing with this project's tfjs-core.
    const stranger = join(root, "stranger");
    await fakePackage(stranger, "@tensorflow/tfjs-node-gpu", "module.exports = {};");
    assertEquals(loadTensorflowNode({ searchFrom: [stranger, broken] }), {
      ok: false,
      reason: "@tensorflow/tfjs-node-gpu loaded but registered with another copy of " +
        "@tensorflow/tfjs-core (install version 4.22.0 to match @tensorflow/tfjs); " +
        "@tensorflow/tfjs-node installed but failed to load: libtensorflow.so.2: missing",
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
