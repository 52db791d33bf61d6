/**
 * NumPy `.npy` arrays and `.npz` archives (zip files of `.npy` members), read into typed arrays.
 * Spec: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 *
 * @module
 */
import { inflateSync } from "fflate";

/** A parsed NumPy array, C (row-major) order. */
export interface NpyArray {
  /** The NumPy dtype string from the header, e.g. `"<f4"`, `"|b1"`, `"<U12"`, `"|O"`. */
  dtype: string;
  /** The array's dimensions (`[]` for a scalar). */
  shape: number[];
  /**
   * The values: a typed array per numeric dtype (`<i8` as BigInt64Array, `|b1` as 0/1 Uint8Array),
   * `string[]` for `<U`, and for `|O` (object arrays, a pickle) the raw payload bytes.
   */
  data:
    | Float32Array
    | Float64Array
    | Int32Array
    | BigInt64Array
    | Int8Array
    | Uint8Array
    | string[];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/**
 * Parses one `.npy` file (format versions 1, 2 and 3; little-endian or byte-sized dtypes; C or
 * Fortran order, Fortran data is transposed to C order). `name` is used in error messages.
 *
 * @throws {Error} on a bad magic string, an unsupported dtype or truncated data.
 * @example
 * ```ts
 * import { parseNpy } from "./npy.ts";
 * const header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }";
 * const head = new TextEncoder().encode(header.padEnd(128 - 10 - 1) + "\n");
 * const bytes = new Uint8Array(128 + 8);
 * bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, head.length, 0]);
 * bytes.set(head, 10);
 * bytes.set(new Uint8Array(new Int32Array([7, -1]).buffer), 128);
 * const a = parseNpy(bytes, "a.npy");
 * if (a.dtype !== "<i4" || a.shape.join() !== "2" || (a.data as Int32Array).join() !== "7,-1") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error(`Cannot parse ${name}: not an NPY file (bad magic string)`);
  }
  const major = bytes[6];
  if (major < 1 || major > 3) {
    throw new Error(`Cannot parse ${name}: unsupported NPY format version ${major}.${bytes[7]}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenSize = major === 1 ? 2 : 4;
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenSize;
  if (bytes.length < start + headerLen) {
    throw new Error(`Cannot parse ${name}: header is truncated`);
  }
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1")
    .decode(bytes.subarray(start, start + headerLen));
  const { dtype, fortran, shape } = parseHeader(header, name);
  const payload = bytes.subarray(start + headerLen);
  if (dtype === "|O") return { dtype, shape, data: payload.slice() };
  const count = shape.reduce((a, b) => a * b, 1);
  const data = decode(dtype, payload, count, name);
  return { dtype, shape, data: fortran && shape.length > 1 ? fortranToC(data, shape) : data };
}

function parseHeader(header: string, name: string) {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(
      `Cannot parse ${name}: unsupported NPY header (structured dtypes are not supported): ${header.trim()}`,
    );
  }
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`Cannot parse ${name}: bad shape (${shapeText})`);
  }
  return { dtype: descr, fortran: fortran === "True", shape };
}

const NUMERIC: Record<string, [number, (b: ArrayBuffer) => NpyArray["data"]]> = {
  "<f4": [4, (b) => new Float32Array(b)],
  "<f8": [8, (b) => new Float64Array(b)],
  "<i4": [4, (b) => new Int32Array(b)],
  "<i8": [8, (b) => new BigInt64Array(b)],
  "|i1": [1, (b) => new Int8Array(b)],
  "|u1": [1, (b) => new Uint8Array(b)],
  "|b1": [1, (b) => new Uint8Array(b)],
};

function decode(dtype: string, payload: Uint8Array, count: number, name: string): NpyArray["data"] {
  const unicode = /^<U(\d+)$/.exec(dtype);
  const itemSize = unicode ? 4 * Number(unicode[1]) : NUMERIC[dtype]?.[0];
  if (itemSize === undefined) {
    throw new Error(
      `Cannot parse ${name}: unsupported dtype ${dtype} (expected <f4, <f8, <i4, <i8, |i1, |u1, |b1, <U or |O)`,
    );
  }
  const need = count * itemSize;
  if (payload.length < need) {
    throw new Error(
      `Cannot parse ${name}: data is truncated (expected ${need} bytes, got ${payload.length})`,
    );
  }
  // slice() copies into a fresh, aligned buffer (the payload offset is rarely 8-byte aligned)
  const buffer = payload.slice(0, need).buffer;
  if (!unicode) return NUMERIC[dtype][1](buffer);
  const codes = new Uint32Array(buffer);
  const chars = itemSize / 4;
  const out: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    let end = (i + 1) * chars;
    while (end > i * chars && codes[end - 1] === 0) end--; // NumPy pads with NUL
    out[i] = String.fromCodePoint(...codes.subarray(i * chars, end));
  }
  return out;
}

function fortranToC<T extends NpyArray["data"]>(data: T, shape: number[]): T {
  const out = (Array.isArray(data) ? new Array(data.length) : data.slice()) as T;
  const k = shape.length;
  const strides = new Array<number>(k); // Fortran strides: the first axis varies fastest
  strides[0] = 1;
  for (let j = 1; j < k; j++) strides[j] = strides[j - 1] * shape[j - 1];
  const index = new Array<number>(k).fill(0);
  let src = 0;
  for (let c = 0; c < data.length; c++) {
    (out as unknown as unknown[])[c] = (data as unknown as unknown[])[src];
    for (let j = k - 1; j >= 0; j--) { // advance the C-order multi-index (last axis fastest)
      index[j]++;
      src += strides[j];
      if (index[j] < shape[j]) break;
      src -= index[j] * strides[j];
      index[j] = 0;
    }
  }
  return out;
}

/**
 * Converts an integer (or boolean) array to Int32Array, checking every value fits.
 *
 * @throws {RangeError} for a non-integer dtype or a value outside the int32 range.
 * @example
 * ```ts
 * import { toInt32 } from "./npy.ts";
 * const a = { dtype: "<i8", shape: [2], data: new BigInt64Array([3n, -4n]) };
 * if (toInt32(a, "labels").join() !== "3,-4") throw new Error("unexpected");
 * ```
 */
export function toInt32(a: NpyArray, name: string): Int32Array {
  const { data, dtype } = a;
  if (!/^[<|](i[148]|u1|b1)$/.test(dtype) || Array.isArray(data)) {
    throw new RangeError(`Cannot convert ${name} to int32: dtype ${dtype} is not an integer type`);
  }
  if (data instanceof Int32Array) return data;
  const out = new Int32Array(data.length);
  if (data instanceof BigInt64Array) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v > 2147483647n || v < -2147483648n) {
        throw new RangeError(
          `Cannot convert ${name} to int32: value ${v} at index ${i} is out of range`,
        );
      }
      out[i] = Number(v);
    }
  } else {
    out.set(data as ArrayLike<number>);
  }
  return out;
}

/**
 * Reads a zip archive (such as an `.npz` file) into member name -> uncompressed bytes. Supports
 * stored and deflated members and ZIP64 size fields; checks each member's CRC-32.
 *
 * @throws {Error} when the archive is truncated, corrupt or uses another compression method.
 * @example
 * ```ts
 * import { zipSync } from "fflate";
 * import { readZip } from "./npy.ts";
 * const zip = zipSync({ "a.npy": new Uint8Array([1, 2, 3]) });
 * if (readZip(zip, "x.npz")["a.npy"].join() !== "1,2,3") throw new Error("unexpected");
 * ```
 */
export function readZip(bytes: Uint8Array, name: string): Record<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new Error(
      `Cannot read ${name}: no end-of-central-directory record (not a zip file or truncated)`,
    );
  }
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (
    (count === 0xffff || offset === 0xffffffff) && eocd >= 20 &&
    view.getUint32(eocd - 20, true) === 0x07064b50
  ) {
    const z64 = Number(view.getBigUint64(eocd - 12, true));
    count = Number(view.getBigUint64(z64 + 32, true));
    offset = Number(view.getBigUint64(z64 + 48, true));
  }
  const out: Record<string, Uint8Array> = {};
  const decoder = new TextDecoder();
  for (let m = 0; m < count; m++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) {
      throw new Error(`Cannot read ${name}: central directory entry ${m} is corrupt or truncated`);
    }
    const method = view.getUint16(offset + 10, true);
    const crc = view.getUint32(offset + 16, true);
    let compressed = view.getUint32(offset + 20, true);
    let size = view.getUint32(offset + 24, true);
    const nameLen = view.getUint16(offset + 28, true);
    const extraLen = view.getUint16(offset + 30, true);
    const commentLen = view.getUint16(offset + 32, true);
    let local = view.getUint32(offset + 42, true);
    const member = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLen));
    // ZIP64 extra field: 64-bit values only for the fields set to 0xffffffff, in this order
    for (let e = offset + 46 + nameLen; e + 4 <= offset + 46 + nameLen + extraLen;) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === 0x0001) {
        let p = e + 4;
        const next = () => Number(view.getBigUint64((p += 8) - 8, true));
        if (size === 0xffffffff) size = next();
        if (compressed === 0xffffffff) compressed = next();
        if (local === 0xffffffff) local = next();
      }
      e += 4 + len;
    }
    offset += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) {
      throw new Error(`Cannot read ${name}: local header of member ${member} is corrupt`);
    }
    const dataStart = local + 30 + view.getUint16(local + 26, true) +
      view.getUint16(local + 28, true);
    if (dataStart + compressed > bytes.length) {
      throw new Error(
        `Cannot read ${name}: member ${member} is truncated (expected ${compressed} bytes, got ${
          Math.max(0, bytes.length - dataStart)
        })`,
      );
    }
    const raw = bytes.subarray(dataStart, dataStart + compressed);
    let data: Uint8Array;
    if (method === 0) data = raw.slice();
    else if (method === 8) data = inflateSync(raw, { out: new Uint8Array(size) });
    else {
      throw new Error(
        `Cannot read ${name}: member ${member} uses compression method ${method} (only stored and deflate are supported)`,
      );
    }
    if (data.length !== size || crc32(data) !== crc) {
      throw new Error(`Cannot read ${name}: member ${member} is corrupt (size or CRC-32 mismatch)`);
    }
    out[member] = data;
  }
  return out;
}

let crcTable: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Reads every array of an `.npz` archive (member names without the `.npy` suffix).
 *
 * @example
 * ```ts
 * import { zipSync } from "fflate";
 * import { readNpz } from "./npy.ts";
 * const header = "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), }";
 * const head = new TextEncoder().encode(header.padEnd(128 - 10 - 1) + "\n");
 * const npy = new Uint8Array(129);
 * npy.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, head.length, 0]);
 * npy.set(head, 10);
 * npy[128] = 9;
 * const arrays = readNpz(zipSync({ "a.npy": npy }), "x.npz");
 * if ((arrays.a.data as Uint8Array)[0] !== 9) throw new Error("unexpected");
 * ```
 */
export function readNpz(bytes: Uint8Array, name: string): Record<string, NpyArray> {
  const out: Record<string, NpyArray> = {};
  for (const [member, data] of Object.entries(readZip(bytes, name))) {
    out[member.replace(/\.npy$/, "")] = parseNpy(data, `${name}:${member}`);
  }
  return out;
}
