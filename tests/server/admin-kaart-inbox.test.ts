import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import { amsterdamDay } from '../../src/shared/time';
import { createApiToken } from '../../src/server/api-tokens';
import { uncheckedBefore } from '../../src/server/admin/kaart-inbox';
import type { Database } from '../../src/server/db/database';
import { ADMIN, call, makeRoles, ORG, ROLES, type Role, snapshot } from './admin-fixtures';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { DATABASE_KINDS, enrollTablet, type TestServer, useTestServer } from './test-server';

const INBOX = `${ORG}/kaart-inbox`;
const OTHER_INBOX = `${ADMIN}/organisations/${OTHER_ORGANISATION.id}/kaart-inbox`;
const NATIONAL_INBOX = `${ADMIN}/kaart-inbox`;
const CHANGES = '/api/v1/kaart/changes';

type Data = Record<string, unknown> & { id: string };
const organization = (owner: string | null, name: string): Data => ({ id: randomUUID(), name, owner_organisation_id: owner });
const service = (organizationId: string, name: string, assured?: string): Data =>
  ({ id: randomUUID(), organization_id: organizationId, name, status: 'active', ...(assured ? { assured_date: assured } : {}) });
const feedback = (serviceId: string, note: string, createdAt: string): Data => ({ id: randomUUID(), service_id: serviceId, note, created_at: createdAt, resolved: false });
const create = (entity: string, data: Data) => ({ entity, id: data.id, baseVersion: 0, deleted: false, data });

/** What each role gets on an organisation's inbox route, and on a national one. */
const ORG_SCOPE = (ok: number): Record<Role, number> => ({ none: 401, staffTablet: 403, otherCoordinator: 404, coordinatorTablet: ok, coordinator: ok, national: ok });
const NATIONAL_SCOPE = (ok: number): Record<Role, number> => ({ none: 401, staffTablet: 403, otherCoordinator: 403, coordinatorTablet: 403, coordinator: 403, national: ok });

/** The management tables plus the kaart and the resolutions: a refused request changes none of them. */
async function fingerprint(db: Database): Promise<string> {
  const parts = [await snapshot(db)];
  for (const table of ['kaart_records', 'kaart_feedback_resolutions']) {
    const [row] = await db.query<{ n: number; digest: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${table} t`);
    parts.push(`${table}:${row.n}:${row.digest}`);
  }
  return parts.join(' ');
}

function kaartClient(server: TestServer) {
  const push = async (token: string, changes: unknown[]) => {
    const response = await server.app.inject({ method: 'POST', url: CHANGES, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ changes }) });
    expect(response.statusCode, response.body).toBe(200);
    const results = response.json().results as { status: string; message?: string }[];
    expect(results.map((r) => r.status), response.body).toEqual(changes.map(() => 'applied'));
  };
  const pull = async (token: string, since = '0') => {
    const response = await server.app.inject({ method: 'GET', url: `${CHANGES}?since=${since}&limit=1000`, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: { entity: string; id: string; version: number; data: Record<string, unknown> }[]; nextCursor: string };
  };
  return { push, pull };
}

describe.each(DATABASE_KINDS)('kaart inbox on %s', (kind) => {
  const server = useTestServer(kind);
  const kaart = kaartClient(server);
  const today = amsterdamDay(new Date());
  let roles: Record<Role, string | undefined>;
  let staff: EnrollResponse;
  let otherStaff: EnrollResponse;
  let ownCoordinator: string;
  let otherCoordinator: string;
  let national: string;
  const own = organization(ORGANISATION.id, 'Schuldhulp Maasland');
  const nationalOrganization = organization(null, 'Belastingdienst');
  const other = organization(OTHER_ORGANISATION.id, 'Taalhuis Utrecht');
  const never = service(own.id, 'Spreekuur geldzaken');
  const old = service(own.id, 'Formulierenhulp', '2020-03-01');
  const fresh = service(own.id, 'Digitaal café', amsterdamDay(new Date()));
  const nationalOld = service(nationalOrganization.id, 'BelastingTelefoon', '2021-01-01');
  const otherOld = service(other.id, 'Taalcafé', '2020-01-01');
  const newer = feedback(old.id, 'Het spreekuur is nu op maandag.', '2026-11-24T10:15:00+01:00');
  const older = feedback(nationalOld.id, 'Nummer klopt niet <script>alert(1)</script>', '2026-11-20T09:00:00Z');
  const otherReport = feedback(otherOld.id, 'Adres is anders.', '2026-11-21T09:00:00Z');

  beforeAll(async () => {
    roles = await makeRoles(server);
    staff = await enrollTablet(server);
    otherStaff = await enrollTablet(server, OTHER_ORGANISATION.id);
    ownCoordinator = roles.coordinator!;
    otherCoordinator = roles.otherCoordinator!;
    national = roles.national!;
    await kaart.push(ownCoordinator, [create('organization', own), create('service', never), create('service', old), create('service', fresh)]);
    await kaart.push(national, [create('organization', nationalOrganization), create('service', nationalOld)]);
    await kaart.push(otherCoordinator, [create('organization', other), create('service', otherOld)]);
    await kaart.push(staff.token, [create('feedback', newer), create('feedback', older)]);
    await kaart.push(otherStaff.token, [create('feedback', otherReport)]);
  });

  /** Calls with every role; a refused call answers {error, message} and changes nothing. `prepare` makes a fresh target per role. */
  async function statusesByRole(request: () => Promise<{ method: InjectOptions['method']; url: string; body?: unknown }>): Promise<Record<Role, number>> {
    const got = {} as Record<Role, number>;
    for (const role of ROLES) {
      const { method, url, body } = await request();
      const before = await fingerprint(server.db);
      const response = await call(server, roles[role], method, url, body);
      got[role] = response.statusCode;
      if (response.statusCode >= 400) {
        expect(response.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
        expect(await fingerprint(server.db)).toBe(before);
      }
    }
    return got;
  }

  const newReport = async () => {
    const report = feedback(never.id, 'Bestaat niet meer.', new Date().toISOString());
    await kaart.push(staff.token, [create('feedback', report)]);
    return report;
  };
  /** A report about the national entry, passed on by the own coordinator ("doorgegeven"). */
  const passedOnReport = async (note = 'Ander nummer.') => {
    const report = feedback(nationalOld.id, note, new Date().toISOString());
    await kaart.push(staff.token, [create('feedback', report)]);
    const passed = await call(server, ownCoordinator, 'POST', `${INBOX}/feedback/${report.id}/resolve`, { resolution: 'doorgegeven' });
    expect(passed.statusCode, passed.body).toBe(200);
    return report;
  };
  /** A report about the national entry, written by the tablet `token` and left open. */
  const openNationalReport = async (token: string, note = 'Het nummer op de site is anders.') => {
    const report = feedback(nationalOld.id, note, new Date().toISOString());
    await kaart.push(token, [create('feedback', report)]);
    return report;
  };
  const newStaleService = async (token: string, organizationId: string) => {
    const stale = service(organizationId, 'Oud spreekuur', '2019-05-01');
    await kaart.push(token, [create('service', stale)]);
    return stale;
  };

  describe('who may do what', () => {
    it('GET feedback: the organisation, its coordinators and the national team', async () => {
      expect(await statusesByRole(async () => ({ method: 'GET', url: `${INBOX}/feedback` }))).toEqual(ORG_SCOPE(200));
    });
    it('GET unchecked: the organisation, its coordinators and the national team', async () => {
      expect(await statusesByRole(async () => ({ method: 'GET', url: `${INBOX}/unchecked` }))).toEqual(ORG_SCOPE(200));
    });
    it('POST resolve: a fresh report per role; only those in scope close it', async () => {
      expect(await statusesByRole(async () => ({ method: 'POST', url: `${INBOX}/feedback/${(await newReport()).id}/resolve`, body: { resolution: 'klopt_wel' } }))).toEqual(ORG_SCOPE(200));
    });
    it('POST assure: a fresh stale service per role; only those in scope check it', async () => {
      expect(await statusesByRole(async () => ({ method: 'POST', url: `${INBOX}/services/${(await newStaleService(ownCoordinator, own.id)).id}/assure` }))).toEqual(ORG_SCOPE(200));
    });
    it('GET passed-on: the organisation, its coordinators and the national team', async () => {
      expect(await statusesByRole(async () => ({ method: 'GET', url: `${INBOX}/passed-on` }))).toEqual(ORG_SCOPE(200));
    });
    it('GET national unchecked: the national team only', async () => {
      expect(await statusesByRole(async () => ({ method: 'GET', url: `${NATIONAL_INBOX}/unchecked` }))).toEqual(NATIONAL_SCOPE(200));
    });
    it('GET national feedback (the reports about national entries): the national team only', async () => {
      expect(await statusesByRole(async () => ({ method: 'GET', url: `${NATIONAL_INBOX}/feedback` }))).toEqual(NATIONAL_SCOPE(200));
    });
    it('POST national resolve: a fresh passed-on report per role; the national team only', async () => {
      expect(await statusesByRole(async () => ({ method: 'POST', url: `${NATIONAL_INBOX}/feedback/${(await passedOnReport()).id}/resolve`, body: { resolution: 'klopt_wel' } }))).toEqual(NATIONAL_SCOPE(200));
    });
    it('POST national resolve of an open report about a national entry: a fresh one per role; the national team only', async () => {
      expect(await statusesByRole(async () => ({ method: 'POST', url: `${NATIONAL_INBOX}/feedback/${(await openNationalReport(otherStaff.token)).id}/resolve`, body: { resolution: 'aangepast' } }))).toEqual(NATIONAL_SCOPE(200));
    });
    it('POST national assure: the national team only', async () => {
      expect(await statusesByRole(async () => ({ method: 'POST', url: `${NATIONAL_INBOX}/services/${(await newStaleService(national, nationalOrganization.id)).id}/assure`, body: {} }))).toEqual(NATIONAL_SCOPE(200));
    });
  });

  describe('ids of others are not found, and nothing changes', () => {
    it.each([
      ['another organisation\'s report in the own inbox', () => `${INBOX}/feedback/${otherReport.id}/resolve`, { resolution: 'aangepast' }],
      ['a service id as a report id', () => `${INBOX}/feedback/${old.id}/resolve`, { resolution: 'aangepast' }],
      ['an id that is no uuid', () => `${INBOX}/feedback/1%27%20OR%201%3D1/resolve`, { resolution: 'aangepast' }],
      ['another organisation\'s service in the own inbox', () => `${INBOX}/services/${otherOld.id}/assure`, undefined],
      ['a national service in an organisation\'s inbox', () => `${INBOX}/services/${nationalOld.id}/assure`, undefined],
      ['a report id as a service id', () => `${INBOX}/services/${newer.id}/assure`, undefined],
    ])('%s: 404', async (_name, url, body) => {
      const before = await fingerprint(server.db);
      for (const token of [ownCoordinator, roles.coordinatorTablet, national]) {
        const response = await call(server, token, 'POST', url(), body);
        expect(response.statusCode, response.body).toBe(404);
        expect(response.json()).toEqual({ error: 'not_found', message: expect.stringMatching(/bestaat niet\.$/) });
      }
      expect(await fingerprint(server.db)).toBe(before);
    });

    it('a coordinator of another organisation asks for our report in its own inbox: the same 404', async () => {
      const before = await fingerprint(server.db);
      const theirs = await call(server, otherCoordinator, 'POST', `${OTHER_INBOX}/feedback/${newer.id}/resolve`, { resolution: 'klopt_wel' });
      const unknown = await call(server, otherCoordinator, 'POST', `${OTHER_INBOX}/feedback/${randomUUID()}/resolve`, { resolution: 'klopt_wel' });
      expect(theirs.statusCode).toBe(404);
      expect(theirs.body).toBe(unknown.body);
      expect((await call(server, otherCoordinator, 'POST', `${OTHER_INBOX}/services/${old.id}/assure`)).statusCode).toBe(404);
      expect(await fingerprint(server.db)).toBe(before);
    });

    it('the national route never checks an organisation\'s service', async () => {
      const before = await fingerprint(server.db);
      expect((await call(server, national, 'POST', `${NATIONAL_INBOX}/services/${old.id}/assure`)).statusCode).toBe(404);
      expect(await fingerprint(server.db)).toBe(before);
    });
  });

  describe('bad bodies: a Dutch message naming the field, nothing changed', () => {
    it.each([
      ['no body', undefined, /"resolution" ontbreekt/],
      ['an empty object', {}, /"resolution" ontbreekt/],
      ['a wrong value', { resolution: 'weg' }, /"resolution" moet een van deze zijn: aangepast, klopt_wel/],
      ['a value in capitals', { resolution: 'AANGEPAST' }, /"resolution" moet een van deze zijn/],
      ['hostile text', { resolution: 'aangepast\u202e' }, /"resolution" moet een van deze zijn/],
      ['a number', { resolution: 1 }, /"resolution" moet een van deze zijn/],
      ['an unknown field', { resolution: 'aangepast', resolved: false }, /"resolved" is onbekend/],
      ['a list', ['aangepast'], /JSON-object/],
      ['a text', 'aangepast', /JSON-object/],
    ])('resolve with %s', async (_name, body, message) => {
      const before = await fingerprint(server.db);
      const response = await call(server, ownCoordinator, 'POST', `${INBOX}/feedback/${newer.id}/resolve`, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(message) });
      expect(await fingerprint(server.db)).toBe(before);
    });

    it.each([
      ['a date of its own', { assured_date: '2020-01-01' }],
      ['an id', { id: 'x' }],
      ['a list', []],
    ])('assure with %s', async (_name, body) => {
      const before = await fingerprint(server.db);
      for (const url of [`${INBOX}/services/${old.id}/assure`, `${NATIONAL_INBOX}/services/${nationalOld.id}/assure`]) {
        const response = await call(server, url.startsWith(INBOX) ? ownCoordinator : national, 'POST', url, body);
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json()).toMatchObject({ error: 'invalid_request', message: expect.stringMatching(/^(Het veld|Stuur een JSON-object)/) });
      }
      expect(await fingerprint(server.db)).toBe(before);
    });

    it.each([
      ['__proto__', '{"resolution":"aangepast","__proto__":{"resolution":"klopt_wel"}}'],
      ['constructor.prototype', '{"resolution":"aangepast","constructor":{"prototype":{"x":1}}}'],
    ])('a body with %s: 400, nothing changed', async (_name, payload) => {
      const before = await fingerprint(server.db);
      const response = await server.app.inject({ method: 'POST', url: `${INBOX}/feedback/${newer.id}/resolve`, headers: { authorization: `Bearer ${ownCoordinator}`, 'content-type': 'application/json' }, payload });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toEqual({ error: expect.stringMatching(/^invalid_(request|json)$/), message: expect.any(String) });
      expect(await fingerprint(server.db)).toBe(before);
    });

    it('a body that is not JSON: 400, nothing changed', async () => {
      const before = await fingerprint(server.db);
      const response = await server.app.inject({ method: 'POST', url: `${INBOX}/feedback/${newer.id}/resolve`, headers: { authorization: `Bearer ${ownCoordinator}`, 'content-type': 'application/json' }, payload: '{"resolution":' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'invalid_json', message: expect.any(String) });
      expect(await fingerprint(server.db)).toBe(before);
    });
  });

  describe('the reports', () => {
    it('lists open reports oldest first: the service and its organisation, what staff wrote, when, which tablet', async () => {
      const response = await call(server, ownCoordinator, 'GET', `${INBOX}/feedback`);
      expect(response.headers['cache-control']).toBe('no-store');
      const reports = response.json().feedback as { id: string }[];
      const mine = reports.filter((report) => report.id === older.id || report.id === newer.id);
      expect(mine).toEqual([
        {
          id: older.id, version: 1, note: older.note, createdAt: older.created_at,
          service: { id: nationalOld.id, name: 'BelastingTelefoon', deleted: false, national: true },
          organization: { id: nationalOrganization.id, name: 'Belastingdienst' },
          device: { id: staff.deviceId, label: 'Tablet test' },
          resolutions: ['doorgegeven', 'klopt_wel'],
        },
        {
          id: newer.id, version: 1, note: newer.note, createdAt: newer.created_at,
          service: { id: old.id, name: 'Formulierenhulp', deleted: false, national: false },
          organization: { id: own.id, name: 'Schuldhulp Maasland' },
          device: { id: staff.deviceId, label: 'Tablet test' },
          resolutions: ['aangepast', 'klopt_wel'],
        },
      ]);
      expect(reports.map((report) => report.id)).not.toContain(otherReport.id);
    });

    it('closes a report: it leaves the list, the tablets pull resolved: true, the reason and the audit row are kept', async () => {
      const report = await newReport();
      const cursor = (await kaart.pull(staff.token)).nextCursor;
      const response = await call(server, roles.coordinatorTablet, 'POST', `${INBOX}/feedback/${report.id}/resolve`, { resolution: 'aangepast' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ id: report.id, version: 2, resolution: 'aangepast', resolvedAt: expect.any(String) });
      const open = (await call(server, ownCoordinator, 'GET', `${INBOX}/feedback`)).json().feedback as { id: string }[];
      expect(open.map((r) => r.id)).not.toContain(report.id);
      const pulled = (await kaart.pull(staff.token, cursor)).items.filter((item) => item.id === report.id);
      expect(pulled).toEqual([expect.objectContaining({ entity: 'feedback', version: 2, data: { ...report, resolved: true } })]);
      const [kept] = await server.db.query<{ resolution: string; resolved_by_kind: string; organisation_id: string }>(
        'SELECT resolution, resolved_by_kind, organisation_id::text AS organisation_id FROM kaart_feedback_resolutions WHERE feedback_id = $1', [report.id]);
      expect(kept).toEqual({ resolution: 'aangepast', resolved_by_kind: 'coordinator_device', organisation_id: ORGANISATION.id });
      const audit = await server.db.query<{ action: string; actor_kind: string; before: unknown; after: unknown }>(
        'SELECT action, actor_kind, before, after FROM audit_log WHERE target = $1', [report.id]);
      expect(audit).toEqual([{ action: 'kaart.feedback.resolve', actor_kind: 'coordinator_device', before: { resolved: false }, after: { resolved: true, resolution: 'aangepast' } }]);
      // The Logboek names the service the report is about, never what staff wrote.
      const logged = (await call(server, ownCoordinator, 'GET', `${ORG}/audit`)).json().entries as { target: string; targetName: string | null }[];
      expect(logged.filter((e) => e.target === report.id).map((e) => e.targetName)).toEqual([`Melding over "${never.name}"`]);
    });

    it('a report about a national entry: a coordinator passes it on ("doorgegeven") and cannot say it changed it; the national team can', async () => {
      const aboutNational = async () => {
        const report = feedback(nationalOld.id, 'Ander nummer.', new Date().toISOString());
        await kaart.push(staff.token, [create('feedback', report)]);
        return report;
      };
      const report = await aboutNational();
      const listed = async (token: string) => ((await call(server, token, 'GET', `${INBOX}/feedback`)).json().feedback as { id: string; resolutions: string[] }[])
        .find((r) => r.id === report.id)?.resolutions;
      expect(await listed(ownCoordinator)).toEqual(['doorgegeven', 'klopt_wel']);
      expect(await listed(roles.coordinatorTablet!)).toEqual(['doorgegeven', 'klopt_wel']);
      expect(await listed(national)).toEqual(['aangepast', 'klopt_wel']);
      for (const token of [ownCoordinator, roles.coordinatorTablet!]) {
        const before = await fingerprint(server.db);
        const refused = await call(server, token, 'POST', `${INBOX}/feedback/${report.id}/resolve`, { resolution: 'aangepast' });
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toEqual({ error: 'forbidden', message: expect.stringContaining('alleen het landelijk team kan het aanpassen') });
        expect(await fingerprint(server.db)).toBe(before);
      }
      const passedOn = await call(server, ownCoordinator, 'POST', `${INBOX}/feedback/${report.id}/resolve`, { resolution: 'doorgegeven' });
      expect(passedOn.statusCode, passedOn.body).toBe(200);
      expect(passedOn.json()).toMatchObject({ id: report.id, version: 2, resolution: 'doorgegeven' });
      const [kept] = await server.db.query<{ resolution: string }>('SELECT resolution FROM kaart_feedback_resolutions WHERE feedback_id = $1', [report.id]);
      expect(kept).toEqual({ resolution: 'doorgegeven' });
      // The national team changes national entries: for it the same kind of report is "aangepast" or "klopt wel".
      const second = await aboutNational();
      expect((await call(server, national, 'POST', `${INBOX}/feedback/${second.id}/resolve`, { resolution: 'doorgegeven' })).statusCode).toBe(400);
      expect((await call(server, national, 'POST', `${INBOX}/feedback/${second.id}/resolve`, { resolution: 'aangepast' })).statusCode).toBe(200);
      // In the organisation's inbox too, the national team's closing is kept as its answer, which the organisation reads back.
      const [answer] = await server.db.query<Record<string, unknown>>('SELECT resolution, national_resolution FROM kaart_feedback_resolutions WHERE feedback_id = $1', [second.id]);
      expect(answer).toEqual({ resolution: 'aangepast', national_resolution: 'aangepast' });
      // An entry of one's own organisation is changed, not passed on.
      const ownReport = await newReport();
      const before = await fingerprint(server.db);
      const wrong = await call(server, ownCoordinator, 'POST', `${INBOX}/feedback/${ownReport.id}/resolve`, { resolution: 'doorgegeven' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining('Deze dienst kunt u zelf aanpassen') });
      expect(await fingerprint(server.db)).toBe(before);
    });

    it('a report passed on waits in the national team\'s own list until the national team closes it there', async () => {
      const report = await passedOnReport('Het nummer is 0800 0543.');
      const passedOnList = async () => (await call(server, national, 'GET', `${NATIONAL_INBOX}/feedback`)).json().feedback as Array<Record<string, unknown> & { id: string }>;
      const listed = (await passedOnList()).find((r) => r.id === report.id);
      expect(listed).toEqual({
        id: report.id, version: 2, note: 'Het nummer is 0800 0543.', createdAt: report.created_at,
        service: { id: nationalOld.id, name: 'BelastingTelefoon', deleted: false, national: true },
        organization: { id: nationalOrganization.id, name: 'Belastingdienst' },
        device: null,
        resolutions: ['aangepast', 'klopt_wel'],
        reportedBy: { id: ORGANISATION.id, name: ORGANISATION.name },
        passedOn: { at: expect.any(String), organisation: { id: ORGANISATION.id, name: ORGANISATION.name } },
      });
      // Neither an open report about an organisation's own entry nor one closed otherwise is on it.
      const open = await newReport();
      const closedOtherwise = feedback(nationalOld.id, 'Klopt toch.', new Date().toISOString());
      await kaart.push(staff.token, [create('feedback', closedOtherwise)]);
      expect((await call(server, ownCoordinator, 'POST', `${INBOX}/feedback/${closedOtherwise.id}/resolve`, { resolution: 'klopt_wel' })).statusCode).toBe(200);
      const ids = (await passedOnList()).map((r) => r.id);
      expect(ids).not.toContain(open.id);
      expect(ids).not.toContain(closedOtherwise.id);
      for (const id of [open.id, randomUUID(), 'geen-id']) {
        const before = await fingerprint(server.db);
        const refused = await call(server, national, 'POST', `${NATIONAL_INBOX}/feedback/${id}/resolve`, { resolution: 'aangepast' });
        expect(refused.statusCode, refused.body).toBe(404);
        expect(refused.json()).toEqual({ error: 'not_found', message: 'Deze melding bestaat niet.' });
        expect(await fingerprint(server.db)).toBe(before);
      }
      const closedBefore = await fingerprint(server.db);
      const closedAlready = await call(server, national, 'POST', `${NATIONAL_INBOX}/feedback/${closedOtherwise.id}/resolve`, { resolution: 'aangepast' });
      expect(closedAlready.statusCode, closedAlready.body).toBe(400);
      expect(closedAlready.json()).toEqual({ error: 'invalid_request', message: 'Deze melding is al afgehandeld. Er is niets veranderd.' });
      expect(await fingerprint(server.db)).toBe(closedBefore);
      // "Doorgegeven" is the coordinator's word, not a way for the national team to close it.
      const before = await fingerprint(server.db);
      const wrong = await call(server, national, 'POST', `${NATIONAL_INBOX}/feedback/${report.id}/resolve`, { resolution: 'doorgegeven' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(/"resolution" moet een van deze zijn: aangepast, klopt_wel/) });
      expect(await fingerprint(server.db)).toBe(before);

      const cursor = (await kaart.pull(staff.token)).nextCursor;
      const closed = await call(server, national, 'POST', `${NATIONAL_INBOX}/feedback/${report.id}/resolve`, { resolution: 'aangepast' });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json()).toEqual({ id: report.id, version: 2, resolution: 'aangepast', resolvedAt: expect.any(String) });
      expect((await passedOnList()).map((r) => r.id)).not.toContain(report.id);
      // The coordinator's "doorgegeven" stays; the national team's answer is kept beside it; the tablets get nothing new.
      const [kept] = await server.db.query<Record<string, unknown>>(
        `SELECT resolution, resolved_by_kind, national_resolution, national_resolved_at IS NOT NULL AS national_at FROM kaart_feedback_resolutions WHERE feedback_id = $1`, [report.id]);
      expect(kept).toEqual({ resolution: 'doorgegeven', resolved_by_kind: 'coordinator_token', national_resolution: 'aangepast', national_at: true });
      expect((await kaart.pull(staff.token, cursor)).items.filter((item) => item.id === report.id)).toEqual([]);
      const log = (await call(server, national, 'GET', `${ADMIN}/audit`)).json().entries as Array<{ target: string; actorKind: string }>;
      expect(log.filter((e) => e.target === report.id && e.actorKind === 'national_token')).toEqual([expect.objectContaining({
        action: 'kaart.feedback.resolve', organisationId: ORGANISATION.id, targetName: 'Melding over "BelastingTelefoon"',
        before: { nationalResolution: null }, after: { nationalResolution: 'aangepast' },
      })]);
      // Closing it again: a clear answer, nothing changed.
      const beforeAgain = await fingerprint(server.db);
      const again = await call(server, national, 'POST', `${NATIONAL_INBOX}/feedback/${report.id}/resolve`, { resolution: 'klopt_wel' });
      expect(again.statusCode).toBe(400);
      expect(again.json()).toEqual({ error: 'invalid_request', message: 'Deze melding is al afgehandeld. Er is niets veranderd.' });
      expect(await fingerprint(server.db)).toBe(beforeAgain);
    });

    it('a passed-on report its organisation deleted since leaves the national list and cannot be closed there', async () => {
      const report = await passedOnReport('Weg ermee.');
      const stored = (await kaart.pull(ownCoordinator)).items.find((item) => item.id === report.id)!;
      await kaart.push(ownCoordinator, [{ entity: 'feedback', id: report.id, baseVersion: stored.version, deleted: true }]);
      const listed = (await call(server, national, 'GET', `${NATIONAL_INBOX}/feedback`)).json().feedback as { id: string }[];
      expect(listed.map((r) => r.id)).not.toContain(report.id);
      const before = await fingerprint(server.db);
      const refused = await call(server, national, 'POST', `${NATIONAL_INBOX}/feedback/${report.id}/resolve`, { resolution: 'klopt_wel' });
      expect(refused.statusCode, refused.body).toBe(404);
      expect(await fingerprint(server.db)).toBe(before);
    });

    it('an open report about a national entry is on the national list at once, from every organisation; one about an own entry is not', async () => {
      const ours = await openNationalReport(staff.token, 'Nummer <b>klopt</b> niet.');
      const theirs = await openNationalReport(otherStaff.token, 'Ook bij ons fout.');
      const local = await newReport();
      const theirLocal = feedback(otherOld.id, 'Taalcafé is verhuisd.', new Date().toISOString());
      await kaart.push(otherStaff.token, [create('feedback', theirLocal)]);
      const before = await fingerprint(server.db);
      const response = await call(server, national, 'GET', `${NATIONAL_INBOX}/feedback`);
      expect(response.statusCode, response.body).toBe(200);
      expect(await fingerprint(server.db)).toBe(before);
      const list = response.json().feedback as Array<Record<string, unknown> & { id: string; createdAt: string }>;
      const ids = list.map((r) => r.id);
      expect(ids).toEqual(expect.arrayContaining([ours.id, theirs.id, older.id]));
      expect(ids).not.toContain(local.id);
      expect(ids).not.toContain(theirLocal.id);
      expect(ids).not.toContain(otherReport.id);
      expect(list.find((r) => r.id === ours.id)).toEqual({
        id: ours.id, version: 1, note: 'Nummer <b>klopt</b> niet.', createdAt: ours.created_at,
        service: { id: nationalOld.id, name: 'BelastingTelefoon', deleted: false, national: true },
        organization: { id: nationalOrganization.id, name: 'Belastingdienst' },
        device: { id: staff.deviceId, label: 'Tablet test' },
        resolutions: ['aangepast', 'klopt_wel'],
        reportedBy: { id: ORGANISATION.id, name: ORGANISATION.name },
        passedOn: null,
      });
      expect(list.find((r) => r.id === theirs.id)).toMatchObject({ reportedBy: { id: OTHER_ORGANISATION.id, name: OTHER_ORGANISATION.name }, device: { id: otherStaff.deviceId }, passedOn: null });
      const times = list.map((r) => Date.parse(r.createdAt));
      expect(times).toEqual([...times].sort((a, b) => a - b)); // the oldest report first
      // Each organisation's coordinator still sees its own report (and may pass it on), never the other's.
      const openIds = async (token: string, inbox: string) => ((await call(server, token, 'GET', `${inbox}/feedback`)).json().feedback as { id: string }[]).map((r) => r.id);
      expect(await openIds(ownCoordinator, INBOX)).toContain(ours.id);
      expect(await openIds(ownCoordinator, INBOX)).not.toContain(theirs.id);
      expect(await openIds(otherCoordinator, OTHER_INBOX)).toContain(theirs.id);
      expect(await openIds(otherCoordinator, OTHER_INBOX)).not.toContain(ours.id);
      // Passed on, it stays on the national list once, now saying so.
      expect((await call(server, ownCoordinator, 'POST', `${INBOX}/feedback/${ours.id}/resolve`, { resolution: 'doorgegeven' })).statusCode).toBe(200);
      const after = (await call(server, national, 'GET', `${NATIONAL_INBOX}/feedback`)).json().feedback as Array<{ id: string; passedOn: unknown; device: unknown }>;
      expect(after.filter((r) => r.id === ours.id)).toEqual([expect.objectContaining({ device: null, passedOn: { at: expect.any(String), organisation: { id: ORGANISATION.id, name: ORGANISATION.name } } })]);
    });

    it('the national team closes an open report about a national entry as its coordinator would: the tablets pull it, one audit row', async () => {
      const report = await openNationalReport(otherStaff.token, 'Website klopt niet.');
      const cursor = (await kaart.pull(otherStaff.token)).nextCursor;
      const closed = await call(server, national, 'POST', `${NATIONAL_INBOX}/feedback/${report.id.toUpperCase()}/resolve`, { resolution: 'aangepast' });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json()).toEqual({ id: report.id, version: 2, resolution: 'aangepast', resolvedAt: expect.any(String) });
      // The other organisation's tablets pull `resolved`, as after its coordinator's closing; the report leaves both lists.
      expect((await kaart.pull(otherStaff.token, cursor)).items.filter((item) => item.id === report.id)).toEqual([
        expect.objectContaining({ entity: 'feedback', version: 2, data: expect.objectContaining({ resolved: true, note: 'Website klopt niet.' }) }),
      ]);
      const nationalIds = ((await call(server, national, 'GET', `${NATIONAL_INBOX}/feedback`)).json().feedback as { id: string }[]).map((r) => r.id);
      expect(nationalIds).not.toContain(report.id);
      const theirIds = ((await call(server, otherCoordinator, 'GET', `${OTHER_INBOX}/feedback`)).json().feedback as { id: string }[]).map((r) => r.id);
      expect(theirIds).not.toContain(report.id);
      const [kept] = await server.db.query<Record<string, unknown>>(
        'SELECT organisation_id::text AS organisation_id, resolution, resolved_by_kind, national_resolution FROM kaart_feedback_resolutions WHERE feedback_id = $1', [report.id]);
      expect(kept).toEqual({ organisation_id: OTHER_ORGANISATION.id, resolution: 'aangepast', resolved_by_kind: 'national_token', national_resolution: 'aangepast' });
      // Its coordinator reads what the national team did, as for a report it passed on; the other organisation does not.
      const atTheTeam = (await call(server, otherCoordinator, 'GET', `${OTHER_INBOX}/passed-on`)).json().reports as Array<{ id: string }>;
      expect(atTheTeam.filter((r) => r.id === report.id)).toEqual([{
        id: report.id, note: 'Website klopt niet.', service: { id: nationalOld.id, name: 'BelastingTelefoon', deleted: false },
        passedOnAt: null, national: { resolution: 'aangepast', at: expect.any(String) },
      }]);
      expect(((await call(server, ownCoordinator, 'GET', `${INBOX}/passed-on`)).json().reports as Array<{ id: string }>).map((r) => r.id)).not.toContain(report.id);
      const log = (await call(server, national, 'GET', `${ADMIN}/audit`)).json().entries as Array<{ target: string }>;
      expect(log.filter((e) => e.target === report.id)).toEqual([expect.objectContaining({
        action: 'kaart.feedback.resolve', organisationId: OTHER_ORGANISATION.id, actorKind: 'national_token',
        before: { resolved: false }, after: { resolved: true, resolution: 'aangepast' },
      })]);
      // Closed: again, or by its coordinator now, a clear answer and nothing changed.
      const before = await fingerprint(server.db);
      for (const [token, url, resolution] of [[national, NATIONAL_INBOX, 'klopt_wel'], [otherCoordinator, OTHER_INBOX, 'doorgegeven']] as const) {
        const again = await call(server, token, 'POST', `${url}/feedback/${report.id}/resolve`, { resolution });
        expect(again.statusCode, again.body).toBe(400);
        expect(again.json()).toEqual({ error: 'invalid_request', message: 'Deze melding is al afgehandeld. Er is niets veranderd.' });
      }
      expect(await fingerprint(server.db)).toBe(before);
    });

    it('another organisation\'s report about a national entry: never seen nor closed by a coordinator, a municipality or a tablet', async () => {
      const theirs = await openNationalReport(otherStaff.token, 'Alleen voor het landelijk team.');
      const municipality = await createApiToken(server.db, 'municipality', null, 365, ORGANISATION.municipalityCode);
      const before = await fingerprint(server.db);
      for (const token of [ownCoordinator, roles.coordinatorTablet!]) {
        // The own inbox, with the other organisation's report id: the same 404 as an unknown id.
        for (const resolution of ['doorgegeven', 'klopt_wel', 'aangepast']) {
          const refused = await call(server, token, 'POST', `${INBOX}/feedback/${theirs.id}/resolve`, { resolution });
          const unknown = await call(server, token, 'POST', `${INBOX}/feedback/${randomUUID()}/resolve`, { resolution });
          expect([refused.statusCode, refused.body]).toEqual([404, unknown.body]);
        }
        expect(((await call(server, token, 'GET', `${INBOX}/feedback`)).json().feedback as { id: string }[]).map((r) => r.id)).not.toContain(theirs.id);
        // The other organisation's inbox: not in scope.
        expect((await call(server, token, 'GET', `${OTHER_INBOX}/feedback`)).statusCode).toBe(404);
        expect((await call(server, token, 'POST', `${OTHER_INBOX}/feedback/${theirs.id}/resolve`, { resolution: 'klopt_wel' })).statusCode).toBe(404);
      }
      for (const token of [ownCoordinator, roles.coordinatorTablet!, municipality, staff.token, otherStaff.token, otherCoordinator]) {
        const list = await call(server, token, 'GET', `${NATIONAL_INBOX}/feedback`);
        const close = await call(server, token, 'POST', `${NATIONAL_INBOX}/feedback/${theirs.id}/resolve`, { resolution: 'klopt_wel' });
        expect([list.statusCode, close.statusCode]).toEqual([403, 403]);
        expect(list.body).not.toContain(theirs.id);
      }
      expect(await fingerprint(server.db)).toBe(before);
    });

    it('a report about a national entry deleted since goes back to its organisation: off the national list, not closed there', async () => {
      const entry = service(nationalOrganization.id, 'Landelijk spreekuur');
      await kaart.push(national, [create('service', entry)]);
      const report = feedback(entry.id, 'Bestaat niet meer.', new Date().toISOString());
      await kaart.push(staff.token, [create('feedback', report)]);
      await kaart.push(national, [{ entity: 'service', id: entry.id, baseVersion: 1, deleted: true }]);
      expect(((await call(server, national, 'GET', `${NATIONAL_INBOX}/feedback`)).json().feedback as { id: string }[]).map((r) => r.id)).not.toContain(report.id);
      const before = await fingerprint(server.db);
      expect((await call(server, national, 'POST', `${NATIONAL_INBOX}/feedback/${report.id}/resolve`, { resolution: 'klopt_wel' })).statusCode).toBe(404);
      expect(await fingerprint(server.db)).toBe(before);
      const theirs = (await call(server, ownCoordinator, 'GET', `${INBOX}/feedback`)).json().feedback as { id: string; resolutions: string[] }[];
      expect(theirs.find((r) => r.id === report.id)?.resolutions).toEqual(['aangepast', 'klopt_wel']);
    });

    it('the coordinator sees what it passed on in the last 90 days, newest first, and where each stands at the national team', async () => {
      const passedOnList = async (token: string) => {
        const response = await call(server, token, 'GET', `${INBOX}/passed-on`);
        expect(response.statusCode, response.body).toBe(200);
        return response.json().reports as Array<{ id: string; note: string; national: unknown }>;
      };
      const waiting = await passedOnReport('Nog niet bekeken.');
      const changed = await passedOnReport('Het nummer is veranderd.');
      const right = await passedOnReport('Klopt dit <b>wel</b>?');
      const deleted = await passedOnReport('Later gewist.');
      const longAgo = await passedOnReport('Van lang geleden.');
      for (const [report, resolution] of [[changed, 'aangepast'], [right, 'klopt_wel']] as const) {
        expect((await call(server, national, 'POST', `${NATIONAL_INBOX}/feedback/${report.id}/resolve`, { resolution })).statusCode).toBe(200);
      }
      const stored = (await kaart.pull(ownCoordinator)).items.find((item) => item.id === deleted.id)!;
      await kaart.push(ownCoordinator, [{ entity: 'feedback', id: deleted.id, baseVersion: stored.version, deleted: true }]);
      await server.db.query(`UPDATE kaart_feedback_resolutions SET resolved_at = now() - interval '91 days' WHERE feedback_id = $1`, [longAgo.id]);
      // Another organisation's report passed on, an open one and one closed otherwise: not on the list.
      const theirs = feedback(nationalOld.id, 'Van een ander.', new Date().toISOString());
      await kaart.push(otherStaff.token, [create('feedback', theirs)]);
      expect((await call(server, otherCoordinator, 'POST', `${OTHER_INBOX}/feedback/${theirs.id}/resolve`, { resolution: 'doorgegeven' })).statusCode).toBe(200);
      const open = await newReport();
      const closedOtherwise = feedback(nationalOld.id, 'Klopt toch.', new Date().toISOString());
      await kaart.push(staff.token, [create('feedback', closedOtherwise)]);
      expect((await call(server, ownCoordinator, 'POST', `${INBOX}/feedback/${closedOtherwise.id}/resolve`, { resolution: 'klopt_wel' })).statusCode).toBe(200);

      const before = await fingerprint(server.db);
      const listed = await passedOnList(ownCoordinator);
      expect(await fingerprint(server.db)).toBe(before);
      const ids = listed.map((r) => r.id);
      for (const id of [deleted.id, longAgo.id, theirs.id, open.id, closedOtherwise.id, older.id]) expect(ids).not.toContain(id);
      const mine = [right, changed, waiting].map((report) => listed.find((r) => r.id === report.id));
      expect(ids.filter((id) => [waiting.id, changed.id, right.id].includes(id))).toEqual([right.id, changed.id, waiting.id]); // newest first
      expect(mine).toEqual([
        { id: right.id, note: 'Klopt dit <b>wel</b>?', service: { id: nationalOld.id, name: 'BelastingTelefoon', deleted: false }, passedOnAt: expect.any(String), national: { resolution: 'klopt_wel', at: expect.any(String) } },
        { id: changed.id, note: 'Het nummer is veranderd.', service: { id: nationalOld.id, name: 'BelastingTelefoon', deleted: false }, passedOnAt: expect.any(String), national: { resolution: 'aangepast', at: expect.any(String) } },
        { id: waiting.id, note: 'Nog niet bekeken.', service: { id: nationalOld.id, name: 'BelastingTelefoon', deleted: false }, passedOnAt: expect.any(String), national: null },
      ]);
      const times = listed.flatMap((r) => ((r as unknown as { passedOnAt: string | null }).passedOnAt === null ? [] : [Date.parse((r as unknown as { passedOnAt: string }).passedOnAt)]));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // The same list for the organisation's coordinator tablet and the national team; the other organisation sees its own only.
      expect(await passedOnList(roles.coordinatorTablet!)).toEqual(listed);
      expect(await passedOnList(national)).toEqual(listed);
      const theirList = (await call(server, otherCoordinator, 'GET', `${OTHER_INBOX}/passed-on`)).json().reports as { id: string }[];
      expect(theirList.map((r) => r.id)).toContain(theirs.id);
      expect(theirList.map((r) => r.id)).not.toContain(waiting.id);
      expect((await call(server, otherCoordinator, 'GET', `${INBOX}/passed-on`)).statusCode).toBe(404);
    });

    it('closing twice: a clear Dutch answer, nothing changed', async () => {
      const report = await newReport();
      expect((await call(server, ownCoordinator, 'POST', `${INBOX}/feedback/${report.id}/resolve`, { resolution: 'klopt_wel' })).statusCode).toBe(200);
      const before = await fingerprint(server.db);
      const again = await call(server, ownCoordinator, 'POST', `${INBOX}/feedback/${report.id}/resolve`, { resolution: 'aangepast' });
      expect(again.statusCode).toBe(400);
      expect(again.json()).toEqual({ error: 'invalid_request', message: 'Deze melding is al afgehandeld. Er is niets veranderd.' });
      expect(await fingerprint(server.db)).toBe(before);
    });

    it('a report whose service was deleted stays in the list and can still be closed', async () => {
      const gone = service(own.id, 'Opgeheven spreekuur');
      await kaart.push(ownCoordinator, [create('service', gone)]);
      const report = feedback(gone.id, 'Dit spreekuur is gestopt.', new Date().toISOString());
      await kaart.push(staff.token, [create('feedback', report)]);
      await kaart.push(ownCoordinator, [{ entity: 'service', id: gone.id, baseVersion: 1, deleted: true }]);
      const open = (await call(server, ownCoordinator, 'GET', `${INBOX}/feedback`)).json().feedback as { id: string; service: unknown }[];
      expect(open.find((r) => r.id === report.id)?.service).toEqual({ id: gone.id, name: 'Opgeheven spreekuur', deleted: true, national: false });
      expect((await call(server, ownCoordinator, 'POST', `${INBOX}/feedback/${report.id}/resolve`, { resolution: 'aangepast' })).statusCode).toBe(200);
    });
  });

  describe('entries not checked for six months', () => {
    it('lists the organisation\'s services never checked or checked before six months ago, never-checked first, then oldest', async () => {
      const response = await call(server, ownCoordinator, 'GET', `${INBOX}/unchecked`);
      const services = response.json().services as { id: string; assuredDate: string | null }[];
      const ids = services.map((s) => s.id);
      expect(ids).toContain(never.id);
      expect(ids).toContain(old.id);
      expect(ids).not.toContain(fresh.id);
      expect(ids).not.toContain(nationalOld.id);
      expect(ids).not.toContain(otherOld.id);
      expect(services.find((s) => s.id === old.id)).toEqual({ id: old.id, version: 1, name: 'Formulierenhulp', status: 'active', assuredDate: '2020-03-01', organization: { id: own.id, name: 'Schuldhulp Maasland' } });
      const dates = services.map((s) => s.assuredDate ?? '');
      expect(dates).toEqual([...dates].sort());
      expect(services[0].assuredDate).toBeNull();
    });

    it('six months counts from today in Amsterdam, as the entry on the tablet warns', () => {
      expect(uncheckedBefore(new Date('2026-11-30T23:30:00Z'))).toBe('2026-06-01'); // 1 December in Amsterdam
      expect(uncheckedBefore(new Date('2026-08-15T10:00:00Z'))).toBe('2026-02-15');
    });

    it('"gecontroleerd vandaag": a new version the tablets pull, gone from the list, one audit row', async () => {
      const cursor = (await kaart.pull(staff.token)).nextCursor;
      const response = await call(server, ownCoordinator, 'POST', `${INBOX}/services/${never.id}/assure`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ id: never.id, version: 2, assuredDate: today });
      const pulled = (await kaart.pull(staff.token, cursor)).items.filter((item) => item.id === never.id);
      expect(pulled).toEqual([expect.objectContaining({ entity: 'service', version: 2 })]);
      expect(pulled[0].data).toMatchObject({ name: never.name, assured_date: today });
      const ids = ((await call(server, ownCoordinator, 'GET', `${INBOX}/unchecked`)).json().services as { id: string }[]).map((s) => s.id);
      expect(ids).not.toContain(never.id);
      const audit = await server.db.query<{ action: string; organisation_id: string; before: unknown; after: unknown }>(
        'SELECT action, organisation_id::text AS organisation_id, before, after FROM audit_log WHERE target = $1', [never.id]);
      expect(audit).toEqual([{ action: 'kaart.assure', organisation_id: ORGANISATION.id, before: { assuredDate: null }, after: { assuredDate: today } }]);
      const logged = (await call(server, ownCoordinator, 'GET', `${ORG}/audit`)).json().entries as { target: string; targetName: string | null }[];
      expect(logged.filter((e) => e.target === never.id).map((e) => e.targetName)).toEqual([never.name]);
      // Again the same day: nothing new to write or log.
      const before = await fingerprint(server.db);
      expect((await call(server, ownCoordinator, 'POST', `${INBOX}/services/${never.id}/assure`)).json()).toMatchObject({ version: 2, assuredDate: today });
      expect(await fingerprint(server.db)).toBe(before);
    });

    it('the national team checks a national entry: every organisation\'s tablets pull it', async () => {
      const cursor = (await kaart.pull(otherStaff.token)).nextCursor;
      const listed = ((await call(server, national, 'GET', `${NATIONAL_INBOX}/unchecked`)).json().services as { id: string }[]).map((s) => s.id);
      expect(listed).toContain(nationalOld.id);
      expect(listed).not.toContain(old.id);
      const response = await call(server, national, 'POST', `${NATIONAL_INBOX}/services/${nationalOld.id}/assure`, {});
      expect(response.statusCode, response.body).toBe(200);
      const pulled = (await kaart.pull(otherStaff.token, cursor)).items.find((item) => item.id === nationalOld.id);
      expect(pulled).toMatchObject({ version: 2, data: { assured_date: today } });
      const [audit] = await server.db.query<{ action: string; organisation_id: string | null; actor_kind: string }>(
        'SELECT action, organisation_id::text AS organisation_id, actor_kind FROM audit_log WHERE target = $1', [nationalOld.id]);
      expect(audit).toEqual({ action: 'kaart.assure', organisation_id: null, actor_kind: 'national_token' });
    });

    it('a coordinator token of a deactivated organisation may not use the inbox', async () => {
      const token = await createApiToken(server.db, 'coordinator', OTHER_ORGANISATION.id);
      await server.db.query('UPDATE organisations SET deactivated_at = now() WHERE id = $1', [OTHER_ORGANISATION.id]);
      try {
        expect((await call(server, token, 'GET', `${OTHER_INBOX}/feedback`)).statusCode).toBe(403);
      } finally {
        await server.db.query('UPDATE organisations SET deactivated_at = NULL WHERE id = $1', [OTHER_ORGANISATION.id]);
      }
    });
  });
});
