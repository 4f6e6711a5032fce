import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** The p-th percentile (nearest rank) of numbers sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The p50 and p95 of timings in milliseconds, rounded (in any order). */
export function p50p95(times: readonly number[]): { p50Ms: number; p95Ms: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50Ms: Math.round(percentile(sorted, 50)), p95Ms: Math.round(percentile(sorted, 95)) };
}

/** Times `runs` calls of `call`, one after the other: their p50 and p95, and what each call answered. */
export async function timeRuns<T>(runs: number, call: () => Promise<T>): Promise<{ p50Ms: number; p95Ms: number; answers: T[] }> {
  const times: number[] = [];
  const answers: T[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    answers.push(await call());
    times.push(performance.now() - started);
  }
  return { ...p50p95(times), answers };
}

/** The median: the middle value, or the mean of the two middle values of an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of the values that were measured (NaN marks a run that measured nothing); NaN when none was. */
export function measuredMedian(values: readonly number[]): number {
  const measured = values.filter((value) => !Number.isNaN(value));
  return measured.length === 0 ? Number.NaN : median(measured);
}

/** A ratio as whole percent, e.g. 0.296 → "30 %". */
export const percent = (ratio: number): string => `${Math.round(ratio * 100)} %`;

/** Every file below `dir`, as paths relative to `base` with forward slashes. */
export async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/** Attribute values of every tag of one name in an HTML text (enough for Vite's own index.html output). */
export function tagAttributes(html: string, name: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))].map((match) =>
    Object.fromEntries([...match[1].matchAll(/([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)].map((a) => [a[1].toLowerCase(), a[2] ?? a[3] ?? a[4] ?? ''])));
}
