import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse } from '../../src/shared/api';
import type { Registration } from '../../src/shared/registration';
import { batch, OTHER_LOCATION, OTHER_ORGANISATION, otherQuestion, question, registration } from './fixtures';
import { DATABASE_KINDS, countRows, enrollTablet, postBatch, useTestServer } from './test-server';

describe.each(DATABASE_KINDS)('POST /api/v1/batches on %s', (kind) => {
  const server = useTestServer(kind);
  let token = '';
  let deviceId = '';
  beforeAll(async () => {
    ({ token, deviceId } = await enrollTablet(server));
  });
  const send = async (records: unknown[]): Promise<BatchResponse> => {
    const body = batch(deviceId, records);
    const response = await postBatch(server, token, body);
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json() as BatchResponse;
    expect(answer.batchId).toBe(body.batchId);
    return answer;
  };
  const statuses = (answer: BatchResponse) => answer.results.map((r) => r.status);
  const storedRegistration = async (id: string) =>
    (await server.db.query<{ revision: number; deleted: boolean; location_id: string; device_id: string; organisation_id: string; content_hash: string; record: Registration }>(
      'SELECT revision, deleted, location_id, device_id::text AS device_id, organisation_id::text AS organisation_id, content_hash, record FROM registrations WHERE id = $1',
      [id],
    ))[0];
  const questionRows = (id: string) =>
    server.db.query<{ index: number; topics: string[]; help: string[]; referral_kind: string | null; location_id: string }>(
      'SELECT index, topics, help, referral_kind, location_id FROM questions WHERE registration_id = $1 ORDER BY index',
      [id],
    );

  it('accepts a new registration and stores it with its hash, organisation, device and one row per question', async () => {
    const record = registration(deviceId, {
      questions: [question(), question({ topics: ['toeslagen'], governmentOrganisations: ['belastingdienst'], help: ['doorverwezen'], referral: { kind: 'extern', organisation: 'belastingdienst' }, resolved: 'deels' })],
    });
    const answer = await send([record]);
    expect(answer.results).toEqual([{ id: record.id, status: 'accepted' }]);
    expect(answer.serverTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const stored = await storedRegistration(record.id);
    expect(stored).toMatchObject({ revision: 1, deleted: false, location_id: 'test-centrum', device_id: deviceId, organisation_id: record.organisationId });
    expect(stored.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.record).toEqual(record);
    expect(await questionRows(record.id)).toEqual([
      { index: 0, topics: ['digid'], help: ['samen_gedaan'], referral_kind: null, location_id: 'test-centrum' },
      { index: 1, topics: ['toeslagen'], help: ['doorverwezen'], referral_kind: 'extern', location_id: 'test-centrum' },
    ]);
  });

  it('stores every column of the question rows as the record says, awkward texts and empty lists included', async () => {
    // insertQuestions sends each column as one array literal: quotes, backslashes, braces, commas and the word NULL
    // in a text, an empty list and absent fields must come back as they went.
    const serviceId = '0b5e2f6a-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
    const record = registration(deviceId, {
      startedAt: '2025-03-04T10:15:00+01:00',
      questions: [
        question({ topics: ['anders'], governmentOrganisations: [], help: ['informatie', 'samen_gedaan'], otherText: 'Formulier "NULL" {a,b} \\ c, d é', resolved: 'nee' }),
        question({ topics: ['digid', 'toeslagen'], governmentOrganisations: ['belastingdienst', 'duo'], help: ['doorverwezen'], referral: { kind: 'warm', serviceId, organisation: 'belastingdienst', consent: true }, resolved: 'deels' }),
      ],
    });
    expect(statuses(await send([record]))).toEqual(['accepted']);
    const rows = await server.db.query(
      `SELECT index, organisation_id::text AS organisation_id, location_id, started_at = $2::timestamptz AS at_start, category, topics,
              government_organisations, digid_follow_up, help, referral_kind, referral_service_id, referral_organisation, referral_consent,
              resolved, other_text, scenario, channel, staff_role
       FROM questions WHERE registration_id = $1 ORDER BY index`,
      [record.id, record.startedAt],
    );
    const common = { organisation_id: record.organisationId, location_id: record.locationId, at_start: true, category: 'digitale_overheid', scenario: record.scenario, channel: record.channel, staff_role: record.staffRole };
    expect(rows).toEqual([
      { index: 0, ...common, topics: ['anders'], government_organisations: [], digid_follow_up: null, help: ['informatie', 'samen_gedaan'], referral_kind: null,
        referral_service_id: null, referral_organisation: null, referral_consent: null, resolved: 'nee', other_text: 'Formulier "NULL" {a,b} \\ c, d é' },
      { index: 1, ...common, topics: ['digid', 'toeslagen'], government_organisations: ['belastingdienst', 'duo'], digid_follow_up: 'activeren', help: ['doorverwezen'],
        referral_kind: 'warm', referral_service_id: serviceId, referral_organisation: 'belastingdienst', referral_consent: true, resolved: 'deels', other_text: null },
    ]);
  });

  it('stores each registration of a batch with its own columns and record, in whatever order they come', async () => {
    // upsertRegistrations sends one array literal per column and the records as one JSON array, joined by position.
    const ids = ['f0000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-0000000000a1', '80000000-0000-4000-8000-000000000002'];
    const records = [
      registration(deviceId, { id: ids[0], revision: 3, startedAt: '2025-06-30T23:45:00+02:00', durationMinutes: 60, consentForReferral: true,
        questions: [question({ topics: ['anders'], otherText: 'Tekst met "quotes", \\ {accolades} en NULL — ë 😀' })] }),
      registration(deviceId, { id: ids[1], locationId: 'test-wijk', scenario: 'popup', channel: 'telefoon', staffRole: 'partner', partnerOrganisation: 'seniorweb',
        startedAt: '2025-01-01T00:05:00+01:00', durationMinutes: 5 }),
      registration(deviceId, { id: ids[2], staffRole: 'vrijwilliger', startedAt: '2025-03-30T03:30:00+02:00', questions: [question(), question({ topics: ['toeslagen'] })] }),
    ];
    expect(statuses(await send(records))).toEqual(['accepted', 'accepted', 'accepted']);
    const rows = await server.db.query<Record<string, unknown>>(
      `SELECT id::text AS id, revision, organisation_id::text AS organisation_id, device_id::text AS device_id, location_id, scenario, channel, staff_role,
              partner_organisation, started_at = (record->>'startedAt')::timestamptz AS at_start, duration_minutes, consent_for_referral, deleted,
              schema_version, record FROM registrations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    for (const record of records) {
      expect(rows.find((row) => row.id === record.id)).toEqual({
        id: record.id, revision: record.revision, organisation_id: record.organisationId, device_id: deviceId, location_id: record.locationId,
        scenario: record.scenario, channel: record.channel, staff_role: record.staffRole, partner_organisation: record.partnerOrganisation ?? null,
        at_start: true, duration_minutes: record.durationMinutes, consent_for_referral: record.consentForReferral, deleted: false,
        schema_version: record.schemaVersion, record,
      });
    }
  });

  it('answers duplicate for the same id, revision and content, and stores nothing new', async () => {
    const record = registration(deviceId);
    await send([record]);
    // Key order does not matter: the hash is over canonical JSON.
    const reordered = Object.fromEntries(Object.entries(record).reverse());
    expect(statuses(await send([reordered]))).toEqual(['duplicate']);
    expect(await countRows(server.db, 'registrations', 'id = $1', [record.id])).toBe(1);
    expect(await questionRows(record.id)).toHaveLength(1);
  });

  it('answers conflict for the same revision with other content, and keeps what was stored', async () => {
    const record = registration(deviceId);
    await send([record]);
    const answer = await send([{ ...record, durationMinutes: 45 }]);
    expect(answer.results).toEqual([{ id: record.id, status: 'conflict', code: 'revision_conflict', message: expect.any(String) }]);
    expect((await storedRegistration(record.id)).record.durationMinutes).toBe(15);
  });

  it('answers conflict for a revision lower than the stored one', async () => {
    const record = registration(deviceId, { revision: 3 });
    await send([record]);
    const answer = await send([{ ...record, revision: 2, durationMinutes: 30 }]);
    expect(answer.results[0]).toMatchObject({ status: 'conflict', code: 'revision_conflict' });
    expect((await storedRegistration(record.id)).revision).toBe(3);
  });

  it('replaces a registration with a higher revision, question rows included', async () => {
    const record = registration(deviceId, { questions: [question(), question({ topics: ['toeslagen'] })] });
    await send([record]);
    expect(await questionRows(record.id)).toHaveLength(2);
    const edited = registration(deviceId, { id: record.id, revision: 2, locationId: 'test-wijk', scenario: 'popup', questions: [question({ topics: ['aow_pensioen'], help: ['uitleg'] })] });
    expect(statuses(await send([edited]))).toEqual(['accepted']);
    expect(await storedRegistration(record.id)).toMatchObject({ revision: 2, location_id: 'test-wijk', record: edited });
    expect(await questionRows(record.id)).toEqual([{ index: 0, topics: ['aow_pensioen'], help: ['uitleg'], referral_kind: null, location_id: 'test-wijk' }]);
  });

  it('stores a tombstone (deleted, higher revision) and takes its questions out of the reports', async () => {
    const record = registration(deviceId);
    await send([record]);
    expect(statuses(await send([{ ...record, revision: 2, deleted: true }]))).toEqual(['accepted']);
    expect(await storedRegistration(record.id)).toMatchObject({ revision: 2, deleted: true });
    expect(await questionRows(record.id)).toEqual([]);
    // The same tombstone again is a duplicate; the old live version is a conflict.
    expect(statuses(await send([{ ...record, revision: 2, deleted: true }, record]))).toEqual(['duplicate', 'conflict']);
  });

  it('rejects a record with an unknown code, naming the field and the code', async () => {
    const record = registration(deviceId, { questions: [question({ topics: ['digid', 'tijdreizen'] })] });
    const answer = await send([record]);
    expect(answer.results).toEqual([{ id: record.id, status: 'rejected', code: 'invalid_code', field: 'questions[0].topics', message: expect.any(String) }]);
    expect(await countRows(server.db, 'registrations', 'id = $1', [record.id])).toBe(0);
  });

  it('rejects an "anders" text holding a BSN (passes the 11-test) as personal_data', async () => {
    const record = registration(deviceId, { questions: [otherQuestion('bsn 111222333 van mevrouw')] });
    const [result] = (await send([record])).results;
    expect(result).toMatchObject({ status: 'rejected', code: 'personal_data', field: 'questions[0].otherText' });
    expect(result.message).toMatch(/burgerservicenummer/);
    expect(await countRows(server.db, 'registrations', 'id = $1', [record.id])).toBe(0);
  });

  it('counts an emoji in an "anders" text as one character, as the tablet does: 140 kept whole, 141 refused with the count', async () => {
    const atLimit = registration(deviceId, { questions: [otherQuestion('😀'.repeat(140))] });
    const over = registration(deviceId, { questions: [otherQuestion('😀'.repeat(141))] });
    const { results } = await send([atLimit, over]);
    expect(results[0]).toEqual({ id: atLimit.id, status: 'accepted' });
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'too_long', field: 'questions[0].otherText', message: 'Gebruik hoogstens 140 tekens. Nu zijn het er 141.' });
    const rows = await server.db.query<{ n: number }>('SELECT char_length(other_text)::int AS n FROM questions WHERE registration_id = $1', [atLimit.id]);
    expect(rows).toEqual([{ n: 140 }]);
  });

  it('accepts an "anders" text without personal data', async () => {
    const record = registration(deviceId, { questions: [otherQuestion('vraag over de bibliotheekpas')] });
    expect(statuses(await send([record]))).toEqual(['accepted']);
  });

  it('rejects a record of another organisation, and one at another organisation\'s location', async () => {
    const foreign = registration(deviceId, { organisationId: OTHER_ORGANISATION.id, locationId: OTHER_LOCATION.id });
    const elsewhere = registration(deviceId, { locationId: OTHER_LOCATION.id });
    const answer = await send([foreign, elsewhere]);
    expect(answer.results[0]).toMatchObject({ id: foreign.id, status: 'rejected', code: 'wrong_organisation', field: 'organisationId' });
    expect(answer.results[1]).toMatchObject({ id: elsewhere.id, status: 'rejected', code: 'unknown_location', field: 'locationId' });
  });

  it('answers every record of a mixed batch on its own, in order', async () => {
    const stored = registration(deviceId);
    await send([stored]);
    const fresh = registration(deviceId);
    const invalid = registration(deviceId, { durationMinutes: 0 });
    const conflicting = { ...stored, channel: 'telefoon' };
    const answer = await send([fresh, stored, invalid, conflicting, 'not a record']);
    expect(answer.results).toEqual([
      { id: fresh.id, status: 'accepted' },
      { id: stored.id, status: 'duplicate' },
      { id: invalid.id, status: 'rejected', code: 'out_of_range', field: 'durationMinutes', message: expect.any(String) },
      { id: stored.id, status: 'conflict', code: 'revision_conflict', message: expect.any(String) },
      { id: '', status: 'rejected', code: 'invalid_record', field: '', message: expect.any(String) },
    ]);
  });

  it('handles the same id twice in one batch: the first accepted, the second a duplicate', async () => {
    const record = registration(deviceId);
    expect(statuses(await send([record, record]))).toEqual(['accepted', 'duplicate']);
    const edited = { ...record, revision: 2, durationMinutes: 60 };
    const again = { ...record, revision: 3, durationMinutes: 90 };
    expect(statuses(await send([edited, again]))).toEqual(['accepted', 'accepted']);
    expect((await storedRegistration(record.id)).revision).toBe(3);
  });

  it('returns the stored answer byte for byte when a batchId comes again, and changes nothing', async () => {
    const first = registration(deviceId);
    const body = batch(deviceId, [first, registration(deviceId, { durationMinutes: 999 })]);
    const original = await postBatch(server, token, body);
    expect(original.statusCode).toBe(200);
    const registrations = await countRows(server.db, 'registrations');
    const batches = await countRows(server.db, 'batches');

    const replay = await postBatch(server, token, body);
    expect(replay.statusCode).toBe(200);
    expect(replay.rawPayload.equals(original.rawPayload)).toBe(true);
    // Even with other records under the same batchId: the batch is done, nothing is stored.
    const altered = await postBatch(server, token, { ...body, records: [registration(deviceId)] });
    expect(altered.body).toBe(original.body);
    expect(await countRows(server.db, 'registrations')).toBe(registrations);
    expect(await countRows(server.db, 'batches')).toBe(batches);
  });

  it('stores a record sent in two different batches at the same moment once', async () => {
    for (let round = 0; round < 5; round++) {
      const record = registration(deviceId);
      const answers = await Promise.all([send([record]), send([record])]);
      expect(answers.flatMap(statuses).sort()).toEqual(['accepted', 'duplicate']);
      expect(await countRows(server.db, 'questions', 'registration_id = $1', [record.id])).toBe(1);
    }
  });

  it('keeps the higher revision, with its question rows only, when two batches race with revisions of a new record', async () => {
    for (let round = 0; round < 5; round++) {
      const first = registration(deviceId);
      const second = { ...first, revision: 2, questions: [question(), question({ topics: ['toeslagen'] })] };
      const [a, b] = await Promise.all([send([first]), send([second])]);
      expect(b.results[0].status).toBe('accepted');
      expect(['accepted', 'conflict']).toContain(a.results[0].status);
      expect((await storedRegistration(first.id)).revision).toBe(2);
      expect(await questionRows(first.id)).toHaveLength(2);
    }
  });

  it('rejects text PostgreSQL cannot store (NUL, lone surrogate) per record instead of failing the batch', async () => {
    const withNul = registration(deviceId, { questions: [otherQuestion('a\u0000b')] });
    const withSurrogate = registration(deviceId, { questions: [otherQuestion('a\ud800b')] });
    const good = registration(deviceId);
    const answer = await send([withNul, withSurrogate, good]);
    expect(answer.results.map((r) => [r.status, r.code, r.field])).toEqual([
      ['rejected', 'invalid_text', 'questions[0].otherText'],
      ['rejected', 'invalid_text', 'questions[0].otherText'],
      ['accepted', undefined, undefined],
    ]);
  });

  it('rejects a day or a time that does not exist, such as 30 February or a 60th second, instead of moving it on', async () => {
    const answer = await send(['2025-02-30T10:00:00+01:00', '2025-03-01T24:00:00+01:00', '2025-03-01T10:00:60+01:00'].map((startedAt) => registration(deviceId, { startedAt })));
    expect(answer.results).toHaveLength(3);
    for (const result of answer.results) expect(result).toMatchObject({ status: 'rejected', code: 'invalid_time', field: 'startedAt' });
  });

  it('rejects a revision too large to store', async () => {
    const [result] = (await send([registration(deviceId, { revision: 2 ** 40 })])).results;
    expect(result).toMatchObject({ status: 'rejected', code: 'invalid_revision', field: 'revision' });
  });

  it('accepts a full batch of 500 records in one go', async () => {
    const records = Array.from({ length: 500 }, () => registration(deviceId));
    const answer = await send(records);
    expect(new Set(statuses(answer))).toEqual(new Set(['accepted']));
    expect(await countRows(server.db, 'registrations', 'batch_id = $1', [answer.batchId])).toBe(500);
  });
});
