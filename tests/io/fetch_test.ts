import { assert, assertEquals, assertRejects } from "../_assert.ts";
import { withTempDir } from "../_temp.ts";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { type DataFile, fetchDataFile } from "../../lib/io/fetch.ts";
import { DATA_FILES } from "../../lib/datasets/sources.ts";
import { rawDataFile } from "../_data.ts";

const KARATE = DATA_FILES["karate/karate_with_attributes.gml"];

/**
 * Runs `fn` with a directory mirror holding real data files (got through the loaders' own cache,
 * mirror or download) at their mirror paths.
 */
async function withMirror(paths: string[], fn: (mirror: string) => Promise<void>): Promise<void> {
  await withTempDir(async (mirror) => {
    for (const path of paths) {
      await Deno.mkdir(dirname(join(mirror, path)), { recursive: true });
      await Deno.writeFile(join(mirror, path), await rawDataFile(path));
    }
    await fn(mirror);
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("fetchDataFile() copies a verified file from a directory mirror into the cache", async () => {
  await withMirror([KARATE.path], (mirror) =>
    withTempDir(async (cacheDir) => {
      const bytes = await fetchDataFile(KARATE, { mirror, cacheDir });
      const original = await Deno.readFile(`${mirror}/${KARATE.path}`);
      assertEquals(bytes, original);
      assertEquals(await Deno.readFile(`${cacheDir}/${KARATE.path}`), original);
      // no temporary files are left beside it
      assertEquals([...Deno.readDirSync(`${cacheDir}/karate`)].map((e) => e.name), [
        "karate_with_attributes.gml",
      ]);
      // second call is served from the cache: a broken mirror is not touched
      const again = await fetchDataFile(KARATE, { mirror: "/nonexistent-mirror", cacheDir });
      assertEquals(again, original);
    }));
});

Deno.test("fetchDataFile() accepts a file:// mirror and the AUTOGLM_DATA_* variables", async () => {
  const files = ["planetoid/ind.cora.y", "planetoid/ind.cora.x"];
  await withMirror(files, async (mirror) => {
    await withTempDir(async (cacheDir) => {
      const url = pathToFileURL(mirror).href;
      const bytes = await fetchDataFile(DATA_FILES[files[0]], { mirror: url, cacheDir });
      assertEquals(bytes, await Deno.readFile(`${mirror}/${files[0]}`));
      assertEquals(await Deno.readFile(`${cacheDir}/${files[0]}`), bytes);
    });
    await withTempDir(async (cacheDir) => {
      const saved = ["AUTOGLM_DATA_MIRROR", "AUTOGLM_DATA_CACHE"].map((k) => Deno.env.get(k));
      Deno.env.set("AUTOGLM_DATA_MIRROR", mirror);
      Deno.env.set("AUTOGLM_DATA_CACHE", cacheDir);
      try {
        await fetchDataFile(DATA_FILES[files[1]]);
        assert(await exists(`${cacheDir}/${files[1]}`));
      } finally {
        ["AUTOGLM_DATA_MIRROR", "AUTOGLM_DATA_CACHE"].forEach((k, i) =>
          saved[i] === undefined ? Deno.env.delete(k) : Deno.env.set(k, saved[i]!)
        );
      }
    });
  });
});

Deno.test("fetchDataFile() rejects a corrupt or truncated mirror file and caches nothing", async () => {
  await withTempDir(async (dir) => {
    const mirror = `${dir}/mirror`;
    const cacheDir = `${dir}/cache`;
    await Deno.mkdir(`${mirror}/karate`, { recursive: true });
    const good = await rawDataFile(KARATE.path);
    const flipped = good.slice();
    flipped[100] ^= 1;
    await Deno.writeFile(`${mirror}/${KARATE.path}`, flipped);
    const gotSha = createHash("sha256").update(flipped).digest("hex");
    await assertRejects(() => fetchDataFile(KARATE, { mirror, cacheDir }), {
      message: `Cannot fetch ${KARATE.path}: checksum mismatch for the file from ` +
        `${mirror}/${KARATE.path} (expected sha256 ${KARATE.sha256}, got ${gotSha})`,
    });
    await Deno.writeFile(`${mirror}/${KARATE.path}`, good.subarray(0, 1000));
    await assertRejects(() => fetchDataFile(KARATE, { mirror, cacheDir }), {
      message: `Cannot fetch ${KARATE.path}: file from ${mirror}/${KARATE.path} is truncated ` +
        `(expected 12962 bytes, got 1000)`,
    });
    assert(
      !(await exists(`${cacheDir}/karate`)) ||
        [...Deno.readDirSync(`${cacheDir}/karate`)].length === 0,
    );
  });
});

Deno.test("fetchDataFile() replaces a corrupt cached file", async () => {
  await withMirror([KARATE.path], (mirror) =>
    withTempDir(async (cacheDir) => {
      await Deno.mkdir(`${cacheDir}/karate`);
      await Deno.writeTextFile(`${cacheDir}/${KARATE.path}`, "garbage");
      const bytes = await fetchDataFile(KARATE, { mirror, cacheDir });
      const good = await Deno.readFile(`${mirror}/${KARATE.path}`);
      assertEquals(bytes, good);
      assertEquals(await Deno.readFile(`${cacheDir}/${KARATE.path}`), good);
    }));
});

Deno.test("fetchDataFile() verifies git blob ids (sha1 of 'blob <len>\\0' + bytes)", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/m/x`, { recursive: true });
    await Deno.writeTextFile(`${dir}/m/x/hello.txt`, "hello\n");
    // `printf 'hello\n' | git hash-object --stdin`
    const file: DataFile = {
      path: "x/hello.txt",
      url: "https://example.invalid/hello.txt",
      gitBlob: "ce013625030ba8dba906f756967f9e9ca394464a",
    };
    const bytes = await fetchDataFile(file, { mirror: `${dir}/m`, cacheDir: `${dir}/c` });
    assertEquals(new TextDecoder().decode(bytes), "hello\n");
    await assertRejects(
      () =>
        fetchDataFile({ ...file, gitBlob: "0".repeat(40) }, {
          mirror: `${dir}/m`,
          cacheDir: `${dir}/c2`,
        }),
      /expected git blob 0{40}, got ce013625030ba8dba906f756967f9e9ca394464a/,
    );
  });
});

Deno.test("fetchDataFile() names the path it looked at for a file missing from the mirror", async () => {
  await withMirror([KARATE.path], (mirror) =>
    withTempDir(async (cacheDir) => {
      // An unreachable public URL keeps the test offline even where the internet is reachable.
      const allx = {
        ...DATA_FILES["_partial_pubmed/ind.pubmed.allx"],
        url: "http://127.0.0.1:9/allx",
      };
      const error = await fetchDataFile(allx, { mirror, cacheDir }).catch((e) => e);
      assert(error instanceof Error);
      assert(
        error.message.startsWith(
          `Cannot fetch _partial_pubmed/ind.pubmed.allx: not found in mirror (looked at ` +
            `${mirror}/_partial_pubmed/ind.pubmed.allx) and download ` +
            `from http://127.0.0.1:9/allx failed (`,
        ),
        error.message,
      );
      assert(
        error.message.endsWith(`or place the file at ${cacheDir}/${allx.path}`),
        error.message,
      );
    }));
});

Deno.test("fetchDataFile() without a mirror explains how to provide an unreachable file", async () => {
  await withTempDir(async (cacheDir) => {
    const file: DataFile = { ...KARATE, url: "http://127.0.0.1:9/karate.gml" };
    const saved = Deno.env.get("AUTOGLM_DATA_MIRROR"); // this test needs "no mirror"
    Deno.env.delete("AUTOGLM_DATA_MIRROR");
    const error = await fetchDataFile(file, { cacheDir }).catch((e: Error) => e);
    if (saved !== undefined) Deno.env.set("AUTOGLM_DATA_MIRROR", saved);
    assert(error instanceof Error);
    const message = error.message;
    assert(message.startsWith(`Cannot fetch ${KARATE.path}: download from ${file.url} failed (`));
    assert(
      message.includes(
        "set AUTOGLM_DATA_MIRROR to a directory laid out like the project's data/README.md",
      ),
    );
    assert(message.endsWith(`or place the file at ${cacheDir}/${KARATE.path}`), message);
  });
});

Deno.test("fetchDataFile() reads an http:// mirror and reports a missing file's URL", async () => {
  const karate = DATA_FILES["karate/karate_with_attributes.gml"];
  const file = DATA_FILES["gnn-benchmark-shchur/citeseer.npz"]; // > 1 MB: streamed
  const served = new Map<string, Uint8Array>();
  for (const { path } of [karate, file]) served.set(`/${path}`, await rawDataFile(path));
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const bytes = served.get(decodeURIComponent(new URL(req.url).pathname));
    return bytes
      ? new Response(bytes as Uint8Array<ArrayBuffer>)
      : new Response("not found", { status: 404 });
  });
  const mirror = `http://127.0.0.1:${server.addr.port}/`;
  try {
    await withTempDir(async (cacheDir) => {
      const bytes = await fetchDataFile(file, { mirror, cacheDir });
      assertEquals(bytes, served.get(`/${file.path}`));
      // Missing from the mirror, but its public URL answers: the public copy is used.
      const moved = { ...karate, path: "moved/karate.gml", url: `${mirror}${karate.path}` };
      assertEquals(await fetchDataFile(moved, { mirror, cacheDir }), served.get(`/${karate.path}`));
      const allx = {
        ...DATA_FILES["_partial_pubmed/ind.pubmed.allx"],
        url: `${mirror}public/allx`,
      };
      const error = await fetchDataFile(allx, { mirror, cacheDir }).catch((e) => e);
      assert(error instanceof Error);
      assert(
        error.message.startsWith(
          `Cannot fetch ${allx.path}: not found in mirror (looked at ${mirror}${allx.path}) and ` +
            `download from ${mirror}public/allx failed (HTTP 404)`,
        ),
        error.message,
      );
    });
  } finally {
    await server.shutdown();
  }
});
