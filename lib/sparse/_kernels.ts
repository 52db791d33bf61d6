/**
 * Typed-array loops behind the cpu and wasm paths. Every loop walks a CSR grouping in order, so the
 * sum for an output row is always accumulated in the same order: results are bit-for-bit
 * deterministic. Kernels that fill an `out` argument may be given a view into the tfjs wasm heap.
 *
 * @module
 */

const fround = Math.fround;

/**
 * `out[r, h*C + c] = sum_k w[eids[k]*H + h] * x[cols[k], h*C + c]` for `k` in
 * `indptr[r]..indptr[r+1]`, ascending; `w` is in edge order (`[E, H]`) and `undefined` means all
 * ones. With `H = 1` this one loop is SpMM, its transpose (given the transposed CSR), a segment
 * sum of edge values (`cols` = edge ids) and sparse-times-dense feature products; with `H > 1`
 * each head's block of `C` columns gets its own weight (multi-head attention).
 *
 * Every product and partial sum is rounded to float32, exactly as the f32x4 kernel in
 * `_simd.wat` does, so the two agree bit for bit (storing `acc + p` into a Float32Array rounds
 * the exact double sum of two floats once, which equals float32 addition).
 */
export function spmmRows(
  indptr: Int32Array,
  cols: Int32Array,
  eids: Int32Array,
  w: Float32Array | undefined,
  x: Float32Array,
  H: number,
  C: number,
  out: Float32Array,
): void {
  const rows = indptr.length - 1;
  const HC = H * C;
  const C4 = C - (C & 3);
  for (let r = 0; r < rows; r++) {
    const base = r * HC;
    out.fill(0, base, base + HC);
    const end = indptr[r + 1];
    for (let k = indptr[r]; k < end; k++) {
      const xo = cols[k] * HC;
      const wo = w === undefined ? 0 : eids[k] * H;
      for (let h = 0; h < H; h++) {
        const wk = w === undefined ? 1 : w[wo + h];
        const o = base + h * C;
        const xi = xo + h * C;
        let c = 0;
        // Unrolled by four: independent adds stay in flight.
        for (; c < C4; c += 4) {
          out[o + c] += fround(wk * x[xi + c]);
          out[o + c + 1] += fround(wk * x[xi + c + 1]);
          out[o + c + 2] += fround(wk * x[xi + c + 2]);
          out[o + c + 3] += fround(wk * x[xi + c + 3]);
        }
        for (; c < C; c++) out[o + c] += fround(wk * x[xi + c]);
      }
    }
  }
}

/**
 * `out[e*H + h] = dot(a[src[e], hC..hC+C], b[dst[e], hC..hC+C])` for every edge, in edge order.
 * Sums in float32 like the f32x4 kernel: four lane sums (lane j takes columns j mod 4) combined as
 * `(l0 + l1) + (l2 + l3)`, then the last `C mod 4` columns one by one, so both agree bit for bit.
 */
export function edgeDotRows(
  src: Int32Array,
  dst: Int32Array,
  a: Float32Array,
  b: Float32Array,
  H: number,
  C: number,
  out: Float32Array,
): void {
  const HC = H * C;
  const C4 = C - (C & 3);
  for (let e = 0; e < src.length; e++) {
    let pa = src[e] * HC;
    let pb = dst[e] * HC;
    for (let h = 0; h < H; h++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let c = 0;
      for (; c < C4; c += 4) {
        s0 = fround(s0 + fround(a[pa + c] * b[pb + c]));
        s1 = fround(s1 + fround(a[pa + c + 1] * b[pb + c + 1]));
        s2 = fround(s2 + fround(a[pa + c + 2] * b[pb + c + 2]));
        s3 = fround(s3 + fround(a[pa + c + 3] * b[pb + c + 3]));
      }
      let s = fround(fround(s0 + s1) + fround(s2 + s3));
      for (; c < C; c++) s = fround(s + fround(a[pa + c] * b[pb + c]));
      out[e * H + h] = s;
      pa += C;
      pb += C;
    }
  }
}

/** `out[k] = values[ids[k]]`: edge values reordered into a CSR's order. */
export function permute(values: Float32Array, ids: Int32Array): Float32Array {
  const out = new Float32Array(ids.length);
  for (let k = 0; k < ids.length; k++) out[k] = values[ids[k]];
  return out;
}

/** `out[e, h] = s[src[e], h] + t[dst[e], h]`, into `out`. */
export function edgeAdd(
  src: Int32Array,
  dst: Int32Array,
  s: Float32Array,
  t: Float32Array,
  H: number,
  out: Float32Array,
): void {
  for (let e = 0; e < src.length; e++) {
    const os = src[e] * H;
    const ot = dst[e] * H;
    for (let h = 0; h < H; h++) out[e * H + h] = s[os + h] + t[ot + h];
  }
}

/**
 * Row-wise max over a CSR grouping, `0` for empty rows. `arg[r * F + f]` is the first `cols[k]`
 * (in CSR order) that attains the max, or -1 for empty rows; the backward pass routes to it.
 */
export function csrMax(
  indptr: Int32Array,
  cols: Int32Array,
  x: Float32Array,
  F: number,
): { out: Float32Array; arg: Int32Array } {
  const rows = indptr.length - 1;
  const out = new Float32Array(rows * F);
  const arg = new Int32Array(rows * F).fill(-1);
  for (let r = 0; r < rows; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    if (start === end) continue;
    const base = r * F;
    const first = cols[start];
    for (let f = 0; f < F; f++) {
      out[base + f] = x[first * F + f];
      arg[base + f] = first;
    }
    for (let k = start + 1; k < end; k++) {
      const c = cols[k];
      const o = c * F;
      for (let f = 0; f < F; f++) {
        if (x[o + f] > out[base + f]) {
          out[base + f] = x[o + f];
          arg[base + f] = c;
        }
      }
    }
  }
  return { out, arg };
}

/** Backward of {@linkcode csrMax}: `dx[arg[r, f], f] += dy[r, f]`, rows in order. */
export function csrMaxBackward(arg: Int32Array, dy: Float32Array, xRows: number, F: number) {
  const dx = new Float32Array(xRows * F);
  for (let i = 0; i < arg.length; i++) {
    if (arg[i] >= 0) dx[arg[i] * F + (i % F)] += dy[i];
  }
  return dx;
}

/**
 * Softmax of edge scores `[E, H]` over each target's incoming edges (max-subtracted), into `out`.
 * Edges are visited through the target CSR (`ids` = edge ids) so each group is reduced in a fixed
 * order. Each exponential is computed once, kept in `out` and divided by the group's sum.
 */
export function csrSoftmax(
  indptr: Int32Array,
  ids: Int32Array,
  scores: Float32Array,
  H: number,
  out: Float32Array,
): void {
  const max = new Float64Array(H);
  const sum = new Float64Array(H);
  for (let r = 0; r < indptr.length - 1; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    if (start === end) continue;
    max.fill(-Infinity);
    sum.fill(0);
    for (let k = start; k < end; k++) {
      const o = ids[k] * H;
      for (let h = 0; h < H; h++) if (scores[o + h] > max[h]) max[h] = scores[o + h];
    }
    for (let k = start; k < end; k++) {
      const o = ids[k] * H;
      for (let h = 0; h < H; h++) {
        const ex = Math.exp(scores[o + h] - max[h]);
        out[o + h] = ex;
        sum[h] += ex;
      }
    }
    for (let h = 0; h < H; h++) sum[h] = 1 / sum[h];
    for (let k = start; k < end; k++) {
      const o = ids[k] * H;
      for (let h = 0; h < H; h++) out[o + h] *= sum[h];
    }
  }
}

/** Softmax backward into `out`: `ds_e = a_e * (g_e - sum_{e' -> same target} a_e' g_e')`. */
export function csrSoftmaxBackward(
  indptr: Int32Array,
  ids: Int32Array,
  alpha: Float32Array,
  g: Float32Array,
  H: number,
  out: Float32Array,
): void {
  const dot = new Float64Array(H);
  for (let r = 0; r < indptr.length - 1; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    if (start === end) continue;
    dot.fill(0);
    for (let k = start; k < end; k++) {
      const o = ids[k] * H;
      for (let h = 0; h < H; h++) dot[h] += alpha[o + h] * g[o + h];
    }
    for (let k = start; k < end; k++) {
      const o = ids[k] * H;
      for (let h = 0; h < H; h++) out[o + h] = alpha[o + h] * (g[o + h] - dot[h]);
    }
  }
}
