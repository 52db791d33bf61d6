/**
 * A safe reader for the Python pickles graph data sets ship in: Planetoid's Python-2 pickles
 * (protocol 2) and the numpy object arrays inside GraphData's `.npz` files (protocol 3). Only a
 * fixed set of globals (numpy arrays and dtypes, scipy CSR matrices, `defaultdict`, `list`) is
 * understood; anything else is rejected, so no pickle can run code.
 *
 * The opcode machine is the npm `pickleparser` package; this module adds the numpy/scipy
 * handlers and a byte-exact reader for Python-2 byte strings.
 *
 * @module
 */
import { BufferReader, Parser } from "pickleparser";
import type { CsrMatrix } from "../graph/matrix.ts";

/** The typed arrays a numeric numpy array turns into. */
export type NumericArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/**
 * A numpy ndarray read from a pickle. `dtype` is numpy's `descr` (`"<i4"`, `"<f4"`, `"|b1"`,
 * `"<U19"`, `"|O"`); `data` holds the elements in C order: a typed array for numbers (int64 as
 * BigInt64Array), `string[]` for `<U` strings, and the unpickled objects for `|O` arrays.
 */
export interface PickledArray {
  /** numpy's dtype `descr`, e.g. `"<f4"`. */
  readonly dtype: string;
  /** The array's dimensions. */
  readonly shape: number[];
  /** The elements in C order (see the interface docs). */
  readonly data: NumericArray | string[] | unknown[];
}

/**
 * Unpickles `bytes` into plain JS: numpy ndarrays become {@linkcode PickledArray}s, scipy
 * `csr_matrix` a {@linkcode CsrMatrix}, dicts and `defaultdict`s `Map`s, lists and tuples arrays,
 * Python ints numbers, Python-2 `str` and Python-3 `str` strings, `bytes` Uint8Arrays.
 *
 * @param bytes The pickle.
 * @param name File name used in error messages.
 * @throws {Error} `Cannot read pickle <name>: ...` on truncated or corrupt data, an unknown
 *   opcode, or a global outside the supported set.
 * @example
 * ```ts
 * import { readPickle } from "./pickle.ts";
 * // pickle.dumps({"a": [1, 2]}, protocol=2)
 * const bytes = new Uint8Array([
 *   0x80, 2, 0x7d, 0x71, 0, 0x58, 1, 0, 0, 0, 0x61, 0x71, 1, 0x5d, 0x71, 2, 0x28,
 *   0x4b, 1, 0x4b, 2, 0x65, 0x73, 0x2e,
 * ]);
 * const value = readPickle(bytes, "example.pkl") as Map<string, number[]>;
 * if (value.get("a")?.join() !== "1,2") throw new Error("unexpected");
 * ```
 */
export function readPickle(bytes: Uint8Array, name: string): unknown {
  const parser = new Parser({
    nameResolver: {
      resolve(module: string, global: string) {
        const handler = GLOBALS[`${module}.${global}`];
        if (!handler) throw new PickleError(`unsupported global ${module}.${global}`);
        return handler;
      },
    },
    unpicklingTypeOfDictionary: "Map",
  });
  let raw: unknown;
  try {
    raw = parser.read(new Latin1Reader(bytes));
  } catch (e) {
    throw new Error(`Cannot read pickle ${name}: ${describe(e)}`);
  }
  try {
    return finish(raw, new Map());
  } catch (e) {
    throw new Error(`Cannot read pickle ${name}: ${describe(e)}`);
  }
}

/** An error raised by our handlers; its message is already user-facing. */
class PickleError extends Error {}

function describe(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof PickleError) return message;
  if (/end of (file|line)|more bytes/i.test(message)) return "file is truncated";
  const opcode = /^Unsupported opcode '(\d+)'/.exec(message);
  if (opcode) {
    return `file is corrupt (unknown opcode 0x${Number(opcode[1]).toString(16).padStart(2, "0")})`;
  }
  return `file is corrupt (${message})`;
}

/**
 * pickleparser decodes Python-2 byte strings (BINSTRING, SHORT_BINSTRING) with
 * `TextDecoder("ascii")`, which the WHATWG Encoding standard defines as windows-1252: bytes
 * 0x80-0x9f come back as other code points, so array payloads could not be recovered exactly.
 * Decoding every byte to the code point of the same value (latin1, like Python's
 * `encoding="latin1"`) makes the round trip to bytes exact. Lines (GLOBAL names) are ASCII, so
 * this changes nothing for them.
 */
class Latin1Reader extends BufferReader {
  override string(size: number, encoding: "ascii" | "utf-8"): string {
    if (encoding === "utf-8") return super.string(size, encoding);
    const data = this.bytes(size);
    let out = "";
    for (let i = 0; i < data.length; i += 8192) {
      out += String.fromCharCode(...data.subarray(i, i + 8192));
    }
    return out;
  }
}

/** Bytes of a Python-2 `str` (latin1 string, see {@linkcode Latin1Reader}) or Python-3 `bytes`. */
function toBytes(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") {
    const out = new Uint8Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = value.charCodeAt(i);
    return out;
  }
  throw new PickleError(`${what} is not a byte string`);
}

/** A numpy dtype under construction: `numpy.dtype(spec, 0, 1)` then BUILD with its state. */
class NpDtype {
  endian = "|";
  constructor(readonly spec: string) {}
  __setstate__(state: unknown[]): void {
    // state = (version, endian, subarray, names, fields, elsize, alignment, flags)
    if (state[2] !== null || state[3] !== null) {
      throw new PickleError(`structured dtype ${this.spec} is not supported`);
    }
    this.endian = String(state[1]);
  }
  get descr(): string {
    const kind = this.spec[0];
    if (kind === "O") return "|O";
    const endian = this.endian === "=" ? "<" : this.endian;
    return `${endian}${this.spec}`;
  }
}

/** A numpy ndarray under construction: `_reconstruct(ndarray, (0,), b'b')` then BUILD. */
class NpArray {
  dtype = "";
  shape: number[] = [];
  data: NumericArray | string[] | unknown[] = [];
  __setstate__(state: unknown[]): void {
    // state = (version, shape, dtype, is_fortran, raw bytes | list of objects)
    const [, shape, dtype, fortran, raw] = state;
    if (!(dtype instanceof NpDtype) || !Array.isArray(shape)) {
      throw new PickleError("ndarray state is malformed");
    }
    this.shape = shape.map(Number);
    this.dtype = dtype.descr;
    const size = this.shape.reduce((a, b) => a * b, 1);
    if (fortran && this.shape.filter((d) => d > 1).length > 1) {
      throw new PickleError(`Fortran-ordered array of shape (${this.shape}) is not supported`);
    }
    if (dtype.spec[0] === "O") {
      if (!Array.isArray(raw) || raw.length !== size) {
        throw new PickleError(`object array of shape (${this.shape}) has no matching item list`);
      }
      this.data = raw;
      return;
    }
    this.data = decodeElements(toBytes(raw, "ndarray data"), dtype, size);
  }
}

const TYPED: Record<string, new (buffer: ArrayBuffer) => NumericArray> = {
  i1: Int8Array,
  u1: Uint8Array,
  b1: Uint8Array,
  i2: Int16Array,
  u2: Uint16Array,
  i4: Int32Array,
  u4: Uint32Array,
  i8: BigInt64Array,
  u8: BigUint64Array,
  f4: Float32Array,
  f8: Float64Array,
};

function decodeElements(bytes: Uint8Array, dtype: NpDtype, size: number): NumericArray | string[] {
  const spec = dtype.spec;
  const width = spec[0] === "U" ? 4 * Number(spec.slice(1)) : Number(spec.slice(1));
  if (bytes.length !== size * width) {
    throw new PickleError(
      `ndarray data has ${bytes.length} bytes, expected ${size * width} for ${size} x ${spec}`,
    );
  }
  // Copy into a fresh buffer: typed views need alignment, and the host is little-endian.
  const copy = bytes.slice();
  if (dtype.endian === ">" && width > 1) {
    const unit = spec[0] === "U" ? 4 : width;
    for (let i = 0; i < copy.length; i += unit) copy.subarray(i, i + unit).reverse();
  }
  if (spec[0] === "U") {
    const codes = new Uint32Array(copy.buffer);
    const n = width / 4;
    const out: string[] = [];
    for (let i = 0; i < size; i++) {
      let end = i * n;
      while (end < (i + 1) * n && codes[end] !== 0) end++;
      out.push(String.fromCodePoint(...codes.subarray(i * n, end)));
    }
    return out;
  }
  const Typed = TYPED[spec];
  if (!Typed) throw new PickleError(`dtype ${spec} is not supported`);
  return new Typed(copy.buffer);
}

/** A scipy CSR matrix under construction: `NEWOBJ(csr_matrix)` then BUILD with its `__dict__`. */
class ScipyCsr {
  state: Map<string, unknown> = new Map();
  __setstate__(state: Map<string, unknown>): void {
    this.state = state;
  }
}

/** The only globals a pickle may name. */
const GLOBALS: Record<string, (...args: never[]) => unknown> = {};
for (const module of ["numpy.core.multiarray", "numpy._core.multiarray"]) {
  GLOBALS[`${module}._reconstruct`] = () => new NpArray();
}
GLOBALS["numpy.ndarray"] = () => {
  throw new PickleError("numpy.ndarray can only be rebuilt through _reconstruct");
};
GLOBALS["numpy.dtype"] = (spec: string) => new NpDtype(String(spec));
for (const module of ["scipy.sparse.csr", "scipy.sparse._csr"]) {
  for (const cls of ["csr_matrix", "_csr_matrix"]) GLOBALS[`${module}.${cls}`] = ScipyCsr as never;
}
GLOBALS["collections.defaultdict"] = () => new Map();
GLOBALS["__builtin__.list"] = () => [];
GLOBALS["builtins.list"] = () => [];
// Python 3 writes `bytes` in protocol 2 as `_codecs.encode(latin1_text, "latin1")`; the text is
// already our byte-string form (one code point per byte).
GLOBALS["_codecs.encode"] = (text: string, encoding: string) => {
  if (!/^latin[-_]?1$/.test(encoding) || typeof text !== "string") {
    throw new PickleError(`_codecs.encode with encoding ${encoding} is not supported`);
  }
  return text;
};

/** Replaces the construction helpers with plain values, keeping shared objects shared. */
function finish(value: unknown, seen: Map<unknown, unknown>): unknown {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  if (seen.has(value)) return seen.get(value);
  if (value instanceof NpArray) {
    const out: PickledArray = {
      dtype: value.dtype,
      shape: value.shape,
      data: value.dtype === "|O"
        ? (value.data as unknown[]).map((v) => finish(v, seen))
        : value.data,
    };
    seen.set(value, out);
    return out;
  }
  if (value instanceof ScipyCsr) {
    const out = csrFromState(value.state, seen);
    seen.set(value, out);
    return out;
  }
  if (value instanceof NpDtype) return value.descr;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(finish(v, seen));
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    seen.set(value, out);
    for (const [k, v] of value) out.set(finish(k, seen), finish(v, seen));
    return out;
  }
  if (typeof value === "function") {
    throw new PickleError("a global was used as a value");
  }
  throw new PickleError(`unsupported object ${Object.prototype.toString.call(value)}`);
}

function csrFromState(state: Map<string, unknown>, seen: Map<unknown, unknown>): CsrMatrix {
  const shape = state.get("_shape");
  const part = (key: string): PickledArray => {
    const a = finish(state.get(key), seen) as PickledArray | undefined;
    if (!a || !ArrayBuffer.isView(a.data)) {
      throw new PickleError(`csr_matrix field ${key} is missing or not numeric`);
    }
    return a;
  };
  if (!Array.isArray(shape) || shape.length !== 2) {
    throw new PickleError("csr_matrix field _shape is missing");
  }
  const [rows, cols] = shape.map(Number);
  const indptr = toInt32(part("indptr"), "indptr");
  const indices = toInt32(part("indices"), "indices");
  const data = part("data").data as NumericArray;
  const values = data instanceof Float32Array ? data : Float32Array.from(data, Number);
  if (indptr.length !== rows + 1 || indices.length !== values.length) {
    throw new PickleError(
      `csr_matrix of shape (${rows}, ${cols}) has ${indptr.length} indptr, ${indices.length} indices and ${values.length} values`,
    );
  }
  return { kind: "csr", rows, cols, indptr, indices, data: values };
}

function toInt32(a: PickledArray, field: string): Int32Array {
  const d = a.data as NumericArray;
  if (d instanceof Int32Array) return d;
  const out = new Int32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = Number(d[i]);
    if (v > 0x7fffffff || v < -0x80000000) {
      throw new PickleError(`csr_matrix field ${field} has value ${v} outside int32 range`);
    }
    out[i] = v;
  }
  return out;
}
