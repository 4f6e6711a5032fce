import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { openPglite } from '../../src/server/db/pglite';
import { openPostgres } from '../../src/server/db/postgres';
import { createLocation, createOrganisation } from '../../src/server/organisations/organisations';
import { municipalityProblemsText, municipalityRefusalText, parseMunicipalitiesCsv } from '../../src/server/reports/municipalities';
import { databaseEnv, runAdmin } from './cli';
import { MUNICIPALITIES_CSV } from './reports-fixtures';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './test-server';

// As StatLine exports table 03759ned with region codes: BOM, ';', every cell quoted, the country and a
// province among the regions, two years of which the latest counts.
const CBS_CODES = '\uFEFF' + [
  '"Regio\'s";"Perioden";"Bevolking/Bevolkingssamenstelling op 1 januari/Totale bevolking (aantal)"',
  '"NL01";"2024";"17 942 942"',
  '"PV30";"2024";"2 626 210"',
  '"GM0855";"2023";"224702"',
  '"GM0855";"2024";"226 000"',
  '"GM0796";"2024";"160.000"',
  '"GM0363";"2024";"930000"',
].join('\r\n') + '\r\n';

// As 70072ned exports with names in "Regio's" and the code in its own column (padded, as CBS pads it).
const CBS_NAMES = [
  '"Regio\'s";"Perioden";"Regioaanduiding/Gemeentenaam (naam)";"Regioaanduiding/Codering (code)";"Bevolking/Bevolkingssamenstelling op 1 januari/Totale bevolking (aantal)"',
  '"Nederland";"2024";"Nederland";"NL01      ";"17942942"',
  '"Tilburg";"2024";"Tilburg                                 ";"GM0855    ";"226000"',
  '"Súdwest-Fryslân";"2024";"Súdwest-Fryslân                          ";"GM1900    ";"90500"',
].join('\n');

// The OData "TypedDataSet" CSV of the same tables.
const CBS_ODATA = ['"ID";"RegioS";"Perioden";"TotaleBevolking_1"', '0;"NL01  ";"2024JJ00";17942942', '1;"GM0855";"2024JJ00";226000'].join('\n');

describe('reading a municipalities file', () => {
  it('reads the simple layout with a header', () => {
    const parsed = parseMunicipalitiesCsv(MUNICIPALITIES_CSV);
    expect(parsed).toMatchObject({ layout: 'simple', problems: [], skipped: 0 });
    expect(parsed.rows).toHaveLength(5);
    expect(parsed.rows[1]).toEqual({ code: 'GM0796', name: "'s-Hertogenbosch", province: 'Noord-Brabant', population: 150000, year: null });
  });

  it('reads the simple layout without a header, with commas, Friesland as Fryslân and a year', () => {
    const parsed = parseMunicipalitiesCsv('GM1900,Súdwest-Fryslân,Friesland,90500,2024\nGM0855,Tilburg,noord-brabant,226000,2024\n\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { code: 'GM1900', name: 'Súdwest-Fryslân', province: 'Fryslân', population: 90500, year: 2024 },
      { code: 'GM0855', name: 'Tilburg', province: 'Noord-Brabant', population: 226000, year: 2024 },
    ]);
  });

  it('reads a CBS export with codes in "Regio\'s": skips other regions, keeps the latest year, reads "226 000" and "160.000"', () => {
    const parsed = parseMunicipalitiesCsv(CBS_CODES);
    expect(parsed).toMatchObject({ layout: 'cbs', problems: [], skipped: 2 });
    expect(parsed.rows).toEqual([
      { code: 'GM0855', name: null, province: null, population: 226000, year: 2024 },
      { code: 'GM0796', name: null, province: null, population: 160000, year: 2024 },
      { code: 'GM0363', name: null, province: null, population: 930000, year: 2024 },
    ]);
  });

  it('reads a CBS export with names and a separate code column, and the OData CSV', () => {
    expect(parseMunicipalitiesCsv(CBS_NAMES)).toMatchObject({
      layout: 'cbs', problems: [], skipped: 1,
      rows: [{ code: 'GM0855', name: 'Tilburg', population: 226000, year: 2024 }, { code: 'GM1900', name: 'Súdwest-Fryslân', population: 90500 }],
    });
    expect(parseMunicipalitiesCsv(CBS_ODATA)).toMatchObject({ layout: 'cbs', problems: [], skipped: 1, rows: [{ code: 'GM0855', population: 226000, year: 2024 }] });
  });

  it('reports every bad line by its line number', () => {
    const parsed = parseMunicipalitiesCsv([
      'code;name;province;population',
      'GM0855;Tilburg;Noord-Brabant;226000',
      '0855;Tilburg;Noord-Brabant;226000',
      'GM0796;Den Bosch;Brabant;160000',
      'GM0363;Amsterdam;Noord-Holland;.',
      'GM0855;Tilburg;Noord-Brabant;226001',
      'GM0344;Utrecht;;360000',
    ].join('\n'));
    expect(parsed.problems).toEqual([
      { line: 3, message: expect.stringContaining('geen CBS-gemeentecode') },
      { line: 4, message: expect.stringContaining('onbekende provincie "Brabant"') },
      { line: 5, message: expect.stringContaining('geen geldig aantal inwoners') },
      { line: 6, message: expect.stringContaining('ook op regel 2') },
      { line: 7, message: expect.stringContaining('provincie ontbreekt') },
    ]);
  });

  it('says once that a file holds no municipality at all (a letter, a pdf read as text), not each line with a piece of it', () => {
    for (const text of ['Beste collega,\nHierbij de lijst.\nGroet\n', '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'naam,adres\nBieb,Straat 1\n', 'code;naam;inwoners\n']) {
      const parsed = parseMunicipalitiesCsv(text);
      expect(parsed.problems).toHaveLength(1);
      expect(municipalityRefusalText(parsed.problems)).toBe('Niets ingelezen. Geen enkele gemeente gevonden. Kies het CSV-bestand van de CBS-tabel met de regiocodes '
        + '(GM gevolgd door vier cijfers), of een bestand met de kolommen code;name;province;population.');
    }
    // without a header, a file with codes still has each bad line named
    expect(parseMunicipalitiesCsv('GM0855;Tilburg;Noord-Brabant;226000\nTilburg;Noord-Brabant;226000\n').problems).toEqual([
      { line: 2, message: '"Tilburg" is geen CBS-gemeentecode (GM gevolgd door vier cijfers).' },
    ]);
  });

  it('counts an emoji in a name as one character, as the names are counted everywhere: 100 kept, 101 named with the count', () => {
    const parsed = parseMunicipalitiesCsv(`code;name;province;population\nGM0855;${'😀'.repeat(100)};Noord-Brabant;226000\nGM0796;${'😀'.repeat(101)};Noord-Brabant;160000`);
    expect(parsed.rows.map((row) => row.name)).toEqual(['😀'.repeat(100)]);
    expect(parsed.problems).toEqual([{ line: 3, message: 'GM0796: de naam is te lang: hoogstens 100 tekens. Nu zijn het er 101.' }]);
  });

  it('repeats at most 20 characters of a wrong code or number, never half an emoji', () => {
    const parsed = parseMunicipalitiesCsv(`code;name;province;population\n${'😀'.repeat(30)};Tilburg;Noord-Brabant;226000\nGM0796;Den Bosch;Noord-Brabant;${'🙂'.repeat(30)}`);
    expect(parsed.problems).toEqual([
      { line: 2, message: `"${'😀'.repeat(20)}…" is geen CBS-gemeentecode (GM gevolgd door vier cijfers).` },
      { line: 3, message: `GM0796: geen geldig aantal inwoners ("${'🙂'.repeat(20)}…").` },
    ]);
  });

  it('counts the bad lines in proper Dutch: 1 regel, 3 regels', () => {
    const bad = (count: number) => parseMunicipalitiesCsv(['code;name;province;population', ...Array.from({ length: count }, (_, i) => `GM000${i};X;Utrecht;veel`)].join('\n')).problems;
    expect(municipalityProblemsText(bad(1))).toBe('Niets ingelezen: 1 regel heeft een fout.');
    expect(municipalityProblemsText(bad(3))).toBe('Niets ingelezen: 3 regels hebben een fout.');
  });

  it('names the first 5 bad lines in the refusal and counts the rest: "En nog 1 regel", "En nog 12 regels"', () => {
    const bad = (count: number) => parseMunicipalitiesCsv(['code;name;province;population', ...Array.from({ length: count }, (_, i) => `GM${String(i).padStart(4, '0')};X;Utrecht;veel`)].join('\n')).problems;
    const five = 'regel 2: GM0000: geen geldig aantal inwoners ("veel"). regel 3: GM0001: geen geldig aantal inwoners ("veel"). regel 4: GM0002: geen geldig aantal inwoners ("veel"). '
      + 'regel 5: GM0003: geen geldig aantal inwoners ("veel"). regel 6: GM0004: geen geldig aantal inwoners ("veel").';
    expect(municipalityRefusalText(bad(1))).toBe('Niets ingelezen: 1 regel heeft een fout. regel 2: GM0000: geen geldig aantal inwoners ("veel").');
    expect(municipalityRefusalText(bad(5))).toBe(`Niets ingelezen: 5 regels hebben een fout. ${five}`);
    expect(municipalityRefusalText(bad(6))).toBe(`Niets ingelezen: 6 regels hebben een fout. ${five} En nog 1 regel met een fout.`);
    expect(municipalityRefusalText(bad(17))).toBe(`Niets ingelezen: 17 regels hebben een fout. ${five} En nog 12 regels met een fout.`);
  });

  it('says what to do with a CBS export without region codes', () => {
    const parsed = parseMunicipalitiesCsv('"Regio\'s";"Perioden";"Totale bevolking (aantal)"\n"Tilburg";"2024";"226000"');
    expect(parsed.problems).toEqual([{ line: 1, message: expect.stringContaining('regiocodes (GM gevolgd door vier cijfers)') }]);
  });
});

describe.each(DATABASE_KINDS)('npm run admin -- import-municipalities on %s', (kind) => {
  let directory = '';
  let postgres: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  let withDatabase: <T>(work: (db: Database) => Promise<T>) => Promise<T>;
  const file = async (name: string, text: string) => {
    const target = path.join(directory, name);
    await writeFile(target, text);
    return target;
  };
  const stored = () => withDatabase((db) => db.query<{ code: string; name: string; province: string | null; population: number; year: number | null }>(
    'SELECT code, name, province, population, year FROM municipalities ORDER BY code',
  ));

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-municipalities-'));
    if (kind === 'postgres') postgres = await createTestDatabase('postgres');
    env = databaseEnv(postgres ? { url: postgres.url } : { dataDir: path.join(directory, 'data') });
    withDatabase = async (work) => {
      const db = postgres ? openPostgres(postgres.url!) : await openPglite(env.DATA_DIR);
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    };
    // Make the schema, and a location in 's-Hertogenbosch for a province the CBS file does not give.
    expect((await runAdmin(['import-municipalities', await file('start.csv', 'GM0363;Amsterdam;Noord-Holland;1')], env)).code).toBe(0);
    await withDatabase(async (db) => {
      const organisation = await createOrganisation(db, { name: 'Bibliotheek Den Bosch' });
      await createLocation(db, { id: 'bosch', organisationId: organisation.id, name: 'Centrum', municipalityCode: 'GM0796', province: 'Noord-Brabant', insideLibrary: true, kind: 'vestiging', scenarios: ['balie'], idoHoursPerWeek: 4, openedOn: '2024-01-01' });
    });
  });
  afterAll(async () => {
    await postgres?.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('imports the simple layout and prints a summary', async () => {
    const result = await runAdmin(['import-municipalities', await file('simple.csv', MUNICIPALITIES_CSV)], env);
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: "gemeenten 5 (eenvoudige indeling), andere regio's overgeslagen 0, zonder provincie 0\n" });
    expect(await stored()).toEqual([
      { code: 'GM0344', name: 'Utrecht', province: 'Utrecht', population: 360000, year: null },
      { code: 'GM0363', name: 'Amsterdam', province: 'Noord-Holland', population: 900000, year: null },
      { code: 'GM0796', name: "'s-Hertogenbosch", province: 'Noord-Brabant', population: 150000, year: null },
      { code: 'GM0828', name: 'Oss', province: 'Noord-Brabant', population: 100000, year: null },
      { code: 'GM0855', name: 'Tilburg', province: 'Noord-Brabant', population: 220000, year: null },
    ]);
  });

  it('replaces everything on a re-import of a CBS file, keeping names and provinces the file lacks', async () => {
    const result = await runAdmin(['import-municipalities', await file('cbs.csv', CBS_CODES)], env);
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: "gemeenten 3 (CBS-indeling), andere regio's overgeslagen 2, zonder provincie 0\n" });
    expect(await stored()).toEqual([
      { code: 'GM0363', name: 'Amsterdam', province: 'Noord-Holland', population: 930000, year: 2024 },
      { code: 'GM0796', name: "'s-Hertogenbosch", province: 'Noord-Brabant', population: 160000, year: 2024 },
      { code: 'GM0855', name: 'Tilburg', province: 'Noord-Brabant', population: 226000, year: 2024 },
    ]);
  });

  it('takes a missing province from a location in the municipality, and counts what stays without one', async () => {
    await runAdmin(['import-municipalities', await file('reset.csv', 'GM0363;Amsterdam;Noord-Holland;930000')], env);
    const result = await runAdmin(['import-municipalities', await file('cbs-names.csv', CBS_NAMES)], env);
    expect(result.stdout).toBe("gemeenten 2 (CBS-indeling), andere regio's overgeslagen 1, zonder provincie 2\n");
    const bosch = await runAdmin(['import-municipalities', await file('bosch.csv', CBS_CODES)], env);
    expect(bosch.stdout).toMatch(/zonder provincie 2/);
    expect((await stored()).find((m) => m.code === 'GM0796')).toMatchObject({ province: 'Noord-Brabant', name: 'GM0796' });
  });

  it('imports nothing from a file with a bad line, lists every problem on stderr and exits with 1', async () => {
    const before = await stored();
    const result = await runAdmin(['import-municipalities', await file('bad.csv', 'code;name;province;population\nGM0855;Tilburg;Noord-Brabant;226000\nGM0363;Amsterdam;Noord-Holland;x\nXX;Y;Utrecht;1')], env);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^regel 3: GM0363: geen geldig aantal inwoners \("x"\)\.\nregel 4: "XX" is geen CBS-gemeentecode/);
    expect(result.stderr).toMatch(/Niets ingelezen: 2 regels hebben een fout\. Verbeter het bestand/);
    expect(await stored()).toEqual(before);
  });
});
