// The sociale kaart at 10,000 services: the search worker as the page uses it (production build,
// headless Chromium, the real Comlink messages), the import of a library's spreadsheet into Dexie,
// and a check that MiniSearch stays out of the initial JS. See bench/README.md. The parts:
// kaart-build.ts, kaart-search.ts, kaart-spreadsheet.ts; the figures in kaart-figures.ts.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from './kaart-build';
import type { KaartFigures } from './kaart-figures';
import { benchSearch } from './kaart-search';
import { benchImport } from './kaart-spreadsheet';
import { runCleanups } from './servers';

export type { KaartFigures } from './kaart-figures';

/**
 * The kaart figures: a production build (and the MiniSearch check on its initial JS), the search
 * worker in headless Chromium over `services` services with `searches` queries, and the import of
 * a spreadsheet of `services` rows. Everything it starts is registered with onCleanup.
 */
export async function benchKaart({ services = 10_000, searches = 300, log = console.log }: { services?: number; searches?: number; log?: (line: string) => void } = {}): Promise<KaartFigures> {
  const warnings: string[] = [];
  const built = await buildApp(log);
  const { initial } = built;
  if (!initial.miniSearchInWorker) warnings.push('!!! the kaart worker chunk does not seem to hold MiniSearch: the initial-JS check may be blind');
  if (initial.miniSearchModuleInInitial || initial.miniSearchTextInInitial) warnings.push(`!!! MiniSearch is in the initial JS (${initial.initialFiles.join(', ')})`);
  log(`MiniSearch in initial JS: ${initial.miniSearchModuleInInitial || initial.miniSearchTextInInitial ? 'YES' : 'no'}`);
  const search = await benchSearch(built, services, searches, log, warnings);
  const imported = await benchImport(services, log, warnings);
  return { search, import: imported, initial, warnings };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { services: { type: 'string' }, searches: { type: 'string' } } });
  const stop = () => void runCleanups().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let code = 1;
  try {
    const figures = await benchKaart({ services: values.services ? Number(values.services) : undefined, searches: values.searches ? Number(values.searches) : undefined });
    for (const warning of figures.warnings) console.warn(`WARNING: ${warning}`);
    code = 0;
  } catch (error) {
    console.error(error);
  } finally {
    await runCleanups();
  }
  process.exit(code);
}
