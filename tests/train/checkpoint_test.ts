import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import {
  loadCheckpoint,
  readCheckpointHeader,
  saveCheckpoint,
} from "../../lib/train/checkpoint.ts";
import { assertEquals, assertRejects } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { TinyModel, useCpu } from "./_fixtures.ts";

Deno.test("saveCheckpoint() round-trips weights, header and meta", async () => {
  await useCpu();
  await withTempDir(async (dir) => {
    const path = join(dir, "tiny.ckpt");
    const a = new TinyModel(3, 2, { seed: 1 });
    a.bias.assign(tf.tensor1d([0.5, -1.25]));
    await saveCheckpoint(a, path, { epoch: 7, valAcc: 0.8, seed: 3 });
    const b = new TinyModel(3, 2, { seed: 2 });
    const header = await loadCheckpoint(b, path);
    assertEquals(Array.from(b.weight.dataSync()), Array.from(a.weight.dataSync()));
    assertEquals(Array.from(b.bias.dataSync()), [0.5, -1.25]);
    assertEquals(header.model, "tiny");
    assertEquals(header.version, 1);
    assertEquals(header.config, { inChannels: 3, outChannels: 2, dropout: 0 });
    assertEquals(header.meta, { epoch: 7, valAcc: 0.8, seed: 3 });
    assertEquals(header.parameters, [
      { name: "weight", shape: [3, 2], dtype: "float32" },
      { name: "bias", shape: [2], dtype: "float32" },
    ]);
    // Size: 12 bytes of preamble, the padded header, then 8 float32 values.
    const bytes = await Deno.readFile(path);
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    assertEquals(headerLength % 4, 0);
    assertEquals(bytes.length, 12 + headerLength + 8 * 4);
    // Atomic write: only the checkpoint is left in the directory.
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["tiny.ckpt"]);
    a.dispose();
    b.dispose();
  });
});

Deno.test("loadCheckpoint() rejects truncated and foreign files naming the file", async () => {
  await useCpu();
  await withTempDir(async (dir) => {
    const path = join(dir, "m.ckpt");
    const model = new TinyModel(3, 2);
    await saveCheckpoint(model, path);
    const bytes = await Deno.readFile(path);
    const cut = join(dir, "cut.ckpt");
    await Deno.writeFile(cut, bytes.subarray(0, bytes.length - 4));
    await assertRejects(() => loadCheckpoint(model, cut), {
      message:
        `Cannot load checkpoint ${cut}: file is truncated (expected ${bytes.length} bytes, got ${
          bytes.length - 4
        })`,
    });
    const junk = join(dir, "junk.ckpt");
    await Deno.writeTextFile(junk, "hello world, not a checkpoint");
    await assertRejects(() => readCheckpointHeader(junk), {
      message:
        `Cannot load checkpoint ${junk}: not a checkpoint file (missing the AGLMCKPT signature)`,
    });
    const headerCut = join(dir, "header.ckpt");
    await Deno.writeFile(headerCut, bytes.subarray(0, 20));
    await assertRejects(() => loadCheckpoint(model, headerCut), (e: Error) => {
      assertEquals(
        e.message.startsWith(`Cannot load checkpoint ${headerCut}: file is truncated`),
        true,
      );
      return true;
    });
    model.dispose();
  });
});

Deno.test("loadCheckpoint() rejects mismatched parameters and leaves weights untouched", async () => {
  await useCpu();
  await withTempDir(async (dir) => {
    const path = join(dir, "m.ckpt");
    const saved = new TinyModel(3, 2);
    await saveCheckpoint(saved, path);
    const wider = new TinyModel(4, 2, { seed: 5 });
    const before = Array.from(wider.weight.dataSync());
    await assertRejects(() => loadCheckpoint(wider, path), {
      message:
        `Cannot load checkpoint ${path}: parameter weight has shape [3, 2] in the file but [4, 2] in the model`,
    });
    assertEquals(Array.from(wider.weight.dataSync()), before);
    const renamed = { namedParameters: (): [string, tf.Variable][] => [["w", saved.weight]] };
    await assertRejects(() => loadCheckpoint(renamed, path), {
      message:
        `Cannot load checkpoint ${path}: parameter weight is in the file but not in the model`,
    });
    const extra = {
      namedParameters: (): [string, tf.Variable][] => [
        ...saved.namedParameters(),
        ["extra", saved.bias],
      ],
    };
    await assertRejects(() => loadCheckpoint(extra, path), {
      message:
        `Cannot load checkpoint ${path}: parameter extra of the model is missing from the file`,
    });
    saved.dispose();
    wider.dispose();
  });
});
