import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The project stands on its own: its contract lives in docs/, and no document or comment points
// outside the repository. The patterns are built from parts so this file does not match itself.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTSIDE = ['shared' + '/spec', '..' + '/shared'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'data', 'coverage', 'results']);
const CODE = /\.(ts|tsx|mts|cts|js|mjs)$/;

/** Every file under the repository, without dependencies, build output, data or dot folders. */
function repositoryFiles(directory = ROOT): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIPPED_DIRECTORIES.has(entry.name)) return [];
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? repositoryFiles(full) : [full];
  });
}

/** Code with its module specifiers taken out: what remains of a path is in a comment or a string. */
export function withoutModuleSpecifiers(code: string): string {
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bvi\.mock\s*\(\s*)(['"])[^'"\n]*\2/g, '$1');
}

/** The references to something outside the repository in one text, as `line: text`. */
export function outsideReferences(text: string): string[] {
  return text.split('\n').flatMap((line, index) =>
    OUTSIDE.some((pattern) => line.includes(pattern)) ? [`${index + 1}: ${line.trim().slice(0, 120)}`] : []);
}

/** The relative link targets of a Markdown text (outside code), without their #fragment. */
export function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(\s*(?:<([^>\n]+)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g)]
    .map((match) => match[1] ?? match[2])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => decodeURIComponent(target.replace(/[#?].*$/, '')));
}

const files = repositoryFiles();
const markdown = files.filter((file) => file.endsWith('.md'));
const code = files.filter((file) => CODE.test(file));
const relative = (file: string) => path.relative(ROOT, file);

describe('the checks themselves', () => {
  it('finds a path out of the repository in a comment but not in an import', () => {
    const sample = [
      "import { x } from '..' + '/shared/api';".replace("' + '", ''),
      `/** See ${OUTSIDE[0]}/ingest-api.md */`,
      `// contract: ${OUTSIDE[1]}/spec/x.md`,
    ].join('\n');
    expect(outsideReferences(withoutModuleSpecifiers(sample)).map((hit) => hit.split(':')[0])).toEqual(['2', '3']);
    expect(outsideReferences(withoutModuleSpecifiers("import type { A } from '../../shared/kaart';\nconst b = await import('../shared/x');"))).toEqual([]);
  });

  it('reads relative links and leaves web addresses, anchors and code alone', () => {
    const text = [
      '[a](../docs/ingest-api.md#batches) [b](https://example.nl/x.md) [c](#top) [d](mailto:x@example.nl)',
      '`[e](not-a-link.md)`',
      '```', '[f](in-a-code-block.md)', '```',
      '[g](<with space.md> "title")',
    ].join('\n');
    expect(relativeLinks(text)).toEqual(['../docs/ingest-api.md', 'with space.md']);
  });
});

describe('the project stands on its own', () => {
  it('has its contract in docs/', () => {
    for (const name of ['README.md', 'ingest-api.md', 'registration.md', 'sociale-kaart.md']) {
      expect(existsSync(path.join(ROOT, 'docs', name)), `docs/${name}`).toBe(true);
    }
  });

  it('no Markdown file points to the contract outside the repository', () => {
    const found = markdown.flatMap((file) => outsideReferences(readFileSync(file, 'utf8')).map((hit) => `${relative(file)}:${hit}`));
    expect(found).toEqual([]);
  });

  it('no comment in the code points outside the repository', () => {
    const found = code.flatMap((file) =>
      outsideReferences(withoutModuleSpecifiers(readFileSync(file, 'utf8'))).map((hit) => `${relative(file)}:${hit}`));
    expect(found).toEqual([]);
  });

  it('every relative link in a Markdown file points to a file that exists', () => {
    const broken = markdown.flatMap((file) =>
      relativeLinks(readFileSync(file, 'utf8'))
        .filter((target) => !existsSync(target.startsWith('/') ? path.join(ROOT, target) : path.resolve(path.dirname(file), target)))
        .map((target) => `${relative(file)} → ${target}`));
    expect(broken).toEqual([]);
  });
});

describe('the documents are kept true to the code', () => {
  const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

  it('docs/ingest-api.md lists every whole-request error code with its status', () => {
    const source = read('src/server/errors.ts');
    const block = source.slice(source.indexOf('API_ERRORS = {'), source.indexOf('} as const'));
    const codes = [...block.matchAll(/^\s+(\w+): \[(\d{3}),/gm)].map(([, code, status]) => ({ code, status }));
    expect(codes.length).toBeGreaterThan(10);
    const doc = read('docs/ingest-api.md');
    const missing = codes.filter(({ code, status }) => !doc.includes(`| ${status} | \`${code}\` |`));
    expect(missing).toEqual([]);
  });

  it('docs/registration.md lists every code of the current code lists with its Dutch label', () => {
    const data = JSON.parse(read('src/shared/codelists/ido-2024.1.json')) as { lists: Record<string, Record<string, string>> };
    const doc = read('docs/registration.md');
    const missing = Object.entries(data.lists).flatMap(([list, entries]) =>
      Object.entries(entries)
        .filter(([code, label]) => ![`| \`${code}\` | ${label} |`, `| \`${code}\` (historic) | ${label} |`].some((row) => doc.includes(row)))
        .map(([code]) => `${list}.${code}`));
    expect(missing).toEqual([]);
  });
});

