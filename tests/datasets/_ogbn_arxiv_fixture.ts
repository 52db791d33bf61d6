/**
 * A small synthetic ogbn-arxiv in OGB's exact raw layout, for the loader's tests.
 *
 * @module
 */
import { join } from "node:path";
import { gzipSync } from "fflate";
import { createRng } from "../../lib/random/rng.ts";

/** Size and seed of the fixture {@linkcode writeOgbnArxivFixture} writes. */
export interface OgbnArxivFixtureOptions {
  /** Default 200. */
  numNodes?: number;
  /** Directed citations (rows of `edge.csv.gz`); default 1000. */
  numEdges?: number;
  /** Default 0. */
  seed?: number;
}

/**
 * Writes a seeded synthetic data set laid out exactly like OGB's unzipped `arxiv/` folder:
 * `RELEASE_v1.txt`, `raw/{edge,node-feat,node-label,node_year,num-node-list,num-edge-list}.csv.gz`,
 * `split/time/{train,valid,test}.csv.gz` (by year: <= 2017, 2018, >= 2019) and
 * `mapping/labelidx2arxivcategeory.csv.gz`. Files are gzip with no header (except the mapping),
 * 128 features per node, labels in 0..39, years in 2010..2020, no self-loop citations.
 *
 * @param dir The folder to write into (created if needed); pass it as `root` to the loader.
 * @example
 * ```ts
 * import { writeOgbnArxivFixture } from "./_ogbn_arxiv_fixture.ts";
 * const dir = await Deno.makeTempDir();
 * await writeOgbnArxivFixture(dir, { numNodes: 10, numEdges: 20 });
 * const stat = await Deno.stat(`${dir}/raw/edge.csv.gz`);
 * if (!stat.isFile) throw new Error("unexpected");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeOgbnArxivFixture(
  dir: string,
  options: OgbnArxivFixtureOptions = {},
): Promise<void> {
  const { numNodes = 200, numEdges = 1000, seed = 0 } = options;
  if (!Number.isInteger(numNodes) || numNodes < 2) {
    throw new RangeError(
      `Cannot write the ogbn-arxiv fixture: numNodes must be an integer >= 2, got ${numNodes}`,
    );
  }
  const rng = createRng(seed);
  const write = async (rel: string, text: string) => {
    const path = join(dir, rel);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    const name = rel.split("/").pop()!.replace(/\.gz$/, "");
    await Deno.writeFile(path, gzipSync(new TextEncoder().encode(text), { filename: name }));
  };
  const lines = (n: number, f: (i: number) => string) => {
    const out: string[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = f(i);
    return out.join("\n") + "\n";
  };
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "RELEASE_v1.txt"), "ogbn-arxiv synthetic fixture\n");
  await write(
    "raw/edge.csv.gz",
    lines(numEdges, () => {
      const s = rng.int(numNodes);
      const t = (s + 1 + rng.int(numNodes - 1)) % numNodes;
      return `${s},${t}`;
    }),
  );
  await write(
    "raw/node-feat.csv.gz",
    lines(numNodes, () => Array.from({ length: 128 }, () => rng.normal().toFixed(6)).join(",")),
  );
  await write("raw/node-label.csv.gz", lines(numNodes, () => String(rng.int(40))));
  const years = Array.from({ length: numNodes }, () => 2010 + rng.int(11));
  await write("raw/node_year.csv.gz", lines(numNodes, (i) => String(years[i])));
  await write("raw/num-node-list.csv.gz", `${numNodes}\n`);
  await write("raw/num-edge-list.csv.gz", `${numEdges}\n`);
  const ids = (keep: (y: number) => boolean) =>
    years.flatMap((y, i) => (keep(y) ? [i] : [])).map(String).join("\n") + "\n";
  await write("split/time/train.csv.gz", ids((y) => y <= 2017));
  await write("split/time/valid.csv.gz", ids((y) => y === 2018));
  await write("split/time/test.csv.gz", ids((y) => y >= 2019));
  await write(
    "mapping/labelidx2arxivcategeory.csv.gz",
    "label idx,arxiv category\n" + lines(40, (i) => `${i},arxiv cs c${i}`),
  );
}
