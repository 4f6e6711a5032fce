import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { DEFAULT_LIMITS, type LimitsResponse } from '../shared/api';
import { installContentEncoding, installJsonParser } from './content-encoding';
import type { Database } from './db/database';
import { handleClientError, installErrorHandlers, isApiPath, sendApiNotFound, sendError } from './errors';
import { DEFAULT_RATE_LIMITS, installRateLimits, type RateLimits } from './rate-limits/request-limits';
import { adminRoutes } from './routes/admin';
import { kaartInboxRoutes } from './routes/kaart-inbox';
import { snelwijzerRoutes } from './routes/snelwijzer';
import { kaartTransferRoutes } from './routes/kaart-transfer';
import { AppPageFile, appFileRoutes, isAppPage } from './routes/app-files';
import { batchRoutes } from './routes/batches';
import { enrollRoutes } from './routes/enroll';
import { exportRoutes } from './routes/export';
import { groupSessionRoutes } from './routes/group-sessions';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { ServerMetrics } from './metrics';
import { kaartRoutes } from './routes/kaart';
import { locationRoutes } from './routes/locations';
import { annualReportRoutes } from './routes/annual-report';
import { municipalityTokenRoutes } from './routes/municipality-tokens';
import { registrationCheckRoutes } from './routes/registration-check';
import { statsRoutes } from './routes/stats';
import { risingRoutes } from './routes/rising';
import { hoursInsightRoutes } from './routes/hours-insight';
import { installSecurityHeaders, securityHeaders } from './security-headers';
import { settleFolds } from './reports/pending-rollups';
import { DEFAULT_REPORT_TIMEOUT_MS, timeLimited } from './reports/time-limit';

export interface ServerOptions {
  db: Database;
  /** reported by /health */
  version?: string;
  /** Fastify's pino options; false (the default) for tests */
  logger?: FastifyServerOptions['logger'];
  /** the built app (dist/) to serve beside the API; none when absent */
  appDirectory?: string;
  /** behind a load balancer: whose X-Forwarded-For to trust (rate limit per client address) */
  trustProxy?: FastifyServerOptions['trustProxy'];
  limits?: LimitsResponse;
  /** requests per window per token and per address (rate-limits/request-limits.ts); tests pass low ones */
  rateLimits?: RateLimits;
  /** users reach the service over HTTPS (at the load balancer): send Strict-Transport-Security */
  https?: boolean;
  /** the CSP's report-uri, where browsers report violations (CSP_REPORT_URI) */
  cspReportUri?: string;
  /** how long the background fold of the report rollups waits after an answer (FOLD_DELAY_MS); tests pass others */
  foldDelayMs?: number;
  /** how long one statement of a report may run before PostgreSQL stops it (REPORT_TIMEOUT_MS; reports/time-limit.ts) */
  reportTimeoutMs?: number;
  /** how many report statements run at once (reports/time-limit.ts REPORT_CONCURRENCY); the bench compares no cap */
  reportConcurrency?: number;
  /** METRICS_TOKEN: with it, GET /api/v1/metrics answers a monitoring system that sends it (metrics.ts); without, no such route */
  metricsToken?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads `LOG_LEVEL` (default info) before anything starts: pino's own refusal came after the database, in English. */
export function logLevelFromEnv(value: string | undefined): string {
  if (value === undefined || value === '') return 'info';
  if (LOG_LEVELS.includes(value)) return value;
  throw new Error(`LOG_LEVEL moet een van ${LOG_LEVELS.join(', ')} zijn, niet "${value}".`);
}

/** Logs say what happened, never who: no tokens, Authorization headers or record contents. */
export function loggerOptions(level = 'info'): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'body', 'token'], censor: '[redacted]' },
    serializers: {
      req: (request) => ({ method: request.method, url: request.url.split('?')[0], remoteAddress: request.ip }),
      res: (response) => ({ statusCode: response.statusCode }),
    },
  };
}

/** Builds the ingest server (docs/ingest-api.md) without listening, so tests can inject or listen on port 0. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  // The shell's CSS and the first screen's IndexedDB open are inline in index.html: the CSP allows those texts by their hashes.
  const appPage = options.appDirectory ? new AppPageFile(options.appDirectory) : undefined;
  await appPage?.current();
  const headerOptions = { ...options, inlineHashes: appPage ? () => appPage.inlineHashes() : undefined };
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: limits.maxBatchBytes,
    // During shutdown, requests on open connections are still served: the database closes after them.
    return503OnClosing: false,
    clientErrorHandler: (error, socket) => handleClientError(error, socket, securityHeaders(options)),
    // A path the router cannot decode (`/%zz`) is refused before any route or hook: same shape and headers.
    frameworkErrors: (error, _request, reply) => {
      reply.headers(securityHeaders(options));
      return sendError(reply, error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'invalid_request' : 'internal_error');
    },
    // A slow tablet connection may take a while for 1 MiB, but not forever (slow-request attacks).
    requestTimeout: 120_000,
  });
  // Only JSON bodies: text/plain would otherwise reach the routes as a string.
  app.removeContentTypeParser('text/plain');
  // JSON bodies are UTF-8: other bytes are refused, not replaced (content-encoding.ts).
  installJsonParser(app);
  installErrorHandlers(app);
  installSecurityHeaders(app, headerOptions);
  // Bodies packed with gzip are unpacked before they are read; the body limit counts the unpacked bytes.
  installContentEncoding(app);
  // Once shutdown began, answers in flight close their connection, so close() need not wait for idle keep-alives.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // After the last answer: the background fold of the report rollups ends before the database may close.
  app.addHook('onClose', () => settleFolds(options.db));
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  // Counted from here on: every answer, also the rate limit's and an unknown path's (metrics.ts).
  const metrics = options.metricsToken ? new ServerMetrics(options.db, options.version ?? '0.0.0') : undefined;
  if (metrics) {
    app.addHook('onResponse', async (request, reply) => {
      metrics.answered(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    });
    app.addHook('onClose', async () => metrics.stop());
  }
  installRateLimits(app, { db: options.db, limits: options.rateLimits ?? DEFAULT_RATE_LIMITS });
  healthRoutes(app, { db: options.db, version: options.version ?? '0.0.0', limits });
  if (metrics && options.metricsToken) metricsRoutes(app, { metrics, token: options.metricsToken });
  enrollRoutes(app, { db: options.db });
  batchRoutes(app, { db: options.db, limits, foldDelayMs: options.foldDelayMs, metrics });
  registrationCheckRoutes(app, { db: options.db });
  // The reads of every report, each statement with a time limit; auth, the fold of the rollups and writes use db.
  const reads = timeLimited(options.db, options.reportTimeoutMs ?? DEFAULT_REPORT_TIMEOUT_MS, options.reportConcurrency);
  statsRoutes(app, { db: options.db, reads });
  risingRoutes(app, { db: options.db, reads });
  hoursInsightRoutes(app, { db: options.db, reads });
  exportRoutes(app, { db: options.db });
  groupSessionRoutes(app, { db: options.db, reads });
  kaartRoutes(app, { db: options.db });
  adminRoutes(app, { db: options.db });
  kaartInboxRoutes(app, { db: options.db });
  snelwijzerRoutes(app, { db: options.db });
  kaartTransferRoutes(app, { db: options.db });
  locationRoutes(app, { db: options.db });
  annualReportRoutes(app, { db: options.db, reads });
  municipalityTokenRoutes(app, { db: options.db });

  const appDirectory = options.appDirectory;
  if (appDirectory && appPage) await appFileRoutes(app, appDirectory, appPage);
  app.setNotFoundHandler((request, reply) => {
    const isRead = request.method === 'GET' || request.method === 'HEAD';
    if (appPage && isRead && !isApiPath(request.url) && isAppPage(request.url)) return appPage.send(request, reply);
    return sendApiNotFound(reply);
  });
  return app;
}
