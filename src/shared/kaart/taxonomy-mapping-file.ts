import { mappingKey, mappingProblem, type TaxonomyMapping } from './taxonomy-mapping';
import { cutText } from '../text-length';

/**
 * A whole mapping table handed to an import (the server's `import-kaart --mapping FILE.json`, the admin
 * API's `mapping`): the shape of taxonomy-mapping.json, `{note?, terms: {term: themeCode}}`. It takes the
 * place of the shipped defaults; every entry is checked with the rule the tablet's table screen uses.
 */

/** More terms than any directory's taxonomy needs; a bigger table is a mistake or an attack. */
export const MAX_MAPPING_TERMS = 5000;

export type TaxonomyMappingRead = { ok: true; mapping: TaxonomyMapping } | { ok: false; problems: string[] };

/** Reads and checks a mapping table; every problem as a Dutch line (at most 20 are listed). */
export function readTaxonomyMapping(value: unknown): TaxonomyMappingRead {
  const shape = 'Een tabel met thema’s heeft de vorm {"terms": {"term": "themacode"}}, zoals taxonomy-mapping.json.';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problems: [shape] };
  const unknown = Object.keys(value).filter((key) => key !== 'terms' && key !== 'note');
  if (unknown.length > 0) return { ok: false, problems: [`Onbekend veld "${cutText(unknown[0], 40)}" in de tabel met thema’s. ${shape}`] };
  const { terms } = value as { terms?: unknown };
  if (typeof terms !== 'object' || terms === null || Array.isArray(terms)) return { ok: false, problems: [shape] };
  const entries = Object.entries(terms);
  if (entries.length > MAX_MAPPING_TERMS) return { ok: false, problems: [`De tabel met thema’s heeft ${entries.length} termen; hoogstens ${MAX_MAPPING_TERMS} mogen.`] };
  // No prototype: a term such as "constructor" or "__proto__" is just a term.
  const mapping: Record<string, string> = Object.create(null) as Record<string, string>;
  const problems: string[] = [];
  for (const [term, code] of entries) {
    const shown = cutText(term, 40);
    const problem = typeof code === 'string' ? mappingProblem(term, code) : { message: 'Het thema moet een themacode (tekst) zijn.' };
    if (problem) problems.push(`term "${shown}": ${problem.message}${typeof code === 'string' && problem.message.startsWith('Kies') ? ` ("${cutText(code, 40)}" is geen themacode)` : ''}`);
    else if (Object.hasOwn(mapping, mappingKey(term))) problems.push(`term "${shown}" staat twee keer in de tabel (hoofdletters en spaties tellen niet mee).`);
    else mapping[mappingKey(term)] = code as string;
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    if (problems.length > 20) shown.push(`en nog ${problems.length - 20} fouten in de tabel met thema’s.`);
    return { ok: false, problems: shown };
  }
  return { ok: true, mapping };
}
