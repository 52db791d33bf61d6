import {
  kernelEnv,
  LOCAL_SYSTEM,
  planSetup,
  registerKernel,
  type Requirement,
  REQUIREMENTS,
  setup,
  type SetupFacts,
  type SetupScope,
  type SetupSystem,
} from "../../tools/setup.ts";
import { assert, assertEquals, assertMatch } from "../_assert.ts";

const byPackage = (name: string): Requirement => {
  const found = REQUIREMENTS.find((r) => r.packages.includes(name));
  assert(found, `no requirement provides ${name}`);
  return found;
};
const CHROMIUM = byPackage("chromium");
const FONTS = byPackage("fonts-liberation");
const NUMPY = byPackage("python3-numpy");
const WEBGPU = byPackage("mesa-vulkan-drivers");
/** What the tests run with: WebGPU over Vulkan on Linux, where libglvnd's EGL breaks `deno test`. */
const TEST_ENV = Deno.build.os === "linux" ? { DENO_WEBGPU_BACKEND: "vulkan" } : {};
const APT_ENV = ["env", "DEBIAN_FRONTEND=noninteractive"];

const NO_SUDO_MESSAGE = "Cannot run `deno task test`: missing Debian packages, and installing " +
  "them needs root or password-less sudo\n" +
  "  chromium: Chromium, which checks that the notebooks' figures draw\n" +
  "  fonts-liberation: Liberation fonts, for readable figure screenshots\n" +
  "Run this, then `deno task test` again:\n\n" +
  "  sudo apt-get install -y chromium fonts-liberation";

Deno.test("planSetup() decides by what is missing and what the machine allows", () => {
  const missing = [CHROMIUM, FONTS];
  const install = (prefix: string[]) => ({
    action: "install",
    packages: ["chromium", "fonts-liberation"],
    commands: [
      [...prefix, ...APT_ENV, "apt-get", "update", "-q"],
      [...prefix, ...APT_ENV, "apt-get", "install", "-y", "-q", "--no-install-recommends"]
        .concat(["chromium", "fonts-liberation"]),
    ],
  });
  const cases: [Omit<SetupFacts, "task">, unknown][] = [
    [{ missing: [], apt: true, root: false, sudo: false }, { action: "ready" }],
    [{ missing: [], apt: false, root: false, sudo: false }, { action: "ready" }],
    [{ missing, apt: true, root: true, sudo: false }, install([])],
    [{ missing, apt: true, root: false, sudo: true }, install(["sudo", "-n"])],
    [{ missing, apt: true, root: false, sudo: false }, {
      action: "stop",
      message: NO_SUDO_MESSAGE,
    }],
  ];
  for (const [facts, plan] of cases) {
    assertEquals(planSetup({ task: "deno task test", ...facts }), plan, JSON.stringify(facts));
  }
});

Deno.test("planSetup() without apt-get names the Debian packages and never says sudo", () => {
  const plan = planSetup({
    task: "deno task test:quick",
    missing: [NUMPY],
    apt: false,
    root: true,
    sudo: true,
  });
  assertEquals(plan, {
    action: "stop",
    message: "Cannot run `deno task test:quick`: missing (with their Debian package names)\n" +
      "  python3-numpy: NumPy, the oracle of the io, data set and sparse tests\n" +
      "This system has no apt-get: install them with its package manager, then run " +
      "`deno task test:quick` again",
  });
});

Deno.test("planSetup() installs each package once, in table order", () => {
  const shared = { ...NUMPY, packages: ["python3-numpy", "chromium"] };
  const plan = planSetup({
    task: "t",
    missing: [shared, CHROMIUM],
    apt: true,
    root: true,
    sudo: false,
  });
  assertEquals(plan.action === "install" && plan.packages, ["python3-numpy", "chromium"]);
});

/** A fake machine: `absent` packages are missing until `apt-get install` runs (if it `works`). */
function fakeSystem(options: {
  absent: string[];
  root: boolean;
  sudo: boolean;
  works?: boolean;
  exitCode?: number;
}) {
  const absent = new Set(options.absent);
  const ran: string[][] = [];
  const checked: string[] = [];
  let askedSudo = false;
  const system: SetupSystem = {
    has: (r) => {
      checked.push(...r.packages);
      return Promise.resolve(!r.packages.some((p) => absent.has(p)));
    },
    apt: () => Promise.resolve(true),
    root: () => options.root,
    sudo: () => {
      askedSudo = true;
      return Promise.resolve(options.sudo);
    },
    run: (command) => {
      ran.push(command);
      const code = options.exitCode ?? 0;
      if (code === 0 && options.works !== false && command.includes("install")) absent.clear();
      return Promise.resolve(code);
    },
  };
  return { system, ran, checked, askedSudo: () => askedSudo };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error("expected the set-up to fail");
}

Deno.test("setup() with everything present runs nothing and asks nothing", async () => {
  const fake = fakeSystem({ absent: [], root: false, sudo: false });
  const lines: string[] = [];
  assertEquals(await setup("quick", { system: fake.system, log: (l) => lines.push(l) }), TEST_ENV);
  assertEquals([fake.ran, lines, fake.askedSudo()], [[], [], false]);
});

Deno.test("setup() checks only its scope's requirements; quick needs no Jupyter or Chromium", async () => {
  const expected: [SetupScope, string[]][] = [
    ["quick", ["python3-numpy", "python3-scipy", "mesa-vulkan-drivers"]],
    ["notebooks", ["python3-jupyter-client", "python3-nbformat"]],
    ["full", REQUIREMENTS.flatMap((r) => r.packages)],
  ];
  for (const [scope, packages] of expected) {
    // Everything absent and no sudo: the set-up stops after the checks, before any kernel work.
    const fake = fakeSystem({
      absent: REQUIREMENTS.flatMap((r) => r.packages),
      root: false,
      sudo: false,
    });
    const message = await failure(setup(scope, { system: fake.system }));
    assertEquals(fake.checked, packages, scope);
    assert(message.endsWith(`  sudo apt-get install -y ${packages.join(" ")}`), message);
    assertEquals(fake.ran, []);
  }
});

Deno.test("setup() as root installs the missing packages after apt-get update", async () => {
  const fake = fakeSystem({ absent: ["python3-scipy"], root: true, sudo: false });
  const lines: string[] = [];
  assertEquals(await setup("quick", { system: fake.system, log: (l) => lines.push(l) }), TEST_ENV);
  assertEquals(fake.ran, [
    [...APT_ENV, "apt-get", "update", "-q"],
    [...APT_ENV, "apt-get", "install", "-y", "-q", "--no-install-recommends", "python3-scipy"],
  ]);
  assertEquals(lines, ["setup: installing python3-scipy"]);
  assertEquals(fake.askedSudo(), false);
});

Deno.test("setup() with password-less sudo installs through sudo -n", async () => {
  const fake = fakeSystem({ absent: ["mesa-vulkan-drivers"], root: false, sudo: true });
  await setup("quick", { system: fake.system, log: () => {} });
  assertEquals(fake.ran.map((c) => c.slice(0, 3)), [["sudo", "-n", "env"], ["sudo", "-n", "env"]]);
  assertEquals(fake.ran[1].slice(-1), ["mesa-vulkan-drivers"]);
});

Deno.test("setup() stops at the first failing apt-get command with its exit code", async () => {
  const fake = fakeSystem({ absent: ["python3-numpy"], root: true, sudo: false, exitCode: 100 });
  const message = await failure(setup("quick", { system: fake.system, log: () => {} }));
  assertEquals(
    message,
    "Cannot run `deno task test`: `env DEBIAN_FRONTEND=noninteractive apt-get update -q` exited 100",
  );
  assertEquals(fake.ran.length, 1);
});

Deno.test("setup() fails when a capability is still missing after the install", async () => {
  const fake = fakeSystem({ absent: ["python3-numpy"], root: true, sudo: false, works: false });
  const message = await failure(
    setup("quick", { system: fake.system, task: "deno task test:quick", log: () => {} }),
  );
  assertEquals(
    message,
    "Cannot run `deno task test:quick`: installed python3-numpy, yet still missing\n" +
      "  python3-numpy: NumPy, the oracle of the io, data set and sparse tests",
  );
});

Deno.test("LOCAL_SYSTEM.has() reports absent files, modules and fonts as missing", async () => {
  const requirement = (check: Requirement["check"]): Requirement => ({
    packages: ["p"],
    purpose: "test",
    scopes: ["quick"],
    check,
  });
  const cases: [Requirement["check"], boolean][] = [
    [{ files: ["/usr/bin/env", "/no/such/file"] }, false],
    [{ files: ["/usr/bin/env"] }, true],
    [{ python: ["/no/such/python", "/usr/bin/python3"], modules: ["json"] }, true],
    [{ python: ["/usr/bin/python3"], modules: ["json", "no_such_module_autoglm"] }, false],
    [{ font: "No Such Font Family Autoglm" }, false],
    // An empty backend list leaves WebGPU no adapter to offer.
    [{ webgpu: { DENO_WEBGPU_BACKEND: "" } }, false],
  ];
  for (const [check, present] of cases) {
    assertEquals(await LOCAL_SYSTEM.has(requirement(check)), present, JSON.stringify(check));
  }
});

Deno.test({
  name: "the tests' WebGPU runs on Vulkan without loading libEGL",
  // libglvnd's libEGL races Deno's exit; only Linux loads it (see WEBGPU_ENV in tools/setup.ts).
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    assertEquals(WEBGPU.env, TEST_ENV);
    const probe = "const adapter = await navigator.gpu.requestAdapter();\n" +
      "const maps = await Deno.readTextFile('/proc/self/maps');\n" +
      "console.log(JSON.stringify({ adapter: adapter !== null, libEGL: maps.includes('libEGL') }));";
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--no-config", "--quiet", probe],
      env: WEBGPU.env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const said = new TextDecoder().decode(out.stderr);
    assert(out.success, `the WebGPU probe failed: ${said}`);
    assertEquals(
      JSON.parse(new TextDecoder().decode(out.stdout)),
      { adapter: true, libEGL: false },
      "expected a Vulkan adapter (`deno task test` installs mesa-vulkan-drivers) and no libEGL",
    );
  },
});

Deno.test("registerKernel() writes a kernelspec that runs this Deno", async () => {
  const dataHome = await Deno.makeTempDir({ prefix: "autoglm-kernel-" });
  try {
    const dir = await registerKernel(dataHome);
    assertEquals(dir, `${dataHome}/jupyter/kernels/deno`);
    const spec = JSON.parse(await Deno.readTextFile(`${dir}/kernel.json`));
    assertEquals(spec.argv.slice(0, 3), [Deno.execPath(), "jupyter", "--kernel"]);
    assertEquals(kernelEnv(dataHome), {
      XDG_DATA_HOME: dataHome,
      JUPYTER_PATH: `${dataHome}/jupyter`,
    });
  } finally {
    await Deno.remove(dataHome, { recursive: true });
  }
});

Deno.test("registerKernel() names the folder when it cannot write there", async () => {
  const file = await Deno.makeTempFile({ prefix: "autoglm-kernel-" });
  try {
    assertMatch(
      await failure(registerKernel(file)),
      new RegExp(`^Cannot register Deno's Jupyter kernel in ${file}/jupyter/kernels/deno: `),
    );
  } finally {
    await Deno.remove(file);
  }
});
