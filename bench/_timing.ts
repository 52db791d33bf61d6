/**
 * Timing helper shared by the benchmarks.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Median ms per call over `reps` calls after one warm-up; reading the result forces the work. */
export function medianMs(fn: () => tf.Tensor, reps: number): number {
  // Returning nothing keeps tidy from walking the array.
  const run = () => tf.tidy(() => void fn().dataSync());
  run();
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[ms.length >> 1];
}
