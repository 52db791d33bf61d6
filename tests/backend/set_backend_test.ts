import * as tf from "@tensorflow/tfjs";
import { getBackendChoice, setBackend } from "../../lib/backend/set_backend.ts";
import { assert, assertAllClose, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import { rawAdapter, resolvable } from "./_probes.ts";

// [[1, 2, 3], [4, 5, 6]] x [[7, 8], [9, 10], [11, 12]], by hand:
// 1*7+2*9+3*11 = 58, 1*8+2*10+3*12 = 64, 4*7+5*9+6*11 = 139, 4*8+5*10+6*12 = 154.
async function matmulByBackend(): Promise<number[]> {
  const product = tf.tidy(() =>
    tf.matMul(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), tf.tensor2d([[7, 8], [9, 10], [11, 12]]))
  );
  const values = Array.from(await product.data());
  product.dispose();
  return values;
}

// Must run first in this file: tfjs warns once, on the cpu backend's first tensor.
Deno.test("setBackend() keeps tfjs's Node.js banner off the console", async () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(" "));
  try {
    await setBackend("cpu");
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync());
  } finally {
    console.warn = warn;
  }
  assertEquals(warnings.filter((w) => w.includes("TensorFlow.js in Node.js")), []);
});

for (const name of ["cpu", "wasm"] as const) {
  Deno.test(`setBackend() activates ${name} and it multiplies matrices correctly`, async () => {
    const choice = await setBackend(name);
    assertEquals(choice.name, name);
    assertEquals(tf.getBackend(), name);
    assertEquals(getBackendChoice(), choice);
    assertEquals(choice.tried.map((t) => [t.name, t.ok]), [[name, true]]);
    assertMatch(choice.reason, /^requested: /);
    assertAllClose(await matmulByBackend(), [58, 64, 139, 154]);
  });
}

Deno.test("setBackend() auto skips unavailable backends and says why", async () => {
  const adapter = await rawAdapter();
  const nativeInstalled = resolvable("@tensorflow/tfjs-node-gpu") ||
    resolvable("@tensorflow/tfjs-node");
  const choice = await setBackend("auto");
  assertEquals(tf.getBackend(), choice.name);
  assertAllClose(await matmulByBackend(), [58, 64, 139, 154]);
  assertEquals(choice.tried.at(-1), {
    name: choice.name,
    ok: true,
    reason: choice.tried.at(-1)!.reason,
  });
  assert(choice.tried.slice(0, -1).every((t) => !t.ok), "only the chosen backend is ok");

  const tensorflow = choice.tried[0];
  assertEquals(tensorflow.name, "tensorflow");
  if (!nativeInstalled) {
    assertEquals(tensorflow.ok, false);
    assertMatch(tensorflow.reason, /@tensorflow\/tfjs-node-gpu not installed/);
    assertMatch(tensorflow.reason, /@tensorflow\/tfjs-node not installed/);
  }
  if (tensorflow.ok) return;

  const webgpu = choice.tried[1];
  assertEquals(webgpu.name, "webgpu");
  if (!adapter.exists) {
    assertEquals(webgpu.ok, false);
    assertMatch(webgpu.reason, /no adapter/);
  } else if (adapter.software) {
    assertEquals(webgpu.ok, false);
    assertMatch(webgpu.reason, /software/);
  } else {
    assertEquals(choice.name, "webgpu");
    return;
  }
  // wasm runs everywhere Deno does.
  assertEquals(choice.name, "wasm");
  assertEquals(choice.tried.map((t) => t.name), ["tensorflow", "webgpu", "wasm"]);
  assertMatch(choice.reason, /^auto: WebAssembly kernels \(SIMD (on|off), /);
});

Deno.test("setBackend() webgpu uses any adapter when asked by name", async () => {
  const adapter = await rawAdapter();
  if (!adapter.exists) {
    await assertRejects(() => setBackend("webgpu"), {
      message: /^Cannot set backend "webgpu": no adapter: /,
    });
    return;
  }
  const choice = await setBackend("webgpu");
  assertEquals([choice.name, tf.getBackend()], ["webgpu", "webgpu"]);
  assertAllClose(await matmulByBackend(), [58, 64, 139, 154], { atol: 1e-3 });
  assertEquals(/software adapter/.test(choice.reason), adapter.software);
  assert(choice.reason.includes(adapter.description), choice.reason);
});

Deno.test("setBackend() tensorflow explains what to install when it is missing", async () => {
  const before = await setBackend("cpu");
  const empty = await Deno.makeTempDir();
  try {
    await assertRejects(() => setBackend("tensorflow", { searchFrom: [empty] }), (error: Error) => {
      assertEquals(
        error.message.split("; to use it, ")[0],
        'Cannot set backend "tensorflow": @tensorflow/tfjs-node-gpu not installed; ' +
          "@tensorflow/tfjs-node not installed",
      );
      for (
        const part of [
          "`npm install @tensorflow/tfjs-node`",
          "@tensorflow/tfjs-node-gpu",
          "node_modules",
          "deno.json's imports",
          "downloads libtensorflow, which needs internet",
          "CUDA 11.2 and cuDNN 8.1",
        ]
      ) assert(error.message.includes(part), `missing "${part}" in: ${error.message}`);
      return true;
    });
    // A failed request leaves the previous backend in place.
    assertEquals(getBackendChoice(), before);
    assertEquals(tf.getBackend(), "cpu");
  } finally {
    await Deno.remove(empty, { recursive: true });
  }
});

Deno.test("setBackend() tensorflow without options searches the project", async () => {
  const installed = resolvable("@tensorflow/tfjs-node-gpu") || resolvable("@tensorflow/tfjs-node");
  if (installed) {
    // Installed packages either load or say why not; both are honest outcomes.
    const outcome = await setBackend("tensorflow").then((c) => c.name, (e: Error) => e.message);
    assert(/^tensorflow$|failed to load|another copy/.test(outcome), outcome);
    return;
  }
  await assertRejects(() => setBackend("tensorflow"), {
    message: /^Cannot set backend "tensorflow": @tensorflow\/tfjs-node-gpu not installed; /,
  });
});

Deno.test("setBackend() rejects unknown names", async () => {
  await assertRejects(() => setBackend("gpu" as "cpu"), {
    message:
      'Cannot set backend "gpu": unknown name; expected one of auto, wasm, cpu, webgpu, tensorflow',
  });
});
