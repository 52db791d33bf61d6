import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  declaredNames,
  docLint,
  entryPoints,
  isPackageTypeRef,
  parseDiagnostics,
} from "../../tools/doc_lint.ts";
import { assert, assertEquals } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

// What deno doc --lint 2.9.6 prints (NO_COLOR) for a tfjs type and a private type of our own.
const OUTPUT = `error[private-type-ref]: public type 'spmm' references private type 'Tensor2D'
  --> /repo/lib/sparse/spmm.ts:40:14
   |
40 | export const spmm: (adj: SparseAdjacency, x: tf.Tensor2D) => tf.Tensor2D = op(spmm_);
   |              ^
   = hint: make the referenced type public or remove the reference
   |
284 | export type Tensor2D = Tensor<Rank.R2>;
   | - this is the referenced type
   |

  info: to ensure documentation is complete all types that are exposed in the public API must be public


error[private-type-ref]: public type 'FixedWeighting' references private type 'HostWeighting'
  --> /repo/lib/train/multitask.ts:131:1
   |
131 | export class FixedWeighting extends HostWeighting {
   | ^

error[missing-jsdoc]: exported symbol is missing JSDoc documentation
  --> /repo/lib/io/npy.ts:13:3
   |
13 |   shape: number[];
   |   ^


error: Found 3 documentation lint errors.
`;

Deno.test("parseDiagnostics() splits deno doc --lint output into diagnostics with their codes", () => {
  const diagnostics = parseDiagnostics(OUTPUT);
  assertEquals(diagnostics.map((d) => [d.code, d.referencedType]), [
    ["private-type-ref", "Tensor2D"],
    ["private-type-ref", "HostWeighting"],
    ["missing-jsdoc", undefined],
  ]);
  assert(diagnostics[2].text.endsWith("   |   ^"), diagnostics[2].text);
  assertEquals(parseDiagnostics("Checked 1 file\n"), []);
});

Deno.test("isPackageTypeRef() drops references to types no file of ours declares, and only those", () => {
  const ours = declaredNames([
    "abstract class Nope {}\nexport abstract class HostWeighting {}\nexport interface NpyArray {}",
  ]);
  const [tensor, host, jsdoc] = parseDiagnostics(OUTPUT);
  assertEquals([tensor, host, jsdoc].map((d) => isPackageTypeRef(d, ours)), [true, false, false]);
});

Deno.test("entryPoints() of deno.json: mod.ts and every lib/<concern>/mod.ts", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const paths = entryPoints(config.exports);
  const concerns: string[] = [];
  for await (const entry of Deno.readDir(join(ROOT, "lib"))) {
    const mod = `lib/${entry.name}/mod.ts`;
    if (entry.isDirectory && (await Deno.stat(join(ROOT, mod)).catch(() => null))) {
      concerns.push(mod);
    }
  }
  assertEquals(paths[0], "mod.ts");
  assertEquals(paths.slice(1).sort(), concerns.sort());
  assertEquals(entryPoints("./mod.ts"), ["mod.ts"]);
});

Deno.test("docLint() reports a private type in a public signature and a public type in a _ file", async () => {
  await withTempDir(async (root) => {
    await Deno.writeTextFile(
      join(root, "deno.json"),
      JSON.stringify({ exports: { ".": "./mod.ts", "./extra": "./extra.ts" } }),
    );
    await Deno.writeTextFile(
      join(root, "mod.ts"),
      "/** Main. @module */\n" +
        'import type { Shared } from "./_shared.ts";\n' +
        "interface Hidden {\n  a: number;\n}\n" +
        "/** Uses a private type. */\nexport const bad: Hidden = { a: 1 };\n" +
        "/** Uses a type another entry point exports. */\nexport const good: Shared = { b: 1 };\n",
    );
    await Deno.writeTextFile(
      join(root, "_shared.ts"),
      "/** Shared. */\nexport interface Shared {\n  /** B. */\n  b: number;\n}\n",
    );
    await Deno.writeTextFile(
      join(root, "extra.ts"),
      '/** Extra. @module */\nexport type { Shared } from "./_shared.ts";\n',
    );
    const result = await docLint(root);
    assertEquals(result.entryPoints, ["mod.ts", "extra.ts"]);
    // Shared is public through ./extra, so only its file is wrong.
    assertEquals(result.problems.map((d) => [d.code, d.referencedType]), [
      ["private-type-ref", "Hidden"],
      ["private-file", undefined],
    ]);
    assert(result.problems[1].text.includes("'Shared'"), result.problems[1].text);
    assertEquals(result.packageTypeRefs, 0);
  });
});
