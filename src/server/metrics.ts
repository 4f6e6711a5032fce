import { createHash, timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { BatchResponse } from '../shared/api';
import type { Database } from './db/database';

/*
 * What an operator's monitoring (Prometheus, or anything that reads its text format 0.0.4) scrapes from one server
 * process at GET /api/v1/metrics: the requests per route and status and how long they took, the batches and their
 * records by outcome, the report rollups' pending rows and failed folds, whether the database answers, and the
 * process itself. Counters count since the process started; with several processes behind a load balancer each is
 * scraped on its own (Prometheus adds them up). Route labels are the routes' patterns (`/api/v1/admin/…/:id`), never
 * a path as asked, so ids and scanners' paths make no new series. Nothing here names an organisation, a tablet or a
 * token: the answer holds counts only.
 */

type Labels = Record<string, string>;

/** A label value as the text format writes it: backslash, double quote and line feed escaped. */
export function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([name, value]) => `${name}="${labelValue(value)}"`).join(',')}}`;
};

/** A number as the text format writes it (`+Inf`, `NaN`). */
const numberText = (value: number) => (Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value));

const header = (name: string, help: string, type: 'counter' | 'gauge' | 'histogram') => [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];

/** A counter per set of label values (each set always given in the same order). */
export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, readonly help: string) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  lines(): string[] {
    return [...header(this.name, this.help, 'counter'), ...[...this.values.values()].map(({ labels, value }) => `${this.name}${labelText(labels)} ${numberText(value)}`)];
  }
}

/** Request durations in seconds: cumulative buckets, their sum and count, per set of label values. */
export class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {}

  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let entry = this.series.get(key);
    if (!entry) this.series.set(key, (entry = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) entry.counts[i]++;
    entry.sum += value;
    entry.count++;
  }

  lines(): string[] {
    const lines = header(this.name, this.help, 'histogram');
    for (const { labels, counts, sum, count } of this.series.values()) {
      this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket${labelText({ ...labels, le: numberText(le) })} ${counts[i]}`));
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${numberText(sum)}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return lines;
  }
}

const gauge = (name: string, help: string, samples: [Labels, number][]) => [
  ...header(name, help, 'gauge'),
  ...samples.map(([labels, value]) => `${name}${labelText(labels)} ${numberText(value)}`),
];

/** The HTTP methods counted by name; any other is counted as `other` (a label per invented method would be a new series). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** How long a database check at a scrape may take before the database counts as down. */
const DATABASE_CHECK_MS = 2_000;

/** The event loop's delay is sampled every this many ms; a sample is the time between two, so this is taken off. */
const LOOP_RESOLUTION_MS = 20;

const PENDING_TABLES = ['report_rollup_pending', 'report_hour_rollup_pending'] as const;

/** One process's metrics: what the hooks count, and the text of a scrape. */
export class ServerMetrics {
  readonly requests = new Counter('ido_http_requests_total', 'HTTP requests answered, by method, route pattern and status code.');
  readonly durations = new Histogram('ido_http_request_duration_seconds', 'Time from request to answer, by method and route pattern.',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
  readonly batches = new Counter('ido_batches_total', 'Batches answered: stored (a new answer), replayed (the stored answer again), batch_id_taken (another tablet used the id).');
  readonly records = new Counter('ido_batch_records_total', 'Records in newly stored batches, by the answer each got (accepted, duplicate, conflict, rejected).');
  readonly recordRefusals = new Counter('ido_batch_records_rejected_total', 'Rejected records in newly stored batches, by the refusal code.');
  readonly foldFailures = new Counter('ido_rollup_fold_failures_total', 'Background folds of the report rollups that failed (their rows stay pending for the next fold or report).');
  private readonly startedAt = Date.now() / 1000;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });

  constructor(private readonly db: Database, private readonly version: string) {
    this.loopDelay.enable();
  }

  /** A request answered: `route` is the matched route's pattern, undefined when none matched. */
  answered(method: string, route: string | undefined, status: number, seconds: number): void {
    const labels = { method: METHODS.has(method) ? method : 'other', route: route ?? '(geen route)' };
    this.requests.inc({ ...labels, status: String(status) });
    this.durations.observe(labels, seconds);
  }

  /** A batch's outcome, and for a newly stored one each record's answer. */
  batch(outcome: 'stored' | 'replayed' | 'batch_id_taken', response?: BatchResponse): void {
    this.batches.inc({ outcome });
    for (const result of response?.results ?? []) {
      this.records.inc({ status: result.status });
      if (result.status === 'rejected' && result.code) this.recordRefusals.inc({ code: result.code });
    }
  }

  stop(): void {
    this.loopDelay.disable();
  }

  /** The scrape's text: the counters, then the gauges read now (the database's with a time limit; down is a value, not a failure). */
  async text(): Promise<string> {
    const database = await this.databaseGauges();
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const delay = this.loopDelay;
    const late = (nanoseconds: number) => (delay.count > 0 ? Math.max(0, nanoseconds / 1e9 - LOOP_RESOLUTION_MS / 1000) : 0);
    const lines = [
      ...gauge('ido_build_info', 'The running version (always 1).', [[{ version: this.version, database: this.db.kind }, 1]]),
      ...gauge('process_start_time_seconds', 'When the process started, in seconds since 1970.', [[{}, Math.round(this.startedAt)]]),
      ...header('process_cpu_seconds_total', 'CPU time of the process (user and system), in seconds.', 'counter'),
      `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
      ...gauge('process_resident_memory_bytes', 'Resident memory of the process.', [[{}, memory.rss]]),
      ...gauge('nodejs_heap_used_bytes', 'The JavaScript heap in use.', [[{}, memory.heapUsed]]),
      // Since the previous scrape: the delay is measured again from each scrape on.
      ...gauge('nodejs_eventloop_delay_seconds', 'How late the event loop ran its timers since the previous scrape (p50, p99, max).', [
        [{ quantile: '0.5' }, late(delay.percentile(50))],
        [{ quantile: '0.99' }, late(delay.percentile(99))],
        [{ quantile: '1' }, late(delay.max)],
      ]),
      ...gauge('ido_database_up', `1 when the database answered a query within ${DATABASE_CHECK_MS / 1000} s at this scrape, else 0.`, [[{}, database.up ? 1 : 0]]),
      ...(database.pending
        ? gauge('ido_rollup_pending_rows', 'Batches\' rollup deltas not yet folded into the report rollups (a number that only grows means folds fail).',
          PENDING_TABLES.map((table) => [{ table }, database.pending![table]]))
        : []),
      ...this.foldFailures.lines(),
      ...this.batches.lines(),
      ...this.records.lines(),
      ...this.recordRefusals.lines(),
      ...this.requests.lines(),
      ...this.durations.lines(),
    ];
    delay.reset();
    return `${lines.join('\n')}\n`;
  }

  private async databaseGauges(): Promise<{ up: boolean; pending?: Record<(typeof PENDING_TABLES)[number], number> }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('late')), DATABASE_CHECK_MS);
    });
    const read = this.db.query<{ rollup: number; hours: number }>(
      'SELECT (SELECT count(*) FROM report_rollup_pending)::int AS rollup, (SELECT count(*) FROM report_hour_rollup_pending)::int AS hours',
    );
    read.catch(() => {});
    try {
      const [row] = await Promise.race([read, late]);
      return { up: true, pending: { report_rollup_pending: row.rollup, report_hour_rollup_pending: row.hours } };
    } catch {
      return { up: false };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Whether an `Authorization` header carries the metrics token (compared in constant time, as hashes of equal length). */
export function isMetricsToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  if (!match) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

/** The least length of METRICS_TOKEN: a random text no one guesses (`openssl rand -base64 32` gives 44). */
export const METRICS_TOKEN_MIN_LENGTH = 32;

/** Reads `METRICS_TOKEN`: unset or empty, no metrics route; else at least 32 characters of printable ASCII, no spaces. */
export function metricsTokenFromEnv(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < METRICS_TOKEN_MIN_LENGTH || !/^[\x21-\x7e]+$/.test(value)) {
    throw new Error(`METRICS_TOKEN moet minstens ${METRICS_TOKEN_MIN_LENGTH} tekens lang zijn, zonder spaties of andere tekens dan letters, cijfers en leestekens (maak er een met: openssl rand -base64 32). Zonder METRICS_TOKEN heeft de server geen /api/v1/metrics.`);
  }
  return value;
}
