import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { onCleanup } from './servers';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm',
};

/** A static file server for the build folder, plus the bench's own files under /__bench/. 127.0.0.1, port 0. */
export async function serveStatic(root: string, extra: Record<string, string | Buffer>): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      const type = CONTENT_TYPES[path.extname(pathname)] ?? 'application/octet-stream';
      if (pathname in extra) {
        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(extra[pathname]);
        return;
      }
      const file = path.resolve(root, `.${pathname}`);
      if (!file.startsWith(root + path.sep)) {
        response.writeHead(403).end();
        return;
      }
      const body = await readFile(file).catch(() => undefined);
      if (body) response.writeHead(200, { 'content-type': type }).end(body);
      else response.writeHead(404).end();
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const stop = onCleanup('kaart static server', () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${port}`, stop };
}
