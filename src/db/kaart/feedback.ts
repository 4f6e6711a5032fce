import { findPersonalData, personalDataMessages } from '../../shared/personal-data';
import { FEEDBACK_NOTE_MAX, feedbackTooLong } from '../../shared/kaart/feedback';
import { isLongerThan } from '../../shared/text-length';
import type { ValidationError } from '../../shared/kaart/validate';
import type { IdoDb } from '../db';
import type { KaartFeedbackFields } from '../types';
import type { KaartEditResult } from './edits';
import { kaartOutboxId } from './outbox';
import { fieldsOf } from './tables';

/**
 * "Klopt niet": marks a service for the coordinator with a short note saying what is wrong, and
 * queues it for the server. A note that looks like personal data is refused here already (the
 * server checks again).
 */
export async function addFeedback(db: IdoDb, serviceId: string, note: string, now = new Date()): Promise<KaartEditResult> {
  const text = note.trim();
  const errors: ValidationError[] = findPersonalData(text).map((kind) => ({ field: 'note', code: 'personal_data', message: personalDataMessages[kind] }));
  if (text === '') errors.push({ field: 'note', code: 'required', message: 'Schrijf kort wat er niet klopt.' });
  if (isLongerThan(text, FEEDBACK_NOTE_MAX)) errors.push({ field: 'note', code: 'too_long', message: feedbackTooLong(text) });
  if (errors.length > 0) return { ok: false, errors };
  const data: KaartFeedbackFields = { id: crypto.randomUUID(), service_id: serviceId, note: text, created_at: now.toISOString(), resolved: false };
  await db.transaction('rw', db.kaartFeedback, db.kaartOutbox, async () => {
    await db.kaartFeedback.put({ ...data, version: 0 });
    await queueFeedback(db, data, 0, now);
  });
  return { ok: true };
}

/** The coordinator handled a "Klopt niet" mark: it is marked resolved here and on the server. */
export async function resolveFeedback(db: IdoDb, feedbackId: string, now = new Date()): Promise<void> {
  await db.transaction('rw', db.kaartFeedback, db.kaartOutbox, async () => {
    const mark = await db.kaartFeedback.get(feedbackId);
    if (!mark || mark.resolved) return;
    await db.kaartFeedback.put({ ...mark, resolved: true });
    const waiting = await db.kaartOutbox.get(kaartOutboxId('feedback', feedbackId));
    await queueFeedback(db, { ...fieldsOf(mark), resolved: true } as KaartFeedbackFields, waiting?.baseVersion ?? mark.version, now);
  });
}

async function queueFeedback(db: IdoDb, data: KaartFeedbackFields, baseVersion: number, now: Date): Promise<void> {
  await db.kaartOutbox.put({
    id: kaartOutboxId('feedback', data.id), entity: 'feedback', recordId: data.id, baseVersion, deleted: false, data,
    savedAt: now.toISOString(), state: 'pending',
  });
}
