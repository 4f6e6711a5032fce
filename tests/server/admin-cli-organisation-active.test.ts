import { describe, expect, it } from 'vitest';
import type { AdminOrganisation } from '../../src/shared/admin-api';
import { runAdmin } from './cli';
import { cliDatabase } from './cli-database';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { DATABASE_KINDS } from './test-server';

/*
 * deactivate-organisation and reactivate-organisation: the operator on the server's shell (the browser unusable) does
 * what POST ORG/deactivate and ORG/reactivate do, through the same service functions: the same refusals, one audit
 * row as `cli` for a change and none when the organisation already is so. There was no command for either.
 */
describe.each(DATABASE_KINDS)('npm run admin -- deactivate-organisation / reactivate-organisation on %s', (kind) => {
  const cli = cliDatabase(kind, 'ido-admin-active-');
  const { withDb } = cli;
  /** Each organisation's deactivated_at (null: active) and the audit rows, oldest first. */
  const stored = () => withDb(async (db) => ({
    organisations: Object.fromEntries((await db.query<{ id: string; deactivated: boolean }>(
      'SELECT id::text AS id, deactivated_at IS NOT NULL AS deactivated FROM organisations ORDER BY id',
    )).map((row) => [row.id, row.deactivated])),
    audit: await db.query<{ actor_kind: string; actor_id: string | null; organisation_id: string | null; action: string; target: string | null; before: unknown; after: unknown }>(
      'SELECT actor_kind, actor_id, organisation_id::text AS organisation_id, action, target, before, after FROM audit_log ORDER BY id',
    ),
  }));

  it('deactivates and reactivates through the routes\' functions: the state, one cli audit row per change, none when it already was so', async () => {
    const deactivated = await runAdmin(['deactivate-organisation', ORGANISATION.id], cli.env);
    expect(deactivated.code, deactivated.stderr).toBe(0);
    const answer = JSON.parse(deactivated.stdout) as AdminOrganisation;
    // The route's answer, as POST ORG/deactivate gives it.
    expect(answer).toMatchObject({ id: ORGANISATION.id, name: ORGANISATION.name, municipalityCode: ORGANISATION.municipalityCode, demo: false, locations: 2 });
    expect(answer.deactivatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(deactivated.stderr).toBe(`Organisatie "${ORGANISATION.name}" is gedeactiveerd: haar coördinatoren kunnen haar niet meer beheren en haar koppelcodes werken niet meer. `
      + `Haar tablets versturen hun registraties wel. Ongedaan maken: reactivate-organisation ${ORGANISATION.id}\n`);
    let now = await stored();
    expect(now.organisations).toEqual({ [ORGANISATION.id]: true, [OTHER_ORGANISATION.id]: false });
    expect(now.audit).toEqual([{ actor_kind: 'cli', actor_id: null, organisation_id: ORGANISATION.id, action: 'organisation.deactivate', target: ORGANISATION.id, before: { active: true }, after: { active: false } }]);

    // list-organisations says which one is deactivated, since when.
    const listed = JSON.parse((await runAdmin(['list-organisations'], cli.env)).stdout) as Array<{ id: string; deactivatedAt?: string }>;
    expect(listed.find((o) => o.id === ORGANISATION.id)?.deactivatedAt).toBe(answer.deactivatedAt);
    expect(listed.find((o) => o.id === OTHER_ORGANISATION.id)).not.toHaveProperty('deactivatedAt');

    // Again (an upper-case id too): answered as it is, exit 0, no second row.
    const again = await runAdmin(['deactivate-organisation', ORGANISATION.id.toUpperCase()], cli.env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(answer);
    expect(again.stderr).toBe(`Organisatie "${ORGANISATION.name}" was al gedeactiveerd (sinds ${answer.deactivatedAt!.slice(0, 10)}). Er is niets veranderd.\n`);
    expect((await stored()).audit).toHaveLength(1);

    const reactivated = await runAdmin(['reactivate-organisation', ORGANISATION.id], cli.env);
    expect(reactivated.code, reactivated.stderr).toBe(0);
    expect(JSON.parse(reactivated.stdout)).toEqual({ ...answer, deactivatedAt: null });
    expect(reactivated.stderr).toBe(`Organisatie "${ORGANISATION.name}" is weer actief: haar coördinatoren kunnen haar weer beheren. `
      + 'Kaartwijzigingen die op haar coördinatortablets wachten, gaan mee bij hun volgende verbinding.\n');
    const reactivatedAgain = await runAdmin(['reactivate-organisation', ORGANISATION.id], cli.env);
    expect(reactivatedAgain.code, reactivatedAgain.stderr).toBe(0);
    expect(reactivatedAgain.stderr).toBe(`Organisatie "${ORGANISATION.name}" was al actief. Er is niets veranderd.\n`);
    now = await stored();
    expect(now.organisations).toEqual({ [ORGANISATION.id]: false, [OTHER_ORGANISATION.id]: false });
    expect(now.audit.slice(1)).toEqual([{ actor_kind: 'cli', actor_id: null, organisation_id: ORGANISATION.id, action: 'organisation.reactivate', target: ORGANISATION.id, before: { active: false }, after: { active: true } }]);
    expect((JSON.parse((await runAdmin(['list-organisations'], cli.env)).stdout) as Array<{ id: string }>).find((o) => o.id === ORGANISATION.id)).not.toHaveProperty('deactivatedAt');
  });

  it('refuses an unknown id, what is no id, a missing, extra or hostile argument and --help: a Dutch message, exit 1, nothing stored', async () => {
    const before = await stored();
    const unknown = '00000000-0000-4000-8000-000000000000';
    const notAnId = 'Dat is geen organisatie-id. Een id ziet eruit als 6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f; zie list-organisations voor de ids.\n';
    // The longest single argument Linux passes to a program is 128 KiB (MAX_ARG_STRLEN); a 10 MB one never starts it.
    const long = `${ORGANISATION.id}${'x'.repeat(100_000)}`;
    const cases: Array<[string[], string | RegExp]> = [
      [['deactivate-organisation', unknown], `Organisatie ${unknown} bestaat niet. Zie list-organisations voor de ids.\n`],
      [['reactivate-organisation', unknown], `Organisatie ${unknown} bestaat niet. Zie list-organisations voor de ids.\n`],
      [['deactivate-organisation', 'Bibliotheek Elders'], notAnId],
      [['deactivate-organisation', `${ORGANISATION.id}' OR 1=1 --`], notAnId],
      [['reactivate-organisation', `\u001b[2J${ORGANISATION.id}`], notAnId],
      [['deactivate-organisation', long], notAnId],
      [['deactivate-organisation', ''], notAnId],
      [['deactivate-organisation'], /^Verkeerd aantal argumenten voor deactivate-organisation\.\nGebruik: npm run admin/],
      [['reactivate-organisation', ORGANISATION.id, OTHER_ORGANISATION.id], /^Verkeerd aantal argumenten voor reactivate-organisation\.\nGebruik: npm run admin/],
      [['deactivate-organisation', '--organisation', ORGANISATION.id], /^Onbekende optie "--organisation"\.\nGebruik: npm run admin/],
      [['deactivate-organisation', '--help'], /^Onbekende optie "--help"\.\nGebruik: npm run admin[^]*deactivate-organisation ID[^]*reactivate-organisation ID/],
      [['reactivate-organisation', '--national'], /^Onbekende optie "--national"\.\nGebruik: npm run admin/],
    ];
    for (const [args, message] of cases) {
      const result = await runAdmin(args, cli.env);
      expect(result.code, args.join(' ').slice(0, 80)).toBe(1);
      expect(result.stdout).toBe('');
      if (typeof message === 'string') expect(result.stderr).toBe(message);
      else expect(result.stderr).toMatch(message);
    }
    expect(await stored()).toEqual(before);
  });
});
