import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

// The service worker and the page must be revalidated on every load, or an update never arrives.
const NO_CACHE = new Set(['index.html', 'sw.js']);

/** Serves the built PWA from `directory` (dist/): hashed assets cached for a year, index.html and sw.js no-cache. */
export async function appFileRoutes(app: FastifyInstance, directory: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.resolve(directory),
    wildcard: true,
    // The build writes .br/.gz beside each text file (src/server/precompress.ts): sent when the browser accepts them.
    preCompressed: true,
    setHeaders(reply, filePath) {
      const name = path.basename(filePath);
      if (NO_CACHE.has(name)) reply.header('cache-control', 'no-cache');
      else if (filePath.includes(`${path.sep}assets${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      else reply.header('cache-control', 'no-cache');
    },
  });
}

/** Whether a GET path is a page of the app (no file extension), answered with index.html. */
export function isAppPage(url: string): boolean {
  const pathname = url.split('?')[0];
  return !path.posix.basename(pathname).includes('.');
}
