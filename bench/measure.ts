/** Timing helpers for the benchmark. Results are medians of repeated runs, reported as ratios where a baseline exists. */
import { performance } from 'node:perf_hooks';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function timeRuns(runs: number, action: () => unknown | Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await action();
    times.push(performance.now() - start);
  }
  return times;
}

/** Runs two actions alternately so machine noise hits both alike. */
export async function timeInterleaved(runs: number, a: () => unknown | Promise<unknown>, b: () => unknown | Promise<unknown>): Promise<[number[], number[]]> {
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let i = 0; i < runs; i++) {
    timesA.push(...(await timeRuns(1, a)));
    timesB.push(...(await timeRuns(1, b)));
  }
  return [timesA, timesB];
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
