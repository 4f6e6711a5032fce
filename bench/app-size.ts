import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { listFiles, tagAttributes as tags } from './stats';
import { firstVisitPreloads } from '../src/server/first-visit';
import { inlineScriptTexts, inlineStyleTexts } from '../src/server/security-headers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One built file: path relative to the build folder, raw and gzip (level 9) bytes. */
export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

/** A JS chunk with the sources it holds, grouped (`src/features/registration`, `minisearch`, …), largest first. */
export interface ChunkSize extends FileSize {
  /** group → bytes of its code in the chunk before minification (tree-shaken), for proportions only */
  groups: { group: string; rendered: number }[];
}

/** What the app shell costs: the JS the page loads at start, and everything else that was built beside it. */
export interface AppSize {
  /** the entry script of index.html plus its modulepreload chunks, and index.html's inline scripts (the first screen's IndexedDB open) */
  initialJs: ChunkSize[];
  /** what a first visit (no service worker yet) fetches beside them: the koppelen screen, named by the server's Link header (src/server/first-visit.ts) */
  firstVisitJs: ChunkSize[];
  initialRaw: number;
  initialGzip: number;
  /** the style sheets index.html links (at the end of its body: they hold the page's script, not its first paint) */
  css: FileSize[];
  cssGzip: number;
  /** the shell's critical CSS, inline in index.html (vite.config.ts, criticalCssPlugin) */
  inlineCss: FileSize[];
  /** index.html itself (the shell's markup and the inline CSS) */
  page: FileSize;
  sw: FileSize | undefined;
  /** JS chunks that are not loaded at start (dynamic imports and what only they import) */
  lazyJs: ChunkSize[];
  /** web worker scripts (loaded when the worker starts) */
  workerJs: FileSize[];
  buildSeconds: number;
}

function sizeOf(file: string, bytes: Buffer): FileSize {
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** A module id → a readable group: the npm package, or the first two folders under the repository. */
function groupOf(moduleId: string): string {
  const id = moduleId.replace(/^\0/, '').split('?')[0];
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
  if (packageMatch) return packageMatch[1];
  const relative = path.relative(ROOT, id).split(path.sep).join('/');
  if (relative.startsWith('..') || path.isAbsolute(relative)) return id.startsWith('vite/') || id.includes(':') ? 'vite runtime' : relative;
  // src/features/registration/Form.tsx → src/features/registration; src/app/App.tsx → src/app
  const parts = relative.split('/');
  return parts.length > 3 ? parts.slice(0, 3).join('/') : parts.length > 2 ? parts.slice(0, 2).join('/') : relative;
}

/** Records which modules went into each chunk of the app build, with their rendered length. */
function chunkRecorder(into: Map<string, Map<string, number>>): Plugin {
  return {
    name: 'ido-bench-chunk-recorder',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        into.set(output.fileName, new Map(output.moduleIds.map((id) => [id, output.modules[id]?.renderedLength ?? 0])));
      }
    },
  };
}

/**
 * Runs a production `vite build` of the app (vite.config.ts, PWA plugin included) into a temp
 * folder and measures what the shell loads at start. `keep` leaves the folder (its path is printed).
 */
export async function benchAppSize(options: { keep?: boolean } = {}): Promise<AppSize> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'ido-bench-build-'));
  const previousEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const modulesByChunk = new Map<string, Map<string, number>>();
  const started = performance.now();
  try {
    const { build } = await import('vite');
    await build({
      root: ROOT,
      mode: 'production',
      logLevel: 'warn',
      plugins: [chunkRecorder(modulesByChunk)],
      worker: { plugins: () => [chunkRecorder(modulesByChunk)] },
      build: { outDir, emptyOutDir: true },
    });
    const buildSeconds = (performance.now() - started) / 1000;
    const read = (file: string) => readFile(path.join(outDir, file));
    const html = (await read('index.html')).toString('utf8');
    const local = (url: string) => url.replace(/^\.?\//, '').split(/[?#]/)[0];
    const rels = (t: Record<string, string>) => (t.rel ?? '').toLowerCase().split(/\s+/);

    const entry = tags(html, 'script').filter((t) => t.type === 'module' && t.src).map((t) => local(t.src));
    const preload = tags(html, 'link').filter((t) => rels(t).includes('modulepreload') && t.href).map((t) => local(t.href));
    const cssFiles = tags(html, 'link').filter((t) => rels(t).includes('stylesheet') && t.href).map((t) => local(t.href));
    const initialFiles = [...new Set([...entry, ...preload])];

    const groupsOf = (file: string) => {
      const bytes = new Map<string, number>();
      for (const [id, rendered] of modulesByChunk.get(file) ?? []) {
        // Stylesheets imported from JS end up in the .css file, not in the chunk's bytes.
        if (/\.css($|\?)/.test(id) || rendered === 0) continue;
        bytes.set(groupOf(id), (bytes.get(groupOf(id)) ?? 0) + rendered);
      }
      return [...bytes].map(([group, rendered]) => ({ group, rendered })).sort((a, b) => b.rendered - a.rendered);
    };
    const chunk = async (file: string): Promise<ChunkSize> => ({ ...sizeOf(file, await read(file)), groups: groupsOf(file) });

    const initialJs = [
      ...await Promise.all(initialFiles.map(chunk)),
      ...inlineScriptTexts(html).map((text, i) => ({ ...sizeOf(`index.html <script> ${i + 1}`, Buffer.from(text)), groups: [] })),
    ];
    const firstVisitJs = await Promise.all(firstVisitPreloads(html).map(local).filter((file) => !initialFiles.includes(file)).map(chunk));
    const inlineCss = inlineStyleTexts(html).map((text, i) => sizeOf(`index.html <style> ${i + 1}`, Buffer.from(text)));
    const css = await Promise.all(cssFiles.map(async (file) => sizeOf(file, await read(file))));
    const all = (await listFiles(outDir)).filter((f) => /\.m?js$/.test(f));
    const sw = all.includes('sw.js') ? sizeOf('sw.js', await read('sw.js')) : undefined;

    const lazyJs: ChunkSize[] = [];
    const workerJs: FileSize[] = [];
    for (const file of all) {
      if (file === 'sw.js' || /^workbox-[\w-]+\.js$/.test(file) || initialFiles.includes(file) || firstVisitJs.some((f) => f.file === file)) continue;
      // Vite names worker scripts after their source (`kaart-search.worker-<hash>.js`).
      if (/worker/i.test(path.basename(file))) workerJs.push(await chunk(file));
      else lazyJs.push(await chunk(file));
    }
    const sum = (list: FileSize[], key: 'raw' | 'gzip') => list.reduce((n, f) => n + f[key], 0);
    return {
      initialJs, initialRaw: sum(initialJs, 'raw'), initialGzip: sum(initialJs, 'gzip'), firstVisitJs,
      css, cssGzip: sum(css, 'gzip'), inlineCss, page: sizeOf('index.html', Buffer.from(html)), sw,
      lazyJs: lazyJs.sort((a, b) => b.gzip - a.gzip), workerJs, buildSeconds,
    };
  } finally {
    if (previousEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previousEnv;
    if (options.keep) console.log(`build kept in ${outDir}`);
    else await rm(outDir, { recursive: true, force: true });
  }
}

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The size report as lines of text: every initial, lazy and worker chunk, with what it holds. */
export function describeAppSize(size: AppSize): string[] {
  const line = (label: string, f: FileSize) => `  ${label.padEnd(7)} ${f.file.padEnd(46)} ${kib(f.raw).padStart(10)} raw ${kib(f.gzip).padStart(10)} gzip`;
  const holds = (f: FileSize) => {
    const groups = (f as Partial<ChunkSize>).groups ?? [];
    if (groups.length === 0) return [];
    const text = groups.map((g) => `${g.group} ${(g.rendered / 1024).toFixed(g.rendered < 10_240 ? 1 : 0)}`).join(', ');
    return [`          holds (KiB before minify): ${text}`];
  };
  return [
    `app shell build (vite build, production, ${size.buildSeconds.toFixed(1)} s):`,
    ...size.initialJs.flatMap((f) => [line('initial', f), ...holds(f)]),
    ...size.firstVisitJs.flatMap((f) => [line('first', f), ...holds(f)]),
    ...(size.firstVisitJs.length ? ['          (beside the entry on a first visit: the server\'s Link header, src/server/first-visit.ts; a started tablet fetches the database\'s chunks once its form stands)'] : []),
    line('page', size.page),
    ...size.inlineCss.map((f) => line('inline', f)),
    ...size.css.map((f) => line('css', f)),
    ...(size.sw ? [line('sw', size.sw)] : []),
    ...(size.lazyJs.length ? size.lazyJs.flatMap((f) => [line('lazy', f), ...holds(f)]) : ['  lazy    (none: every JS module is in the initial load)']),
    ...size.workerJs.flatMap((f) => [line('worker', f), ...holds(f)]),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const size = await benchAppSize({ keep: process.argv.includes('--keep') });
  console.log(describeAppSize(size).join('\n'));
}
