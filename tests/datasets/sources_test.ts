import { assert, assertEquals, SHARED_DATASETS } from "../_assert.ts";
import { createHash } from "node:crypto";
import { DATA_FILES } from "../../lib/datasets/sources.ts";

function mirrorFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const rel = prefix + entry.name;
    if (entry.isDirectory) out.push(...mirrorFiles(`${dir}/${entry.name}`, rel + "/"));
    else if (rel !== "MANIFEST.md") out.push(rel);
  }
  return out;
}

Deno.test("DATA_FILES lists every mirror file with its real size and sha256", async () => {
  const files = mirrorFiles(SHARED_DATASETS).sort();
  assertEquals(files.length, 52); // MANIFEST.md: "52 data files"
  const listed = Object.keys(DATA_FILES).filter((p) => p !== "_partial_pubmed/ind.pubmed.allx");
  assertEquals(listed.sort(), files);
  for (const path of files) {
    const bytes = await Deno.readFile(`${SHARED_DATASETS}/${path}`);
    const entry = DATA_FILES[path];
    assertEquals(entry.path, path);
    assertEquals(entry.bytes, bytes.length, path);
    assertEquals(entry.sha256, createHash("sha256").update(bytes).digest("hex"), path);
  }
});

Deno.test("DATA_FILES entries have pinned raw GitHub URLs and ind.pubmed.allx a git blob", () => {
  for (const [key, entry] of Object.entries(DATA_FILES)) {
    assertEquals(entry.path, key);
    assert(
      /^https:\/\/raw\.githubusercontent\.com\/[\w.-]+\/[\w.-]+\/[0-9a-f]{40}\/\S+$/.test(
        entry.url,
      ),
      entry.url,
    );
    const name = key.split("/").pop()!;
    assert(entry.url.endsWith("/" + name), `${key}: ${entry.url}`);
  }
  assertEquals(
    DATA_FILES["_partial_pubmed/ind.pubmed.allx"].gitBlob,
    "3b86bccf08111c37c632a9dd8ab63db25ea76361",
  );
});
