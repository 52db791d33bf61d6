import { assert, assertEquals } from "./_assert.ts";

const read = (path: string) => Deno.readTextFile(new URL(`../${path}`, import.meta.url));

/** The names in `export { ... } from` and `import { ... } from` lists of `source`, by module. */
function namedBindings(source: string, keyword: "export" | "import"): Map<string, string[]> {
  const byModule = new Map<string, string[]>();
  const list = new RegExp(`^${keyword}\\s+(?:type\\s+)?\\{([^}]*)\\}\\s+from\\s+"([^"]+)"`, "gm");
  for (const [, names, from] of source.matchAll(list)) {
    const found = names.split(",").map((n) => n.trim().replace(/^type\s+/, "")).filter(Boolean);
    byModule.set(from, [...(byModule.get(from) ?? []), ...found]);
  }
  return byModule;
}

Deno.test("mod.ts re-exports by name, never with export *", async () => {
  const mod = await read("mod.ts");
  assertEquals(mod.match(/^export \*.*$/gm), null);
  const names = [...namedBindings(mod, "export").values()].flat();
  assert(names.length > 100, `${names.length} names`);
  assertEquals(names.length, new Set(names).size, "a name exported twice");
});

Deno.test("README's code example imports only names the top-level module exports", async () => {
  const exported = new Set([...namedBindings(await read("mod.ts"), "export").values()].flat());
  const readme = await read("README.md");
  const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const imports = examples.map((code) => namedBindings(code, "import"));
  assertEquals(imports.flatMap((m) => [...m.keys()]), ["./mod.ts"]);
  const used = imports.flatMap((m) => m.get("./mod.ts") ?? []);
  assert(used.includes("train"), used.join());
  assertEquals(used.filter((name) => !exported.has(name)), []);
});
