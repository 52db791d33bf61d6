import { probeWebGpu } from "../../lib/backend/webgpu_adapter.ts";
import { assertEquals, assertMatch } from "../_assert.ts";
import { rawAdapter } from "./_probes.ts";

Deno.test("probeWebGpu() agrees with a direct adapter request", async () => {
  const raw = await rawAdapter();
  const probe = await probeWebGpu();
  assertEquals([probe.available, probe.fallback], [raw.exists, raw.software]);
  assertEquals(probe.description, raw.description);
  if (!raw.exists) assertMatch(probe.reason, /^no adapter: /);
  else if (raw.software) assertMatch(probe.reason, /^software adapter .+: /);
  else assertMatch(probe.reason, /^hardware adapter /);
});

Deno.test("probeWebGpu() keeps Mesa's XDG_RUNTIME_DIR complaint off stderr and cleans up", async () => {
  const probe = new URL("../../lib/backend/webgpu_adapter.ts", import.meta.url).href;
  const env = { ...Deno.env.toObject() };
  delete env.XDG_RUNTIME_DIR;
  const script = `import { probeWebGpu } from "${probe}";
    await probeWebGpu();
    console.log(Deno.env.get("XDG_RUNTIME_DIR") ?? "");`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    env,
    clearEnv: true,
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  const dir = new TextDecoder().decode(out.stdout).trim();
  assertEquals(out.code, 0, stderr);
  // Mesa's lavapipe (installed by tools/setup.ts) prints this when the variable is unset.
  assertEquals(stderr.includes("XDG_RUNTIME_DIR"), false, stderr);
  if (Deno.build.os === "linux") {
    assertMatch(dir, /open-autoglm-runtime-/);
    assertEquals(await Deno.stat(dir).then(() => true, () => false), false, `${dir} left behind`);
  }
});
