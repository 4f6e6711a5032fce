import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/*
 * package.json's `engines.node` is the Node the project says it runs on (the README repeats it): npm warns when a
 * machine's Node is outside it. It must be true of what is installed. Every package's own `engines.node` must take
 * every Node ours takes: Vite 8 and rolldown need 20.19 or 22.12, vitest 4 skips Node 23. Two packages ask for Node 22
 * but are ES modules that CommonJS dependencies load with require() (content-disposition for @fastify/static, cookie
 * for fastify's light-my-request): Node loads an ES module through require() from 20.19 on, so our range holds them;
 * before 20.19 that require() throws ERR_REQUIRE_ESM.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ESM_LOADED_BY_REQUIRE = new Map([
  ['content-disposition', '@fastify/static'],
  ['cookie', 'light-my-request'],
]);
/** From this Node on, require() loads an ES module without a flag (20.19.0; 22.12.0 on the 22 line). */
const REQUIRE_ESM = '^20.19.0 || >=22.12.0';

interface Installed { name: string; version: string; node?: string; type?: string }

/** Every package installed below node_modules, nested ones included. */
function installedPackages(directory = path.join(ROOT, 'node_modules')): Installed[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((entry) => {
    if (entry.startsWith('.')) return [];
    const folder = path.join(directory, entry);
    if (entry.startsWith('@')) return installedPackages(folder);
    const manifest = path.join(folder, 'package.json');
    if (!existsSync(manifest)) return [];
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string; type?: string; engines?: { node?: unknown } };
    const node = typeof json.engines?.node === 'string' ? json.engines.node : undefined;
    return [{ name: json.name, version: json.version, node, type: json.type }, ...installedPackages(path.join(folder, 'node_modules'))];
  });
}

describe('the Node version the project says it needs', () => {
  const ours = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
  const installed = installedPackages();

  it('is a range every installed package takes, or loads through require() of an ES module', () => {
    expect(semver.validRange(ours)).not.toBeNull();
    expect(installed.length).toBeGreaterThan(100);
    const refused = installed.filter((p) => p.node && semver.validRange(p.node) && !semver.subset(ours, p.node));
    for (const p of refused) {
      const loader = ESM_LOADED_BY_REQUIRE.get(p.name);
      expect(loader, `${p.name}@${p.version} needs Node ${p.node}, package.json says ${ours}`).toBeDefined();
      expect(p.type, `${p.name} is loaded by ${loader} through require(): only an ES module needs Node's require(esm)`).toBe('module');
      expect(semver.subset(ours, REQUIRE_ESM)).toBe(true);
    }
  });

  it('is the one the README names, and the Node running the tests is in it', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('Node.js 20.19');
    expect(semver.satisfies(process.versions.node, ours)).toBe(true);
  });
});
