import { isUnavailable } from './database';

/*
 * postgres.js 3.4 leaves some of a connection's promises without a handler (the type fetch of a new connection), and
 * can write to a socket it has already closed (upstream issues porsager/postgres#1154 and #1208). When PostgreSQL ends
 * a connection at such a moment (a restart, a failover, a terminated backend), Node ends the whole server. The pool
 * makes a new connection for the next query, so the server notes such a loss and goes on; anything else still ends
 * the process (the server's through its fast stop, which stops the embedded PostgreSQL first).
 */

const DRIVER_FRAME = /[\\/]node_modules[\\/]postgres[\\/]src[\\/]/;

/** Whether an error no code handled is postgres.js losing a connection (and nothing else). */
export function isLostDatabaseConnection(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const stack = error.stack ?? '';
  // postgres.js marks an error it rejected a query with (`query`), or threw it itself.
  if (!DRIVER_FRAME.test(stack) && !('query' in error)) return false;
  if (isUnavailable(error)) return true;
  // the write to a socket postgres.js already closed (nextWrite, from a timer)
  return error instanceof TypeError && /\bnextWrite\b/.test(stack) && error.message.includes("reading 'write'");
}

/** Without a `fatal` of the caller's: the error as Node prints it, and exit 1. */
function exitAtOnce(error: unknown): void {
  console.error(error);
  process.exit(1);
}

/**
 * From now on, a lost database connection that nothing handled is noted with `note`; any other such error goes to
 * `fatal`, which must end the process (the server's closes its database fast first: serve.ts).
 */
export function surviveLostDatabaseConnections(note: (message: string) => void, fatal: (error: unknown) => void = exitAtOnce): void {
  const handle = (error: unknown) => {
    if (isLostDatabaseConnection(error)) {
      const code = (error as { code?: unknown }).code;
      note(`Een verbinding met de database viel weg (${typeof code === 'string' ? code : (error as Error).name}); de volgende vraag maakt een nieuwe.`);
      return;
    }
    fatal(error);
  };
  process.on('unhandledRejection', handle);
  process.on('uncaughtException', handle);
}
