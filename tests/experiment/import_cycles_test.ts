import { assertEquals } from "../_assert.ts";

const ROOT = new URL("../../", import.meta.url);

interface InfoModule {
  specifier: string;
  dependencies?: { code?: { specifier: string }; type?: { specifier: string } }[];
}

/** Import cycles (strongly connected components of 2+ local modules), as repo-relative paths. */
function cycles(modules: InfoModule[]): string[][] {
  const local = (s: string) => s.startsWith(ROOT.href);
  const graph = new Map<string, string[]>();
  for (const m of modules.filter((m) => local(m.specifier))) {
    const deps = (m.dependencies ?? []).flatMap((d) =>
      [d.code?.specifier, d.type?.specifier].filter((s): s is string => !!s && local(s))
    );
    graph.set(m.specifier, deps);
  }
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w.slice(ROOT.href.length));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

Deno.test("lib/experiment has no import cycle (deno info over mod.ts and the CLI)", async () => {
  for (const entry of ["mod.ts", "lib/cli/main.ts"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: ROOT.pathname,
    }).output();
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    const { modules } = JSON.parse(new TextDecoder().decode(out.stdout)) as {
      modules: InfoModule[];
    };
    assertEquals(modules.some((m) => m.specifier.endsWith("lib/experiment/study.ts")), true);
    const experiment = cycles(modules).filter((c) =>
      c.some((p) => p.startsWith("lib/experiment/"))
    );
    assertEquals(experiment, [], `import cycles from ${entry}`);
  }
});

Deno.test("the cycle finder finds a cycle", () => {
  const m = (name: string, ...deps: string[]): InfoModule => ({
    specifier: new URL(name, ROOT).href,
    dependencies: deps.map((d) => ({ code: { specifier: new URL(d, ROOT).href } })),
  });
  assertEquals(
    cycles([
      m("lib/experiment/a.ts", "lib/experiment/b.ts"),
      m("lib/experiment/b.ts", "lib/experiment/a.ts"),
      m("c.ts", "lib/experiment/a.ts"),
    ]),
    [["lib/experiment/a.ts", "lib/experiment/b.ts"]],
  );
});
