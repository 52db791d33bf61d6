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
