/**
 * `deno doc --lint` over the package's public entry points: every path of `exports` in deno.json
 * (`mod.ts` and each sub-path `lib/<concern>/mod.ts`), linted together, so a type counts as public
 * when any entry point exports it, as JSR sees a package with several exports. Every exported
 * symbol needs JSDoc, an explicit type, and public types only.
 *
 * One kind of diagnostic is dropped: `private-type-ref` to a type that no TypeScript file of the
 * package declares at its top level, i.e. a type of an npm package such as tfjs's `Tensor2D` or nodejs-polars' `pl`. Deno
 * 2.9 reports those as private even though their package exports them (denoland/deno#27364); the
 * only way to silence it would be to re-export the package's types, which then get linted as ours.
 * A private type of our own still fails, whatever its name.
 *
 * One rule is checked on top, with `deno doc --json`: no public symbol is declared in a
 * `_`-prefixed file, the project's mark of a private module (code `private-file`).
 *
 * Run it alone: `deno run -A tools/doc_lint.ts` (`deno task test` runs it as the `doc` step).
 *
 * @module
 */
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** One `deno doc --lint` diagnostic. */
export interface DocDiagnostic {
  /** The lint code, e.g. `missing-jsdoc` or `private-type-ref`. */
  code: string;
  /** For `private-type-ref`: the name of the referenced type. */
  referencedType?: string;
  /** The diagnostic as deno printed it (without colour). */
  text: string;
}

/**
 * The files of a deno.json `exports` field, relative to the package root.
 *
 * @param exports the field: one path, or sub-paths mapped to paths
 * @returns the paths in their order in deno.json, without a leading `./`
 *
 * @example
 * ```ts
 * import { entryPoints } from "./doc_lint.ts";
 * const paths = entryPoints({ ".": "./mod.ts", "./nn": "./lib/nn/mod.ts" });
 * if (paths.join() !== "mod.ts,lib/nn/mod.ts") throw new Error(paths.join());
 * ```
 */
export function entryPoints(exports: string | Record<string, string>): string[] {
  const paths = typeof exports === "string" ? [exports] : Object.values(exports);
  return paths.map((p) => p.replace(/^\.\//, ""));
}

/**
 * Splits `deno doc --lint` output (run with `NO_COLOR`) into its diagnostics; the closing
 * `error: Found N documentation lint errors.` line is not one.
 *
 * @param output the command's stderr and stdout
 * @returns the diagnostics in order
 *
 * @example
 * ```ts
 * import { parseDiagnostics } from "./doc_lint.ts";
 * const [d] = parseDiagnostics(
 *   "error[private-type-ref]: public type 'f' references private type 'Tensor2D'\n --> a.ts:1:1\n\n" +
 *     "error: Found 1 documentation lint error.\n",
 * );
 * if (d.code !== "private-type-ref" || d.referencedType !== "Tensor2D") throw new Error(d.text);
 * ```
 */
export function parseDiagnostics(output: string): DocDiagnostic[] {
  return output.split(/^(?=error\[)/m).filter((block) => block.startsWith("error[")).map(
    (block) => {
      const text = block.replace(/\nerror: Found \d+ documentation lint errors?\.[\s\S]*$/, "")
        .trimEnd();
      const code = text.slice("error[".length, text.indexOf("]"));
      const referenced = text.match(/^[^\n]*references private type '([^']+)'/)?.[1];
      return { code, text, ...(referenced !== undefined && { referencedType: referenced }) };
    },
  );
}

/**
 * The names a module declares at its top level (interfaces, type aliases, classes, enums,
 * namespaces, functions, variables; exported or not), where every type a signature can refer to
 * lives: a referenced type not among them in any of our files comes from a package.
 *
 * @param sources the sources' text
 * @returns every declared name
 *
 * @example
 * ```ts
 * import { declaredNames } from "./doc_lint.ts";
 * const names = declaredNames([
 *   'import type pl from "x";\nexport interface Grouping {}\nfunction f() {\n  const pl = 1;\n}',
 * ]);
 * if ([...names].join() !== "Grouping,f") throw new Error([...names].join());
 * ```
 */
export function declaredNames(sources: Iterable<string>): Set<string> {
  const declaration =
    /^(?:export\s+)?(?:declare\s+)?(?:abstract\s+|async\s+)?(?:interface|type|class|enum|namespace|function\*?|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;
  const names = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(declaration)) names.add(m[1]);
  }
  return names;
}

/**
 * Whether a diagnostic is the false `private-type-ref` of Deno 2.9 (denoland/deno#27364): a
 * reference to a type that none of our files declares, so an npm package's exported type.
 *
 * @param diagnostic one diagnostic
 * @param ourNames {@linkcode declaredNames} of the library's sources
 * @returns true to drop it
 *
 * @example
 * ```ts
 * import { isPackageTypeRef } from "./doc_lint.ts";
 * const ours = new Set(["Grouping"]);
 * const ref = (name: string) => ({ code: "private-type-ref", referencedType: name, text: "" });
 * if (!isPackageTypeRef(ref("Tensor2D"), ours) || isPackageTypeRef(ref("Grouping"), ours)) {
 *   throw new Error("wrong");
 * }
 * ```
 */
export function isPackageTypeRef(diagnostic: DocDiagnostic, ourNames: Set<string>): boolean {
  return diagnostic.code === "private-type-ref" && diagnostic.referencedType !== undefined &&
    !ourNames.has(diagnostic.referencedType);
}

/** The part of `deno doc --json` output that {@linkcode privateFileSymbols} reads. */
export interface DocJson {
  /** Each entry point's module URL and the symbols it exports. */
  nodes: Record<string, {
    symbols: { name: string; declarations: { location: { filename: string; line: number } }[] }[];
  }>;
}

/**
 * The exported symbols whose declaration lives in a `_`-prefixed file, one diagnostic each (code
 * `private-file`): a public type or function belongs in a public module.
 *
 * @param doc `deno doc --json` of the entry points
 * @returns the offenders, each once, by file and name
 *
 * @example
 * ```ts
 * import { privateFileSymbols } from "./doc_lint.ts";
 * const symbol = (name: string, filename: string) => ({
 *   name,
 *   declarations: [{ location: { filename, line: 3 } }],
 * });
 * const found = privateFileSymbols({
 *   nodes: {
 *     "file:///p/mod.ts": {
 *       symbols: [symbol("Public", "file:///p/lib/a.ts"), symbol("Model", "file:///p/lib/_model.ts")],
 *     },
 *   },
 * });
 * if (found.length !== 1 || !found[0].text.includes("Model")) throw new Error("missed _model.ts");
 * ```
 */
export function privateFileSymbols(doc: DocJson): DocDiagnostic[] {
  const found = new Map<string, DocDiagnostic>();
  for (const { symbols } of Object.values(doc.nodes)) {
    for (const { name, declarations } of symbols) {
      for (const { location } of declarations) {
        const path = fileURLToPath(location.filename);
        if (!basename(path).startsWith("_")) continue;
        found.set(`${path}:${name}`, {
          code: "private-file",
          text: `error[private-file]: public symbol '${name}' is declared in a private file\n` +
            `  --> ${path}:${location.line}`,
        });
      }
    }
  }
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, d]) => d);
}

async function librarySources(root: string): Promise<string[]> {
  const sources: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) await walk(path);
      } else if (entry.name.endsWith(".ts")) sources.push(await Deno.readTextFile(path));
    }
  };
  await walk(root);
  return sources;
}

/** What {@linkcode docLint} found. */
export interface DocLintResult {
  /** The entry points linted, from deno.json's `exports`. */
  entryPoints: string[];
  /** The diagnostics that count. */
  problems: DocDiagnostic[];
  /** How many references to npm packages' types were not counted. */
  packageTypeRefs: number;
}

/**
 * Runs `deno doc --lint` on a package's entry points (deno.json `exports`) together, drops the
 * false `private-type-ref`s to npm packages' types and adds the public symbols declared in
 * `_`-prefixed files (see the module docs).
 *
 * @param root the package's folder, holding deno.json
 * @returns the entry points, the diagnostics that count and the number dropped
 * @throws {Error} when `deno doc` fails without printing diagnostics (e.g. a module that does not
 *   parse)
 *
 * @example
 * ```ts
 * import { docLint } from "./doc_lint.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/deno.json`, JSON.stringify({ exports: "./mod.ts" }));
 * await Deno.writeTextFile(
 *   `${root}/mod.ts`,
 *   "/** A module. @module *\/\ninterface Hidden {}\n/** A value. *\/\nexport const x: Hidden = {};\n",
 * );
 * const { problems } = await docLint(root);
 * if (problems.length !== 1 || problems[0].referencedType !== "Hidden") throw new Error("missed");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function docLint(root: string): Promise<DocLintResult> {
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
  const files = entryPoints(config.exports);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--lint", ...files],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const output = new TextDecoder().decode(stderr) + new TextDecoder().decode(stdout);
  const diagnostics = parseDiagnostics(output);
  if (code !== 0 && diagnostics.length === 0) {
    throw new Error(`Cannot lint the documentation: deno doc exited with ${code}\n${output}`);
  }
  const ourNames = declaredNames(await librarySources(root));
  const problems = diagnostics.filter((d) => !isPackageTypeRef(d, ourNames));
  const packageTypeRefs = diagnostics.length - problems.length;
  const json = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", ...files],
    cwd: root,
    stdin: "null",
  }).output();
  if (json.code !== 0) {
    throw new Error(
      `Cannot list the public symbols: deno doc --json exited with ${json.code}\n` +
        new TextDecoder().decode(json.stderr),
    );
  }
  problems.push(...privateFileSymbols(JSON.parse(new TextDecoder().decode(json.stdout))));
  return {
    entryPoints: files,
    problems,
    packageTypeRefs,
  };
}

async function main(): Promise<number> {
  let result: DocLintResult;
  try {
    result = await docLint(ROOT);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
  for (const d of result.problems) console.error(`${d.text.replaceAll(ROOT, "")}\n`);
  console.log(
    `deno doc --lint and the _-file rule, ${result.entryPoints.length} entry points: ` +
      `${result.problems.length} ` +
      `problems (${result.packageTypeRefs} references to npm packages' types not counted)`,
  );
  return result.problems.length === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main());
