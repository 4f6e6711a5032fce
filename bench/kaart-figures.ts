// What the kaart bench measures (bench/kaart.ts runs it; run.ts prints it).
import { percentile } from './stats';

/** Round trips in milliseconds, measured in the page with performance.now(). */
export interface Latency {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export type QueryKind = 'prefix' | 'word' | 'typo' | 'synonym' | 'browse' | 'filtered';

export interface KaartSearchFigures {
  services: number;
  chromium: string;
  workerFile: string;
  /** new Worker() until the first size() answer (script load and parse included) */
  startMs: number;
  /** build(docs) of all services, the first time (cold) */
  buildMs: number;
  /** build(docs) once more, on a warm worker: the baseline of an incremental update */
  rebuildMs: number;
  /** upsert(100 changed services), each round other services; milliseconds per round */
  upsertMs: number[];
  upsertMedianMs: number;
  upsertCount: number;
  /** size(): a no-op through Comlink, the messaging cost alone */
  size: Latency;
  search: Latency;
  firstSearchMs: number;
  byKind: (Latency & { kind: QueryKind; examples: string; meanHits: number; zeroHits: number })[];
}

export interface KaartImportFigures {
  rows: number;
  organisations: number;
  csvBytes: number;
  papaparseMs: number;
  previewMs: number;
  applyMappingMs: number;
  planMs: number;
  saveMs: number;
  totalMs: number;
  /** records written by saveKaartEdits (all entities) */
  records: number;
  recordsByEntity: Record<string, number>;
  importedRows: number;
  errors: number;
  warnings: number;
  duplicates: number;
  /** rows in the database after the save */
  storedServices: number;
  storedOutbox: number;
}

export interface KaartInitialCheck {
  initialFiles: string[];
  /** minisearch among the modules Rollup put into an initial chunk */
  miniSearchModuleInInitial: boolean;
  /** the marker text of MiniSearch's own error messages in an initial chunk */
  miniSearchTextInInitial: boolean;
  /** the worker chunk does hold minisearch (so the check above can see it at all) */
  miniSearchInWorker: boolean;
  buildSeconds: number;
}

export interface KaartFigures {
  search: KaartSearchFigures;
  import: KaartImportFigures;
  initial: KaartInitialCheck;
  warnings: string[];
}

/** The latency figures of these round trips. */
export function latency(times: readonly number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1] ?? 0) };
}
