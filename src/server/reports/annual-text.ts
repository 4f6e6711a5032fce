import type { AnnualSubject } from '../../shared/annual-report';
import type { Queryable } from '../db/database';

/** The report's own text for a subject and year ('' when none was written), from annual_report_texts (migration 016). */
export async function readAnnualText(db: Queryable, subject: AnnualSubject, year: number): Promise<{ body: string; updatedAt: string | null }> {
  const [row] = await db.query<{ body: string; updated_at: Date }>(
    'SELECT body, updated_at FROM annual_report_texts WHERE scope_kind = $1 AND scope_id = $2 AND year = $3',
    [subject.kind, subject.id, year],
  );
  return row ? { body: row.body, updatedAt: new Date(row.updated_at).toISOString() } : { body: '', updatedAt: null };
}

/** Stores the text (already checked: checkAnnualText); an empty text removes it. `updatedBy` names the token kind and id, never a person. */
export async function saveAnnualText(db: Queryable, subject: AnnualSubject, year: number, body: string, updatedBy: string): Promise<{ body: string; updatedAt: string | null }> {
  if (body === '') {
    await db.query('DELETE FROM annual_report_texts WHERE scope_kind = $1 AND scope_id = $2 AND year = $3', [subject.kind, subject.id, year]);
    return { body: '', updatedAt: null };
  }
  const [row] = await db.query<{ updated_at: Date }>(
    `INSERT INTO annual_report_texts (scope_kind, scope_id, year, body, updated_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (scope_kind, scope_id, year) DO UPDATE SET body = EXCLUDED.body, updated_at = now(), updated_by = EXCLUDED.updated_by
     RETURNING updated_at`,
    [subject.kind, subject.id, year, body, updatedBy],
  );
  return { body, updatedAt: new Date(row.updated_at).toISOString() };
}
