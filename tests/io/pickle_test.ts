import { assert, assertEquals, assertStrictEquals, assertThrows } from "../_assert.ts";
import { rawDataFile, rawDataPath } from "../_data.ts";
import { type PickledArray, readPickle } from "../../lib/io/pickle.ts";
import { parseNpy, readZip } from "../../lib/io/npy.ts";
import type { CsrMatrix } from "../../lib/graph/matrix.ts";
import { runPython, sha256Hex } from "../_python.ts";

const sha = sha256Hex;

/** The same summary the Python oracle prints: raw-byte hashes of every array. */
function summarise(value: unknown): unknown {
  if (value instanceof Map) {
    const keys = [...value.keys()].sort((a, b) => a - b);
    const text = keys.map((k) => `${k}:${(value.get(k) as number[]).join(",")}\n`).join("");
    return { kind: "dict", size: value.size, sha: sha256Hex(new TextEncoder().encode(text)) };
  }
  const csr = value as CsrMatrix;
  if (csr.kind === "csr") {
    return {
      kind: "csr",
      shape: [csr.rows, csr.cols],
      indptr: sha(csr.indptr),
      indices: sha(csr.indices),
      data: sha(csr.data),
    };
  }
  const a = value as PickledArray;
  return { kind: "array", dtype: a.dtype, shape: a.shape, sha: sha(a.data as Int32Array) };
}

const PLANETOID_ORACLE = `
import hashlib, json, pickle, sys
import numpy as np, scipy.sparse as sp
h = lambda b: hashlib.sha256(b).hexdigest()
out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        v = pickle.load(f, encoding="latin1")
    if isinstance(v, dict):
        text = "".join(f"{k}:{','.join(map(str, v[k]))}\\n" for k in sorted(v))
        s = {"kind": "dict", "size": len(v), "sha": h(text.encode())}
    elif sp.issparse(v):
        assert v.format == "csr" and v.indptr.dtype == np.int32 and v.indices.dtype == np.int32
        assert v.data.dtype == np.float32
        s = {"kind": "csr", "shape": list(v.shape), "indptr": h(v.indptr.tobytes()),
             "indices": h(v.indices.tobytes()), "data": h(v.data.tobytes())}
    else:
        s = {"kind": "array", "dtype": v.dtype.str, "shape": list(v.shape), "sha": h(v.tobytes())}
    out[path.rsplit("/", 1)[1]] = s
print(json.dumps(out))
`;

Deno.test("readPickle() reads every Planetoid pickle byte-exactly like Python", async () => {
  const files: string[] = [];
  for (const [dir, name] of [["planetoid", "cora"], ["planetoid", "citeseer"]]) {
    for (const obj of ["x", "y", "tx", "ty", "allx", "ally", "graph"]) {
      files.push(await rawDataPath(`${dir}/ind.${name}.${obj}`));
    }
  }
  for (const obj of ["x", "y", "tx", "ty", "ally", "graph"]) {
    files.push(await rawDataPath(`_partial_pubmed/ind.pubmed.${obj}`));
  }
  const expected = JSON.parse(await runPython(PLANETOID_ORACLE, { args: files }));
  assertStrictEquals(Object.keys(expected).length, 20);
  for (const path of files) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    const actual = summarise(readPickle(await Deno.readFile(path), name));
    assertEquals(actual, expected[name], name);
  }
});

Deno.test("readPickle() reads the published Planetoid shapes", async () => {
  const read = async (file: string) => readPickle(await rawDataFile(`planetoid/${file}`), file);
  const allx = await read("ind.cora.allx") as CsrMatrix;
  assertEquals([allx.rows, allx.cols], [1708, 1433]);
  assert(allx.data.every((v) => v === 1), "Cora features are binary");
  const ty = await read("ind.citeseer.ty") as PickledArray;
  assertEquals([ty.dtype, ty.shape], ["<i4", [1000, 6]]);
  const graph = await read("ind.cora.graph") as Map<number, number[]>;
  assertStrictEquals(graph.size, 2708);
  let entries = 0;
  for (const list of graph.values()) entries += list.length;
  assertStrictEquals(entries, 10858);
});

Deno.test("readPickle() keeps bytes 0x80-0x9f of Python-2 byte strings exact", () => {
  // _reconstruct(ndarray, (0,), 'b') + BUILD (1, (256,), dtype('u1'), False, <bytes 0..255>)
  const enc = (s: string) => [...s].map((c) => c.charCodeAt(0));
  const shortStr = (s: string) => [0x55, s.length, ...enc(s)];
  const payload = Array.from({ length: 256 }, (_, i) => i);
  const bytes = new Uint8Array([
    0x80,
    2,
    0x63,
    ...enc("numpy.core.multiarray\n_reconstruct\n"),
    0x63,
    ...enc("numpy\nndarray\n"),
    0x4b,
    0,
    0x85,
    ...shortStr("b"),
    0x87,
    0x52,
    0x28,
    0x4b,
    1,
    0x4d,
    0,
    1,
    0x85,
    0x63,
    ...enc("numpy\ndtype\n"),
    ...shortStr("u1"),
    0x4b,
    0,
    0x4b,
    1,
    0x87,
    0x52,
    0x28,
    0x4b,
    3,
    ...shortStr("|"),
    0x4e,
    0x4e,
    0x4e,
    0x4a,
    255,
    255,
    255,
    255,
    0x4a,
    255,
    255,
    255,
    255,
    0x4b,
    0,
    0x74,
    0x62,
    0x89,
    0x54,
    0,
    1,
    0,
    0,
    ...payload,
    0x74,
    0x62,
    0x2e,
  ]);
  const a = readPickle(bytes, "bytes.pkl") as PickledArray;
  assertEquals(a.dtype, "|u1");
  assertEquals(a.shape, [256]);
  assertEquals([...(a.data as Uint8Array)], payload);
});

Deno.test("readPickle() reads numpy pickles of protocols 2 and 3 like Python", async () => {
  const script = `
import pickle, sys, numpy as np
d = {"be": np.array([1, 2, -3], dtype=">i4"), "i8": np.array([-(2**40), 7], dtype="<i8"),
     "f8": np.array([[0.5, -1.25], [3e-300, 2.0]]), "u": np.array(["ab", "\\u00fc\\u20ac"]),
     "b": np.array([True, False, True]), "obj": np.array([[1, "x"]], dtype=object), "n": 5}
sys.stdout.buffer.write(pickle.dumps(d, protocol=int(sys.argv[1])).hex().encode())`;
  for (const protocol of ["2", "3"]) {
    const hex = await runPython(script, { args: [protocol] });
    const bytes = Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
    const d = readPickle(bytes, `p${protocol}.pkl`) as Map<string, PickledArray>;
    const get = (k: string) => d.get(k)!;
    assertEquals([get("be").dtype, [...(get("be").data as Int32Array)]], [">i4", [1, 2, -3]]);
    assertEquals([...(get("i8").data as BigInt64Array)], [-(2n ** 40n), 7n]);
    assertEquals([get("f8").shape, [...(get("f8").data as Float64Array)]], [
      [2, 2],
      [0.5, -1.25, 3e-300, 2],
    ]);
    assertEquals([get("u").dtype, get("u").data], ["<U2", ["ab", "\u00fc\u20ac"]]);
    assertEquals([get("b").dtype, [...(get("b").data as Uint8Array)]], ["|b1", [1, 0, 1]]);
    assertEquals([get("obj").dtype, get("obj").shape, get("obj").data], ["|O", [1, 2], [1, "x"]]);
    assertStrictEquals(d.get("n") as unknown, 5);
  }
});

Deno.test("readPickle() reads GraphData's protocol-3 npz members like Python", async () => {
  const path = await rawDataPath("gnn-benchmark-graphdata/amazon_photo.npz");
  const expected = JSON.parse(
    await runPython(
      `
import hashlib, json, sys, numpy as np
z = np.load(sys.argv[1], allow_pickle=True)
a = z["adj_matrix"].item()
h = lambda b: hashlib.sha256(b).hexdigest()
print(json.dumps({"adj": {"kind": "csr", "shape": list(a.shape), "indptr": h(a.indptr.tobytes()),
    "indices": h(a.indices.tobytes()), "data": h(a.data.tobytes())},
    "classes": [str(c) for c in z["metadata"].item()["class_names"]]}))`,
      { args: [path] },
    ),
  );
  const members = readZip(await Deno.readFile(path), "amazon_photo.npz");
  const object = (key: string) => {
    const npy = parseNpy(members[`${key}.npy`], key);
    const a = readPickle(npy.data as Uint8Array, key) as PickledArray;
    assertEquals([a.dtype, a.shape, a.data.length], ["|O", [], 1]);
    return a.data[0];
  };
  assertEquals(summarise(object("adj_matrix")), expected.adj);
  const metadata = object("metadata") as Map<string, PickledArray>;
  assertEquals(metadata.get("class_names")!.data, expected.classes);
});

Deno.test("readPickle() rejects truncated, corrupt and unsafe pickles naming the file", async () => {
  const cora = await rawDataFile("planetoid/ind.cora.x");
  assertThrows(
    () => readPickle(cora.subarray(0, 100), "ind.cora.x"),
    { message: "Cannot read pickle ind.cora.x: file is truncated" },
  );
  assertThrows(
    () => readPickle(cora.subarray(0, cora.length - 1), "ind.cora.x"),
    { message: "Cannot read pickle ind.cora.x: file is truncated" },
  );
  assertThrows(
    () => readPickle(new Uint8Array([0x80, 2, 0xff]), "bad.pkl"),
    { message: "Cannot read pickle bad.pkl: file is corrupt (unknown opcode 0xff)" },
  );
  // pickle.dumps(os.system, protocol 0)-style: GLOBAL 'os system'
  const evil = new TextEncoder().encode("cos\nsystem\n(S'echo hi'\ntR.");
  assertThrows(
    () => readPickle(evil, "evil.pkl"),
    { message: "Cannot read pickle evil.pkl: unsupported global os.system" },
  );
});
