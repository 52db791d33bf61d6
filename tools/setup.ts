/**
 * Prepares a machine for the tests and the notebooks: checks what they need (Python oracles, a
 * WebGPU adapter, Jupyter, Chromium), installs the missing Debian packages when it may (running as
 * root, or password-less `sudo`), otherwise stops with the one command to run; then registers
 * Deno's Jupyter kernel in the git-ignored `.jupyter-data/`. `deno task test`, `deno task
 * test:quick` and `deno task notebooks` call it first; with everything present it costs a fraction
 * of a second and changes nothing but the kernel registration.
 *
 * Capabilities are checked, not package names (a NumPy from pip counts), so the set-up also passes
 * on other systems when everything is there; without apt-get it names what is missing and stops.
 *
 * Run it alone: `deno run -A tools/setup.ts [quick|notebooks|full]` (default full).
 *
 * @module
 */
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What a set-up prepares: `quick` for the tests outside `tests/notebook/`, `notebooks` for
 * executing notebooks, `full` for every test.
 */
export type SetupScope = "quick" | "notebooks" | "full";

/** How to tell that a capability is present. */
export type Check =
  /** Every one of these files exists. */
  | { files: string[] }
  /** One of these interpreters (tried in order) finds every module. */
  | { python: string[]; modules: string[] }
  /** A Deno started with these environment variables gets a WebGPU adapter, hardware or software. */
  | { webgpu: Record<string, string> }
  /** fontconfig knows this font family. */
  | { font: string };

/** A capability some tests need, how to check it and the Debian packages that provide it. */
export interface Requirement {
  /** The Debian packages that provide it, in install order. */
  packages: string[];
  /** What needs it, shown when it is missing. */
  purpose: string;
  /** The set-ups that need it. */
  scopes: SetupScope[];
  /** How to tell that it is present. */
  check: Check;
  /** Environment variables the tests run with once it is present. */
  env?: Record<string, string>;
}

// tests/_python.ts tries python3 on PATH, then Debian's; probing Debian's first is faster (PATH
// may hold a pyenv shim) and finds what apt-get installs.
const ORACLE_PYTHONS = ["/usr/bin/python3", "python3"];

// On Linux wgpu's GL backend goes through libglvnd's libEGL, and a `deno test` process that used
// it can abort at exit, after every test passed (glibc: "corrupted size vs. prev_size in
// fastbins", "double free or corruption"): `deno test` runs each test file on a worker thread and
// lets those threads exit while the main thread runs exit(), so libEGL's destructor frees a
// thread's EGL state while that thread frees it too. With Vulkan only (lavapipe where there is no
// GPU) libEGL is never loaded.
const WEBGPU_ENV: Record<string, string> = Deno.build.os === "linux"
  ? { DENO_WEBGPU_BACKEND: "vulkan" }
  : {};

/**
 * Everything the tests and notebooks need from the system. Not needed, although older set-ups
 * installed them: scikit-learn (tests read committed oracle values; only the script that writes
 * them imports sklearn) and ipykernel (the notebooks run on Deno's kernel).
 */
export const REQUIREMENTS: readonly Requirement[] = [
  {
    packages: ["python3-numpy"],
    purpose: "NumPy, the oracle of the io, data set and sparse tests",
    scopes: ["quick", "full"],
    check: { python: ORACLE_PYTHONS, modules: ["numpy"] },
  },
  {
    packages: ["python3-scipy"],
    purpose: "SciPy, the oracle of the data set and sparse tests",
    scopes: ["quick", "full"],
    check: { python: ORACLE_PYTHONS, modules: ["scipy"] },
  },
  {
    // Mesa's lavapipe gives a software Vulkan adapter where there is no GPU.
    packages: ["mesa-vulkan-drivers"],
    purpose: "a Vulkan WebGPU adapter, on which the sparse and backend tests run",
    scopes: ["quick", "full"],
    check: { webgpu: WEBGPU_ENV },
    env: WEBGPU_ENV,
  },
  {
    packages: ["python3-jupyter-client", "python3-nbformat"],
    purpose: "jupyter_client and nbformat, with which tools/run_notebook.py executes notebooks",
    scopes: ["notebooks", "full"],
    check: { python: ["/usr/bin/python3"], modules: ["jupyter_client", "nbformat"] },
  },
  {
    packages: ["jupyter-nbconvert"],
    purpose: "`jupyter nbconvert`, which exports notebooks to HTML for the browser tests",
    scopes: ["full"],
    check: { files: ["/usr/bin/jupyter", "/usr/bin/jupyter-nbconvert"] },
  },
  {
    packages: ["jupyter-client"],
    purpose: "`jupyter kernelspec`, which the environment report and its test call",
    scopes: ["full"],
    check: { files: ["/usr/bin/jupyter-kernelspec"] },
  },
  {
    packages: ["chromium"],
    purpose: "Chromium, which checks that the notebooks' figures draw",
    scopes: ["full"],
    check: { files: ["/usr/bin/chromium"] },
  },
  {
    // A Recommends of chromium: without it the screenshots of the figure tests show no text.
    packages: ["fonts-liberation"],
    purpose: "Liberation fonts, for readable figure screenshots",
    scopes: ["full"],
    check: { font: "Liberation Sans" },
  },
];

/** What the set-up found out about the machine: the input of {@linkcode planSetup}. */
export interface SetupFacts {
  /** The task to name in messages, e.g. `deno task test`. */
  task: string;
  /** The requirements whose capability is missing. */
  missing: readonly Requirement[];
  /** Whether apt-get exists (Debian, Ubuntu). */
  apt: boolean;
  /** Whether this process runs as root. */
  root: boolean;
  /** Whether `sudo -n true` succeeds (password-less sudo). */
  sudo: boolean;
}

/** What to do: nothing, run these install commands, or stop with a message. */
export type SetupPlan =
  | { action: "ready" }
  | { action: "install"; packages: string[]; commands: string[][] }
  | { action: "stop"; message: string };

/** The Debian packages of `requirements`, without repeats, in table order. */
function packagesOf(requirements: readonly Requirement[]): string[] {
  return [...new Set(requirements.flatMap((r) => r.packages))];
}

function listMissing(requirements: readonly Requirement[]): string {
  return requirements.map((r) => `  ${r.packages.join(" ")}: ${r.purpose}`).join("\n");
}

/**
 * Decides what the set-up does, from what it found: nothing when nothing is missing; install the
 * missing packages with apt-get (after `apt-get update`) when running as root or with
 * password-less sudo; else stop with a message that lists what is missing and the one command to
 * run. Pure: {@linkcode setup} gathers the facts and carries out the plan.
 *
 * @param facts the task's name, the missing requirements and what the machine allows
 * @returns the plan
 *
 * @example
 * ```ts
 * import { planSetup, REQUIREMENTS } from "./setup.ts";
 * const chromium = REQUIREMENTS.filter((r) => r.packages.includes("chromium"));
 * const base = { task: "deno task test", missing: chromium, apt: true, root: false, sudo: false };
 * const plan = planSetup(base);
 * if (plan.action !== "stop" || !plan.message.endsWith("  sudo apt-get install -y chromium")) {
 *   throw new Error("expected the command to run");
 * }
 * if (planSetup({ ...base, sudo: true }).action !== "install") throw new Error("expected install");
 * if (planSetup({ ...base, missing: [] }).action !== "ready") throw new Error("expected ready");
 * ```
 */
export function planSetup(facts: SetupFacts): SetupPlan {
  const { task, missing, apt, root, sudo } = facts;
  if (missing.length === 0) return { action: "ready" };
  const packages = packagesOf(missing);
  if (!apt) {
    return {
      action: "stop",
      message: `Cannot run \`${task}\`: missing (with their Debian package names)\n` +
        `${listMissing(missing)}\nThis system has no apt-get: install them with its package ` +
        `manager, then run \`${task}\` again`,
    };
  }
  if (!root && !sudo) {
    return {
      action: "stop",
      message: `Cannot run \`${task}\`: missing Debian packages, and installing them needs root ` +
        `or password-less sudo\n${listMissing(missing)}\nRun this, then \`${task}\` again:\n\n` +
        `  sudo apt-get install -y ${packages.join(" ")}`,
    };
  }
  // sudo resets the environment, so the variable goes through env(1) on the command line.
  const asRoot = [...(root ? [] : ["sudo", "-n"]), "env", "DEBIAN_FRONTEND=noninteractive"];
  return {
    action: "install",
    packages,
    commands: [
      [...asRoot, "apt-get", "update", "-q"],
      [...asRoot, "apt-get", "install", "-y", "-q", "--no-install-recommends", ...packages],
    ],
  };
}

/** The machine as the set-up sees and changes it; tests replace it with a fake. */
export interface SetupSystem {
  /** Whether a requirement's capability is present. */
  has(requirement: Requirement): Promise<boolean>;
  /** Whether apt-get exists. */
  apt(): Promise<boolean>;
  /** Whether this process runs as root. */
  root(): boolean;
  /** Whether `sudo -n true` succeeds. */
  sudo(): Promise<boolean>;
  /** Runs a command with its output shown; resolves to its exit code. */
  run(command: string[]): Promise<number>;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command quietly; undefined when it cannot start. */
async function quietly(command: string, args: string[]): Promise<Deno.CommandOutput | undefined> {
  try {
    return await new Deno.Command(command, { args, stdin: "null", stdout: "piped", stderr: "null" })
      .output();
  } catch {
    return undefined;
  }
}

// find_spec looks a top-level module up without importing it: a few milliseconds, not seconds.
const FIND_MODULES = "import importlib.util as u, sys\n" +
  "sys.exit(any(u.find_spec(m) is None for m in sys.argv[1:]))";

async function hasCapability(check: Check): Promise<boolean> {
  if ("files" in check) return (await Promise.all(check.files.map(exists))).every(Boolean);
  if ("python" in check) {
    for (const python of check.python) {
      if ((await quietly(python, ["-c", FIND_MODULES, ...check.modules]))?.success) return true;
    }
    return false;
  }
  if ("webgpu" in check) {
    // In a fresh Deno: DENO_WEBGPU_BACKEND is read once per process, when WebGPU starts.
    const probe = "Deno.exit((await navigator.gpu?.requestAdapter().catch(() => null)) ? 0 : 1)";
    try {
      const { success } = await new Deno.Command(Deno.execPath(), {
        args: ["eval", "--no-config", "--quiet", probe],
        env: check.webgpu,
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).output();
      return success;
    } catch {
      return false;
    }
  }
  const fonts = await quietly("fc-list", [check.font, "family"]);
  return fonts?.success === true && new TextDecoder().decode(fonts.stdout).trim() !== "";
}

/** The real machine. */
export const LOCAL_SYSTEM: SetupSystem = {
  has: (requirement) => hasCapability(requirement.check),
  apt: () => exists("/usr/bin/apt-get"),
  root: () => Deno.uid() === 0,
  sudo: async () => (await quietly("sudo", ["-n", "true"]))?.success === true,
  run: async ([command, ...args]) =>
    (await new Deno.Command(command, { args, stdin: "null" }).spawn().status).code,
};

/** The repository's root folder. */
export const ROOT: string = fileURLToPath(new URL("../", import.meta.url));

/** The git-ignored folder that holds the project's own Deno kernelspec. */
export const JUPYTER_DATA: string = join(ROOT, ".jupyter-data");

/**
 * The environment under which Jupyter finds the project's Deno kernelspec first
 * (`.jupyter-data/jupyter/kernels/deno`), whatever else is installed: `deno jupyter --install`
 * writes under `XDG_DATA_HOME`, and Jupyter searches `JUPYTER_PATH` before the user's folders.
 *
 * @param dataHome the folder standing for `XDG_DATA_HOME`; default {@linkcode JUPYTER_DATA}
 * @returns `XDG_DATA_HOME` and `JUPYTER_PATH`
 *
 * @example
 * ```ts
 * import { kernelEnv } from "./setup.ts";
 * const env = kernelEnv("/tmp/data");
 * if (env.JUPYTER_PATH !== "/tmp/data/jupyter") throw new Error(env.JUPYTER_PATH);
 * ```
 */
export function kernelEnv(dataHome: string = JUPYTER_DATA): Record<string, string> {
  return { XDG_DATA_HOME: dataHome, JUPYTER_PATH: join(dataHome, "jupyter") };
}

/**
 * Registers the running Deno as the `deno` Jupyter kernel under `dataHome` (`deno jupyter
 * --install --force`, a few milliseconds), so the kernelspec always names this Deno.
 *
 * @param dataHome the folder standing for `XDG_DATA_HOME`; default {@linkcode JUPYTER_DATA}
 * @returns the kernelspec's folder
 * @throws Error with Deno's output when the registration fails
 *
 * @example
 * ```ts
 * import { registerKernel } from "./setup.ts";
 * const dataHome = await Deno.makeTempDir();
 * const dir = await registerKernel(dataHome);
 * const spec = JSON.parse(await Deno.readTextFile(`${dir}/kernel.json`));
 * await Deno.remove(dataHome, { recursive: true });
 * if (spec.argv[0] !== Deno.execPath()) throw new Error(spec.argv[0]);
 * ```
 */
export async function registerKernel(dataHome: string = JUPYTER_DATA): Promise<string> {
  // The kernelspec names the `deno` found on PATH: put this one first, so notebooks run on it.
  const path = [dirname(Deno.execPath()), Deno.env.get("PATH")].filter(Boolean).join(delimiter);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["jupyter", "--install", "--force"],
    env: { ...kernelEnv(dataHome), PATH: path },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dir = join(kernelEnv(dataHome).JUPYTER_PATH, "kernels", "deno");
  if (!out.success || !await exists(join(dir, "kernel.json"))) {
    const said = new TextDecoder().decode(out.stderr).trim();
    throw new Error(
      `Cannot register Deno's Jupyter kernel in ${dir}: ${said || `exit ${out.code}`}`,
    );
  }
  return dir;
}

/** Options for {@linkcode setup}. */
export interface SetupOptions {
  /** The task to name in messages; default `deno task test`. */
  task?: string;
  /** The machine to check and change; default {@linkcode LOCAL_SYSTEM}. */
  system?: SetupSystem;
  /** Where progress lines go; default `console.log`. */
  log?: (line: string) => void;
}

/** The requirements whose capability `system` lacks, in table order. */
async function findMissing(
  requirements: readonly Requirement[],
  system: SetupSystem,
): Promise<Requirement[]> {
  const present = await Promise.all(requirements.map((r) => system.has(r)));
  return requirements.filter((_, i) => !present[i]);
}

/**
 * Makes the machine ready for `scope`: checks every requirement of the scope, installs the
 * missing Debian packages when it may (see {@linkcode planSetup}), checks again, and, for
 * `notebooks` and `full`, registers Deno's kernel in `.jupyter-data/`. Idempotent; with
 * everything present it only re-registers the kernel.
 *
 * @param scope what to prepare
 * @param options the task's name for messages, and the machine (a fake in tests)
 * @returns the environment variables the tests or notebooks need: the requirements' (WebGPU over
 *   Vulkan on Linux) and, except for `quick`, the kernel's
 * @throws Error `Cannot run \`<task>\`: ...` naming what is missing and the command to run
 *
 * @example
 * ```ts
 * import { setup, type SetupSystem } from "./setup.ts";
 * // A machine that lacks everything, runs as a user and has no sudo: nothing runs, nothing installs.
 * const bare: SetupSystem = {
 *   has: async () => false, apt: async () => true, root: () => false, sudo: async () => false,
 *   run: () => { throw new Error("must not run anything"); },
 * };
 * const error = await setup("quick", { system: bare, task: "deno task test:quick" })
 *   .catch((e: Error) => e);
 * const command = "sudo apt-get install -y python3-numpy python3-scipy mesa-vulkan-drivers";
 * if (!(error instanceof Error) || !error.message.endsWith(command)) throw new Error(`${error}`);
 * ```
 */
export async function setup(
  scope: SetupScope,
  options: SetupOptions = {},
): Promise<Record<string, string>> {
  const { task = "deno task test", system = LOCAL_SYSTEM, log = console.log } = options;
  const requirements = REQUIREMENTS.filter((r) => r.scopes.includes(scope));
  const missing = await findMissing(requirements, system);
  if (missing.length > 0) {
    const apt = await system.apt();
    const root = system.root();
    const sudo = apt && !root && await system.sudo();
    const plan = planSetup({ task, missing, apt, root, sudo });
    if (plan.action === "stop") throw new Error(plan.message);
    if (plan.action === "install") {
      log(`setup: installing ${plan.packages.join(" ")}`);
      for (const command of plan.commands) {
        const code = await system.run(command);
        if (code !== 0) {
          throw new Error(`Cannot run \`${task}\`: \`${command.join(" ")}\` exited ${code}`);
        }
      }
      const still = await findMissing(missing, system);
      if (still.length > 0) {
        throw new Error(
          `Cannot run \`${task}\`: installed ${plan.packages.join(" ")}, yet still missing\n` +
            listMissing(still),
        );
      }
    }
  }
  const env = Object.assign({}, ...requirements.map((r) => r.env ?? {}));
  if (scope === "quick") return env;
  await registerKernel();
  return { ...env, ...kernelEnv() };
}

if (import.meta.main) {
  const scope = (Deno.args[0] ?? "full") as SetupScope;
  if (!["quick", "notebooks", "full"].includes(scope)) {
    console.error(`Cannot set up "${scope}": expected quick, notebooks or full`);
    Deno.exit(2);
  }
  const start = performance.now();
  try {
    const env = await setup(scope, { task: `deno run -A tools/setup.ts ${scope}` });
    const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ");
    console.log(
      `setup ${scope}: ready in ${((performance.now() - start) / 1000).toFixed(2)} s` +
        (vars ? `; tests get ${vars}` : ""),
    );
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    Deno.exit(1);
  }
}
