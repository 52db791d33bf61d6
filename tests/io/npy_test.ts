import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { parseNpy, readNpz, readZip, toInt32 } from "../../lib/io/npy.ts";
import { runPythonJson } from "../_python.ts";

// numpy writes the arrays; the JSON it prints is the oracle (values as numpy sees them, C order)
const WRITE = `
import sys, json, numpy as np, numpy.lib.format as fmt
d = sys.argv[1]
rng = np.random.default_rng(0)
arrays = {
  "f4": rng.standard_normal((3, 4)).astype("<f4"),
  "f8": rng.standard_normal(5).astype("<f8"),
  "i4": np.array([[1, -2], [3, 2**31 - 1]], dtype="<i4"),
  "i8": np.array([-(2**40), 7, 0], dtype="<i8"),
  "i1": np.array([-128, 0, 127], dtype="|i1"),
  "u1": np.array([0, 200, 255], dtype="|u1"),
  "b1": np.array([[True, False, True], [False, False, True]]),
  "U": np.array(["cora", "Ünïcode ✓", ""], dtype="<U9"),
  "fortran": np.asfortranarray(np.arange(24, dtype="<i4").reshape(2, 3, 4)),
  "fortran2": np.asfortranarray(rng.standard_normal((4, 3)).astype("<f8")),
  "empty": np.zeros((0, 3), dtype="<f4"),
  "scalar": np.array(3.5, dtype="<f8"),
}
out = {}
for name, a in arrays.items():
  np.save(f"{d}/{name}.npy", a)
  out[name] = {"shape": list(a.shape), "values": np.ascontiguousarray(a).ravel().tolist(), "dtype": a.dtype.str}
for version in [(2, 0), (3, 0)]:
  with open(f"{d}/v{version[0]}.npy", "wb") as f:
    fmt.write_array(f, arrays["f4"], version=version)
np.save(f"{d}/obj.npy", np.array({"a": 1}, dtype=object), allow_pickle=True)
np.savez(f"{d}/stored.npz", a=arrays["i4"], b=arrays["U"])
np.savez_compressed(f"{d}/deflated.npz", a=arrays["f4"], b=arrays["b1"])
print(json.dumps(out))
`;

interface Expected {
  shape: number[];
  values: (number | boolean | string)[];
  dtype: string;
}

async function numpyFiles(): Promise<{ dir: string; expected: Record<string, Expected> }> {
  const dir = await Deno.makeTempDir();
  return {
    dir,
    expected: await runPythonJson<Record<string, Expected>>(WRITE, {
      args: [dir],
      modules: ["numpy"],
    }),
  };
}

function plain(data: ArrayLike<unknown>): unknown[] {
  return Array.from(data as ArrayLike<unknown>, (v) => typeof v === "bigint" ? Number(v) : v);
}

Deno.test("parseNpy() matches numpy for every supported dtype, Fortran order and shape", async () => {
  const { dir, expected } = await numpyFiles();
  try {
    for (const [name, want] of Object.entries(expected)) {
      const a = parseNpy(await Deno.readFile(`${dir}/${name}.npy`), `${name}.npy`);
      assertEquals(a.dtype, want.dtype, name);
      assertEquals(a.shape, want.shape, name);
      const values = want.values.map((v) => typeof v === "boolean" ? Number(v) : v);
      if (a.dtype === "<f4") {
        // numpy prints float32 values widened to double: compare exactly after rounding to f32
        assertEquals(plain(a.data), values.map((v) => Math.fround(v as number)), name);
      } else assertEquals(plain(a.data), values, name);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseNpy() reads format versions 2 and 3 and returns |O payloads raw", async () => {
  const { dir, expected } = await numpyFiles();
  try {
    for (const v of ["v2", "v3"]) {
      const a = parseNpy(await Deno.readFile(`${dir}/${v}.npy`), v);
      assertEquals(a.shape, [3, 4]);
      assertEquals(plain(a.data), expected.f4.values.map((x) => Math.fround(x as number)));
    }
    const obj = parseNpy(await Deno.readFile(`${dir}/obj.npy`), "obj.npy");
    assertEquals(obj.dtype, "|O");
    const payload = obj.data as Uint8Array;
    assertEquals(payload[0], 0x80); // pickle PROTO opcode
    assertEquals(payload[payload.length - 1], 0x2e); // pickle STOP opcode
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readNpz() reads stored and deflated archives written by numpy", async () => {
  const { dir, expected } = await numpyFiles();
  try {
    const stored = readNpz(await Deno.readFile(`${dir}/stored.npz`), "stored.npz");
    assertEquals(Object.keys(stored).sort(), ["a", "b"]);
    assertEquals(plain(stored.a.data), expected.i4.values);
    assertEquals(stored.b.data, expected.U.values);
    const deflated = readNpz(await Deno.readFile(`${dir}/deflated.npz`), "deflated.npz");
    assertEquals(deflated.b.shape, [2, 3]);
    assertEquals(plain(deflated.b.data), expected.b1.values.map(Number));
    assertEquals(plain(deflated.a.data), expected.f4.values.map((x) => Math.fround(x as number)));
    assert(readZip(await Deno.readFile(`${dir}/stored.npz`), "s")["a.npy"] instanceof Uint8Array);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseNpy() and readZip() reject corrupt input with the file name", async () => {
  const { dir } = await numpyFiles();
  try {
    const f4 = await Deno.readFile(`${dir}/f4.npy`);
    assertThrows(
      () => parseNpy(f4.subarray(0, f4.length - 4), "x.npy"),
      { message: "Cannot parse x.npy: data is truncated (expected 48 bytes, got 44)" },
    );
    assertThrows(() => parseNpy(new Uint8Array(20), "y.npy"), {
      message: "Cannot parse y.npy: not an NPY file (bad magic string)",
    });
    const big = f4.slice();
    big.set(new TextEncoder().encode(">f4"), f4.indexOf(0x3c)); // '<f4' -> '>f4'
    assertThrows(() => parseNpy(big, "b.npy"), /Cannot parse b\.npy: unsupported dtype >f4/);
    const zip = await Deno.readFile(`${dir}/deflated.npz`);
    assertThrows(
      () => readZip(zip.subarray(0, 100), "cut.npz"),
      {
        message:
          "Cannot read cut.npz: no end-of-central-directory record (not a zip file or truncated)",
      },
    );
    const flipped = zip.slice();
    flipped[60] ^= 0xff; // inside the first deflated member
    assertThrows(() => readZip(flipped, "bad.npz"), /Cannot read bad\.npz/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("toInt32() converts integer dtypes and rejects floats and out-of-range values", () => {
  assertEquals(
    Array.from(toInt32({ dtype: "|i1", shape: [2], data: new Int8Array([-3, 4]) }, "a")),
    [-3, 4],
  );
  assertThrows(
    () => toInt32({ dtype: "<i8", shape: [2], data: new BigInt64Array([1n, 2n ** 31n]) }, "ids"),
    { message: "Cannot convert ids to int32: value 2147483648 at index 1 is out of range" },
  );
  assertThrows(
    () => toInt32({ dtype: "<f4", shape: [1], data: new Float32Array([1]) }, "x"),
    { message: "Cannot convert x to int32: dtype <f4 is not an integer type" },
  );
});
