import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse } from '../../src/shared/api';
import type { Question, Registration } from '../../src/shared/registration';
import { batch, otherQuestion, question, registration } from './fixtures';
import { DATABASE_KINDS, countRows, enrollTablet, postBatch, useTestServer } from './test-server';

/**
 * Personal data in a code, id or free-text field is refused per record with `personal_data`: nothing of the
 * record is stored, and the stored batch answer (kept for replays) does not repeat what was sent.
 */
describe.each(DATABASE_KINDS)('personal data at the ingest on %s', (kind) => {
  const server = useTestServer(kind);
  let token = '';
  let deviceId = '';
  beforeAll(async () => {
    ({ token, deviceId } = await enrollTablet(server));
  });

  const referred = (referral: Record<string, unknown>): Question =>
    question({ topics: ['toeslagen'], help: ['doorverwezen'], referral: { kind: 'extern', ...referral } as Question['referral'] });
  const storedAnswer = async (batchId: string) =>
    (await server.db.query<{ response: string }>('SELECT response FROM batches WHERE batch_id = $1', [batchId]))[0].response;

  it('refuses personal data in partnerOrganisation, referral.organisation, referral.serviceId and the note, per record, storing none of it', async () => {
    const cases: Array<[Registration, string, string]> = [
      [registration(deviceId, { staffRole: 'partner', partnerOrganisation: 'tel0612345678' }), 'partnerOrganisation', '0612345678'],
      [registration(deviceId, { questions: [referred({ organisation: 'bsn_123456782' })] }), 'questions[0].referral.organisation', '123456782'],
      [registration(deviceId, { questions: [referred({ serviceId: 'bsn123456782' })] }), 'questions[0].referral.serviceId', '123456782'],
      [registration(deviceId, { questions: [otherQuestion('bellen: ０６\u200b１２３４５６７８')] }), 'questions[0].otherText', '１２３４５６７８'],
      [registration(deviceId, { questions: [otherQuestion('woont 1234 ab 12a')] }), 'questions[0].otherText', '1234 ab 12a'],
      [registration(deviceId, { questions: [otherQuestion('mail: jan [at] ziggo [dot] nl')] }), 'questions[0].otherText', 'ziggo'],
    ];
    const good = registration(deviceId, { staffRole: 'partner', partnerOrganisation: 'seniorweb', questions: [referred({ organisation: 'uwv', serviceId: '3f0b8c2e-6a4d-4e1b-9c7a-2d5e8f1a0b3c' })] });
    const body = batch(deviceId, [...cases.map(([record]) => record), good]);
    const response = await postBatch(server, token, body);
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json() as BatchResponse;
    expect(answer.results.map((r) => [r.id, r.status, r.code, r.field])).toEqual([
      ...cases.map(([record, field]) => [record.id, 'rejected', 'personal_data', field]),
      [good.id, 'accepted', undefined, undefined],
    ]);
    for (const result of answer.results.slice(0, cases.length)) expect(result.message).toMatch(/^Dit lijkt op|^Schrijf geen/);
    for (const [record] of cases) expect(await countRows(server.db, 'registrations', 'id = $1', [record.id])).toBe(0);
    expect(await countRows(server.db, 'registrations', 'id = $1', [good.id])).toBe(1);
    const stored = await storedAnswer(body.batchId);
    for (const [, , value] of cases) expect(stored).not.toContain(value);
  });

  it('refuses an unknown code in those fields as invalid_code / invalid_id', async () => {
    const records = [
      registration(deviceId, { staffRole: 'partner', partnerOrganisation: 'buurvrouw_van_meneer' }),
      registration(deviceId, { questions: [referred({ organisation: 'huisarts' })] }),
      registration(deviceId, { questions: [referred({ serviceId: 'dienst-12' })] }),
    ];
    const answer = (await postBatch(server, token, batch(deviceId, records))).json() as BatchResponse;
    expect(answer.results.map((r) => [r.status, r.code, r.field])).toEqual([
      ['rejected', 'invalid_code', 'partnerOrganisation'],
      ['rejected', 'invalid_code', 'questions[0].referral.organisation'],
      ['rejected', 'invalid_id', 'questions[0].referral.serviceId'],
    ]);
    for (const record of records) expect(await countRows(server.db, 'registrations', 'id = $1', [record.id])).toBe(0);
  });

  it('does not store personal data sent as a record id or a field name in its answer', async () => {
    const asId = { ...registration(deviceId), id: 'tel 06-12345678' };
    const asKey = { ...registration(deviceId), 'bsn123456782': true };
    const body = batch(deviceId, [asId, asKey]);
    const answer = (await postBatch(server, token, body)).json() as BatchResponse;
    expect(answer.results.map((r) => [r.id, r.status, r.code, r.field])).toEqual([
      ['', 'rejected', 'invalid_id', 'id'],
      [asKey.id, 'rejected', 'unknown_field', ''],
    ]);
    const stored = await storedAnswer(body.batchId);
    expect(stored).not.toContain('12345678');
    expect(await countRows(server.db, 'registrations', 'id = $1', [asKey.id])).toBe(0);
  });
});
