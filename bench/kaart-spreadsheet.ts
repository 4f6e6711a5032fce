// The kaart bench, 3: a library's spreadsheet of 10,000 rows through the import steps into Dexie.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import Dexie from 'dexie';
import Papa from 'papaparse';
import { IdoDb } from '../src/db/db';
import { saveKaartEdits } from '../src/db/kaart/edits';
import { DEMO_ORGANISATION_ID, planImport } from '../src/features/kaart/import-plan';
import demoKaart from '../src/shared/kaart/demo-kaart.json';
import { applyMapping, emptyDataSet, importHsdsJson, KAART_ENTITIES, previewSpreadsheet, type ExistingKaart } from '../src/shared/kaart';
import { seededRandom } from '../src/shared/seeded-random';
import { FIXTURE_THEMES } from '../src/workers/kaart-fixtures';
import type { KaartImportFigures } from './kaart-figures';
import { onCleanup } from './servers';
import { median } from './stats';

export const SPREADSHEET_HEADERS = ['Organisatie', 'Dienst', 'Omschrijving', 'Adres', 'Postcode', 'Plaats', 'Telefoon', 'E-mail', 'Website',
  'Openingstijden', 'Thema', 'KvK', 'Hoe verwijzen', 'Talen'] as const;

// Fictional places and streets; phone numbers 0000-… and addresses on example.nl, as in demo-kaart.json.
const TOWNS = ['Rivierstad', 'Dijkdorp', 'Polderveen', 'Molenwaard', 'Heuvelrode', 'Bosmeer', 'Kanaalzijde', 'Weidebroek', 'Zandhoven', 'Uiterwaard'];
const STREETS = ['Dorpsstraat', 'Kerkplein', 'Molenweg', 'Stationsstraat', 'Schoolstraat', 'Julianalaan', 'Marktveld', 'Dijkweg', 'Beukenlaan', 'Havenkade', 'Lindehof', 'Vlasakker'];
const ORGANISATION_KINDS = ['Stichting', 'Vereniging', 'Wijkcentrum', 'Buurthuis', 'Steunpunt', 'Inloophuis', 'Coöperatie', 'Platform'];
const HOURS = ['ma-vr 9:00-17:00', 'ma t/m vr 9-17', 'di 13-16 (oneven weken)', '1e dinsdag van de maand 10-12', 'ma en wo 9.00 - 12.00 uur',
  'dagelijks 10-16', 'werkdagen 9-12 en 13-17', 'ma-vr 9:00-17:00; za 10:00-12:00', 'wo 14-16', 'do 19-21 (even weken)', 'di, do 10-12',
  'laatste vrijdag van de maand 13-15', 'Op afspraak', 'Zie website', ''];
const REFERRALS = ['Warm', 'Inloop', 'Op afspraak', 'Bellen', 'inloop', ''];
const LANGUAGE_CELLS = ['Nederlands', 'Nederlands', 'Nederlands, Engels', 'Nederlands, Arabisch, Turks', 'Nederlands, Oekraïens', 'Nederlands, Pools, Engels', 'Nederlands en Tigrinya', ''];

/** One CSV cell: quoted when it holds the delimiter, a quote or a line break. */
function cell(value: string): string {
  return /[;"\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * A library's own spreadsheet: one row per service, `;`-separated, Dutch headers (Excel's Dutch
 * CSV), `rows` rows over `organisations` organisations (a few large ones, many with one or two
 * services), grouped by organisation. The first organisations are the demo kaart's own, with their
 * KvK numbers, so duplicate detection has something to find. Every value is made up.
 */
export function generateLibrarySpreadsheet(rows: number, organisations: number, seed = 7): string {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const slugOf = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const demo = (demoKaart as { organizations: { name: string; kvk?: string }[] }).organizations.filter((o) => o.kvk).slice(0, 10);
  const names = new Set<string>();
  const orgs = Array.from({ length: organisations }, (_, i) => {
    const theme = pick(FIXTURE_THEMES);
    // The demo organisations are spread over the file (the first ones are the large ones).
    const demoIndex = demo.findIndex((_, k) => Math.floor(((k + 0.5) * organisations) / demo.length) === i);
    let name = demoIndex >= 0 ? demo[demoIndex].name : `${pick(ORGANISATION_KINDS)} ${pick(theme.organizations)} ${pick(TOWNS)}`;
    for (let n = 2; names.has(slugOf(name)); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    names.add(slugOf(name));
    const town = pick(TOWNS);
    const addresses = Array.from({ length: random() < 0.3 ? 2 : 1 }, () => ({
      street: `${pick(STREETS)} ${1 + Math.floor(random() * 180)}`,
      postcode: `${4000 + Math.floor(random() * 999)} ${String.fromCharCode(65 + Math.floor(random() * 26), 65 + Math.floor(random() * 26))}`,
      town,
    }));
    const kvk = demoIndex >= 0 ? demo[demoIndex].kvk! : random() < 0.75 ? String(1_000_000 + i).padStart(8, '0') : '';
    return { name, slug: slugOf(name), theme, kvk, addresses, phone: `0000-${String(100 + (i % 900)).padStart(3, '0')} ${String(Math.floor(random() * 1000)).padStart(3, '0')}` };
  });
  // Every organisation has a row; the others go mostly to the first (large) ones.
  const owners = Array.from({ length: rows }, (_, i) => (i < organisations ? i : Math.floor(random() ** 2 * organisations))).sort((a, b) => a - b);
  const lines = [SPREADSHEET_HEADERS.join(';')];
  for (const o of owners) {
    const org = orgs[o];
    const theme = random() < 0.85 ? org.theme : pick(FIXTURE_THEMES);
    const second = random() < 0.15 ? pick(FIXTURE_THEMES) : undefined;
    const place = random() < 0.05 ? undefined : pick(org.addresses);
    const description = [pick(theme.sentences), pick(theme.sentences)].join(' ')
      + (random() < 0.05 ? ' Neem mee: "brieven; DigiD; bankpas".' : random() < 0.05 ? '\nGratis.' : '');
    const themeCell = [random() < 0.3 ? theme.name.replace(' & ', ' en ') : theme.name, ...(second && second !== theme ? [second.name] : [])].join(', ');
    const phones = random() < 0.1 ? '' : random() < 0.1 ? `${org.phone} of 0000-${String(Math.floor(random() * 1000)).padStart(3, '0')} 999` : org.phone;
    lines.push([
      org.name,
      random() < 0.02 ? '' : `${pick(theme.services)}${random() < 0.5 ? ` ${place?.town ?? org.addresses[0].town}` : ''}`,
      description,
      place?.street ?? '', place?.postcode ?? '', place?.town ?? '',
      phones,
      random() < 0.7 ? `${random() < 0.5 ? 'info' : pick(['balie', 'spreekuur', 'aanmelden'])}.${org.slug}@example.nl` : '',
      random() < 0.6 ? (random() < 0.5 ? `www.example.nl/${org.slug}` : `https://${org.slug}.example.nl/${slugOf(theme.name)}`) : '',
      pick(HOURS),
      themeCell,
      org.kvk,
      pick(REFERRALS),
      pick(LANGUAGE_CELLS),
    ].map(cell).join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export async function benchImport(rows: number, log: (line: string) => void, warnings: string[]): Promise<KaartImportFigures> {
  const organisations = Math.max(1, Math.round(rows / 5));
  const csv = generateLibrarySpreadsheet(rows, organisations);
  const demo = importHsdsJson(demoKaart).records;
  const existing: ExistingKaart = { organizations: demo.organization, locations: demo.location, services: demo.service };
  log(`kaart: spreadsheet of ${rows.toLocaleString('en')} rows over ${organisations.toLocaleString('en')} organisations, ${(csv.length / 2 ** 20).toFixed(1)} MiB`);

  // The pure steps run three times, interleaved, and the median counts (the first run pays for the JIT; printed too).
  // Baseline: the same text through papaparse alone, as previewSpreadsheet calls it.
  const timed = <T>(run: () => T): [T, number] => {
    const started = performance.now();
    const value = run();
    return [value, performance.now() - started];
  };
  const times = { papaparse: [] as number[], preview: [] as number[], applyMapping: [] as number[], plan: [] as number[] };
  let parsed!: Papa.ParseResult<string[]>;
  let preview!: ReturnType<typeof previewSpreadsheet>;
  let result!: ReturnType<typeof applyMapping>;
  let plan!: ReturnType<typeof planImport>;
  for (let round = 0; round < 3; round++) {
    let ms: number;
    [parsed, ms] = timed(() => Papa.parse<string[]>(csv, { delimiter: ';', skipEmptyLines: false }));
    times.papaparse.push(ms);
    [preview, ms] = timed(() => previewSpreadsheet(csv));
    times.preview.push(ms);
    [result, ms] = timed(() => applyMapping(preview.rows, preview.mapping, existing, { ownerOrganisationId: DEMO_ORGANISATION_ID }));
    times.applyMapping.push(ms);
    // As the tablet does: the plan (scope, unchanged records) against the tablet's kaart (empty here), then one transaction.
    [plan, ms] = timed(() => planImport(result.records, emptyDataSet(), DEMO_ORGANISATION_ID));
    times.plan.push(ms);
  }
  log(`kaart: first runs: papaparse ${Math.round(times.papaparse[0])} ms · preview ${Math.round(times.preview[0])} ms · applyMapping ${Math.round(times.applyMapping[0])} ms · plan ${Math.round(times.plan[0])} ms`);
  const [papaparseMs, previewMs, applyMappingMs, planMs] = [times.papaparse, times.preview, times.applyMapping, times.plan].map(median);
  if (parsed.data.length < rows + 1) warnings.push(`!!! papaparse read ${parsed.data.length} lines, expected ${rows + 1}`);
  if (preview.rows.length !== rows || preview.problems.length > 0) {
    warnings.push(`!!! previewSpreadsheet: ${preview.rows.length} rows, problems: ${preview.problems.map((p) => p.code).join(', ') || 'none'}`);
  }
  const unmapped = SPREADSHEET_HEADERS.filter((_, i) => !Object.values(preview.mapping).includes(i));
  if (unmapped.length > 0) warnings.push(`!!! the mapping guess left out: ${unmapped.join(', ')}`);
  if (result.errors.length > 0) {
    warnings.push(`!!! ${result.errors.length} row errors in the generated spreadsheet (first: row ${result.errors[0].row} ${result.errors[0].message}); those rows are not imported`);
  }

  const db = new IdoDb(`ido-bench-kaart-${randomUUID()}`);
  const closeDb = onCleanup('kaart Dexie database', async () => {
    db.close();
    await Dexie.delete(db.name).catch(() => {});
  });
  try {
    await db.open();
    // Written once: the import as a coordinator does it, into an empty kaart.
    const started = performance.now();
    const saved = await saveKaartEdits(db, plan.edits);
    const saveMs = performance.now() - started;
    if (!saved.ok) warnings.push(`!!! saveKaartEdits refused the import: ${saved.errors[0]?.message}`);
    const storedServices = await db.kaartServices.count();
    const storedOutbox = await db.kaartOutbox.count();
    if (storedServices !== result.records.service.length) warnings.push(`!!! Dexie holds ${storedServices} services after the import, expected ${result.records.service.length}`);
    const recordsByEntity = Object.fromEntries(KAART_ENTITIES.map((entity) => [entity, plan.edits.filter((e) => e.entity === entity).length]));
    const figures: KaartImportFigures = {
      rows, organisations, csvBytes: Buffer.byteLength(csv),
      papaparseMs: Math.round(papaparseMs), previewMs: Math.round(previewMs), applyMappingMs: Math.round(applyMappingMs), planMs: Math.round(planMs), saveMs: Math.round(saveMs),
      totalMs: Math.round(previewMs + applyMappingMs + planMs + saveMs),
      records: plan.edits.length, recordsByEntity, importedRows: result.importedRows,
      errors: result.errors.length, warnings: result.warnings.length, duplicates: result.duplicates.length, storedServices, storedOutbox,
    };
    log(`kaart: medians: papaparse ${figures.papaparseMs} ms · preview ${figures.previewMs} ms · applyMapping ${figures.applyMappingMs} ms · plan ${figures.planMs} ms · saveKaartEdits ${figures.saveMs} ms`);
    log(`kaart: ${figures.importedRows.toLocaleString('en')} rows imported, ${figures.errors} errors, ${figures.warnings} warnings, ${figures.duplicates} duplicates; `
      + `${figures.records.toLocaleString('en')} records (${Object.entries(recordsByEntity).filter(([, n]) => n > 0).map(([e, n]) => `${e} ${n}`).join(', ')})`);
    return figures;
  } finally {
    await closeDb();
  }
}
