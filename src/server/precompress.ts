import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What is worth compressing: text. Icons (PNG) are compressed already. */
const TEXT = /\.(?:js|mjs|css|html|svg|json|webmanifest)$/;
/** Below this a compressed copy saves less than its own headers. */
const MIN_BYTES = 1_024;

/** The brotli (quality 11) and gzip (level 9) copies of a text: what the build writes and the server sends. */
export function compressedCopies(bytes: Buffer): { br: Buffer; gzip: Buffer } {
  return {
    br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
    gzip: gzipSync(bytes, { level: 9 }),
  };
}

/**
 * Writes `.br` and `.gz` beside every text file under `assets/` (order post, sequential: after the
 * service worker's build): the server sends those (@fastify/static `preCompressed`) to a browser that
 * accepts them. On a slow line the first load is then about a third of the bytes. Only the hashed,
 * immutable assets: index.html and sw.js (revalidated on every load) stay as they are, so a copy
 * of either can never be older than the file itself.
 */
export function precompressPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'ido-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const assets = path.join(outDir, 'assets');
        for (const entry of await readdir(assets, { recursive: true, withFileTypes: true })) {
          if (!entry.isFile() || !TEXT.test(entry.name)) continue;
          const file = path.join(entry.parentPath, entry.name);
          const bytes = await readFile(file);
          if (bytes.length < MIN_BYTES) continue;
          const { br, gzip } = compressedCopies(bytes);
          await writeFile(`${file}.br`, br);
          await writeFile(`${file}.gz`, gzip);
        }
      },
    },
  };
}
