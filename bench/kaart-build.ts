// The kaart bench, 1: the production build, and what its initial JS holds (MiniSearch must stay in the worker).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import type { KaartInitialCheck } from './kaart-figures';
import { onCleanup } from './servers';
import { listFiles, tagAttributes } from './stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Built {
  outDir: string;
  workerFile: string;
  initial: KaartInitialCheck;
}

/** A production `vite build` (the real vite.config.ts) into a temp folder, removed at cleanup. */
export async function buildApp(log: (line: string) => void): Promise<Built> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'ido-bench-kaart-'));
  onCleanup('kaart build folder', () => rm(outDir, { recursive: true, force: true }));
  const modulesByChunk = new Map<string, string[]>();
  const recorder: Plugin = {
    name: 'ido-bench-kaart-chunks',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) if (output.type === 'chunk') modulesByChunk.set(output.fileName, output.moduleIds);
    },
  };
  const previousEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const started = performance.now();
  try {
    const { build } = await import('vite');
    await build({
      root: ROOT, mode: 'production', logLevel: 'warn',
      plugins: [recorder], worker: { plugins: () => [recorder] },
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (previousEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previousEnv;
  }
  const buildSeconds = (performance.now() - started) / 1000;

  const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
  const local = (url: string) => url.replace(/^\.?\//, '').split(/[?#]/)[0];
  const entry = tagAttributes(html, 'script').filter((t) => t.type === 'module' && t.src).map((t) => local(t.src));
  const preload = tagAttributes(html, 'link').filter((t) => (t.rel ?? '').split(/\s+/).includes('modulepreload') && t.href).map((t) => local(t.href));
  const initialFiles = [...new Set([...entry, ...preload])];
  if (initialFiles.length === 0) throw new Error('the built index.html names no module script');

  const files = await listFiles(outDir);
  const workerFile = files.find((f) => /^assets\/kaart-search\.worker-[\w-]+\.js$/.test(f));
  if (!workerFile) throw new Error(`no assets/kaart-search.worker-*.js in the build (JS files: ${files.filter((f) => f.endsWith('.js')).join(', ')})`);

  const isMiniSearch = (id: string) => /node_modules\/minisearch\//.test(id);
  // MiniSearch's own error messages start with "MiniSearch:"; minifying keeps string literals.
  const marker = 'MiniSearch:';
  const textOf = (file: string) => readFile(path.join(outDir, file), 'utf8');
  const initial: KaartInitialCheck = {
    initialFiles,
    miniSearchModuleInInitial: initialFiles.some((f) => (modulesByChunk.get(f) ?? []).some(isMiniSearch)),
    miniSearchTextInInitial: (await Promise.all(initialFiles.map(textOf))).some((text) => text.includes(marker)),
    miniSearchInWorker: (modulesByChunk.get(workerFile) ?? []).some(isMiniSearch) || (await textOf(workerFile)).includes(marker),
    buildSeconds,
  };
  log(`kaart: vite build ${buildSeconds.toFixed(1)} s; initial JS ${initialFiles.join(', ')}; worker ${workerFile}`);
  return { outDir, workerFile, initial };
}
