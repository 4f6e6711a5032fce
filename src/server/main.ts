/**
 * The entry of the server process (`node build/server/main.js`, `npm start`). It takes SIGTERM, SIGINT and SIGHUP first,
 * before the server's modules and packages load (Fastify, the database drivers: about a second on a busy machine),
 * and only then loads the rest (`serve.ts`, a chunk of its own in the build). A signal in that first second used to
 * find no handler: Node died of it, or, as PID 1 in a container, ignored it and the server started anyway.
 * Nothing is opened while the modules load, so a signal then ends the process at once, with exit code 0.
 * (Node's own start, before this file runs, stays out of reach: a signal there ends Node, with nothing started.)
 * Keep this file free of imports: every static import loads before the handlers are set.
 */
let handler: ((signal: NodeJS.Signals) => void) | undefined;

function onSignal(signal: NodeJS.Signals): void {
  if (handler) return handler(signal);
  console.error(`${signal} tijdens het starten: de server stopt.`);
  process.exit(0);
}

process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
// A closed terminal (or `kill -HUP`) sends SIGHUP, which Node's default ends at once, with no shutdown: the embedded
// PostgreSQL was left running or cut off and server.lock stayed. The server has no configuration to reload: a stop.
process.on('SIGHUP', onSignal);

import('./serve').then(
  ({ runServer }) => runServer((next) => (handler = next)),
  (error: Error) => {
    console.error(`De server kon niet starten: ${error.message}`);
    process.exit(1);
  },
);
