import { assert, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { parse, stringify } from "yaml";
import { main } from "../../lib/cli/main.ts";

const MAIN = new URL("../../lib/cli/main.ts", import.meta.url).pathname;
const PROTOCOL = new URL("../../configs/search/comparison.yaml", import.meta.url).pathname;

async function cli(cwd: string, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    cwd,
    // The child inherits the rest of the environment, AUTOGLM_DATA_MIRROR included.
    env: {
      AUTOGLM_DATA_CACHE: `${cwd}/cache`,
      NO_COLOR: "1",
    },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("deno task compare rejects bad options naming them, before any training", async () => {
  const cases: [string[], string][] = [
    [[], "Cannot compare: give --table <name> or both --datasets and --models"],
    [
      ["--datasets", "texas"],
      "Cannot compare: give --table <name> or both --datasets and --models",
    ],
    [["--table", "nope"], "Cannot compare: --table must be one of planetoid, heterophilous"],
    [
      ["--table", "planetoid", "--trials", "0"],
      'Invalid --trials: expected an integer >= 1, got "0"',
    ],
    [
      ["--table", "planetoid", "--selection-seeds", "x"],
      'Invalid --selection-seeds: expected an integer >= 1, got "x"',
    ],
    [
      ["--table", "planetoid", "--seeds", "1.5"],
      'Invalid --seeds: expected an integer >= 1, got "1.5"',
    ],
    [
      ["--table", "planetoid", "--sampler-seed=-1"],
      'Invalid --sampler-seed: expected a non-negative integer, got "-1"',
    ],
    [
      ["--table", "planetoid", "--trials", ""],
      'Invalid --trials: expected an integer >= 1, got ""',
    ],
    [
      ["--datasets", "texas,,cora", "--models", "gcn"],
      'Invalid --datasets: expected comma-separated names, got "texas,,cora"',
    ],
    [
      ["--table", "planetoid", "--protocol", "paper"],
      "Cannot run compare: --protocol does not apply to it",
    ],
    [
      ["--table", "planetoid", "--config", "a.yaml"],
      "Cannot run compare: --config does not apply to it",
    ],
    [["--datasets", "texas", "--models", "gin"], 'has no search space for model "gin"'],
    [
      ["--table", "planetoid", "--search", "/nonexistent.yaml"],
      "Cannot read tuning protocol /nonexistent.yaml",
    ],
    [["--table", "planetoid", "--trails", "3"], "Unknown option '--trails'"],
  ];
  for (const [args, message] of cases) {
    await assertRejects(() => main(["compare", ...args]), (e: Error) => {
      assert(
        e.message.includes(message),
        `${args.join(" ")}: ${e.message}\n  expected: ${message}`,
      );
      return true;
    });
  }
});

Deno.test("deno task compare runs a study per pair, logs validation only, saves the table", async () => {
  await withTempDir(async (dir) => {
    // The committed spaces with a short training rule.
    const protocol = parse(await Deno.readTextFile(PROTOCOL));
    protocol.train = { epochs: 8, patience: 4, monitor: "val_acc" };
    await Deno.writeTextFile(`${dir}/search.yaml`, stringify(protocol));
    const args = [
      "compare",
      "--datasets",
      "texas",
      "--models",
      "mlp,gcn",
      "--trials",
      "2",
      "--selection-seeds",
      "2",
      "--seeds",
      "2",
      "--search",
      `${dir}/search.yaml`,
      "--studies",
      "studies",
      "--tuned",
      "tuned",
      "--backend",
      "cpu",
    ];
    const { code, stdout, stderr } = await cli(dir, ...args);
    assertEquals(code, 0, stderr);
    // Not a terminal: one log line per run; trials show validation accuracy only.
    const trialLines = stderr.split("\n").filter((l) => / trial \d seed \d: /.test(l));
    assertEquals(trialLines.length, 2 * 2 * 2);
    assert(trialLines.every((l) => /^texas (mlp|gcn) trial \d seed \d: val acc \d+\.\d%$/.test(l)));
    assertMatch(stderr, /^texas mlp: chose trial \d of 2 \(mean val acc \d+\.\d%\)$/m);
    assertMatch(stderr, /^texas gcn seed 1: test acc \d+\.\d%$/m);
    assertMatch(stdout, /tuned protocol, cpu backend/);
    assertMatch(stdout, /results saved to results\/compare\.json/);
    const saved = JSON.parse(await Deno.readTextFile(`${dir}/results/compare.json`));
    assertEquals(saved.protocol, "tuned");
    assertEquals(saved.tuning, {
      protocol: `${dir}/search.yaml`,
      trials: 2,
      selectionSeeds: 2,
      seeds: 2,
      samplerSeed: 0,
    });
    assertEquals(saved.rows.map((r: { model: string }) => r.model), ["mlp", "gcn"]);
    assertEquals(saved.rows[0].study, "studies/texas-mlp.json");
    assertEquals(saved.rows[0].config, "tuned/texas-mlp.yaml");
    const tuned = await Deno.readTextFile(`${dir}/tuned/texas-gcn.yaml`);
    assertMatch(tuned, new RegExp(`#   deno task compare ${args.slice(1).join(" ")}\n`));
  });
});

Deno.test("deno task reproduce --datasets cora,pubmed fails before training, naming PubMed's missing file", async () => {
  await withTempDir(async (dir) => {
    const { code, stderr } = await cli(
      dir,
      "reproduce",
      "--datasets",
      "cora,pubmed",
      "--models",
      "gcn",
    );
    assertEquals(code, 1, stderr);
    assertMatch(stderr, /error: Cannot load pubmed: file ind\.pubmed\.allx is unavailable/);
    assertMatch(stderr, /place the file at .*\/cache\/_partial_pubmed\/ind\.pubmed\.allx/);
    assert(!/cora gcn seed/.test(stderr), "nothing trained before the failure");
  });
});

Deno.test("deno task reproduce --datasets ogbn-arxiv names the missing files and --root", async () => {
  await withTempDir(async (dir) => {
    for (const protocol of ["original", "paper"]) {
      const { code, stderr } = await cli(
        dir,
        "reproduce",
        "--datasets",
        "ogbn-arxiv",
        "--protocol",
        protocol,
      );
      assertEquals(code, 1, stderr);
      assertMatch(stderr, /raw\/edge\.csv\.gz and raw\/node-feat\.csv\.gz are missing/);
      assertMatch(stderr, /pass --root <dir>\/arxiv/);
    }
  });
});
