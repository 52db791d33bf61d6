import { assertEquals, assertThrows } from "../_assert.ts";
import { rawDataFile } from "../_data.ts";
import { parseGml } from "../../lib/io/gml.ts";

Deno.test("parseGml() reads nested blocks, strings, numbers, entities and comments", () => {
  const g = parseGml(
    `# a comment
Creator "test"
graph [
  directed 1
  name "A &quot;toy&quot; graph"
  node [ id 0 label "a" pos [ x 1.5 y -2e3 ] ]
  node [ id 1 label "b b" ]
  edge [ source 0 target 1 weight 4 ]
]`,
    "toy.gml",
  );
  assertEquals(g.directed, true);
  assertEquals(g.attributes, { directed: 1, name: 'A "toy" graph' });
  assertEquals(g.nodes, [{ id: 0, label: "a", pos: { x: 1.5, y: -2000 } }, {
    id: 1,
    label: "b b",
  }]);
  assertEquals(g.edges, [{ source: 0, target: 1, weight: 4 }]);
});

Deno.test("parseGml() reports malformed input with file and line", () => {
  assertThrows(() => parseGml("graph [\n node [ id 0 ]\n", "a.gml"), {
    message: 'Cannot parse a.gml: missing "]" at line 2',
  });
  assertThrows(() => parseGml("graph [\n node [ id zero ]\n]", "b.gml"), {
    message: 'Cannot parse b.gml: bad value "zero" for key "id" at line 2',
  });
  assertThrows(() => parseGml('graph [ name "x ]', "c.gml"), {
    message: "Cannot parse c.gml: unterminated string at line 1",
  });
  assertThrows(() => parseGml("node [ id 0 ]", "d.gml"), {
    message: "Cannot parse d.gml: no graph [ ... ] block",
  });
});

Deno.test("parseGml() reads the karate club file: 34 nodes, 78 edges, 17/17 factions", async () => {
  const text = new TextDecoder().decode(await rawDataFile("karate/karate_with_attributes.gml"));
  const g = parseGml(text, "karate.gml");
  assertEquals(g.attributes.name, "Zachary's Karate Club");
  assertEquals(g.nodes.length, 34);
  assertEquals(g.edges.length, 78);
  assertEquals(g.nodes.filter((n) => n.club === "Mr. Hi").length, 17);
  assertEquals(g.nodes.map((n) => n.id), Array.from({ length: 34 }, (_, i) => i));
});
