import mappingData from './taxonomy-mapping.json';
import { isThemeCode } from './themes';
import { isRecord } from '../json';
import { ownValue } from '../own-key';
import { isLongerThan, tooLongText } from '../text-length';

/**
 * The table that gives a taxonomy term outside our ten themes a theme (HSDS import). The app
 * ships defaults (taxonomy-mapping.json); a coordinator's changes are kept apart from them as
 * edits, so a later app version's new defaults still arrive and "reset" is just forgetting the
 * edits. Pure: the tablet keeps the edits in its settings store, the import takes the result.
 */

/** term (lower case) → theme code. */
export type TaxonomyMapping = Readonly<Record<string, string>>;

/** What a coordinator changed on top of the defaults: terms set (added or given another theme) and default terms removed. */
export interface TaxonomyMappingEdits {
  set: Record<string, string>;
  removed: string[];
}

/** The longest term a coordinator can enter (as long as a keyword may be), in characters as textLength counts them. */
export const MAX_MAPPING_TERM = 100;

/** The shipped defaults. */
export const DEFAULT_TAXONOMY_MAPPING: TaxonomyMapping = Object.freeze(Object.fromEntries(
  Object.entries((mappingData as { terms: Record<string, string> }).terms).map(([term, code]) => [term.toLowerCase(), code]),
));

/** No edits: the defaults as shipped. */
export const noMappingEdits = (): TaxonomyMappingEdits => ({ set: {}, removed: [] });

/** A term as the table keeps it: trimmed, single spaces, lower case. */
export function mappingKey(term: string): string {
  return term.trim().replace(/\s+/g, ' ').toLowerCase();
}

/*
 * A term is looked up as a table's own entry only (ownValue, Object.hasOwn), never Object.prototype's: a coordinator's
 * term "constructor" or "__proto__" is just a term (before, "constructor" was already in every list and "__proto__" was
 * lost when set).
 */
const isDefault = (key: string, code: string): boolean => ownValue(DEFAULT_TAXONOMY_MAPPING, key) === code;

/** A table with no prototype (as readTaxonomyMapping's): setting "__proto__" sets a term. */
const table = (): Record<string, string> => Object.create(null) as Record<string, string>;

/** The mapping an import uses: the defaults, minus what was removed, plus what was set. Bad stored entries are skipped. */
export function effectiveMapping(edits: TaxonomyMappingEdits | undefined): TaxonomyMapping {
  const removed = new Set(edits?.removed ?? []);
  const result = table();
  for (const [term, code] of Object.entries(DEFAULT_TAXONOMY_MAPPING)) if (!removed.has(term)) result[term] = code;
  for (const [term, code] of Object.entries(edits?.set ?? {})) if (isThemeCode(code) && mappingProblem(term, code) === undefined) result[mappingKey(term)] = code;
  return result;
}

/** One row of the table as the screen shows it. */
export interface MappingRow {
  term: string;
  code: string;
  /** 'default' as shipped, 'changed' a default with another theme, 'added' a coordinator's own term */
  origin: 'default' | 'changed' | 'added';
}

/** The table's rows, sorted by term (Dutch collation). */
export function mappingRows(edits: TaxonomyMappingEdits | undefined): MappingRow[] {
  const mapping = effectiveMapping(edits);
  return Object.entries(mapping).map(([term, code]): MappingRow => ({
    term, code,
    origin: !Object.hasOwn(DEFAULT_TAXONOMY_MAPPING, term) ? 'added' : isDefault(term, code) ? 'default' : 'changed',
  })).sort((a, b) => a.term.localeCompare(b.term, 'nl'));
}

/** The Dutch message for a term or theme that cannot be in the table, or undefined when it can. */
export function mappingProblem(term: string, code: string): { field: 'term' | 'theme'; message: string } | undefined {
  const key = mappingKey(term);
  if (key === '') return { field: 'term', message: 'Vul een term in.' };
  if (isLongerThan(key, MAX_MAPPING_TERM)) return { field: 'term', message: `De term is te lang: ${tooLongText(MAX_MAPPING_TERM, key)}` };
  if (!isThemeCode(code)) return { field: 'theme', message: 'Kies een van de thema’s van de sociale kaart.' };
  return undefined;
}

export type MappingChange = { ok: true; edits: TaxonomyMappingEdits } | { ok: false; field: 'term' | 'theme'; message: string };

/** Adds a new term → theme; a term already in the table is refused (change that row instead). */
export function addMapping(edits: TaxonomyMappingEdits, term: string, code: string): MappingChange {
  const problem = mappingProblem(term, code);
  if (problem) return { ok: false, ...problem };
  const key = mappingKey(term);
  if (Object.hasOwn(effectiveMapping(edits), key)) return { ok: false, field: 'term', message: `"${key}" staat al in de lijst. Kies daar een ander thema, of verwijder die regel eerst.` };
  return { ok: true, edits: setTerm(edits, key, code) };
}

/** Gives a term in the table another theme. */
export function changeMapping(edits: TaxonomyMappingEdits, term: string, code: string): MappingChange {
  const problem = mappingProblem(term, code);
  if (problem) return { ok: false, ...problem };
  const key = mappingKey(term);
  if (!Object.hasOwn(effectiveMapping(edits), key)) return { ok: false, field: 'term', message: `"${key}" staat niet in de lijst. Voeg de term toe.` };
  return { ok: true, edits: setTerm(edits, key, code) };
}

/** Takes a term out of the table: a coordinator's own term is forgotten, a default one is marked removed. */
export function removeMapping(edits: TaxonomyMappingEdits, term: string): TaxonomyMappingEdits {
  const key = mappingKey(term);
  const removed = Object.hasOwn(DEFAULT_TAXONOMY_MAPPING, key) && !edits.removed.includes(key) ? [...edits.removed, key] : edits.removed;
  return { set: without(edits.set, key), removed };
}

function setTerm(edits: TaxonomyMappingEdits, key: string, code: string): TaxonomyMappingEdits {
  const set = without(edits.set, key);
  // setting a default term back to its shipped theme is no edit at all
  if (!isDefault(key, code)) set[key] = code;
  return { set, removed: edits.removed.filter((term) => term !== key) };
}

/** The set terms but one, as a table with no prototype. */
function without(set: Record<string, string>, key: string): Record<string, string> {
  const rest = table();
  for (const [term, code] of Object.entries(set)) if (term !== key) rest[term] = code;
  return rest;
}

/** Whether stored edits have the right shape (the settings store holds whatever was written). */
export function isMappingEdits(value: unknown): value is TaxonomyMappingEdits {
  if (typeof value !== 'object' || value === null) return false;
  const { set, removed } = value as Record<string, unknown>;
  return isRecord(set) && Object.values(set).every((v) => typeof v === 'string')
    && Array.isArray(removed) && removed.every((v) => typeof v === 'string');
}
