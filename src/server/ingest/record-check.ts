import type { Registration } from '../../shared/registration';
import { isUuid } from '../../shared/ids';
import { findPersonalData } from '../../shared/personal-data';
import { UNSTORABLE_TEXT_MESSAGE, unstorableTextPath } from '../../shared/storable-text';
import { validateRegistration } from '../../shared/validation';
import { contentHash } from './canonical-json';
import type { Checked } from './revisions';

/** What the server knows about the sender when it checks a record. */
export interface RecordContext {
  organisationId: string;
  locationIds: readonly string[];
  now: Date;
}

export type CheckedRecord = Checked<Registration>;

const MAX_INT4 = 2_147_483_647;
const MAX_ECHOED_ID = 100;

/**
 * The id to echo in a result: the client matches results by it, so give back what it sent. The answer is
 * stored for replays, so an id that is no UUID and looks like personal data is not echoed.
 */
export function echoedId(input: unknown): string {
  const id = (input as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') return '';
  const echoed = id.slice(0, MAX_ECHOED_ID);
  return isUuid(echoed) || findPersonalData(echoed).length === 0 ? echoed : '';
}

/** Checks one incoming record with the shared validation plus what only the server knows; the first problem wins. */
export function checkRecord(input: unknown, context: RecordContext): CheckedRecord {
  const id = echoedId(input);
  const reject = (field: string, code: string, message: string): CheckedRecord => ({ ok: false, result: { id, status: 'rejected', code, field, message } });

  const candidate = input as Partial<Registration> | null;
  const organisationId = candidate && typeof candidate === 'object' ? candidate.organisationId : undefined;
  if (typeof organisationId === 'string' && organisationId.toLowerCase() !== context.organisationId.toLowerCase()) {
    return reject('organisationId', 'wrong_organisation', 'Deze registratie hoort bij een andere organisatie dan deze tablet. Koppel de tablet opnieuw.');
  }
  const [first] = validateRegistration(input, { locationIds: context.locationIds, now: context.now });
  if (first) return reject(first.field, first.code, first.message);

  const record = input as Registration;
  if (record.revision > MAX_INT4) return reject('revision', 'invalid_revision', 'Het versienummer is te groot.');
  const badText = unstorableTextPath(record, '');
  if (badText !== undefined) return reject(badText, 'invalid_text', UNSTORABLE_TEXT_MESSAGE);
  return { ok: true, record, key: record.id.toLowerCase(), hash: contentHash(record) };
}
