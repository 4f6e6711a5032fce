import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Compiles the server (main.ts and admin.ts) to plain JavaScript in `outDirectory`, with its SQL
 * migrations beside it, so production runs `node build/server/main.js` without a TypeScript loader.
 * npm packages stay external (node_modules); the app's shared code and JSON data are bundled.
 * The output directory must sit two levels below the project root (like src/server/): main.js finds
 * dist/ and package.json at `../../`. Beside main.js and admin.js it holds their chunks (`*-HASH.js`): copy the
 * whole folder.
 */
export async function buildServerBundle(outDirectory = path.join(ROOT, 'build/server')): Promise<string> {
  rmSync(outDirectory, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(ROOT, 'src/server/main.ts'), path.join(ROOT, 'src/server/admin.ts')],
    outdir: outDirectory,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // main.ts loads serve.ts with import() after it took the signals: a chunk of its own, so its packages (external,
    // statically imported) load then, not before main.ts runs. Code main.js and admin.js share goes into chunks too.
    splitting: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  cpSync(path.join(ROOT, 'src/server/migrations'), path.join(outDirectory, 'migrations'), { recursive: true });
  return outDirectory;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const out = await buildServerBundle(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`server gebouwd in ${path.relative(process.cwd(), out) || '.'}`);
}
