import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import { ID_IN_USE_MESSAGES } from '../../src/shared/ownership';
import { createApiToken } from '../../src/server/api-tokens';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { OTHER_ORGANISATION, ORGANISATION } from './fixtures';
import { DATABASE_KINDS, enrollTablet, type TestServer, useTestServer } from './test-server';

const CHANGES = '/api/v1/kaart/changes';
type Data = Record<string, unknown> & { id: string };
interface PushResult { id: string; entity: string; status: string; version: number; code?: string; field?: string; message?: string; current?: unknown }

const organization = (owner: string | null, name = 'Schuldhulp Maasland'): Data => ({ id: randomUUID(), name, owner_organisation_id: owner });
const service = (organizationId: string, name = 'Spreekuur geldzaken'): Data => ({ id: randomUUID(), organization_id: organizationId, name, status: 'active' });
const feedback = (serviceId: string, overrides: Partial<Data> = {}): Data =>
  ({ id: randomUUID(), service_id: serviceId, note: 'Het spreekuur is verhuisd.', created_at: '2026-11-24T10:15:00+01:00', resolved: false, ...overrides });
const change = (entity: string, data: Data, baseVersion: number, deleted = false) => ({ entity, id: data.id, baseVersion, deleted, data });

/** The one answer for a kaart id stored in another scope: the same apart from the echoed id and entity. */
const idInUse = (entity: string, id: string): PushResult => ({ id, entity, status: 'rejected', version: 0, code: 'id_in_use', field: 'id', message: ID_IN_USE_MESSAGES.kaart });

async function enrollCoordinator(server: TestServer, organisationId: string): Promise<EnrollResponse> {
  const code = await createEnrollmentCode(server.db, organisationId, 7, 'coordinator');
  return (await server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Coördinator' } })).json();
}

/** A stored kaart row as it is, and the newest change number: a refused change moves neither. */
async function snapshot(server: TestServer, id: string) {
  const [row] = await server.db.query('SELECT to_jsonb(k)::text AS row FROM kaart_records k WHERE id = $1', [id]);
  const [seq] = await server.db.query('SELECT max(change_seq)::text AS seq FROM kaart_records');
  return { row, seq };
}

describe.each(DATABASE_KINDS)('a kaart record belongs to its scope, on %s', (kind) => {
  const server = useTestServer(kind);
  let ours: EnrollResponse;
  let ourStaff: EnrollResponse;
  let theirs: EnrollResponse;
  let theirStaff: EnrollResponse;
  let nationalToken = '';
  let ownOrganization: Data;
  let ownService: Data;
  let nationalService: Data;

  const pushed = async (token: string, changes: unknown[]): Promise<PushResult[]> => {
    const response = await server.app.inject({ method: 'POST', url: CHANGES, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ changes }) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results;
  };

  beforeAll(async () => {
    ours = await enrollCoordinator(server, ORGANISATION.id);
    ourStaff = await enrollTablet(server);
    theirs = await enrollCoordinator(server, OTHER_ORGANISATION.id);
    theirStaff = await enrollTablet(server, OTHER_ORGANISATION.id);
    nationalToken = await createApiToken(server.db, 'national', null);
    ownOrganization = organization(ORGANISATION.id);
    ownService = service(ownOrganization.id);
    const national = organization(null, 'Belastingdienst');
    nationalService = service(national.id, 'BelastingTelefoon');
    expect((await pushed(ours.token, [change('organization', ownOrganization, 0), change('service', ownService, 0)])).map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await pushed(nationalToken, [change('organization', national, 0), change('service', nationalService, 0)])).map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  it('refuses another organisation\'s edit, delete, resend and stale edit of our entry with one neutral answer and leaves it as it was', async () => {
    const before = await snapshot(server, ownService.id);
    const attempts = [
      change('service', { ...ownService, name: 'Overgenomen' }, 1),
      change('service', ownService, 1), // identical content: never "unchanged"
      change('service', ownService, 1, true),
      change('service', { ...ownService, name: 'Oud' }, 7), // a wrong base version: never "conflict, here is the current one"
      change('service', { ...ownService, name: 'Nieuw' }, 0),
    ];
    for (const attempt of attempts) expect(await pushed(theirs.token, [attempt])).toEqual([idInUse('service', ownService.id)]);
    expect(await snapshot(server, ownService.id)).toEqual(before);
  });

  it('answers a deleted entry of ours exactly like a live one', async () => {
    const gone = service(ownOrganization.id, 'Oud spreekuur');
    await pushed(ours.token, [change('service', gone, 0)]);
    expect((await pushed(ours.token, [change('service', gone, 1, true)]))[0]).toMatchObject({ status: 'applied', version: 2 });
    const before = await snapshot(server, gone.id);
    expect(await pushed(theirs.token, [change('service', { ...gone, name: 'Terug' }, 2)])).toEqual([idInUse('service', gone.id)]);
    expect(await snapshot(server, gone.id)).toEqual(before);
  });

  it('refuses the national token on an organisation\'s entry, and a coordinator on a national entry, the same way', async () => {
    const before = await Promise.all([ownService.id, nationalService.id].map((id) => snapshot(server, id)));
    expect(await pushed(nationalToken, [change('service', { ...ownService, name: 'Landelijk' }, 1)])).toEqual([idInUse('service', ownService.id)]);
    expect(await pushed(ours.token, [change('service', { ...nationalService, name: 'Eigen' }, 1, true)])).toEqual([idInUse('service', nationalService.id)]);
    expect(await Promise.all([ownService.id, nationalService.id].map((id) => snapshot(server, id)))).toEqual(before);
  });

  it('refuses feedback under an id another organisation used, for staff and coordinator alike, and keeps the note', async () => {
    const note = feedback(ownService.id);
    expect((await pushed(ourStaff.token, [change('feedback', note, 0)]))[0]).toMatchObject({ status: 'applied' });
    const before = await snapshot(server, note.id);
    const attempts: [string, unknown][] = [
      [theirStaff.token, change('feedback', feedback(nationalService.id, { id: note.id, note: 'Overschreven' }), 0)],
      [theirStaff.token, change('feedback', feedback(nationalService.id, { id: note.id }), 1)],
      [theirs.token, change('feedback', { ...note, resolved: true }, 1)],
      [theirs.token, change('feedback', note, 1, true)],
    ];
    for (const [token, attempt] of attempts) expect(await pushed(token, [attempt])).toEqual([idInUse('feedback', note.id)]);
    expect(await snapshot(server, note.id)).toEqual(before);
  });

  it('answers a staff tablet the same for another organisation\'s entry as for one that does not exist: only a coordinator edits', async () => {
    const [foreign, unknown] = await pushed(theirStaff.token, [change('service', { ...ownService, name: 'X' }, 1), change('service', service(ownOrganization.id), 1)]);
    expect({ ...foreign, id: '' }).toEqual({ ...unknown, id: '' });
    expect(foreign).toMatchObject({ status: 'rejected', code: 'forbidden_scope', version: 0, message: 'Alleen een coördinator kan de sociale kaart wijzigen.' });
  });

  it('answers a child of another organisation\'s entry exactly like a child of one that does not exist', async () => {
    const [underTheirs, underNothing] = await pushed(theirs.token, [change('service', service(ownOrganization.id), 0), change('service', service(randomUUID()), 0)]);
    expect({ ...underTheirs, id: '' }).toEqual({ ...underNothing, id: '' });
    expect(underTheirs).toMatchObject({ status: 'rejected', code: 'unknown_reference', field: 'organization_id' });
  });

  it('gives every foreign id the same body, with no version, no current record and no hint of whose it is', async () => {
    const results = await pushed(theirs.token, [change('organization', ownOrganization, 1), change('service', ownService, 3, true), change('service', nationalService, 1)]);
    expect(results).toEqual([idInUse('organization', ownOrganization.id), idInUse('service', ownService.id), idInUse('service', nationalService.id)]);
    expect(JSON.stringify(results)).not.toMatch(/current|landelijk|organisatie|Maasland|Belasting/i);
  });
});
