import { FIELD_LABELS, KAART_FIELDS } from './fields';
import type { KaartEntity } from './types';
import { validateKaartRecord, type ValidationError } from './validate';
import { cutText } from '../text-length';

/**
 * "Unknown is not invalid": when the user keeps the good records, a value that is really wrong
 * (a latitude of 100, a phone number no one can call, a web address without a host) is dropped
 * with a warning and the record is kept. Only optional values are dropped: a record without its
 * id, references, name or other required values still fails. A phone is its number: a phone that
 * no one can call is left out as a whole, with a warning, and its service stays.
 */

export type RepairOutcome =
  | { outcome: 'kept'; warnings: ValidationError[] }
  | { outcome: 'left_out'; warnings: ValidationError[] }
  | { outcome: 'failed' };

const NEVER_DROPPED = new Set(['id', 'ref', 'owner']);
/** Fields whose Dutch name is a plural ("De talen zijn niet overgenomen"). */
const PLURAL = new Set(['languages', 'ido_topics', 'keywords', 'byday', 'fees_description']);
const PAIRS: Record<string, string> = { latitude: 'longitude', longitude: 'latitude' };

/** Tries to keep a record with problems by dropping its wrong optional values; changes `record` only when it is kept. */
export function repairRecord(entity: KaartEntity, record: Record<string, unknown>, problems: readonly ValidationError[]): RepairOutcome {
  if (entity === 'phone' && problems.every((problem) => problem.field === 'number' && problem.code !== 'required')) {
    return { outcome: 'left_out', warnings: problems.map((problem) => note(problem, record.number, 'Dit telefoonnummer is niet overgenomen')) };
  }
  const specs = new Map(KAART_FIELDS[entity].map((spec) => [spec.name, spec]));
  const drop = new Set<string>();
  for (const problem of problems) {
    const spec = specs.get(problem.field);
    if (!spec || spec.required || NEVER_DROPPED.has(spec.kind) || problem.code === 'required' || record[problem.field] === undefined) return { outcome: 'failed' };
    drop.add(problem.field);
    if (PAIRS[problem.field]) drop.add(PAIRS[problem.field]);
  }
  const repaired = Object.fromEntries(Object.entries(record).filter(([key]) => !drop.has(key)));
  if (validateKaartRecord(entity, repaired).length > 0) return { outcome: 'failed' };
  const warnings = problems.map((problem) => note(problem, record[problem.field], `De ${FIELD_LABELS[problem.field] ?? problem.field} ${PLURAL.has(problem.field) ? 'zijn' : 'is'} niet overgenomen`));
  for (const field of drop) delete record[field];
  return { outcome: 'kept', warnings };
}

function note(problem: ValidationError, value: unknown, what: string): ValidationError {
  const shown = typeof value === 'string' || typeof value === 'number' ? ` ("${cutText(String(value), 60)}")` : '';
  return { field: problem.field, code: problem.code, message: `${what}${shown}. ${problem.message}` };
}
