import type { FastifyInstance } from 'fastify';
import { API_PREFIX, ENROLL_ATTEMPT_PATTERN } from '../../shared/api';
import { deviceLabel } from '../admin/input';
import type { Database } from '../db/database';
import { enrollDevice, reserveEnrollAttempt } from '../enrollment/enroll';
import { ApiError } from '../errors';

const MAX_CODE_LENGTH = 20;
const DEFAULT_LABEL = 'Tablet';
const DEACTIVATED_CODE = 'Deze code hoort bij een organisatie die het landelijk team heeft gedeactiveerd. Met deze code kunt u geen tablet koppelen. Neem contact op met het landelijk team.';

interface EnrollBody { code: string; label: string; attempt?: string }

function readEnrollBody(body: unknown): EnrollBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('invalid_request', {}, 'Stuur een code en een naam voor de tablet.');
  const { code, label, attempt } = body as { code?: unknown; label?: unknown; attempt?: unknown };
  if (typeof code !== 'string' || code.trim() === '' || code.length > MAX_CODE_LENGTH) {
    throw new ApiError('invalid_request', {}, 'Vul de koppelcode in, zoals ABCD-EFGH.');
  }
  if (attempt !== undefined && (typeof attempt !== 'string' || !ENROLL_ATTEMPT_PATTERN.test(attempt))) {
    throw new ApiError('invalid_request', {}, 'Het veld "attempt" moet 22 tot 64 letters, cijfers, - of _ zijn. Laat het weg of stuur de sleutel die de tablet maakte.');
  }
  // No label, or only spaces: the default. Any other is checked as PATCH …/devices/{id} checks it.
  const named = label === undefined || (typeof label === 'string' && label.trim() === '') ? DEFAULT_LABEL : deviceLabel({ label });
  return { code, label: named, ...(attempt !== undefined ? { attempt } : {}) };
}

/** POST /devices/enroll: a single-use code for a device id and token (for a day the same device again, with the code's attempt key); failures rate-limited per address in the database (counted before the code is tried, atomically). */
export function enrollRoutes(app: FastifyInstance, options: { db: Database }): void {
  const { db } = options;
  app.post(`${API_PREFIX}/devices/enroll`, { bodyLimit: 4096 }, async (request, reply) => {
    const attempt = await reserveEnrollAttempt(db, request.ip);
    if (attempt.waitSeconds > 0) throw new ApiError('rate_limited', { 'retry-after': String(attempt.waitSeconds) });
    let body: EnrollBody;
    try {
      body = readEnrollBody(request.body);
    } catch (error) {
      await attempt.refund(); // no code was tried
      throw error;
    }
    const enrolled = await enrollDevice(db, body.code, body.label, body.attempt);
    if (!enrolled) throw new ApiError('invalid_code'); // the attempt stays counted as a failure
    if (enrolled === 'deactivated') throw new ApiError('forbidden', {}, DEACTIVATED_CODE); // counted too: no tablet was made
    await attempt.refund();
    const { again, ...answer } = enrolled;
    request.log.info({ deviceId: answer.deviceId, organisationId: answer.organisation.id }, again ? 'device enrolled again (same code and attempt key, new token)' : 'device enrolled');
    return reply.code(201).header('cache-control', 'no-store').send(answer);
  });
}
