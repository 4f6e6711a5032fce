import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse } from '../../src/shared/api';
import { buildServer } from '../../src/server/app';
import type { Database } from '../../src/server/db/database';
import { openPglite } from '../../src/server/db/pglite';
import { openPostgres } from '../../src/server/db/postgres';
import { hashSecret } from '../../src/server/secrets';
import { databaseEnv, runAdmin } from './cli';
import type { AdminDevice } from '../../src/shared/admin-api';
import { batch, registration } from './fixtures';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from './test-server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(DATABASE_KINDS)('npm run admin on %s', (kind) => {
  let directory = '';
  let postgres: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  /** Opens the same database in this process, for as long as `work` runs (PGlite allows one process at a time). */
  let withDatabase: <T>(work: (db: Database) => Promise<T>) => Promise<T>;
  const admin = (...args: string[]) => runAdmin(args, env);

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'ido-admin-'));
    if (kind === 'pglite') {
      env = databaseEnv({ dataDir: path.join(directory, 'data') });
      withDatabase = async (work) => {
        const db = await openPglite(env.DATA_DIR);
        try {
          return await work(db);
        } finally {
          await db.close();
        }
      };
    } else {
      postgres = await createTestDatabase('postgres');
      env = databaseEnv({ url: postgres.url });
      withDatabase = async (work) => {
        const db = openPostgres(postgres!.url!);
        try {
          return await work(db);
        } finally {
          await db.close();
        }
      };
    }
  });
  afterAll(async () => {
    await postgres?.drop();
    await rm(directory, { recursive: true, force: true });
  });

  let organisationId = '';
  let locationId = '';
  let tablet: EnrollResponse;

  it('create-organisation prints only the new id', async () => {
    const result = await admin('create-organisation', '--name', 'Bibliotheek Zuidwest', '--municipality', 'GM0855');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^${UUID.source.slice(1, -1)}\\n$`));
    organisationId = result.stdout.trim();
  });

  it('create-location prints only the new id', async () => {
    const result = await admin('create-location', '--organisation', organisationId, '--name', 'Bibliotheek Tilburg Centrum', '--municipality', 'GM0855',
      '--province', 'Noord-Brabant', '--kind', 'vestiging', '--scenarios', 'spreekuur,balie', '--hours', '6', '--catchment', '12000', '--inside-library', 'true');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^[a-z0-9-]+\n$/);
    locationId = result.stdout.trim();
  });

  it('create-code prints a code that enrolls a tablet for that organisation', async () => {
    const result = await admin('create-code', '--organisation', organisationId, '--days', '7');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Code-id [0-9a-f-]{36} \(om in te trekken met revoke-code\), geldig tot \d{4}-\d{2}-\d{2}\.\n$/);
    expect(result.stdout).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\n$/);
    tablet = await withDatabase(async (db) => {
      const app = await buildServer({ db });
      const response = await app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code: result.stdout.trim(), label: 'Balie 1' } });
      await app.close();
      expect(response.statusCode).toBe(201);
      return response.json();
    });
    expect(tablet.organisation.id).toBe(organisationId);
    expect(tablet.locations).toEqual([{
      id: locationId, organisationId, name: 'Bibliotheek Tilburg Centrum', municipalityCode: 'GM0855', province: 'Noord-Brabant',
      insideLibrary: true, kind: 'vestiging', scenarios: ['spreekuur', 'balie'], idoHoursPerWeek: 6, catchmentPopulation: 12000, openedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    }]);
  });

  it('list-devices prints the organisation\'s tablets as JSON, with what the beheer page shows', async () => {
    const result = await admin('list-devices', '--organisation', organisationId);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{
      id: tablet.deviceId, organisationId, label: 'Balie 1', role: 'medewerker', createdAt: expect.any(String), revokedAt: null,
      lastSyncAt: null, recordsSent: 0, recordsImported: 0, appVersion: null, pendingAtLastContact: null, lastContactAt: null, clockAheadSeconds: null,
    }]);
  });

  it('import-file ingests an emergency export with the batch rules, and a second import finds only duplicates', async () => {
    const records = [
      registration(tablet.deviceId, { organisationId, locationId }),
      registration(tablet.deviceId, { organisationId, locationId }),
      registration(tablet.deviceId, { organisationId, locationId: 'elders' }),
    ];
    const file = path.join(directory, 'noodexport.json');
    await writeFile(file, JSON.stringify({ exportedAt: new Date().toISOString(), deviceId: tablet.deviceId, organisationId, records }));
    const first = await admin('import-file', file);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('accepted 2, duplicate 0, rejected 1, conflict 0\n');
    expect(first.stderr).toContain(records[2].id);
    // Duplicates: the first import stored both records.
    const second = await admin('import-file', file);
    expect(second.stdout).toBe('accepted 0, duplicate 2, rejected 1, conflict 0\n');
    // The server holds two registrations of the tablet: not 3 (the refused one) after the first import, nor 6 after the
    // second. The tablet itself sent none: an import is no send of it (migration 029).
    const listed = await admin('list-devices', '--organisation', organisationId);
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ recordsSent: 0, recordsImported: 2, lastSyncAt: null });
  });

  it('revoke-device prints the id and list-devices then shows when', async () => {
    const result = await admin('revoke-device', tablet.deviceId);
    expect(result).toMatchObject({ code: 0, stdout: `${tablet.deviceId}\n` });
    const listed = await admin('list-devices', '--organisation', organisationId);
    expect(listed.code, listed.stderr).toBe(0);
    const [device] = JSON.parse(listed.stdout);
    expect(device.revokedAt).toEqual(expect.any(String));
  });

  it('list-devices keeps a revoked tablet\'s last own send when its noodexport is imported after the revoke', async () => {
    const code = (await admin('create-code', '--organisation', organisationId)).stdout.trim();
    const second = await withDatabase(async (db) => {
      const app = await buildServer({ db });
      try {
        const enrolled = (await app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Balie 2' } })).json<EnrollResponse>();
        const sent = batch(enrolled.deviceId, [registration(enrolled.deviceId, { organisationId, locationId })]);
        const answer = await app.inject({ method: 'POST', url: '/api/v1/batches', payload: sent,
          headers: { authorization: `Bearer ${enrolled.token}`, 'idempotency-key': sent.batchId, 'ido-pending': '1' } });
        expect(answer.statusCode, answer.body).toBe(200);
        return enrolled;
      } finally {
        await app.close();
      }
    });
    const listSecond = async () => (JSON.parse((await admin('list-devices', '--organisation', organisationId)).stdout) as AdminDevice[]).find((d) => d.id === second.deviceId)!;
    const sentBefore = await listSecond();
    expect(sentBefore).toMatchObject({ recordsSent: 1, recordsImported: 0, lastSyncAt: expect.any(String) });
    expect((await admin('revoke-device', second.deviceId)).code).toBe(0);
    const file = path.join(directory, 'noodexport-2.json');
    const records = [registration(second.deviceId, { organisationId, locationId }), registration(second.deviceId, { organisationId, locationId })];
    await writeFile(file, JSON.stringify({ exportedAt: new Date().toISOString(), deviceId: second.deviceId, organisationId, records }));
    expect((await admin('import-file', file)).stdout).toBe('accepted 2, duplicate 0, rejected 0, conflict 0\n');
    // "Laatst verstuurd" stays the tablet's own last send, before its revoke: the coordinator's import is none.
    const after = await listSecond();
    expect(after).toMatchObject({ recordsSent: 1, recordsImported: 2, lastSyncAt: sentBefore.lastSyncAt });
    expect(Date.parse(after.lastSyncAt!)).toBeLessThanOrEqual(Date.parse(after.revokedAt!));
  });

  it('create-token prints a token stored only as its hash; a coordinator token needs an organisation', async () => {
    const national = await admin('create-token', '--role', 'national');
    expect(national.code).toBe(0);
    expect(national.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    const coordinator = await admin('create-token', '--role', 'coordinator', '--organisation', organisationId);
    expect(coordinator.code).toBe(0);
    const roles = await withDatabase((db) => db.query<{ role: string }>('SELECT role FROM api_tokens WHERE token_hash IN ($1, $2) ORDER BY role', [hashSecret(national.stdout.trim()), hashSecret(coordinator.stdout.trim())]));
    expect(roles.map((r) => r.role)).toEqual(['coordinator', 'national']);

    const missing = await admin('create-token', '--role', 'coordinator');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/--organisation/);
  });

  it('create-token --role municipality makes a token for one known municipality; list-tokens and revoke-token know it', async () => {
    const made = await admin('create-token', '--role', 'municipality', '--municipality', 'GM0855', '--days', '30');
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    const listed = (JSON.parse((await admin('list-tokens')).stdout) as { id: string; role: string; municipalityCode?: string }[]).find((t) => t.role === 'municipality')!;
    expect(listed).toMatchObject({ role: 'municipality', municipalityCode: 'GM0855', organisationId: null });
    expect((await admin('revoke-token', listed.id)).code).toBe(0);
    for (const [args, message] of [
      [['--municipality', 'GM9999'], /onbekend/],
      [['--municipality', '0855'], /GM0855/],
      [[], /--municipality/],
      [['--municipality', 'GM0855', '--organisation', organisationId], /--organisation/],
    ] as const) {
      const refused = await admin('create-token', '--role', 'municipality', ...args);
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toMatch(message);
    }
    const count = await withDatabase((db) => db.query<{ n: number }>("SELECT count(*)::int AS n FROM api_tokens WHERE role = 'municipality'"));
    expect(count[0].n).toBe(1);
  });

  it.each([
    ['an unknown command', ['make-coffee'], /Onbekende opdracht/],
    // names every object has: they found Object.prototype's members in the table of commands, opened the database and failed ("Mislukt: command.run is not a function")
    ['the command "constructor"', ['constructor'], /^Onbekende opdracht "constructor"\.\nGebruik: npm run admin/],
    ['the command "__proto__"', ['__proto__'], /^Onbekende opdracht "__proto__"\.\nGebruik: npm run admin/],
    ['the command "toString"', ['toString'], /^Onbekende opdracht "toString"\.\nGebruik: npm run admin/],
    ['the command "hasOwnProperty"', ['hasOwnProperty', '--name', 'X'], /^Onbekende opdracht "hasOwnProperty"\.\nGebruik: npm run admin/],
    ['an unknown organisation', ['create-code', '--organisation', '00000000-0000-4000-8000-000000000000'], /bestaat niet/],
    ['a bad municipality code', ['create-organisation', '--name', 'X', '--municipality', '0855'], /gemeentecode/],
    ['an unknown option', ['create-organisation', '--name', 'X', '--colour', 'red'], /^Onbekende optie "--colour"\.\nGebruik/],
    ['an option without its value', ['create-code', '--organisation'], /^De optie --organisation mist een waarde\./],
    ['a value that starts with a dash', ['create-code', '--organisation', '00000000-0000-4000-8000-000000000000', '--days', '-5'], /^De optie --days mist een waarde\. .*--days=-5/],
    ['a value given to a flag', ['import-cards', 'x.json', '--national=ja'], /^De optie --national krijgt geen waarde/],
    ['a file that is not there', ['import-file', '/nonexistent/export.json'], /niet lezen/],
    // as the admin API refuses them (they were stored from the command line, and shown reversed or split in beheer and the reports)
    ['a name with a bidi override', ['create-organisation', '--name', 'Bibliotheek \u202eteehtoilbiB'], /^De optie --name bevat tekens die niet zijn toegestaan/],
    ['a name over two lines', ['create-organisation', '--name', 'Bibliotheek\nZuid'], /^De optie --name bevat tekens die niet zijn toegestaan/],
    ['a location name with a bidi isolate', ['create-location', '--organisation', '00000000-0000-4000-8000-000000000000', '--name', 'Pop-up \u2066x', '--municipality', 'GM0855', '--province', 'Utrecht', '--id', 'pop-up-x'], /^De optie --name bevat tekens die niet zijn toegestaan/],
  ])('stops with exit code 1 and a Dutch message on stderr for %s', async (_name, args, message) => {
    const result = await admin(...args);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(message);
  });

  it('update-location and close-location change a location as the beheer page does, strictly', async () => {
    const created = await admin('create-location', '--organisation', organisationId, '--name', 'Pop-up Wijkcentrum', '--municipality', 'GM0855',
      '--province', 'Noord-Brabant', '--kind', 'wijkcentrum', '--scenarios', 'popup', '--inside-library', 'false', '--hours', '2', '--opened', '2024-01-01');
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    const updated = await admin('update-location', '--organisation', organisationId, '--location', id, '--hours', '4', '--hours-from', '2025-01-01', '--name', 'Pop-up De Schakel');
    expect(updated).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(updated.stdout)).toMatchObject({ id, name: 'Pop-up De Schakel', idoHoursPerWeek: 4,
      hoursHistory: [{ from: '2024-01-01', hoursPerWeek: 2 }, { from: '2025-01-01', hoursPerWeek: 4 }] });

    for (const args of [['--hours', 'veel'], ['--hours-from', '2025-02-30', '--hours', '5'], ['--name', 'x\u202Ey'], []]) {
      const refused = await admin('update-location', '--organisation', organisationId, '--location', id, ...args);
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toMatch(/^De optie --(hours|hours-from|name) |^Geef minstens één optie/);
    }
    // Checked against the stored location, after the database opened: still named as the operator typed them.
    for (const [args, message] of [
      [['--hours-from', '2023-06-01', '--hours', '5'], /^De optie --hours-from ligt vóór de opening van de locatie \(maandag 1 januari 2024\)\. Kies die dag of later\./],
      [['--hours-from', '2025-03-01'], /^De optie --hours-from hoort bij --hours: geef ook het nieuwe aantal uren\./],
      [['--lat', '51.7'], /^De optie --lat en de optie --lon horen samen/],
    ] as const) {
      const refused = await admin('update-location', '--organisation', organisationId, '--location', id, ...args);
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toMatch(message);
      expect(refused.stderr).not.toMatch(/veld|hoursFrom|idoHoursPerWeek|latitude|longitude/);
    }
    const elsewhere = await admin('update-location', '--organisation', organisationId, '--location', 'bestaat-niet', '--hours', '1');
    expect(elsewhere).toMatchObject({ code: 1, stdout: '' });

    const closed = await admin('close-location', '--organisation', organisationId, '--location', id, '--on', '2026-06-30');
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.stdout)).toMatchObject({ id, closedOn: '2026-06-30', name: 'Pop-up De Schakel', idoHoursPerWeek: 4 });
    const badDay = await admin('close-location', '--organisation', organisationId, '--location', id, '--on', 'morgen');
    expect(badDay).toMatchObject({ code: 1, stdout: '' });
    // The range of a location's days (location-days.ts), checked in the service layer, named as the options.
    const typo = await admin('create-location', '--organisation', organisationId, '--name', 'Pop-up Typo', '--municipality', 'GM0855',
      '--province', 'Noord-Brabant', '--opened', '0202-03-01');
    expect(typo).toMatchObject({ code: 1, stdout: '' });
    expect(typo.stderr).toMatch(/^De optie --opened ligt vóór 2019, toen de eerste IDO's opengingen\. Vul de dag in waarop de locatie openging of opengaat\./);
    const farAhead = await admin('close-location', '--organisation', organisationId, '--location', id, '--on', '2206-06-30');
    expect(farAhead).toMatchObject({ code: 1, stdout: '' });
    expect(farAhead.stderr).toMatch(/^De optie --on ligt te ver vooruit: hoogstens een jaar, tot en met [a-z]+dag \d{1,2} [a-z]+ \d{4}\. Vul de dag in waarop de locatie sluit/);
    expect(`${typo.stderr}${farAhead.stderr}`).not.toMatch(/veld|openedOn|closedOn/);
  });

  it.runIf(kind === 'pglite')('refuses to open a PGlite directory another process has open', async () => {
    await withDatabase(async () => {
      const result = await admin('list-devices', '--organisation', organisationId);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/in gebruik door een ander proces/);
    });
  });

  it.runIf(kind === 'pglite')('says what is wrong with an option before it opens the database', async () => {
    // the directory held by this process: a command that opened the database would say "in gebruik" instead
    await withDatabase(async () => {
      for (const [args, message] of [
        [['create-organisation', '--name', 'X', '--municipality', '0855'], /gemeentecode/],
        [['create-organisation', '--name', 'x'.repeat(201)], /te lang/],
        [['create-location', '--organisation', organisationId, '--name', 'Pop-up', '--municipality', 'GM0855', '--province', 'Atlantis'], /--province/],
        [['create-location', '--organisation', organisationId, '--name', 'Pop-up', '--municipality', 'GM0855', '--province', 'Utrecht', '--lat', '52.1'], /--lat en --lon/],
        [['create-location', '--name', 'Pop-up', '--municipality', 'GM0855', '--province', 'Utrecht'], /--organisation ontbreekt/],
        [['create-code', '--organisation', organisationId, '--role', 'baas'], /--role/],
        [['create-code', '--organisation', organisationId, '--days', '400'], /--days/],
        [['create-token', '--role', 'koning'], /--role/],
        [['create-token', '--role', 'coordinator'], /--organisation nodig/],
        [['create-token', '--role', 'municipality'], /--municipality ontbreekt/],
        [['create-token', '--role', 'municipality', '--municipality', 'GM0855', '--organisation', organisationId], /laat --organisation weg/],
        [['create-token', '--role', 'national', '--days', '0'], /--days/],
        [['update-location', '--organisation', organisationId, '--location', locationId, '--hours', 'veel'], /^De optie --hours moet een getal/],
        [['update-location', '--organisation', organisationId, '--location', locationId, '--lat', '200', '--lon', '5'], /^De optie --lat /],
        [['update-location', '--organisation', organisationId, '--location', locationId], /^Geef minstens één optie om te wijzigen, zoals --hours/],
        [['update-location', '--location', locationId, '--hours', '4'], /--organisation ontbreekt/],
        [['close-location', '--organisation', organisationId, '--location', locationId, '--on', 'morgen'], /^De optie --on /],
        [['create-location', '--organisation', organisationId, '--name', 'Pop-up', '--municipality', 'GM0855', '--province', 'Utrecht', '--opened', '2024-02-30'], /^De optie --opened is geen bestaande datum/],
        [['close-location', '--organisation', organisationId, '--on', '2026-06-30'], /--location ontbreekt/],
      ] as const) {
        const refused = await admin(...args);
        expect(refused).toMatchObject({ code: 1, stdout: '' });
        expect(refused.stderr).toMatch(message);
        expect(refused.stderr).not.toMatch(/in gebruik/);
      }
    });
  });
});
