import type { Queryable } from './db/database';
import { generateToken, hashSecret } from './secrets';

export type ApiTokenRole = 'coordinator' | 'national';

/** Makes a token for reports: a coordinator sees one organisation, national sees all. Returns the token (shown once). */
export async function createApiToken(db: Queryable, role: ApiTokenRole, organisationId: string | null): Promise<string> {
  const token = generateToken();
  await db.query('INSERT INTO api_tokens (token_hash, role, organisation_id) VALUES ($1, $2, $3)', [hashSecret(token), role, organisationId]);
  return token;
}
