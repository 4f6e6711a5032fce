import Dexie, { type DBCore } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdoDb } from '../../src/db/db';
import { saveKaartEdit } from '../../src/db/kaart/edits';
import { saveRegistration } from '../../src/db/registrations';
import { isQuotaExceeded, storageFailureOf } from '../../src/db/storage-failure';
import type { ServiceFields } from '../../src/shared/kaart/types';
import { emergencyExportFile } from '../../src/sync/export';
import { drainOutbox } from '../../src/sync/outbox';
import { makeRegistration } from './fixtures';

/**
 * A tablet whose disk fills up: once `full` is set, every write the database makes is refused
 * the way the browser refuses it, with a real DOMException named QuotaExceededError. Reads go on.
 */
let full = false;
let db: IdoDb;
beforeEach(async () => {
  full = false;
  db = new IdoDb(`full-test-${crypto.randomUUID()}`);
  db.use({
    stack: 'dbcore', name: 'full-disk',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return { ...table, mutate: (request) => (full ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : table.mutate(request)) };
      },
    }),
  });
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const snapshot = async () => ({
  registrations: await db.registrations.orderBy('id').toArray(),
  kaartServices: await db.kaartServices.orderBy('id').toArray(),
  kaartOutbox: await db.kaartOutbox.orderBy('id').toArray(),
  settings: await db.settings.orderBy('key').toArray(),
});

describe('a full tablet', () => {
  it('refuses a new registration with the Dutch message, and leaves every stored registration as it was', async () => {
    const earlier = [makeRegistration(), makeRegistration({ durationMinutes: 30 })];
    for (const r of earlier) await saveRegistration(db, r);
    await db.registrations.update(earlier[1].id, { syncState: 'sent', sentRevision: 1 });
    const before = await snapshot();

    full = true;
    const error = await saveRegistration(db, makeRegistration()).catch((e: unknown) => e);
    const failure = storageFailureOf(error);
    expect(failure?.kind).toBe('full');
    expect(failure?.message).toBe('De registratie is niet opgeslagen: de opslag van deze tablet is vol. Wat al op de tablet stond, blijft bewaard. Wat u hebt ingevuld, staat er nog.');
    expect(failure?.steps.join(' ')).toContain('noodexport');
    expect(failure?.steps.join(' ')).toContain('ruimte vrij');

    // An edit of a stored registration is refused as a whole: the old revision stays.
    const editError = await saveRegistration(db, { ...earlier[1], durationMinutes: 60 }).catch((e: unknown) => e);
    expect(storageFailureOf(editError)?.kind).toBe('full');
    expect(await snapshot()).toEqual(before);
  });

  it('cannot send what waits either (the outbox stores a batch before it sends it), so its advice is the emergency export, not "Nu versturen"', async () => {
    await db.settings.put({ key: 'device', value: { deviceId: '0b7d8f8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', token: 't', organisationId: 'o', organisationName: 'Bibliotheek', label: 'Tablet', enrolledAt: '2026-11-01T00:00:00.000Z', codelistVersion: 'ido-2024.1' } });
    await saveRegistration(db, makeRegistration());
    full = true;
    let posted = 0;
    const transport = { postBatch: async () => { posted++; throw new Error('not reached'); }, getLimits: async () => { throw new Error('not reached'); }, enroll: async () => { throw new Error('not reached'); } };
    const error = await drainOutbox(db, { transport, locks: null }).catch((e: unknown) => e);
    expect(isQuotaExceeded(error)).toBe(true);
    expect(posted).toBe(0);

    const failure = storageFailureOf(error)!;
    expect(failure.kind).toBe('full');
    expect(failure.steps.join(' ')).not.toContain('Nu versturen');
    expect(failure.steps.join(' ')).toContain('noodexport');
  });

  it('still makes the emergency export of what waits, because that only reads', async () => {
    const waiting = makeRegistration();
    await saveRegistration(db, waiting);
    full = true;
    const file = await emergencyExportFile(db, new Date('2026-11-24T12:00:00Z'));
    expect(file.filename).toBe('ido-noodexport-2026-11-24.json');
    expect(JSON.parse(file.content).records.map((r: { id: string }) => r.id)).toEqual([waiting.id]);
  });

  it('refuses a kaart edit with its own Dutch message, and the kaart and its outbox stay as they were', async () => {
    const service = { id: crypto.randomUUID(), organization_id: crypto.randomUUID(), name: 'Spreekuur', status: 'active' } as ServiceFields;
    expect(await saveKaartEdit(db, 'service', service)).toEqual({ ok: true });
    const before = await snapshot();
    full = true;
    const error = await saveKaartEdit(db, 'service', { ...service, name: 'Geldzaken' }).catch((e: unknown) => e);
    expect(storageFailureOf(error, 'De wijziging')?.message).toMatch(/^De wijziging is niet opgeslagen: de opslag van deze tablet is vol\./);
    expect(await snapshot()).toEqual(before);
  });
});

describe('telling a storage failure from other errors', () => {
  const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  it('knows the quota error bare, as Dexie wraps it, and as the inner error of an aborted transaction', () => {
    expect(isQuotaExceeded(quota)).toBe(true);
    expect(isQuotaExceeded(new Dexie.QuotaExceededError(quota))).toBe(true);
    expect(isQuotaExceeded(new Dexie.AbortError('Transaction aborted', quota))).toBe(true);
    expect(isQuotaExceeded(new Dexie.BulkError('1 of 2 failed', [quota]))).toBe(true);
  });

  it('calls a closed or missing database unavailable, and says the form is kept', () => {
    const failure = storageFailureOf(new Dexie.DatabaseClosedError('evicted'));
    expect(failure?.kind).toBe('unavailable');
    expect(failure?.message).toContain('Wat u hebt ingevuld, staat er nog.');
    expect(storageFailureOf(new Dexie.MissingAPIError('no indexedDB'))?.kind).toBe('unavailable');
  });

  it('leaves other errors alone: a bug is not a full disk', () => {
    expect(storageFailureOf(new TypeError('x is undefined'))).toBeUndefined();
    expect(storageFailureOf(new Dexie.ConstraintError('key exists'))).toBeUndefined();
    expect(storageFailureOf(new Dexie.AbortError('aborted'))).toBeUndefined();
    expect(storageFailureOf(undefined)).toBeUndefined();
  });
});
