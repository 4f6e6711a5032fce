import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptedEncodings } from '../content-encoding';
import { sendApiNotFound } from '../errors';
import { firstVisitLinkHeader, firstVisitPreloads } from '../first-visit';
import { compressedCopies } from '../precompress';
import { inlineHashes, NO_INLINE_HASHES, type InlineHashes } from '../security-headers';

// The service worker and the page must be revalidated on every load, or an update never arrives.
const NO_CACHE = new Set(['index.html', 'sw.js']);

/** index.html as it is on disk now, its brotli and gzip copies, its ETag, its inline style sheets' and scripts' CSP hashes and its first-visit Link header. */
interface AppPage {
  html: Buffer;
  br: Buffer;
  gzip: Buffer;
  etag: string;
  hashes: InlineHashes;
  /** the chunks a first visit fetches beside the entry (first-visit.ts), as a Link header; undefined when none */
  firstVisitLink: string | undefined;
}

/**
 * The app's page (index.html). It carries the shell's CSS inline (vite.config.ts; a 12.3 KiB page, 2.4 KiB as brotli),
 * so it goes out compressed, and the CSP allows that CSS and the head's one script by their hashes. Both come from the file as it
 * is on disk: a stat per answer of the page, and a new read and compression only when the file changed (a new
 * build copied over a running server's folder, or an edited copy, is what arrives, with its own hash).
 */
export class AppPageFile {
  private readonly file: string;
  private known: { stamp: string; page: AppPage } | undefined;

  constructor(directory: string) {
    this.file = path.join(path.resolve(directory), 'index.html');
  }

  /** The page now; undefined while the folder has no index.html. */
  async current(): Promise<AppPage | undefined> {
    const info = await stat(this.file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!info) {
      this.known = undefined;
      return undefined;
    }
    const stamp = `${info.mtimeMs}:${info.size}:${info.ino}`;
    if (this.known?.stamp !== stamp) {
      const html = await readFile(this.file);
      const text = html.toString('utf8');
      this.known = {
        stamp,
        page: {
          html,
          ...compressedCopies(html),
          // weak: the brotli, gzip and plain answers are the same page, not the same bytes
          etag: `W/"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`,
          hashes: inlineHashes(text),
          firstVisitLink: firstVisitLinkHeader(firstVisitPreloads(text)),
        },
      };
    }
    return this.known.page;
  }

  /**
   * The CSP hash sources of the inline style sheets and scripts of the page as last read (none before the first
   * read or without a page). No file access: every answer's CSP asks. The page's own answers read the file first (`send`).
   */
  inlineHashes(): InlineHashes {
    return this.known?.page.hashes ?? NO_INLINE_HASHES;
  }

  /** Answers a GET or HEAD with the page: brotli or gzip when the browser takes it, 304 when it has this one. */
  async send(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const page = await this.current();
    if (!page) return sendApiNotFound(reply);
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache')
      .header('vary', 'accept-encoding, sec-fetch-dest').header('etag', page.etag);
    // A navigation the server answers is a page no service worker controls: most likely a tablet's first visit.
    // The service worker's own fetch of the page (its precache) is no navigation, so its copy has no such header.
    if (page.firstVisitLink && request.headers['sec-fetch-dest'] === 'document') reply.header('link', page.firstVisitLink);
    const weak = (tag: string) => tag.trim().replace(/^W\//, '');
    if (String(request.headers['if-none-match'] ?? '').split(',').map(weak).includes(weak(page.etag))) return reply.code(304).send();
    const accepts = acceptedEncodings(String(request.headers['accept-encoding'] ?? ''));
    if (accepts.has('br')) return reply.header('content-encoding', 'br').send(page.br);
    if (accepts.has('gzip')) return reply.header('content-encoding', 'gzip').send(page.gzip);
    return reply.send(page.html);
  }
}

/**
 * Serves the built PWA from `directory` (dist/): hashed assets cached for a year, sw.js no-cache, and the page
 * (`/`, `/index.html`) through `page` (compressed, no-cache). The app's other pages (the SPA fallback) are
 * answered with the same page by the server's not-found handler.
 */
export async function appFileRoutes(app: FastifyInstance, directory: string, page: AppPageFile): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.resolve(directory),
    wildcard: true,
    index: false,
    // The build writes .br/.gz beside each text file (src/server/precompress.ts): sent when the browser accepts them.
    preCompressed: true,
    // @fastify/static serves dotfiles by default: a .env, .git or .npmrc an operator leaves in APP_DIR would go out.
    // The build writes none; ignored, such a path is answered as any path without a file.
    dotfiles: 'ignore',
    setHeaders(reply, filePath) {
      const name = path.basename(filePath);
      if (NO_CACHE.has(name)) reply.header('cache-control', 'no-cache');
      else if (filePath.includes(`${path.sep}assets${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      else reply.header('cache-control', 'no-cache');
    },
  });
  app.get('/', (request, reply) => page.send(request, reply));
  app.get('/index.html', (request, reply) => page.send(request, reply));
}

/** Whether a GET path is a page of the app (no file extension), answered with index.html. */
export function isAppPage(url: string): boolean {
  const pathname = url.split('?')[0];
  return !path.posix.basename(pathname).includes('.');
}
