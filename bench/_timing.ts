/**
 * Timing helpers shared by the benchmarks: wall-clock time, and this process's CPU time (all its
 * threads), which a machine shared with other work inflates much less than the wall clock.
 *
 * @module
 */
import process from "node:process";
import * as tf from "@tensorflow/tfjs";

/** This process's CPU time so far (user + system, every thread), in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Median wall-clock and CPU ms per call over `reps` calls after one warm-up; reading the result
 * forces the work.
 */
export function medianTimes(fn: () => tf.Tensor, reps: number): { wall: number; cpu: number } {
  // Returning nothing keeps tidy from walking the array.
  const run = () => tf.tidy(() => void fn().dataSync());
  run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    run();
    cpu.push(cpuMs() - c0);
    wall.push(performance.now() - t0);
  }
  const mid = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
  return { wall: mid(wall), cpu: mid(cpu) };
}
