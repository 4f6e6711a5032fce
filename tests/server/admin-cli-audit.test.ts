import { describe, expect, it } from 'vitest';
import { runAdmin } from './cli';
import { cliDatabase } from './cli-database';
import { ORGANISATION } from './fixtures';
import { DATABASE_KINDS } from './test-server';

describe.each(DATABASE_KINDS)('the admin command writes the audit log on %s', (kind) => {
  const cli = cliDatabase(kind, 'ido-admin-audit-');
  const { withDb } = cli;

  it('create-code, revoke-code and create-token leave cli rows without the code or token; the output is as before', async () => {
    const code = await runAdmin(['create-code', '--organisation', ORGANISATION.id, '--role', 'coordinator'], cli.env);
    expect(code.code).toBe(0);
    expect(code.stdout.trim()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const codeId = /Code-id ([0-9a-f-]{36})/.exec(code.stderr)![1];
    expect((await runAdmin(['revoke-code', codeId], cli.env)).stdout.trim()).toBe(codeId);
    const token = await runAdmin(['create-token', '--role', 'coordinator', '--organisation', ORGANISATION.id], cli.env);
    expect(token.code).toBe(0);
    const rows = await withDb((db) => db.query<{ actor_kind: string; actor_id: string | null; action: string; organisation_id: string; text: string }>(
      'SELECT actor_kind, actor_id, action, organisation_id::text AS organisation_id, a::text AS text FROM audit_log a ORDER BY id',
    ));
    expect(rows.map((row) => [row.actor_kind, row.actor_id, row.action, row.organisation_id])).toEqual([
      ['cli', null, 'code.create', ORGANISATION.id], ['cli', null, 'code.revoke', ORGANISATION.id], ['cli', null, 'token.create', ORGANISATION.id],
    ]);
    for (const row of rows) {
      expect(row.text).not.toContain(code.stdout.trim());
      expect(row.text).not.toContain(token.stdout.trim());
    }
  });
});
