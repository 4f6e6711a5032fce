import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildServer, loggerOptions } from './app';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { surviveLostDatabaseConnections } from './db/lost-connection';
import { databaseSettingsFromEnv, openDatabase } from './db/open';
import { type DemoCodes, prepareDemo } from './organisations/demo-start';
import { loadServerSecret } from './secrets';
import { cspReportUriFromEnv, httpsFromEnv } from './security-headers';
import { fastifyTrustProxy, parseTrustProxy } from './trust-proxy';
import { reportTimeoutFromEnv } from './reports/time-limit';

const SHUTDOWN_TIMEOUT_MS = 20_000;

function portFromEnv(value: string | undefined): number {
  const port = Number(value ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT moet een getal van 0 tot 65535 zijn, niet "${value}".`);
  return port;
}

async function packageVersion(): Promise<string> {
  try {
    return JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Migrates the database; on the first start of an empty one (unless IDO_DEMO=off) adds the demo and returns its codes, once. */
async function prepareDatabase(db: Database, env: NodeJS.ProcessEnv): Promise<DemoCodes | undefined> {
  await migrate(db);
  return prepareDemo(db, env);
}

async function main(): Promise<void> {
  // A database restart or failover must not end the server (db/lost-connection.ts).
  surviveLostDatabaseConnections((message) => console.error(message));
  const env = process.env;
  const port = portFromEnv(env.PORT);
  const host = env.HOST || '127.0.0.1';
  const trustProxy = parseTrustProxy(env.TRUST_PROXY); // refused before anything starts
  const https = httpsFromEnv(env.HTTPS);
  const cspReportUri = cspReportUriFromEnv(env.CSP_REPORT_URI);
  const reportTimeoutMs = reportTimeoutFromEnv(env.REPORT_TIMEOUT_MS);
  const distDirectory = env.APP_DIR || fileURLToPath(new URL('../../dist', import.meta.url));

  const settings = databaseSettingsFromEnv(env);
  // before the database: without the secret no token or code can be checked
  const secret = loadServerSecret(settings.dataDir, env);
  if (secret.warning) console.error(secret.warning);
  const db = await openDatabase(settings, { role: 'server' });
  let enrollmentCodes: DemoCodes | undefined;
  try {
    enrollmentCodes = await prepareDatabase(db, env);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }

  const app = await buildServer({
    db,
    version: await packageVersion(),
    logger: loggerOptions(env.LOG_LEVEL || 'info'),
    appDirectory: existsSync(`${distDirectory}/index.html`) ? distDirectory : undefined,
    trustProxy: fastifyTrustProxy(trustProxy),
    https,
    cspReportUri,
    reportTimeoutMs,
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      console.error('Afsluiten duurde te lang; het proces stopt nu.');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    try {
      await app.close(); // stops accepting, waits for requests in flight
      await db.close();
      process.exit(0);
    } catch (error) {
      console.error(`Afsluiten mislukt: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ port, host });
  console.log(`IDO Onderweg draait op ${address}`);
  if (enrollmentCodes) {
    console.log(`enrollment code: ${enrollmentCodes.staff}`);
    console.log(`coordinator enrollment code: ${enrollmentCodes.coordinator}`);
  }
}

main().catch((error: Error) => {
  console.error(`De server kon niet starten: ${error.message}`);
  process.exit(1);
});
