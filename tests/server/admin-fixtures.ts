import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiToken } from '../../src/server/api-tokens';
import type { Database } from '../../src/server/db/database';
import { issueEnrollmentCode } from '../../src/server/enrollment/codes';
import { ORGANISATION, OTHER_ORGANISATION } from './fixtures';
import { enrollTablet, type TestServer } from './test-server';

export const ADMIN = '/api/v1/admin';
export const ORG = `${ADMIN}/organisations/${ORGANISATION.id}`;
export const THIRD_ORGANISATION = { id: '5c4b3a29-1e0f-4d8c-9b7a-6f5e4d3c2b1a', name: 'Bibliotheek Derde' };

export type Role = 'none' | 'staffTablet' | 'otherCoordinator' | 'coordinatorTablet' | 'coordinator' | 'national';
export const ROLES: Role[] = ['none', 'staffTablet', 'otherCoordinator', 'coordinatorTablet', 'coordinator', 'national'];

/** Every table management writes, as one comparable fingerprint. */
export async function snapshot(db: Database): Promise<string> {
  const parts: string[] = [];
  // last_used_at is the lookup's own bookkeeping (written on a token's first use in an hour), not a change.
  const tables: Record<string, string> = {
    organisations: 'organisations', locations: 'locations', enrollment_codes: 'enrollment_codes', devices: 'devices',
    api_tokens: '(SELECT id, token_hash, role, organisation_id, created_at, expires_at, revoked_at FROM api_tokens)', municipalities: 'municipalities', audit_log: 'audit_log',
  };
  for (const [table, source] of Object.entries(tables)) {
    const [row] = await db.query<{ n: number; digest: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${source} t`);
    parts.push(`${table}:${row.n}:${row.digest}`);
  }
  return parts.join(' ');
}

/** Bearer tokens of each role. */
export async function makeRoles(server: TestServer): Promise<Record<Role, string | undefined>> {
  const coordinatorCode = (await issueEnrollmentCode(server.db, ORGANISATION.id, 7, 'coordinator')).code;
  const enrolled = await server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code: coordinatorCode, label: 'Coördinatortablet' } });
  return {
    none: undefined,
    staffTablet: (await enrollTablet(server)).token,
    otherCoordinator: await createApiToken(server.db, 'coordinator', OTHER_ORGANISATION.id),
    coordinatorTablet: enrolled.json().token,
    coordinator: await createApiToken(server.db, 'coordinator', ORGANISATION.id),
    national: await createApiToken(server.db, 'national', null),
  };
}

export function call(server: TestServer, token: string | undefined, method: InjectOptions['method'], url: string, body?: unknown): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  return server.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
}

