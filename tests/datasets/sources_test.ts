import { assert, assertEquals } from "../_assert.ts";
import { createHash } from "node:crypto";
import { DATA_FILES } from "../../lib/datasets/sources.ts";
import { rawDataFile } from "../_data.ts";

Deno.test("DATA_FILES gives every mirror file its real size and sha256", async () => {
  // The data mirror's MANIFEST.md: "52 data files"; ind.pubmed.allx is the one it lacks.
  const files = Object.keys(DATA_FILES).filter((p) => p !== "_partial_pubmed/ind.pubmed.allx");
  assertEquals(files.length, 52);
  for (const path of files) {
    // Fetched as the loaders fetch it, then hashed here independently of fetchDataFile's check.
    const bytes = await rawDataFile(path);
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
