import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, makeRoles, ORG, type Role } from './admin-fixtures';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { DATABASE_KINDS, enrollTablet, useTestServer } from './test-server';

interface Entry { actorKind: string; actorId: string | null; actorName: string; organisationId: string | null; organisationName: string | null; action: string; target: string | null; targetName: string | null; before: unknown; after: unknown }

describe.each(DATABASE_KINDS)('admin audit log on %s', (kind) => {
  const server = useTestServer(kind);
  let roles: Record<Role, string | undefined>;
  const secrets: string[] = [];

  beforeAll(async () => {
    roles = await makeRoles(server);
    const deviceId = (await enrollTablet(server)).deviceId;
    const as = (role: Role, method: string, url: string, body?: unknown) => call(server, roles[role], method as 'POST', url, body);
    const location = (await as('coordinator', 'POST', `${ORG}/locations`, { name: 'Bibliotheek Berghem', municipalityCode: 'GM0828', province: 'Noord-Brabant', kind: 'vestiging', scenarios: ['spreekuur'], idoHoursPerWeek: 4 })).json();
    await as('coordinatorTablet', 'PATCH', `${ORG}/locations/${location.id}`, { idoHoursPerWeek: 6 });
    await as('coordinator', 'POST', `${ORG}/locations/${location.id}/close`, {});
    const code = (await as('coordinator', 'POST', `${ORG}/codes`, { role: 'coordinator', days: 2 })).json();
    secrets.push(code.code);
    await as('coordinator', 'POST', `${ORG}/codes/${code.id}/revoke`);
    await as('coordinator', 'PATCH', `${ORG}/devices/${deviceId}`, { label: 'Balie 2' });
    await as('coordinatorTablet', 'POST', `${ORG}/devices/${deviceId}/revoke`);
    const token = (await as('coordinator', 'POST', `${ORG}/tokens`, { days: 10 })).json();
    secrets.push(token.token);
    await as('coordinator', 'POST', `${ORG}/tokens/${token.id}/revoke`);
    const national = (await as('national', 'POST', `${ADMIN}/national-tokens`, {})).json();
    secrets.push(national.token);
    await as('national', 'POST', `${ADMIN}/organisations`, { name: 'Bibliotheek Nieuw' });
    await as('national', 'POST', `${ADMIN}/municipalities`, { csv: 'code;name;province;population\nGM0828;Oss;Noord-Brabant;95000\n' });
    const municipal = (await as('national', 'POST', `${ADMIN}/municipality-tokens`, { municipalityCode: 'GM0828' })).json();
    secrets.push(municipal.token);
    secrets.push(...roles.coordinator ? [roles.coordinator, roles.national!, roles.coordinatorTablet!] : []);
  });

  it('writes one row per change with who, what, before and after', async () => {
    const entries: Entry[] = (await call(server, roles.coordinator, 'GET', `${ORG}/audit`)).json().entries;
    expect(entries.map((e) => e.action).reverse()).toEqual([
      'location.create', 'location.update', 'location.close', 'code.create', 'code.revoke', 'device.rename', 'device.revoke', 'token.create', 'token.revoke',
    ]);
    expect(entries.every((e) => e.organisationId === ORGANISATION.id)).toBe(true);
    const update = entries.find((e) => e.action === 'location.update')!;
    expect(update.actorKind).toBe('coordinator_device');
    expect(update.before).toMatchObject({ idoHoursPerWeek: 4 });
    expect(update.after).toMatchObject({ idoHoursPerWeek: 6 });
    // the changed fields only: the whole location both sides made the Logboek's cells some 15 fields long for one number
    expect(Object.keys(update.before as object).sort()).toEqual(['hoursHistory', 'idoHoursPerWeek']);
    expect(Object.keys(update.after as object).sort()).toEqual(['hoursHistory', 'idoHoursPerWeek']);
    const [stored] = await server.db.query<{ before: object }>("SELECT before FROM audit_log WHERE action = 'location.update'");
    expect(Object.keys(stored.before).sort()).toEqual(['hoursHistory', 'idoHoursPerWeek']);
    const rename = entries.find((e) => e.action === 'device.rename')!;
    expect(rename).toMatchObject({ actorKind: 'coordinator_token', before: { label: 'Tablet test' }, after: { label: 'Balie 2' } });
    expect(rename.actorId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names what each row changed, as it is now, beside its id; a code or token by its kind, never by itself', async () => {
    const entries: Entry[] = (await call(server, roles.coordinator, 'GET', `${ORG}/audit`)).json().entries;
    const named = Object.fromEntries(entries.map((e) => [e.action, e.targetName]));
    // a code or token with its kenmerk, as Beheer's lists show it: the first 4 characters of its id
    const mark = (action: string) => `, kenmerk ${entries.find((e) => e.action === action)!.target!.slice(0, 4).toUpperCase()}`;
    expect(named).toEqual({
      'location.create': 'Bibliotheek Berghem', 'location.update': 'Bibliotheek Berghem', 'location.close': 'Bibliotheek Berghem',
      'code.create': `Koppelcode coördinator${mark('code.create')}`, 'code.revoke': `Koppelcode coördinator${mark('code.revoke')}`,
      // the tablet's label now: the rename row's before and after keep both labels
      'device.rename': 'Balie 2', 'device.revoke': 'Balie 2',
      'token.create': `Toegangscode coördinator${mark('token.create')}`, 'token.revoke': `Toegangscode coördinator${mark('token.revoke')}`,
    });
    expect(mark('code.create')).toMatch(/^, kenmerk [0-9A-F]{4}$/);
    expect(entries.every((e) => e.target !== null && e.targetName !== e.target)).toBe(true);
    expect(entries.every((e) => e.organisationName === ORGANISATION.name)).toBe(true);
    const all: Entry[] = (await call(server, roles.national, 'GET', `${ADMIN}/audit`)).json().entries;
    expect(all.find((e) => e.action === 'organisation.create')).toMatchObject({ targetName: 'Bibliotheek Nieuw', organisationName: 'Bibliotheek Nieuw' });
    expect(all.filter((e) => e.action === 'token.create').map((e) => e.targetName)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Landelijke toegangscode, kenmerk [0-9A-F]{4}$/), expect.stringMatching(/^Toegangscode gemeente Oss \(GM0828\), kenmerk [0-9A-F]{4}$/),
    ]));
    expect(all.find((e) => e.action === 'municipalities.import')).toMatchObject({ target: null, targetName: null, organisationId: null, organisationName: null });
  });

  it('names who did each row: a tablet by its label as it is now, a token by its kind and when it was made, the admin command as such', async () => {
    // when it was made, and its kenmerk (the first 4 characters of its id), as the Toegang list shows it
    const madeAt = async (entry: Entry) => {
      const [row] = await server.db.query<{ created_at: Date | string; id: string }>('SELECT created_at, id::text AS id FROM api_tokens WHERE id = $1', [entry.actorId]);
      const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(new Date(row.created_at)).map((p) => [p.type, p.value]));
      const month = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'][Number(parts.month) - 1];
      return `${Number(parts.day)} ${month} ${parts.year}, ${parts.hour}:${parts.minute}, kenmerk ${row.id.slice(0, 4).toUpperCase()}`;
    };
    const [tablet] = await server.db.query<{ id: string }>("SELECT id::text AS id FROM devices WHERE label = 'Coördinatortablet'");
    await server.db.query("UPDATE devices SET label = 'Balie Anna' WHERE id = $1", [tablet.id]);
    await server.db.query(
      `INSERT INTO audit_log (actor_kind, actor_id, organisation_id, action, target) VALUES
       ('cli', NULL, $1, 'location.close', 'loc-cli'), ('coordinator_token', $2, $1, 'location.close', 'loc-gone'), ('coordinator_device', 'geen-uuid', $1, 'location.close', 'loc-odd')`,
      [ORGANISATION.id, '00000000-0000-4000-8000-000000000000'],
    );
    try {
      const entries: Entry[] = (await call(server, roles.coordinator, 'GET', `${ORG}/audit`)).json().entries;
      const who = (action: string, target?: string) => entries.find((e) => e.action === action && (target === undefined || e.target === target))!;
      expect(who('location.create')).toMatchObject({ actorKind: 'coordinator_token', actorName: `Coördinator (toegangscode van ${await madeAt(who('location.create'))})` });
      // the tablet's label now, not when it acted; its id stays beside it
      expect(who('location.update')).toMatchObject({ actorKind: 'coordinator_device', actorId: tablet.id, actorName: 'Coördinatortablet "Balie Anna"' });
      expect(who('device.revoke').actorName).toBe('Coördinatortablet "Balie Anna"');
      expect(who('location.close', 'loc-cli')).toMatchObject({ actorId: null, actorName: 'Beheercommando op de server (npm run admin)' });
      // a token or tablet the server no longer knows (or an id that is none) by its kind alone
      expect(who('location.close', 'loc-gone').actorName).toBe('Coördinator (toegangscode)');
      expect(who('location.close', 'loc-odd').actorName).toBe('Coördinatortablet');
      const all: Entry[] = (await call(server, roles.national, 'GET', `${ADMIN}/audit`)).json().entries;
      const made = all.find((e) => e.action === 'organisation.create')!;
      expect(made).toMatchObject({ actorKind: 'national_token', actorName: `Landelijk team (toegangscode van ${await madeAt(made)})` });
      const answer = JSON.stringify(all);
      for (const secret of secrets) expect(answer).not.toContain(secret);
      const csv = (await call(server, roles.coordinator, 'GET', `${ORG}/audit.csv`)).body;
      expect(csv).toContain(`;"Coördinatortablet ""Balie Anna""";coordinator_device;${tablet.id};`);
    } finally {
      await server.db.query("UPDATE devices SET label = 'Coördinatortablet' WHERE id = $1", [tablet.id]);
      await server.db.query("DELETE FROM audit_log WHERE target IN ('loc-cli', 'loc-gone', 'loc-odd')");
    }
  });

  it('reads a row written with whole records both sides (before session 42) as the fields it changed', async () => {
    const whole = { id: 'loc-oud', name: 'Bibliotheek Oud', kind: 'vestiging', latitude: 51.5, idoHoursPerWeek: 4 };
    await server.db.query(
      `INSERT INTO audit_log (actor_kind, actor_id, organisation_id, action, target, before, after)
       VALUES ('cli', NULL, $1, 'location.update', 'loc-oud', $2::text::jsonb, $3::text::jsonb)`,
      [ORGANISATION.id, JSON.stringify(whole), JSON.stringify({ ...whole, name: 'Bibliotheek Nieuw', idoHoursPerWeek: 5 })],
    );
    try {
      const entries: Entry[] = (await call(server, roles.coordinator, 'GET', `${ORG}/audit`)).json().entries;
      const old = entries.find((e) => e.target === 'loc-oud')!;
      expect(old).toMatchObject({ before: { name: 'Bibliotheek Oud', idoHoursPerWeek: 4 }, after: { name: 'Bibliotheek Nieuw', idoHoursPerWeek: 5 } });
      expect(Object.keys(old.before as object)).toHaveLength(2);
      // its own line after the time (the whole CSV held "51.5" in a time such as 04:40:51.512Z now and then)
      const row = (await call(server, roles.coordinator, 'GET', `${ORG}/audit.csv`)).body.split('\r\n').find((l) => l.includes(';loc-oud;'))!;
      const line = row.slice(row.indexOf(';'));
      expect(line).toContain('Bibliotheek Nieuw');
      expect(line).not.toContain('latitude');
      expect(line).not.toContain('51.5');
    } finally {
      // the tests after this one count the rows
      await server.db.query("DELETE FROM audit_log WHERE target = 'loc-oud'");
    }
  });

  it('never holds a code, a token or a hash', async () => {
    const [row] = await server.db.query<{ text: string }>("SELECT coalesce(string_agg(a::text, '|'), '') AS text FROM audit_log a");
    const hashes = await server.db.query<{ hash: string }>(
      "SELECT code_hash AS hash FROM enrollment_codes UNION ALL SELECT token_hash FROM api_tokens UNION ALL SELECT token_hash FROM devices",
    );
    expect(secrets.length).toBeGreaterThan(4);
    for (const secret of [...secrets, ...hashes.map((h) => h.hash)]) expect(row.text).not.toContain(secret);
  });

  it('shows a coordinator its own organisation only, national everything', async () => {
    const other: Entry[] = (await call(server, roles.otherCoordinator, 'GET', `${ADMIN}/organisations/${OTHER_ORGANISATION.id}/audit`)).json().entries;
    expect(other).toEqual([]);
    const all: Entry[] = (await call(server, roles.national, 'GET', `${ADMIN}/audit`)).json().entries;
    expect(all.map((e) => e.action)).toEqual(expect.arrayContaining(['organisation.create', 'municipalities.import', 'token.create', 'location.create']));
    expect(all.find((e) => e.action === 'municipalities.import')).toMatchObject({ actorKind: 'national_token', organisationId: null, after: { imported: 1 } });
  });

  it('exports as CSV with the project\'s writer', async () => {
    const response = await call(server, roles.coordinator, 'GET', `${ORG}/audit.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('Tijdstip;Wie;Wie (soort);Wie (id);Organisatie;Organisatie (id);Actie;Onderwerp;Onderwerp (id);Voor;Na');
    const created = lines.filter((line) => line.includes('location.create'));
    expect(created).toHaveLength(1);
    const [token] = await server.db.query<{ id: string }>("SELECT id::text AS id FROM api_tokens WHERE role = 'coordinator' AND organisation_id = $1 ORDER BY created_at LIMIT 1", [ORGANISATION.id]);
    // who by name beside the kind and the id, as Onderwerp has its name beside its id
    expect(created[0].split(';').slice(1, 4)).toEqual([expect.stringMatching(/^Coördinator \(toegangscode van /), 'coordinator_token', token.id]);
    expect(created[0].split(';').slice(4, 9)).toEqual([ORGANISATION.name, ORGANISATION.id, 'location.create', 'Bibliotheek Berghem', expect.stringMatching(/\S/)]);
    expect(lines.length - 2).toBe(9);
  });

  // Last: it adds rows of its own.
  it('a request that changes nothing writes no audit row', async () => {
    const audited = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0].n;
    const ok = async (token: string | undefined, method: string, url: string, body: unknown) => {
      const response = await call(server, token, method as 'PATCH', url, body);
      expect(response.statusCode, `${method} ${url} ${response.body}`).toBe(200);
      return response.json();
    };
    const tablet = await enrollTablet(server);
    const location = (await ok(roles.coordinator, 'GET', `${ORG}/locations`, undefined)).locations.find((l: { id: string }) => l.id === 'test-centrum');
    await ok(roles.coordinator, 'POST', `${ORG}/locations/${location.id}/close`, { closedOn: '2026-01-31' });
    const before = await audited();
    expect((await ok(roles.coordinator, 'PATCH', `${ORG}/devices/${tablet.deviceId}`, { label: 'Tablet test' })).label).toBe('Tablet test');
    expect((await ok(roles.national, 'PATCH', `${ADMIN}/organisations/${OTHER_ORGANISATION.id}`, { name: OTHER_ORGANISATION.name })).name).toBe(OTHER_ORGANISATION.name);
    await ok(roles.coordinator, 'PATCH', `${ORG}/locations/${location.id}`, { name: location.name });
    await ok(roles.coordinator, 'PATCH', `${ORG}/locations/${location.id}`, { name: location.name, kind: location.kind, scenarios: location.scenarios, province: location.province });
    expect((await ok(roles.coordinator, 'POST', `${ORG}/locations/${location.id}/close`, { closedOn: '2026-01-31' })).closedOn).toBe('2026-01-31');
    expect(await audited()).toBe(before);
    // A real change still writes its row.
    await ok(roles.coordinator, 'PATCH', `${ORG}/devices/${tablet.deviceId}`, { label: 'Balie 3' });
    expect(await audited()).toBe(before + 1);
  });
});
