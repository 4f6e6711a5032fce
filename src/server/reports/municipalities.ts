import Papa from 'papaparse';
import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { dutchWholeNumber } from '../../shared/count-text';
import { normaliseProvince } from '../../shared/reports';
import { isUnstorableText } from '../../shared/storable-text';
import { cutText, isLongerThan, tooLongText } from '../../shared/text-length';

/*
 * Municipality reference data for "questions per resident". Two layouts are read, told apart by the header:
 * - simple: `code;name;province;population` (optionally `;year`), with or without that header line;
 * - CBS StatLine, as exported from table 70072ned "Regionale kerncijfers Nederland" or 03759ned "Bevolking op
 *   1 januari": a region column (`Regio's`, `RegioS`, or `Regioaanduiding/Codering (code)`) holding GM codes,
 *   `Perioden` (2024 or 2024JJ00), a population column (`…Totale bevolking (aantal)`, `TotaleBevolking_1`,
 *   `Bevolking op 1 januari`), optionally a name and a `Provincie` column. Rows of other regions (the
 *   country, provinces, COROP areas) are skipped; of several years the latest counts.
 */

export interface MunicipalityRow {
  code: string;
  name: string | null;
  province: string | null;
  population: number;
  year: number | null;
}

/** A line of the file that cannot be read, numbered as a text editor numbers it. */
export interface MunicipalityProblem {
  line: number;
  message: string;
}

export interface ParsedMunicipalities {
  layout: 'simple' | 'cbs';
  rows: MunicipalityRow[];
  problems: MunicipalityProblem[];
  /** rows of regions that are not municipalities (CBS layout) */
  skipped: number;
}

type Column = 'code' | 'name' | 'province' | 'population' | 'year';

// Header names, lower case without accents or spaces around; the first matching column wins.
const HEADERS: Record<Column, RegExp> = {
  code: /^(code|gemeentecode|regio'?s|regio|regioaanduiding\/codering \(code\)|codering(_\d+| \(code\))?)$/,
  name: /^(name|naam|gemeente|gemeentenaam(_\d+)?|regioaanduiding\/gemeentenaam \(naam\))$/,
  province: /^(province|provincie|provincienaam|provincie \(naam\))$/,
  population: /^(population|inwoners|aantal inwoners|bevolking op 1 januari.*|totale ?bevolking.*|.*\/totale bevolking \(aantal\))$/,
  year: /^(year|jaar|perioden|periode)$/,
};
const CODE = /\bGM\d{4}\b/;
/** A file without a single municipality: what to choose instead. */
const NO_MUNICIPALITY = 'Geen enkele gemeente gevonden. Kies het CSV-bestand van de CBS-tabel met de regiocodes (GM gevolgd door vier cijfers), '
  + 'of een bestand met de kolommen code;name;province;population.';
/** The longest name kept: the longest Dutch municipality's has about 30 characters. */
const MAX_NAME = 100;

function normaliseHeader(cell: string): string {
  return cell.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The columns a header line names, or undefined when it is not a header (the simple layout without one). */
function readHeader(cells: string[]): Partial<Record<Column, number>> | undefined {
  const columns: Partial<Record<Column, number>> = {};
  cells.map(normaliseHeader).forEach((cell, index) => {
    for (const column of Object.keys(HEADERS) as Column[]) {
      if (columns[column] === undefined && HEADERS[column].test(cell)) {
        columns[column] = index;
        return;
      }
    }
  });
  return columns.code !== undefined && columns.population !== undefined ? columns : undefined;
}

/** "25 736", "25.736" or "25736" → 25736; ".", "x" or "" (CBS: not known) → undefined. */
const parsePopulation = (cell: string): number | undefined => dutchWholeNumber(cell);

/** Reads a municipalities CSV (either layout, `;` or `,`, with or without a BOM); every bad line is a problem. */
export function parseMunicipalitiesCsv(text: string): ParsedMunicipalities {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimitersToGuess: [';', ',', '\t'] });
  // Papa counts records, not lines: no cell of these files holds a line break, so record n is line n + 1.
  const lines = parsed.data;
  const headerIndex = lines.slice(0, 10).findIndex((cells) => readHeader(cells) !== undefined);
  const header = headerIndex >= 0 ? readHeader(lines[headerIndex])! : { code: 0, name: 1, province: 2, population: 3, year: 4 };
  const layout = headerIndex >= 0 && /regio|codering/.test(normaliseHeader(lines[headerIndex][header.code!])) ? 'cbs' : 'simple';
  const result: ParsedMunicipalities = { layout, rows: [], problems: [], skipped: 0 };
  const byCode = new Map<string, { row: MunicipalityRow; line: number }>();

  lines.slice(headerIndex + 1).forEach((cells, i) => {
    const line = headerIndex + 2 + i;
    if (cells.every((cell) => cell.trim() === '')) return;
    const cell = (column: Column) => (header[column] === undefined ? '' : (cells[header[column]!] ?? '').trim());
    const problem = (message: string) => result.problems.push({ line, message });
    // CBS puts the code in the region column, or beside the name in another column.
    const code = CODE.exec(cell('code'))?.[0] ?? (layout === 'cbs' ? CODE.exec(cells.join(' '))?.[0] : undefined);
    if (!code) {
      if (layout === 'cbs') result.skipped++;
      else problem(`"${cutText(cell('code'), 20)}" is geen CBS-gemeentecode (GM gevolgd door vier cijfers).`);
      return;
    }
    const population = parsePopulation(cell('population'));
    if (population === undefined) return problem(`${code}: geen geldig aantal inwoners ("${cutText(cell('population'), 20)}").`);
    const provinceText = cell('province').replace(/\s*\(PV\)$/i, '');
    const province = provinceText === '' ? null : normaliseProvince(provinceText) ?? null;
    if (provinceText !== '' && province === null) return problem(`${code}: onbekende provincie "${cutText(provinceText, 30)}".`);
    if (layout === 'simple' && province === null) return problem(`${code}: de provincie ontbreekt.`);
    const yearText = cell('year');
    const year = /^\d{4}/.test(yearText) ? Number(yearText.slice(0, 4)) : null;
    if (yearText !== '' && year === null) return problem(`${code}: "${cutText(yearText, 20)}" is geen jaar.`);
    const nameCell = header.name === undefined ? '' : cell('name');
    const regionName = cell('code').replace(CODE, '').replace(/[()]/g, '').trim();
    const name = nameCell || regionName || null;
    if (name !== null && isUnstorableText(name)) return problem(`${code}: de naam bevat tekens die niet opgeslagen kunnen worden. Haal ze weg.`);
    if (name !== null && isLongerThan(name, MAX_NAME)) return problem(`${code}: de naam is te lang: ${tooLongText(MAX_NAME, name)}`);

    const row: MunicipalityRow = { code, name, province, population, year };
    const earlier = byCode.get(code);
    if (earlier && (layout === 'simple' || earlier.row.year === year)) return problem(`${code} staat er twee keer in (ook op regel ${earlier.line}).`);
    if (!earlier || (year ?? 0) > (earlier.row.year ?? 0)) byCode.set(code, { row, line });
  });
  result.rows = [...byCode.values()].map((entry) => entry.row);
  // No header and not one GM code in the whole file (a letter, another table, a pdf): one problem, not every line's
  // "… is geen CBS-gemeentecode" with a piece of the file in it.
  const noCodeAnywhere = headerIndex < 0 && !lines.some((cells) => CODE.test(cells.join(' ')));
  if (noCodeAnywhere || (result.rows.length === 0 && result.problems.length === 0)) {
    result.problems = [{ line: headerIndex + 1 || 1, message: NO_MUNICIPALITY }];
  }
  return result;
}

/**
 * Replaces all municipalities with these rows, in one transaction. A row without name or province keeps the
 * one stored before, else takes the province of a location in that municipality; `withoutProvince` counts
 * the rest (they are left out of per-province populations).
 */
export async function importMunicipalities(db: Database, rows: readonly MunicipalityRow[], inSameTransaction?: (tx: Queryable, result: { imported: number; withoutProvince: number }) => Promise<void>): Promise<{ imported: number; withoutProvince: number }> {
  return writeTransaction(db, async (tx) => {
    const completed = await tx.query<{ province: string | null }>(
      `SELECT i.code, coalesce(i.name, m.name, i.code) AS name,
              coalesce(i.province, m.province, (SELECT min(l.province) FROM locations l WHERE l.municipality_code = i.code)) AS province,
              i.population, i.year
       FROM jsonb_to_recordset($1::text::jsonb) AS i(code text, name text, province text, population integer, year integer)
       LEFT JOIN municipalities m ON m.code = i.code`,
      [JSON.stringify(rows)],
    );
    await tx.query('DELETE FROM municipalities');
    await tx.query(
      `INSERT INTO municipalities (code, name, province, population, year)
       SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS i(code text, name text, province text, population integer, year integer)`,
      [JSON.stringify(completed)],
    );
    const result = { imported: completed.length, withoutProvince: completed.filter((row) => row.province === null).length };
    await inSameTransaction?.(tx, result);
    return result;
  });
}

const noMunicipalityAtAll = (problems: readonly MunicipalityProblem[]): boolean => problems.length === 1 && problems[0].message === NO_MUNICIPALITY;

/** Why nothing was imported, counted in proper Dutch ("1 regel heeft een fout", "3 regels hebben een fout"); the admin command and the API say the same. */
export function municipalityProblemsText(problems: readonly MunicipalityProblem[]): string {
  if (noMunicipalityAtAll(problems)) return 'Niets ingelezen.';
  const count = problems.length;
  return `Niets ingelezen: ${count === 1 ? '1 regel heeft' : `${count} regels hebben`} een fout.`;
}

/** At most this many bad lines are named in the API's refusal; the rest are counted. */
export const MUNICIPALITY_PROBLEMS_SHOWN = 5;

/**
 * The API's refusal of a CSV (Beheer, landelijk, inwoneraantallen): the count, the first bad lines, and how many more
 * there are ("En nog 12 regels met een fout."), so a file with 17 bad lines is not taken for one with 5.
 * The admin command lists every line itself and says only the count (municipalityProblemsText).
 */
export function municipalityRefusalText(problems: readonly MunicipalityProblem[]): string {
  // a file without any municipality is wrong as a whole, not in its line 1
  if (noMunicipalityAtAll(problems)) return `${municipalityProblemsText(problems)} ${NO_MUNICIPALITY}`;
  const shown = problems.slice(0, MUNICIPALITY_PROBLEMS_SHOWN).map((problem) => `regel ${problem.line}: ${problem.message}`);
  const more = problems.length - shown.length;
  const rest = more === 0 ? [] : [`En nog ${more === 1 ? '1 regel' : `${more} regels`} met een fout.`];
  return [municipalityProblemsText(problems), ...shown, ...rest].join(' ');
}

/** The one-line summary `import-municipalities` prints. */
export function formatMunicipalitiesSummary(parsed: ParsedMunicipalities, result: { imported: number; withoutProvince: number }): string {
  const layout = parsed.layout === 'cbs' ? 'CBS-indeling' : 'eenvoudige indeling';
  return `gemeenten ${result.imported} (${layout}), andere regio's overgeslagen ${parsed.skipped}, zonder provincie ${result.withoutProvince}`;
}
