import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildServer, loggerOptions, logLevelFromEnv } from './app';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { surviveLostDatabaseConnections } from './db/lost-connection';
import { databaseSettingsFromEnv, openDatabase } from './db/open';
import { prepareDemo, showDemoCodes } from './organisations/demo-start';
import { loadServerSecret } from './secrets';
import { cspReportUriFromEnv, httpsFromEnv } from './security-headers';
import { fastifyTrustProxy, parseTrustProxy } from './trust-proxy';
import { listenError, portFromEnv } from './listen';
import { reportTimeoutFromEnv } from './reports/time-limit';
import { terminalLogStream } from './terminal-log';
import { metricsTokenFromEnv } from './metrics';

/** The longest a shutdown takes before the process ends: the graceful part, then the fast stop's bounded wait. */
const SHUTDOWN_TIMEOUT_MS = 20_000;
/**
 * How long a fast stop (a second signal, an uncaught error, a shutdown past its time) waits for the database's close
 * before the process ends all the same, so a close that hangs (a postmaster that does not answer) cannot keep the
 * process alive. Usually the embedded PostgreSQL has had its stop signal (pg_ctl stop) by then, and stops by itself.
 */
const FAST_STOP_TIMEOUT_MS = 5_000;
/** How long a shutdown waits for the requests in flight before it closes their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

async function packageVersion(): Promise<string> {
  try {
    return JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Migrates the database; on the first start of an empty one (unless IDO_DEMO=off) adds the demo (its codes: `showDemoCodes`). */
async function prepareDatabase(db: Database, env: NodeJS.ProcessEnv): Promise<void> {
  await migrate(db);
  await prepareDemo(db, env);
}

/** Where `main.ts` hands on SIGTERM, SIGINT and SIGHUP: it took them before this module and its packages loaded. */
export type TakeSignals = (handler: (signal: NodeJS.Signals) => void) => void;

/**
 * The server process after its entry (`main.ts`): env, database, migrations, demo, listen, shutdown. Failures end
 * the process with exit code 1 and one Dutch line.
 */
export function runServer(takeSignals: TakeSignals): void {
  serve(takeSignals).catch((error: Error) => {
    console.error(`De server kon niet starten: ${error.message}`);
    process.exit(1);
  });
}

async function serve(takeSignals: TakeSignals): Promise<void> {
  // The signals are ours from the first moment (main.ts took them before anything loaded): a SIGTERM while the
  // database starts or migrates waits for that step and then closes what was opened. (Without a handler, Node as
  // PID 1 in a container ignored it and the server came up anyway; otherwise it died and left the embedded
  // PostgreSQL it had started running.)
  let closing = false;
  let forcing = false;
  let app: FastifyInstance | undefined;
  let db: Database | undefined;
  let opening: Promise<Database> | undefined;
  let starting: Promise<string | undefined> = Promise.resolve(undefined);
  /** the server listens (the start is done) */
  let listening = false;
  let fastStop: Promise<void> | undefined;
  /**
   * Stops now (exit 1): the requests in flight are cut (their batches roll back; the tablets send them again), and the
   * database is still closed fast: the embedded PostgreSQL gets its fast stop, so no cluster is left running. Waits at
   * most FAST_STOP_TIMEOUT_MS for that close. `last` is said once the close is done. Once only; a later call waits for it.
   */
  const stopFast = (last?: () => void): Promise<void> => (fastStop ??= (async () => {
    forcing = true;
    setTimeout(() => {
      console.error('De database sloot niet op tijd; het proces stopt nu.');
      process.exit(1);
    }, FAST_STOP_TIMEOUT_MS);
    app?.server.closeAllConnections();
    try {
      // A database still being opened (the embedded PostgreSQL starting) is stopped once it is there.
      const opened = db ?? (await opening?.catch(() => undefined));
      await opened?.close({ fast: true });
    } catch (error) {
      console.error(`Afsluiten mislukt: ${(error as Error).message}`);
    }
    last?.();
    process.exit(1);
  })());
  // A second signal while the shutdown waits (an operator's second Ctrl+C, a process manager that insists): stop now,
  // fast. A third signal ends at once.
  const stopNow = async (signal: string) => {
    if (forcing) {
      console.error(`${signal} nog een keer: het proces stopt meteen.`);
      process.exit(1);
    }
    console.error(`${signal} opnieuw: de server stopt nu, zonder te wachten op verzoeken die nog lopen.`);
    // The start it cut short (its migration's connection ended) is no failure to start: the operator asked for this.
    await stopFast(() => {
      if (!listening) console.error('De server is op verzoek gestopt tijdens het starten.');
    });
  };
  // A database restart or failover must not end the server (db/lost-connection.ts); any other uncaught error ends it
  // through the fast stop, so the embedded PostgreSQL is stopped too (before, exit(1) left it running).
  surviveLostDatabaseConnections((message) => console.error(message), (error) => {
    console.error(error);
    if (fastStop) return; // a fast stop is under way; its bounded wait ends the process
    console.error('Onverwachte fout: de server stopt nu en sluit de database.');
    void stopFast();
  });
  const shutdown = async (signal: string) => {
    if (closing) return stopNow(signal);
    closing = true;
    if (app) app.log.info({ signal }, 'shutting down');
    else console.error(`${signal} tijdens het starten: de server stopt.`);
    // A shutdown that takes too long (a start held in its migrations by another instance's lock, a close that hangs)
    // ends in the fast stop, so the embedded PostgreSQL is still stopped; its bounded wait keeps the whole within
    // SHUTDOWN_TIMEOUT_MS. (Before, exit(1) left the cluster running.)
    setTimeout(() => {
      if (forcing) return;
      console.error('Afsluiten duurde te lang; de server stopt nu en sluit de database snel.');
      void stopFast();
    }, SHUTDOWN_TIMEOUT_MS - FAST_STOP_TIMEOUT_MS).unref();
    // A request still open after the grace (a tablet whose upload stalled on a poor line) is cut, so the database is
    // still closed in time (the embedded PostgreSQL stopped); its batch was not stored, and the tablet sends it again.
    setTimeout(() => {
      if (!app) return;
      app.log.warn('requests still open after the shutdown grace: their connections are closed');
      app.server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
    try {
      // A start under way finishes first; one that fails ends the process itself, with its message (runServer).
      if (!(await starting.then(() => true, () => false))) return;
      if (app) await app.close(); // stops accepting, waits for requests in flight
      if (db) await db.close();
      if (!forcing) process.exit(0); // else stopNow ends it, once its own close is done
    } catch (error) {
      if (forcing) return;
      console.error(`Afsluiten mislukt: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  takeSignals((signal) => void shutdown(signal));

  const env = process.env;
  const port = portFromEnv(env.PORT);
  const host = env.HOST || '127.0.0.1';
  const trustProxy = parseTrustProxy(env.TRUST_PROXY); // refused before anything starts
  const https = httpsFromEnv(env.HTTPS);
  const cspReportUri = cspReportUriFromEnv(env.CSP_REPORT_URI);
  const reportTimeoutMs = reportTimeoutFromEnv(env.REPORT_TIMEOUT_MS);
  const logLevel = logLevelFromEnv(env.LOG_LEVEL);
  const metricsToken = metricsTokenFromEnv(env.METRICS_TOKEN);
  const distDirectory = env.APP_DIR || fileURLToPath(new URL('../../dist', import.meta.url));

  const settings = databaseSettingsFromEnv(env);
  // before the database: without the secret no token or code can be checked
  const secret = loadServerSecret(settings.dataDir, env);
  if (secret.warning) console.error(secret.warning);
  const start = async () => {
    opening = openDatabase(settings, { role: 'server' });
    const opened = await opening;
    db = opened;
    if (closing) return;
    try {
      await prepareDatabase(opened, env);
      if (closing) return;
      app = await buildServer({
        db: opened,
        version: await packageVersion(),
        // On a terminal, a log that survives its closing (terminal-log.ts): the SIGHUP that comes with it is a graceful stop.
        logger: process.stdout.isTTY ? { ...(loggerOptions(logLevel) as object), stream: terminalLogStream() } : loggerOptions(logLevel),
        appDirectory: existsSync(`${distDirectory}/index.html`) ? distDirectory : undefined,
        trustProxy: fastifyTrustProxy(trustProxy),
        https,
        cspReportUri,
        reportTimeoutMs,
        metricsToken,
      });
      const address = await app.listen({ port, host }).catch((error: NodeJS.ErrnoException) => {
        throw listenError(error, port, host);
      });
      listening = true;
      if (closing) return address;
      // The demo's codes are made only now, and printed right after their commit, also when a signal came meanwhile:
      // a start stopped before this point leaves them to the next one (organisations/demo-start.ts).
      const codes = await showDemoCodes(opened);
      console.log(`IDO Onderweg draait op ${address}`);
      if (codes) {
        console.log(`enrollment code: ${codes.staff}`);
        console.log(`coordinator enrollment code: ${codes.coordinator}`);
      }
      return address;
    } catch (error) {
      // What was opened is closed again: the embedded PostgreSQL stopped, the data directory's lock released.
      // After a fast stop (whose close cut this start short) fast too: a graceful end of the pool would wait out its
      // timeout on the connections the stop ended, and the fast stop's own close waits for the same end.
      await app?.close().catch(() => {});
      await opened.close(forcing ? { fast: true } : undefined).catch(() => {});
      app = undefined;
      db = undefined;
      throw error;
    }
  };
  starting = start();
  // A shutdown that came meanwhile closes what was opened and ends the process.
  try {
    await starting;
  } catch (error) {
    // A second signal during the start (the migrations, say) closed the database under it: the start fails for that,
    // and stopNow ends the process (exit 1) once its close is done. Before, this printed "De server kon niet starten"
    // although the operator had asked it to stop.
    if (forcing) return;
    throw error;
  }
}
