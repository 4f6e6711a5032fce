import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import { KAART_FIELDS } from '../../src/shared/kaart/fields';
import { createApiToken } from '../../src/server/api-tokens';
import type { Database } from '../../src/server/db/database';
import { API_ERRORS } from '../../src/server/errors';
import { RATE_LIMITED_ROUTES, UNLIMITED_API_ROUTES } from '../../src/server/rate-limits/request-limits';
import { rollupsCurrent, settleFolds } from '../../src/server/reports/pending-rollups';
import { ORG, makeRoles } from './admin-fixtures';
import { groupSession, ORGANISATION, registration } from './fixtures';
import { DATABASE_KINDS, enrollTablet, storeAccepted, useTestServer } from './test-server';

/*
 * Every API route, every kind of caller, hostile input (the project's rule: "Bad input gets a clear error, and nothing
 * is lost"). For each route and caller: bodies that are not what the route reads, path parameters that are not ids,
 * query strings that are wrong. Every answer: never a 5xx (but the documented 503s), an error is the contract's
 * `{error, message}` with a code of API_ERRORS for its status and a Dutch message, no stack trace or SQL; and the data
 * stored before is unchanged afterwards. In-process (app.inject):
 * some 3,700 requests on PGlite and 2,800 on PostgreSQL (there without the bodies the parser refuses: the same on both).
 */

type Caller = 'none' | 'staffTablet' | 'coordinatorTablet' | 'coordinator' | 'national' | 'municipality' | 'monitoring';
const CALLERS: Caller[] = ['none', 'staffTablet', 'coordinatorTablet', 'coordinator', 'national', 'municipality', 'monitoring'];
/** The server's METRICS_TOKEN, which the monitoring caller sends: it reaches the metrics and nothing else. */
const METRICS_TOKEN = 'metrics-token-of-the-monitoring-caller-0123456789';

/** What a hostile request is: its body (as bytes or text) with headers, or a path or a query string. */
interface Hostile {
  name: string;
  /** refused by the body's parsing (content type, coding, JSON) before a route's code or the database sees it */
  parser?: boolean;
  payload?: string | Buffer;
  headers?: Record<string, string>;
  query?: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const NESTING = 10_000;

/** The fields each route's body knows (docs/ingest-api.md, admin-api.md, api-extensions.md). */
function knownFields(route: string): string[] {
  const path = route.split(' ')[1];
  if (path.endsWith('/batches')) return ['batchId', 'deviceId', 'sentAt', 'records'];
  if (path.endsWith('/registrations/check')) return ['records'];
  if (path.endsWith('/registrations/check-days')) return ['days'];
  if (path.endsWith('/devices/enroll')) return ['code', 'label', 'attempt'];
  if (path.endsWith('/kaart/changes')) return ['changes'];
  if (path.endsWith('/reports/annual/text')) return ['year', 'organisation', 'municipality', 'text'];
  if (path.endsWith('/kaart-import')) return ['format', 'files', 'skipInvalid', 'dryRun', 'mergeDuplicates', 'mapping'];
  if (path.endsWith('/municipalities')) return ['csv'];
  if (path.endsWith('/municipality-tokens')) return ['municipalityCode', 'days'];
  if (path.endsWith('/tokens') || path.endsWith('/national-tokens')) return ['days'];
  if (path.endsWith('/codes')) return ['role', 'days'];
  if (path.endsWith('/close')) return ['closedOn'];
  if (path.endsWith('/resolve')) return ['resolution'];
  if (path.endsWith('/locations') || path.endsWith('/locations/:id')) {
    return ['name', 'municipalityCode', 'province', 'insideLibrary', 'kind', 'scenarios', 'idoHoursPerWeek', 'catchmentPopulation', 'latitude', 'longitude', 'openedOn', 'hoursFrom'];
  }
  if (path.endsWith('/devices/:id')) return ['label'];
  if (path.endsWith('/snelwijzer')) return ['title', 'topics', 'body', 'bring', 'links', 'service_id', 'checked_on'];
  if (path.endsWith('/snelwijzer/:id')) return ['title', 'topics', 'body', 'bring', 'links', 'service_id', 'checked_on', 'baseVersion'];
  if (path.endsWith('/copy') || path.endsWith('/delete')) return ['baseVersion'];
  if (path.endsWith('/admin/organisations')) return ['name', 'municipalityCode'];
  if (path.endsWith('/organisations/:organisationId')) return ['name'];
  return [];
}

// 4 KiB that unpack to 4 MiB: past the limit of every route but the kaart import (100 MB; content-encoding.test.ts).
const BOMB = gzipSync(Buffer.alloc(4 * 1_048_576, 32));
const deepObject = '{"a":'.repeat(NESTING) + '1' + '}'.repeat(NESTING);
const deepArray = '['.repeat(NESTING) + ']'.repeat(NESTING);
const withFields = (fields: string[], value: string) => `{${(fields.length > 0 ? fields : ['a']).map((field) => `${JSON.stringify(field)}:${value}`).join(',')}}`;

/** The hostile bodies for one route; `route` gives its known fields. */
function hostileBodies(route: string): Hostile[] {
  const fields = knownFields(route);
  const dates = fields.filter((field) => /On$|From$|sentAt|checked_on/.test(field));
  const huge = JSON.stringify('x'.repeat(Math.floor(900_000 / Math.max(1, fields.length))));
  const bodies: Hostile[] = [
    { name: 'not JSON', payload: '{"code": "ABCD', headers: JSON_TYPE },
    { name: 'empty', payload: '', headers: JSON_TYPE },
    { name: 'null', payload: 'null', headers: JSON_TYPE },
    { name: 'an array', payload: '[{"a":1}]', headers: JSON_TYPE },
    { name: 'a string', payload: '"tekst"', headers: JSON_TYPE },
    { name: 'a number', payload: '42', headers: JSON_TYPE },
    { name: 'a deeply nested object', payload: deepObject, headers: JSON_TYPE },
    { name: 'a deeply nested array', payload: deepArray, headers: JSON_TYPE },
    { name: 'deep nesting in every known field', payload: withFields(fields, deepObject), headers: JSON_TYPE },
    { name: 'a huge string in every known field', payload: withFields(fields, huge), headers: JSON_TYPE },
    { name: 'over 2 MiB', payload: JSON.stringify({ a: 'x'.repeat(3 * 1_048_576) }), headers: JSON_TYPE },
    { name: '__proto__', payload: `{"__proto__":{"polluted":"ja"},${withFields(fields, '{}').slice(1)}`, headers: JSON_TYPE },
    { name: 'constructor.prototype', payload: '{"constructor":{"prototype":{"polluted":"ja"}}}', headers: JSON_TYPE },
    ...['{}', '[]', 'true', '-1', '1e400', '"\\u0000"'].map((value) => ({ name: `every known field ${value}`, payload: withFields(fields, value), headers: JSON_TYPE })),
    // A day that does not exist in the fields that take a day (another field's valid text, "2026-02-30" would be a name).
    ...(dates.length > 0 ? [{ name: 'a day that does not exist', payload: withFields(dates, '"2026-02-30"'), headers: JSON_TYPE }, { name: 'the year 0', payload: withFields(dates, '"0000-01-01"'), headers: JSON_TYPE }] : []),
    { name: 'an unknown field', payload: '{"onbekendVeld":1,"__meta":{"x":[1,2]}}', headers: JSON_TYPE },
    { name: 'non-UTF-8 bytes', payload: Buffer.concat([Buffer.from('{"code":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80]), Buffer.from('"}')]), headers: JSON_TYPE },
    { name: 'a NUL in a known field', payload: withFields(fields, '"a\\u0000b"'), headers: JSON_TYPE },
    { name: 'a lone surrogate in every known field', payload: withFields(fields, '"\\ud800"'), headers: JSON_TYPE },
    { name: 'text/plain', payload: '{"a":1}', headers: { 'content-type': 'text/plain' } },
    { name: 'form-urlencoded', payload: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { name: 'a wrong charset', payload: '{"a":1}', headers: { 'content-type': 'application/json; charset=utf-16' } },
    { name: 'gzip that is not gzip', payload: '{"a":1}', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } },
    { name: 'gzip cut short', payload: gzipSync('{"a":1}').subarray(0, 12), headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } },
    { name: 'a gzip bomb', payload: BOMB, headers: { ...JSON_TYPE, 'content-encoding': 'gzip' } },
    { name: 'another coding', payload: '{"a":1}', headers: { ...JSON_TYPE, 'content-encoding': 'br' } },
  ];
  return bodies.map((body) => ({ ...body, parser: PARSER_BODIES.includes(body.name) }));
}

const PARSER_BODIES = ['not JSON', 'empty', 'null', 'an array', 'a string', 'a number', 'a deeply nested object', 'a deeply nested array', 'over 2 MiB', '__proto__', 'constructor.prototype', 'non-UTF-8 bytes', 'text/plain', 'form-urlencoded', 'a wrong charset', 'gzip that is not gzip', 'gzip cut short', 'a gzip bomb', 'another coding'];

/** A few bodies for routes that read none (GET), and for callers a route refuses anyway. */
const FEW_BODY_NAMES = ['not JSON', 'non-UTF-8 bytes', 'text/plain', 'gzip that is not gzip'];

const DEEP_MARK = '\u0001deep\u0001';
/** Values no field of a record takes (a deeply nested object is put in for DEEP_MARK after JSON.stringify). */
const HOSTILE_VALUES: [string, unknown][] = [
  ['__proto__', '__proto__'], ['constructor', 'constructor'], ['toString', 'toString'], ['NUL', 'a\u0000b'], ['lone surrogate', '\ud800'], ['object', {}],
  ['array', []], ['huge number', 1e308], ['-1', -1], ['no such day', '2026-02-30T10:00:00Z'], ['long text', 'x'.repeat(3_000)], ['deep', DEEP_MARK], ['SQL', "' OR 1=1 --"],
];

const HOSTILE_IDS = [
  'geen-uuid', 'x'.repeat(5_000), '..%2F..%2F..%2Fetc%2Fpasswd', '..%2F..', '%C3%A9%F0%9F%98%80%E2%80%AE', "'%20OR%201%3D1%20--", '%00', 'a%00b',
  '00000000-0000-0000-0000-00000000000g', '%E0%A4%A', 'constructor', '__proto__',
];

const HOSTILE_QUERIES = [
  'from=2025-01-01&from=2025-02-01', 'from[]=2025-01-01&from[]=2025-02-01', 'from=2026-02-30', 'from=2025-12-31&to=2025-01-01', 'onbekend=1',
  `from=${'9'.repeat(20_000)}`, `groupBy=${'topic,'.repeat(3_000)}`, 'groupBy=topic,topic', '__proto__=1', "organisation=' OR 1=1 --", 'location=%00',
  'location=..%2F..', 'municipality=GM0828%00', 'includeDemo=ja', 'since=-1', 'since=999999999999999999999', 'limit=99999999999', 'limit=1&limit=2',
  'year=2026&year=2025', 'year=99999999999999999999', 'month=2026-13', 'weeks=0', 'scenario=constructor', `q=${'x'.repeat(20_000)}`, 'q=%00',
  'q=%25%5F', 'format=x', '%00=1', 'from=2025-01-01%00', 'a=%ZZ',
];

const SECRET_LEAKS = /(\bat [\w$.<>]+ \(|\.ts:\d+|\.js:\d+|node_modules|\/work\/|\/tmp\/|\bSELECT\b|\bINSERT\b|\bUPDATE\b|\bWHERE\b|syntax error|relation "|PostgresError|ERROR:|SQLSTATE|Unexpected token|TypeError|RangeError|Maximum call stack)/;
const DUTCH = /\b(de|het|een|niet|is|van|met|moet|deze|dit|geen|of|en|te|op|mag|zijn|kan|stuur|kies|probeer|verstuur|bestaat|veld|parameter|gegevens|toegang|tablet|heeft|noemt|twee|keer|alleen|hoogstens|vul|vraag|minstens|gebruik|hoort|staat|werk|bij|onbekend|ongeldig|lijst)\b/i;
const ENGLISH = /\b(the|must|should|expected|unexpected|cannot|failed|error|invalid|unsupported|route|not found)\b/i;
const DOCUMENTED_503 = ['database_unavailable', 'reports_busy', 'server_overloaded', 'server_outdated'];

/** Checks one answer; returns what is wrong (empty when it is right). */
function problemsWith(response: LightMyRequestResponse): string[] {
  const status = response.statusCode;
  if (status < 400) return [];
  const problems: string[] = [];
  let body: Record<string, unknown>;
  try {
    body = response.json();
  } catch {
    return [`status ${status}, not JSON: ${response.body.slice(0, 200)}`];
  }
  const code = body.error as keyof typeof API_ERRORS;
  if (status >= 500 && !(status === 503 && DOCUMENTED_503.includes(code))) problems.push(`status ${status}`);
  if (!String(response.headers['content-type']).startsWith('application/json')) problems.push(`content-type ${response.headers['content-type']}`);
  if (!(code in API_ERRORS)) problems.push(`unknown code ${String(code)}`);
  else if (API_ERRORS[code][0] !== status) problems.push(`code ${code} with status ${status}`);
  const keys = Object.keys(body).sort().join(',');
  if (keys !== 'error,message') problems.push(`shape ${keys}`);
  const message = typeof body.message === 'string' ? body.message : '';
  if (!DUTCH.test(message) || ENGLISH.test(message.replace(/"[^"]*"/g, ''))) problems.push(`not Dutch: ${message.slice(0, 200)}`);
  if (SECRET_LEAKS.test(response.body)) problems.push(`leaks: ${response.body.slice(0, 200)}`);
  return problems;
}

/** Every table, as one comparable fingerprint; what a request may write as bookkeeping is left out. */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  // Bookkeeping of a request, not data: rate-limit counts, enrollment failures, a token's last use, a tablet's last contact.
  const skipped = new Set(['rate_limit_counters', 'enroll_failures', 'schema_migrations', 'migrations']);
  const sources: Record<string, string> = {
    api_tokens: '(SELECT id, token_hash, role, organisation_id, municipality_code, created_at, expires_at, revoked_at FROM api_tokens)',
    devices: '(SELECT id, organisation_id, token_hash, label, role, created_at, revoked_at FROM devices)',
  };
  const parts = tables.filter(({ name }) => !skipped.has(name))
    .map(({ name }) => `SELECT '${name}' AS name, count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${sources[name] ?? name} t`);
  const rows = await db.query<{ name: string; n: number; digest: string | null }>(parts.join(' UNION ALL '));
  const prints: Record<string, string> = {};
  for (const row of rows) prints[row.name] = `${row.n}:${row.digest}`;
  return prints;
}

/** What the field catalogue does not say about a valid record: a phone's number, a schedule's days, a theme's code. */
const EXTRA_BASE: Record<string, Record<string, unknown>> = {
  phone: { number: '0412 123456' }, schedule: { description: 'Alleen op afspraak' }, taxonomy_term: { code: 'geld_schulden', parent_id: null },
};

const CARD = { title: 'DigiD aanvragen', topics: ['digid'], body: '1. Ga naar digid.nl', bring: '', links: [], service_id: null, checked_on: '2026-11-01' };
/** A body each route with an id in its path takes: sent with a hostile id, which finds nothing, so nothing changes. */
const VALID_BODIES: Record<string, unknown> = {
  'PATCH /api/v1/admin/organisations/:organisationId': { name: 'Nieuwe naam' },
  'POST /api/v1/admin/organisations/:organisationId/locations': { name: 'Nieuwe plek', municipalityCode: 'GM0828', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4 },
  'PATCH /api/v1/admin/organisations/:organisationId/locations/:id': { name: 'Nieuwe naam', idoHoursPerWeek: 3 },
  'POST /api/v1/admin/organisations/:organisationId/locations/:id/close': { closedOn: '2026-01-01' },
  'POST /api/v1/admin/organisations/:organisationId/codes': { role: 'medewerker' },
  'PATCH /api/v1/admin/organisations/:organisationId/devices/:id': { label: 'Nieuwe naam' },
  'POST /api/v1/admin/organisations/:organisationId/kaart-inbox/feedback/:id/resolve': { resolution: 'klopt_wel' },
  'POST /api/v1/admin/organisations/:organisationId/kaart-import': { files: [{ name: 'kaart.json', text: '{"organizations":[]}' }], dryRun: true },
  'POST /api/v1/admin/organisations/:organisationId/snelwijzer': CARD,
  'PUT /api/v1/admin/organisations/:organisationId/snelwijzer/:id': { ...CARD, baseVersion: 1 },
  'PUT /api/v1/admin/snelwijzer/:id': { ...CARD, baseVersion: 1 },
  'POST /api/v1/admin/organisations/:organisationId/snelwijzer/:id/delete': { baseVersion: 1 },
  'POST /api/v1/admin/snelwijzer/:id/delete': { baseVersion: 1 },
};

const ROUTES = [...Object.keys(RATE_LIMITED_ROUTES), ...UNLIMITED_API_ROUTES];

describe.each(DATABASE_KINDS)('hostile input on every route on %s', (kind) => {
  // With a METRICS_TOKEN, so its route is there too.
  const server = useTestServer(kind, { metricsToken: METRICS_TOKEN });
  const tokens = {} as Record<Caller, string | undefined>;
  let staff: EnrollResponse;
  let stored: Record<string, string> = {};
  let address = 0;

  const inject = async (options: InjectOptions): Promise<LightMyRequestResponse> => {
    address += 1;
    // Each request from its own address: the enrollment's count of failures per address never answers for the body.
    return server.app.inject({ ...options, remoteAddress: `10.62.${Math.floor(address / 250) % 250}.${(address % 250) + 1}` });
  };

  beforeAll(async () => {
    const roles = await makeRoles(server);
    Object.assign(tokens, {
      none: undefined, staffTablet: roles.staffTablet, coordinatorTablet: roles.coordinatorTablet, coordinator: roles.coordinator,
      national: roles.national, municipality: await createApiToken(server.db, 'municipality', null, 365, ORGANISATION.municipalityCode),
      monitoring: METRICS_TOKEN,
    });
    staff = await enrollTablet(server);
    // Data of every kind, so "unchanged" means something: registrations, a group session, the kaart, feedback, cards.
    await storeAccepted(server, staff, [registration(staff.deviceId), registration(staff.deviceId, { startedAt: '2025-10-02T09:00:00+02:00' })]);
    await storeAccepted(server, staff, [groupSession(staff.deviceId)]);
    const create = (entity: string, data: Record<string, unknown> & { id: string }) => ({ entity, id: data.id, baseVersion: 0, deleted: false, data });
    const organization = { id: randomUUID(), name: 'Schuldhulp Maasland', owner_organisation_id: ORGANISATION.id };
    const service = { id: randomUUID(), organization_id: organization.id, name: 'Formulierenhulp', status: 'active', assured_date: '2020-03-01' };
    const feedback = { id: randomUUID(), service_id: service.id, note: 'Het spreekuur is nu op maandag.', created_at: '2026-11-24T10:15:00+01:00', resolved: false };
    const push = async (token: string, changes: unknown[]) => {
      const response = await server.app.inject({ method: 'POST', url: '/api/v1/kaart/changes', headers: { authorization: `Bearer ${token}`, ...JSON_TYPE }, payload: JSON.stringify({ changes }) });
      expect(response.json().results.map((r: { status: string }) => r.status), response.body).toEqual(changes.map(() => 'applied'));
    };
    await push(tokens.coordinator!, [create('organization', organization), create('service', service)]);
    await push(staff.token, [create('feedback', feedback)]);
    const card = { title: 'DigiD aanvragen', topics: ['digid'], body: '1. Ga naar digid.nl', bring: '- Identiteitsbewijs', links: [], service_id: null, checked_on: '2026-11-01' };
    const made = await server.app.inject({ method: 'POST', url: `${ORG}/snelwijzer`, headers: { authorization: `Bearer ${tokens.coordinator}`, ...JSON_TYPE }, payload: JSON.stringify(card) });
    expect(made.statusCode, made.body).toBe(201);
    const code = await server.app.inject({ method: 'POST', url: `${ORG}/codes`, headers: { authorization: `Bearer ${tokens.coordinator}`, ...JSON_TYPE }, payload: '{"role":"medewerker"}' });
    expect(code.statusCode, code.body).toBe(201);
    await server.app.inject({ method: 'PUT', url: '/api/v1/reports/annual/text', headers: { authorization: `Bearer ${tokens.coordinator}`, ...JSON_TYPE }, payload: JSON.stringify({ year: 2025, text: 'Ons jaar.' }) });
    await settleFolds(server.db);
    await rollupsCurrent(server.db);
    stored = await fingerprint(server.db);
  });

  /** The route's path with real ids (or `id` for every `:id`). */
  const pathOf = (route: string, id: string, organisationId = ORGANISATION.id) => route.split(' ')[1].replace(':organisationId', organisationId).replace(':id', id);
  const send = (route: string, caller: Caller, url: string, hostile: Hostile = { name: 'plain' }) => {
    const method = route.split(' ')[0] as InjectOptions['method'];
    const headers: Record<string, string> = { ...(tokens[caller] ? { authorization: `Bearer ${tokens[caller]}` } : {}), ...hostile.headers };
    if (url.endsWith('/batches')) headers['idempotency-key'] = randomUUID();
    return inject({ method, url: hostile.query === undefined ? url : `${url}?${hostile.query}`, headers, ...(hostile.payload === undefined ? {} : { payload: hostile.payload }) });
  };

  it('refuses hostile values in every field of the records of a well-formed batch, record by record', async () => {
    const before = stored;
    const records: unknown[] = [];
    const contact = registration(staff.deviceId);
    const session = groupSession(staff.deviceId);
    const question = contact.questions[0] as unknown as Record<string, unknown>;
    // (not a value the field has already: an empty list of government organisations is a valid one)
    const differs = (from: Record<string, unknown>, field: string, value: unknown) => JSON.stringify(from[field]) !== JSON.stringify(value);
    for (const [, value] of HOSTILE_VALUES) {
      for (const field of Object.keys(contact)) if (differs(contact as never, field, value)) records.push({ ...contact, id: randomUUID(), [field]: value });
      for (const field of Object.keys(question)) if (differs(question, field, value)) records.push({ ...contact, id: randomUUID(), questions: [{ ...question, [field]: value }] });
      for (const field of Object.keys(session)) if (differs(session as never, field, value)) records.push({ ...session, id: randomUUID(), [field]: value });
    }
    for (let start = 0; start < records.length; start += 250) {
      const part = records.slice(start, start + 250);
      const body = { batchId: randomUUID(), deviceId: staff.deviceId, sentAt: new Date().toISOString(), records: part };
      const response = await inject({
        method: 'POST', url: '/api/v1/batches', headers: { authorization: `Bearer ${staff.token}`, 'idempotency-key': body.batchId, ...JSON_TYPE },
        payload: JSON.stringify(body).replaceAll(JSON.stringify(DEEP_MARK), deepObject.slice(0, 5 * 2_000) + '1' + '}'.repeat(2_000)),
      });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const results = response.json().results as { status: string; message?: string }[];
      const wrong = results.map((result, index) => ({ result, record: part[index] })).filter(({ result }) => result.status !== 'rejected' || !DUTCH.test(result.message ?? ''));
      expect(wrong.map(({ result, record }) => `${JSON.stringify(result)} ${JSON.stringify(record).slice(0, 200)}`)).toEqual([]);
    }
    await settleFolds(server.db);
    // Each batch's answer is kept by its batchId (a resend gets it again): new rows there, and nothing else.
    stored = await fingerprint(server.db);
    const { batches: _answers, ...after } = stored;
    const { batches: _before, ...rest } = before;
    expect(after).toEqual(rest);
  });

  it('refuses hostile values in every field of every kaart entity, change by change', async () => {
    const before = stored;
    const [organization] = await server.db.query<{ id: string }>("SELECT id::text AS id FROM kaart_records WHERE entity = 'organization' LIMIT 1");
    const [service] = await server.db.query<{ id: string }>("SELECT id::text AS id FROM kaart_records WHERE entity = 'service' LIMIT 1");
    // Values no field of any kind takes (text takes "__proto__" as a name, so it gets only these).
    const anyField: unknown[] = ['a\u0000b', '\ud800', {}, [[{}]], true, 1e308, DEEP_MARK];
    const notText: unknown[] = ['__proto__', 'constructor', '2026-02-30', '99:99', ['__proto__', 'constructor'], ["' OR 1=1 --"]];
    const changes: unknown[] = [];
    for (const [entity, specs] of Object.entries(KAART_FIELDS)) {
      // A valid record of the entity (its parent refs, one owner, its required fields), so each change fails on its value.
      const base: Record<string, unknown> = { ...EXTRA_BASE[entity] };
      const refs = specs.filter((spec) => spec.kind === 'ref');
      for (const spec of refs.some((ref) => ref.required) ? refs.filter((ref) => ref.required) : refs.slice(0, 1)) {
        if (!(spec.name in base)) base[spec.name] = spec.ref === 'organization' ? organization.id : service.id;
      }
      for (const spec of specs) {
        if (spec.name in base) continue;
        if (spec.kind === 'owner') base[spec.name] = ORGANISATION.id;
        else if (spec.required && spec.kind === 'text') base[spec.name] = 'Naam';
        else if (spec.required && spec.kind === 'enum') base[spec.name] = spec.values![0];
      }
      for (const spec of specs) {
        const values = spec.kind === 'text' ? anyField : [...anyField, ...notText].filter((value) => !(Array.isArray(value) && spec.kind === 'keywords'));
        for (const value of values) {
          const id = randomUUID();
          changes.push({ entity, id, baseVersion: 0, deleted: false, data: { ...base, id, [spec.name]: value } });
        }
      }
    }
    for (const token of [tokens.coordinator!, staff.token, tokens.national!]) {
      for (let start = 0; start < changes.length; start += 400) {
        const part = changes.slice(start, start + 400);
        const response = await inject({
          method: 'POST', url: '/api/v1/kaart/changes', headers: { authorization: `Bearer ${token}`, ...JSON_TYPE },
          payload: JSON.stringify({ changes: part }).replaceAll(JSON.stringify(DEEP_MARK), deepObject.slice(0, 5 * 2_000) + '1' + '}'.repeat(2_000)),
        });
        expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
        const results = response.json().results as { status: string; message?: string }[];
        const wrong = results.map((result, index) => ({ result, change: part[index] })).filter(({ result }) => result.status !== 'rejected' || !DUTCH.test(result.message ?? ''));
        expect(wrong.map(({ result, change }) => `${JSON.stringify(result)} ${JSON.stringify(change).slice(0, 200)}`)).toEqual([]);
      }
    }
    stored = await fingerprint(server.db);
    expect(stored).toEqual(before);
  });

  it.each(ROUTES)('%s', async (route) => {
    const method = route.split(' ')[0];
    const readsBody = method !== 'GET';
    const failures: string[] = [];
    const check = (caller: Caller, what: string, response: LightMyRequestResponse) => {
      for (const problem of problemsWith(response)) failures.push(`${caller}, ${what}: ${problem}`);
    };
    // An id that is nobody's: a body that happened to be valid (a revoke takes none) finds nothing to change.
    const unknownId = randomUUID();
    const url = pathOf(route, unknownId);
    // Every hostile request of the route, each sent once: by the callers that reach the route in turn (hostile input is
    // read the same for each; their scopes differ), plus the first few of each kind by every caller refused before.
    const requests: { hostile: Hostile; url: string }[] = [];
    for (const body of hostileBodies(route)) {
      if (!readsBody && !FEW_BODY_NAMES.includes(body.name)) continue;
      if (body.parser && kind !== 'pglite') continue; // the same parsing on either database
      requests.push({ hostile: body, url });
    }
    // A hostile id with a body the route takes, so the id is looked up (a route reads its body before the id).
    const valid = VALID_BODIES[route] === undefined ? {} : { payload: JSON.stringify(VALID_BODIES[route]), headers: JSON_TYPE };
    for (const id of HOSTILE_IDS) {
      if (route.includes(':id')) requests.push({ hostile: { name: `id ${id.slice(0, 40)}`, ...valid }, url: pathOf(route, id) });
      if (route.includes(':organisationId')) requests.push({ hostile: { name: `organisation ${id.slice(0, 40)}`, ...valid }, url: pathOf(route, unknownId, id) });
    }
    if (method === 'GET') for (const query of HOSTILE_QUERIES) requests.push({ hostile: { name: `query ${query.slice(0, 60)}`, query }, url });

    const firstOfEachKind = ['body', 'id', 'organisation', 'query'].map((kindOf) => requests.find(({ hostile }) => (['id', 'organisation', 'query'].includes(hostile.name.split(' ')[0]) ? hostile.name.split(' ')[0] : 'body') === kindOf)).filter((request) => request !== undefined);
    const reaching: Caller[] = [];
    for (const caller of CALLERS) {
      // Whether this caller reaches the route at all: an unknown field is refused by every route that reads a body.
      const probe = await send(route, caller, url, readsBody ? { name: 'probe', payload: '{"onbekendVeld":1}', headers: JSON_TYPE } : { name: 'probe' });
      check(caller, 'probe', probe);
      if (probe.statusCode !== 401 && probe.statusCode !== 403) reaching.push(caller);
      else for (const { hostile, url: target } of firstOfEachKind) check(caller, hostile.name, await send(route, caller, target, hostile));
    }
    // Every route has a caller it serves: else this test would send it nothing but refused requests.
    expect(reaching, route).not.toEqual([]);
    for (const [index, { hostile, url: target }] of requests.entries()) {
      const caller = reaching[index % reaching.length];
      const response = await send(route, caller, target, hostile);
      check(caller, hostile.name, response);
      // Bytes that are not UTF-8 were decoded leniently (U+FFFD) and could be stored so; they are refused now.
      if (hostile.name === 'non-UTF-8 bytes' && readsBody && response.json().error !== 'invalid_json') failures.push(`${caller}, non-UTF-8 bytes: ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    await settleFolds(server.db);
    // The data as it was after the route before (or the seeding): one fingerprint per route.
    const before = stored;
    const after = await fingerprint(server.db);
    stored = after;
    const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
    expect({ failures: failures.slice(0, 30), count: failures.length, changed }).toEqual({ failures: [], count: 0, changed: [] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
