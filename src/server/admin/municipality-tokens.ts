import type { AdminCreatedToken } from '../../shared/admin-api';
import { type ApiTokenInfo, issueApiToken, listApiTokens } from '../api-tokens';
import type { Database, Queryable } from '../db/database';
import { writeTransaction } from '../db/migrate';
import { ApiError } from '../errors';
import { isUuid } from '../../shared/ids';
import { type Actor, notFound, requireNational } from './actor';
import { appendAudit } from './audit';

/*
 * Municipality tokens (issue 13): a report token that sees every organisation's locations in one municipality.
 * Only the national team makes, lists and revokes them (CLI and admin API alike call these functions).
 */

const MUNICIPALITY_CODE = /^GM\d{4}$/;

/** The code as stored if it names a municipality the server knows (CBS data, or a location in it); else a Dutch 400. */
export async function knownMunicipality(db: Queryable, code: unknown): Promise<string> {
  if (typeof code !== 'string' || !MUNICIPALITY_CODE.test(code)) {
    throw new ApiError('invalid_request', {}, 'Het veld "municipalityCode" heeft niet de juiste vorm, zoals GM0855.');
  }
  const [row] = await db.query<{ known: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM municipalities WHERE code = $1) OR EXISTS (SELECT 1 FROM locations WHERE municipality_code = $1) AS known',
    [code],
  );
  if (!row.known) throw new ApiError('invalid_request', {}, `Gemeente ${code} is onbekend: er is geen CBS-gegeven en geen IDO-locatie met deze code.`);
  return code;
}

/** A new municipality token (national only). The token is in this answer only. */
export async function createMunicipalityToken(db: Database, actor: Actor, municipality: unknown, days: number): Promise<AdminCreatedToken & { role: 'municipality'; municipalityCode: string }> {
  requireNational(actor);
  const municipalityCode = await knownMunicipality(db, municipality);
  return writeTransaction(db, async (tx) => {
    const issued = await issueApiToken(tx, 'municipality', null, days, municipalityCode);
    await appendAudit(tx, actor, { organisationId: null, action: 'token.create', target: issued.id, after: { role: 'municipality', municipalityCode, expiresAt: issued.expiresAt } });
    return { id: issued.id, token: issued.token, role: 'municipality', municipalityCode, expiresAt: issued.expiresAt };
  });
}

/** Every municipality token, oldest first (national only). */
export async function listMunicipalityTokens(db: Queryable, actor: Actor): Promise<ApiTokenInfo[]> {
  requireNational(actor);
  return (await listApiTokens(db)).filter((token) => token.role === 'municipality');
}

/** Revokes a municipality token (national only); another kind of token's id is a 404 like an unknown one. */
export async function revokeMunicipalityToken(db: Database, actor: Actor, id: unknown): Promise<ApiTokenInfo> {
  requireNational(actor);
  if (!isUuid(id)) throw notFound('Deze toegangscode');
  const tokenId = id.toLowerCase();
  await writeTransaction(db, async (tx) => {
    const [row] = await tx.query<{ revoked: boolean }>(
      "SELECT revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE id = $1 AND role = 'municipality' FOR UPDATE",
      [tokenId],
    );
    if (!row) throw notFound('Deze toegangscode');
    if (row.revoked) return;
    await tx.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [tokenId]);
    await appendAudit(tx, actor, { organisationId: null, action: 'token.revoke', target: tokenId, before: { revoked: false }, after: { revoked: true } });
  });
  return (await listApiTokens(db)).find((token) => token.id === tokenId)!;
}
