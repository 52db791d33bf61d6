/**
 * Shared fixtures for the metric, anchor and mixing tests: backends, seeded data, float64
 * references of the weighted cosine, and central finite differences on the host.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../lib/backend/set_backend.ts";
import { createRng } from "../../lib/random/rng.ts";
import { assertEquals } from "../_assert.ts";

/** The backends these tests run on. */
export const BACKENDS = ["cpu", "wasm"] as const;

/** Registers `${title} on ${backend}` for every backend in {@linkcode BACKENDS}. */
export function testOnBackends(title: string, body: () => Promise<void> | void): void {
  for (const backend of BACKENDS) {
    Deno.test(`${title} on ${backend}`, async () => {
      const choice = await setBackend(backend);
      assertEquals(tf.getBackend(), backend, choice.reason);
      await body();
    });
  }
}

/** Registers a test on the cpu backend. */
export function testOnCpu(title: string, body: () => Promise<void> | void): void {
  Deno.test(title, async () => {
    const choice = await setBackend("cpu");
    assertEquals(tf.getBackend(), "cpu", choice.reason);
    await body();
  });
}

/** Seeded standard-normal values, rounded to float32 so host and tensor agree exactly. */
export function normals(seed: number, size: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: size }, () => Math.fround(rng.normal()));
}

/**
 * Float64 weighted embedding: `U_i = concat_h normalize(w_h ⊙ z_i) / sqrt(H)`, `[N, H d]` row-major,
 * so `U_i · U_j = 1/H Σ_h cos(w_h ⊙ z_i, w_h ⊙ z_j)`.
 */
export function embedRef(
  z: ArrayLike<number>,
  w: ArrayLike<number>,
  n: number,
  d: number,
  heads: number,
): Float64Array {
  const u = new Float64Array(n * heads * d);
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < heads; h++) {
      let norm = 0;
      for (let c = 0; c < d; c++) norm += (w[h * d + c] * z[i * d + c]) ** 2;
      const scale = 1 / Math.sqrt(Math.max(norm, 1e-24)) / Math.sqrt(heads);
      for (let c = 0; c < d; c++) {
        u[(i * heads + h) * d + c] = w[h * d + c] * z[i * d + c] * scale;
      }
    }
  }
  return u;
}

/** Dot product of rows `i` and `j` of a row-major `[*, width]` array. */
export function rowDot(u: Float64Array, width: number, i: number, j: number): number {
  let s = 0;
  for (let c = 0; c < width; c++) s += u[i * width + c] * u[j * width + c];
  return s;
}

/** Central finite differences of `f` at `x` (float64), one entry per coordinate. */
export function finiteDifferences(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  h = 1e-6,
): Float64Array {
  const at = Float64Array.from(x);
  const out = new Float64Array(at.length);
  for (let i = 0; i < at.length; i++) {
    const x0 = at[i];
    at[i] = x0 + h;
    const up = f(at);
    at[i] = x0 - h;
    const down = f(at);
    at[i] = x0;
    out[i] = (up - down) / (2 * h);
  }
  return out;
}

/** Asserts `|actual - expected| <= atol + rtol |expected|` everywhere, naming the first bad index. */
export function assertNear(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { atol = 1e-5, rtol = 1e-4, message = "" }: { atol?: number; rtol?: number; message?: string } =
    {},
): void {
  assertEquals(actual.length, expected.length, `${message}length`);
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]))) {
      throw new Error(`${message}index ${i}: ${actual[i]} != expected ${expected[i]}`);
    }
  }
}

/** A tensor's values as a plain array. */
export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

/** Rows of `cols` numbers from a flat array. */
export function rows(flat: ArrayLike<number>, cols: number): number[][] {
  return Array.from(
    { length: flat.length / cols },
    (_, i) => Array.from({ length: cols }, (_, j) => flat[i * cols + j]),
  );
}
