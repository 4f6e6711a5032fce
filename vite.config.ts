import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { transformSync } from 'esbuild';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { REPORTS_ONLY_CLASS, SHELL_CLASSES, SHELL_KEY, SHELL_PENDING_CLASS, shellClasses, shellFromDatabase, shellHtml } from './src/app/shell';
import { DB_NAME } from './src/db/name';
import { openFirstScreen } from './src/db/open-first-screen';
import { DEVICE_KEY, ENROLLMENT_SKIPPED_KEY } from './src/sync/device';
import { KIND_KEY } from './src/ui/token-sign-in';
import { firstVisitMeta } from './src/server/first-visit';
import { precompressPlugin } from './src/server/precompress';

/**
 * V8's explicit compile hint (`//# allFunctionsCalledOnLoad`, Chrome 136+) at the top of the initial JS (the entry
 * and the chunks it imports statically): V8 compiles all their functions on the streaming thread while the file
 * loads, instead of each one on the page's thread when it is first called. The first screen calls most of them,
 * and Chromium keeps no code cache for module scripts (bench/README.md, cold start): at 4× CPU about 35 ms less
 * compiling on the page's thread before the form. Lazy chunks do not get it (most of their code may never run).
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/** The chunks `roots` import statically, directly or through others, with the roots themselves (file names). */
function staticGraph(bundle: Rolldown.OutputBundle, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const chunk = bundle[name];
    if (seen.has(name) || chunk?.type !== 'chunk') return;
    seen.add(name);
    chunk.imports.forEach(visit);
  };
  for (const root of roots) visit(root);
  return seen;
}

/** The initial JS: the entry chunks and what they import statically. */
const initialChunks = (bundle: Rolldown.OutputBundle) => staticGraph(bundle, Object.keys(bundle).filter((name) => {
  const output = bundle[name];
  return output.type === 'chunk' && output.isEntry;
}));

function compileHintPlugin(): Plugin {
  return {
    name: 'ido-compile-hint',
    apply: 'build',
    enforce: 'post',
    // After Vite's own rewriting of the chunks (it puts __vite__mapDeps first): the hint must be the file's first line.
    generateBundle: { order: 'post', handler(_options, bundle) {
      for (const name of initialChunks(bundle)) {
        const chunk = bundle[name];
        if (chunk.type === 'chunk' && !chunk.code.startsWith(COMPILE_HINT)) chunk.code = COMPILE_HINT + chunk.code;
      }
    } },
  };
}

/**
 * The first paint waits for no style sheet (issue 15: "critical CSS in index.html, the rest not render-blocking").
 * Beasties keeps the rules of the entry's CSS that match the prerendered shell (header, menu, the status bar's
 * box, the root's design tokens) and puts them into index.html as a `<style>`; the style sheet's link moves to
 * the end of the body. The shell paints as soon as the HTML is in; the link still holds the page's script
 * (a style sheet the parser met blocks scripts after it), so the form and the koppelen screen, which the
 * script draws, appear with all their CSS and nothing shifts. The file itself stays whole: lazy chunks that
 * share its modules name it in their preloads. The server's CSP allows exactly the inline text by its hash
 * (src/server/security-headers.ts).
 */
export function criticalCssPlugin(): Plugin {
  return {
    name: 'ido-critical-css',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: { order: 'post', async handler(html, { bundle }) {
      if (!bundle) return html;
      const { default: Beasties } = await import('beasties');
      // The shell's rules for the classes the head script puts on <html> (earlyShellScript): not in the built page, needed at its first paint.
      const shellClassRules = new RegExp(`\\.(${[...SHELL_CLASSES, SHELL_PENDING_CLASS, REPORTS_ONLY_CLASS].join('|')})\\b`);
      const beasties = new Beasties({ allowRules: [shellClassRules], preload: 'body', pruneSource: false, inlineFonts: false, fonts: false, compress: true, reduceInlineStyles: false, keyframes: 'critical', logLevel: 'warn' });
      beasties.getCssAsset = (href: string) => {
        const asset = bundle[href.replace(/^\//, '')];
        if (asset?.type !== 'asset') throw new Error(`critical CSS: ${href} is not in the build`);
        return typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
      };
      const out = await beasties.process(html);
      if ((out.match(/<style>/g) ?? []).length !== 1) throw new Error('critical CSS: index.html should carry exactly one <style>');
      if (!/<link rel="stylesheet"[^>]*>\s*<\/body>/.test(out)) throw new Error('critical CSS: the style sheet link should end the body');
      return out;
    } },
  };
}

/**
 * A tablet's first visit draws the koppelen screen, a chunk of its own (src/app/App.tsx): the page names it in a
 * meta, and the server sends that as a Link header with its answer of a navigation (src/server/first-visit.ts),
 * so the browser fetches it beside the entry, and with it any chunk it imports that the entry does not. It draws
 * without the database (it loads Dexie only when a code is sent), so a slow line brings the screen without waiting
 * for Dexie's 28 KB. Not a modulepreload in the HTML: a linked tablet never needs the koppelen screen, and it
 * loads the database only after its form stands.
 */
const FIRST_VISIT_MODULE = fileURLToPath(new URL('./src/features/enrollment/EnrollmentPage.tsx', import.meta.url));
export function firstVisitPreloadPlugin(): Plugin {
  return {
    name: 'ido-first-visit-preload',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler(html, { bundle }) {
      if (!bundle) return html;
      const chunk = Object.values(bundle).find((output) => output.type === 'chunk' && output.facadeModuleId === FIRST_VISIT_MODULE);
      if (!chunk) throw new Error('first visit: the koppelen screen is not a chunk of its own');
      // With it whatever it imports that the entry does not (not the database: it loads Dexie when a code is sent).
      const initial = initialChunks(bundle);
      const first = [...staticGraph(bundle, [chunk.fileName])].filter((file) => !initial.has(file));
      return html.replace('</title>', `</title>\n    ${first.map((file) => firstVisitMeta(`/${file}`)).join('\n    ')}`);
    } },
  };
}

/**
 * The first screen's IndexedDB open (src/db/open-first-screen.ts, that very function, minified) as the first thing
 * in index.html's head, asked for while the HTML is parsed: on an offline restart the page's modules then find
 * the database open instead of waiting for it after they ran (~60 ms at 4× CPU; bench/README.md, cold start,
 * sessions 25 and 26). Its result is `self.idoFirstOpen`, which the first screen's reads take over
 * (src/db/first-screen.ts). The server allows the script by its hash in the CSP's script-src (security-headers.ts).
 */
export function earlyOpenScript(): string {
  return transformSync(`self.idoFirstOpen=(${openFirstScreen.toString()})(indexedDB,${JSON.stringify(DB_NAME)})`, { minify: true }).code.trim();
}
/**
 * The shell's classes on `<html>` (src/app/shell.ts, shellClasses, that very function, minified), from the hash and what
 * this browser was at its last start (localStorage), before the first paint: a laptop on Beheer or a report paints its
 * own menu and no status bar at once, and nothing moves when the app takes over. Storage that refuses leaves them off.
 */
export function earlyShellScript(): string {
  return transformSync(`try{document.documentElement.classList.add(...(${shellClasses.toString()})(location.hash,localStorage.getItem(${JSON.stringify(SHELL_KEY)})))}catch(e){}`, { minify: true }).code.trim();
}
/**
 * On a laptop page, the shell the database says (src/app/shell.ts, shellFromDatabase, that very function, minified), on
 * the database's open just asked for: the page stays unseen until then, so a stale flag in localStorage paints no wrong
 * shell. Any failure leaves the flag's classes. With it, no Beheer in the laptop's menu for a municipality's token.
 */
export function earlyShellCheckScript(): string {
  return transformSync(`try{(${shellFromDatabase.toString()})(self.idoFirstOpen,${shellClasses.toString()},${JSON.stringify(DEVICE_KEY)},${JSON.stringify(ENROLLMENT_SKIPPED_KEY)},${JSON.stringify(KIND_KEY)})}catch(e){}`, { minify: true }).code.trim();
}
/**
 * Index.html's one inline script: the shell's classes from the flag, the database's open, then on a laptop page the
 * shell from the database (the CSP allows it by its hash, src/server/security-headers.ts).
 */
export const headScript = () => earlyShellScript() + earlyOpenScript() + earlyShellCheckScript();
function earlyOpenPlugin(): Plugin {
  return {
    name: 'ido-early-open',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <script>${headScript()}</script>`),
  };
}

/** Dexie's ES2018 module build, which the app, its workers and the bench's drain page (bench/drain-chromium.ts) all use. */
export const DEXIE_MODULE = fileURLToPath(new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url));

/** Chunks that load after the first screen, in the background: `app/start-later.ts` and `app/sync-triggers.ts`. */
const BACKGROUND_CHUNK = /(^|\/)(start-later|sync-triggers)-[\w-]+\.js$/;

export default defineConfig({
  // Dexie's ES2018 module build instead of its ES5 one (the package's default import): the same API,
  // about 1.5 KiB less gzip in the first load. One copy for the page and the workers alike.
  resolve: { alias: [{ find: /^dexie$/, replacement: DEXIE_MODULE }] },
  plugins: [
    preact(),
    {
      // The first screen's shell (header, menu, the status bar's box) is in index.html: painted before any JS runs.
      name: 'ido-prerender-shell',
      transformIndexHtml: (html) => html.replace('<div id="app"></div>', `<div id="app">${shellHtml()}</div>`),
    },
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // The page registers the worker itself through workbox-window (src/app/update.ts).
      injectRegister: false,
      registerType: 'prompt',
      // A classic script: the sync handler's lazy import (sw/sync-run.ts) needs no module syntax in the output (sw/README.md).
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,json}'], rollupFormat: 'iife' },
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        name: 'IDO Onderweg',
        short_name: 'IDO Onderweg',
        description: 'Registreer IDO-contacten en vind hulp in de buurt, ook zonder internet.',
        lang: 'nl',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#154273',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
    compileHintPlugin(),
    firstVisitPreloadPlugin(),
    earlyOpenPlugin(),
    criticalCssPlugin(),
    precompressPlugin(),
  ],
  // No modulepreload polyfill: every browser the app targets (es2022) preloads modules itself, and one that does not still loads them.
  build: {
    target: 'es2022', sourcemap: false,
    // A dynamic import preloads its chunk's dependencies with a <link rel="modulepreload"> each, all in one task:
    // for the sync engine (19 files, fetched in the background after the first screen) that task held the page
    // ~190 ms on a slow tablet (4× CPU). What the background chunks import loads as the module graph asks for it
    // instead, spread over tasks; nobody waits on it. Pages staff open keep their preloads (bench/README.md, session 8).
    modulePreload: { polyfill: false, resolveDependencies: (_file, deps, { hostId }) => (BACKGROUND_CHUNK.test(hostId) ? [] : deps) },
    // Preact (the first screen's) and Dexie (loaded once the first screen stands, src/db/load-db.ts) each in one
    // chunk that every lazy chunk shares, instead of pieces split among them (bench/README.md, app-size). Vite's
    // preload helper goes with Preact: a chunk of its own would be one more request of the first load.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules[\\/]preact[\\/]|vite\/preload-helper/ }, { name: 'dexie', test: /node_modules[\\/]dexie[\\/]/ }] } } },
  },
});
