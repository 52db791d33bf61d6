/**
 * The tf-ops path for backends other than cpu and wasm (webgpu, tensorflow), so data stays on the
 * device. tfjs's `unsortedSegmentSum` adds with float atomics on webgpu, in whatever order threads
 * arrive, so it is not deterministic. Instead each grouping (edges by target, edges by source, ...)
 * is padded into degree buckets (ELL blocks whose width is at most twice their smallest degree, so
 * padding at most doubles the work) and reduced with `tf.sum`/`tf.max` over a fixed axis.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Grouping } from "./adjacency.ts";

interface Bucket {
  readonly rows: number;
  readonly width: number;
  /** `[rows, width]` item ids, padded with the item count (a fill row appended to the values). */
  readonly idx: tf.Tensor2D;
}

interface DeviceGrouping {
  readonly buckets: Bucket[];
  /** Row of each segment in the concatenated bucket outputs; empty segments point past the end. */
  readonly segmentRow: tf.Tensor1D;
}

const cache = new WeakMap<Int32Array, Map<string, DeviceGrouping>>();

/** Whether the active backend runs the typed-array loops (cpu, wasm) instead of tf ops. */
export function onHost(): boolean {
  const name = tf.getBackend();
  return name === "cpu" || name === "wasm";
}

const arrayCache = new WeakMap<Int32Array | Float32Array, Map<string, tf.Tensor1D>>();
// Every cached device tensor (copies and groupings), for releaseDeviceCopies().
const liveCopies = new Set<tf.Tensor>();
// A cached device copy lives as long as its host array: once the array is garbage (a graph or
// feature matrix of an earlier run), its device tensors are freed too.
const releaseWithArray = new FinalizationRegistry<Map<string, tf.Tensor1D>>((byBackend) => {
  for (const t of byBackend.values()) {
    if (!t.isDisposed) t.dispose();
    liveCopies.delete(t);
  }
});

/**
 * Frees every cached device copy now (they are made again on next use). The copies otherwise live
 * until their host arrays are garbage-collected, which cannot be forced: this lets a caller (a
 * test counting live tensors, or a notebook reclaiming device memory) free them at a known point.
 */
export function releaseDeviceCopies(): void {
  for (const t of liveCopies) if (!t.isDisposed) t.dispose();
  liveCopies.clear();
}

/**
 * A constant array as a 1D tensor, uploaded once per backend and kept across tidies, so index
 * arrays are not copied to the device on every call.
 */
export function deviceArray(values: Int32Array | Float32Array): tf.Tensor1D {
  let byBackend = arrayCache.get(values);
  if (!byBackend) {
    byBackend = new Map<string, tf.Tensor1D>();
    arrayCache.set(values, byBackend);
    releaseWithArray.register(values, byBackend);
  }
  let t = byBackend.get(tf.getBackend());
  if (!t || t.isDisposed) {
    t = tf.keep(tf.tensor1d(values, values instanceof Int32Array ? "int32" : "float32"));
    byBackend.set(tf.getBackend(), t);
    liveCopies.add(t);
  }
  return t;
}

function deviceGrouping(g: Grouping): DeviceGrouping {
  const byBackend = cache.get(g.ids) ?? new Map<string, DeviceGrouping>();
  cache.set(g.ids, byBackend);
  const found = byBackend.get(tf.getBackend());
  if (found && !found.segmentRow.isDisposed) return found;
  const segments = g.indptr.length - 1;
  const pad = g.ids.length;
  // Bucket b holds segments with degree in (2^(b-1), 2^b].
  const members: number[][] = [];
  for (let r = 0; r < segments; r++) {
    const d = g.indptr[r + 1] - g.indptr[r];
    if (d === 0) continue;
    const b = Math.ceil(Math.log2(d));
    (members[b] ??= []).push(r);
  }
  const buckets: Bucket[] = [];
  const row = new Int32Array(segments);
  let next = 0;
  const placed = new Uint8Array(segments);
  for (const list of members) {
    if (!list) continue;
    let width = 0;
    for (const r of list) width = Math.max(width, g.indptr[r + 1] - g.indptr[r]);
    const idx = new Int32Array(list.length * width).fill(pad);
    list.forEach((r, i) => {
      for (let k = g.indptr[r]; k < g.indptr[r + 1]; k++) {
        idx[i * width + k - g.indptr[r]] = g.ids[k];
      }
      row[r] = next + i;
      placed[r] = 1;
    });
    next += list.length;
    buckets.push({
      rows: list.length,
      width,
      idx: tf.keep(tf.tensor2d(idx, [list.length, width], "int32")),
    });
  }
  for (let r = 0; r < segments; r++) if (!placed[r]) row[r] = next;
  const made = { buckets, segmentRow: tf.keep(tf.tensor1d(row, "int32")) };
  for (const t of [made.segmentRow, ...buckets.map((b) => b.idx)]) liveCopies.add(t);
  byBackend.set(tf.getBackend(), made);
  return made;
}

/**
 * Reduces item values `[M, ...]` into segments `[S, ...]` with a fixed order per segment; empty
 * segments get 0.
 */
export function segmentReduce(
  values: tf.Tensor,
  g: Grouping,
  mode: "sum" | "max",
): tf.Tensor {
  return tf.tidy(() => {
    const dg = deviceGrouping(g);
    const rest = values.shape.slice(1);
    const fill = mode === "sum" ? 0 : -Infinity;
    const padded = tf.concat([values, tf.fill([1, ...rest], fill)]);
    const parts = dg.buckets.map((b) => {
      const block = tf.gather(padded, b.idx);
      return mode === "sum" ? tf.sum(block, 1) : tf.max(block, 1);
    });
    const all = tf.concat([...parts, tf.zeros([1, ...rest])]);
    return tf.gather(all, dg.segmentRow);
  });
}

/**
 * Segment max of `[M, F]` values plus, per `[segment, feature]`, the first item id (in grouping
 * order) attaining it, or -1 for empty segments.
 */
export function segmentArgMax(values: tf.Tensor2D, g: Grouping): tf.Tensor2D {
  return tf.tidy(() => {
    const dg = deviceGrouping(g);
    const F = values.shape[1];
    const padded = tf.concat([values, tf.fill([1, F], -Infinity)]);
    const parts = dg.buckets.map((b) => {
      const slot = tf.argMax(tf.gather(padded, b.idx), 1); // [rows, F], first max wins
      const flat = tf.add(
        slot,
        tf.mul(tf.range(0, b.rows, 1, "int32"), tf.scalar(b.width, "int32")).expandDims(1),
      );
      return tf.gather(b.idx.reshape([-1]), flat);
    });
    const all = tf.concat([...parts, tf.fill([1, F], -1, "int32")]);
    return tf.gather(all, dg.segmentRow) as tf.Tensor2D;
  });
}
