import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DEFAULT_LIMITS } from '../src/shared/api';
import type { Registration } from '../src/shared/registration';
import { buildServer } from '../src/server/app';
import type { Database } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { openPglite } from '../src/server/db/pglite';
import { openPostgres } from '../src/server/db/postgres';
import { createEnrollmentCode } from '../src/server/enrollment/codes';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../src/server/organisations/demo';

/** One line of the ingest figures: how fast full batches go through POST /api/v1/batches. */
export interface IngestFigure {
  database: string;
  batches: number;
  recordsPerSecond: number;
  msPerBatch: number;
}

function record(deviceId: string): Registration {
  return {
    id: randomUUID(), revision: 1, schemaVersion: 'ido-2024.1', deviceId, organisationId: DEMO_ORGANISATION_ID, locationId: 'demo-centrum',
    scenario: 'spreekuur', channel: 'fysiek', staffRole: 'medewerker', startedAt: '2025-11-24T10:15:00+01:00', durationMinutes: 15,
    questions: [
      { category: 'digitale_overheid', topics: ['digid'], governmentOrganisations: [], digidFollowUp: 'activeren', help: ['samen_gedaan'], resolved: 'ja' },
      { category: 'digitale_overheid', topics: ['toeslagen'], governmentOrganisations: ['belastingdienst'], help: ['doorverwezen'], referral: { kind: 'extern' }, resolved: 'deels' },
    ],
    consentForReferral: false, deleted: false,
  };
}

async function measure(name: string, db: Database, batches: number): Promise<IngestFigure> {
  await migrate(db);
  await seedDemoOrganisation(db);
  const app = await buildServer({ db });
  const code = await createEnrollmentCode(db, DEMO_ORGANISATION_ID);
  const { deviceId, token } = (await app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'bench' } })).json();
  const bodies = Array.from({ length: batches }, () => ({ batchId: randomUUID(), deviceId, sentAt: new Date().toISOString(), records: Array.from({ length: DEFAULT_LIMITS.maxBatchRecords }, () => record(deviceId)) }));
  const started = performance.now();
  for (const body of bodies) {
    const response = await app.inject({ method: 'POST', url: '/api/v1/batches', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': body.batchId }, payload: JSON.stringify(body) });
    if (response.statusCode !== 200) throw new Error(`batch failed: ${response.statusCode} ${response.body}`);
  }
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  await db.close();
  return { database: name, batches, recordsPerSecond: Math.round((batches * DEFAULT_LIMITS.maxBatchRecords) / seconds), msPerBatch: Math.round((seconds * 1000) / batches) };
}

/** Full batches (500 records, 2 questions each) through the HTTP layer: PGlite in memory, and PostgreSQL when DATABASE_URL is set. */
export async function benchServerIngest(batches = 10): Promise<IngestFigure[]> {
  const figures = [await measure('pglite (memory)', await openPglite(), batches)];
  if (process.env.DATABASE_URL) figures.push(await measure('postgres', openPostgres(process.env.DATABASE_URL), batches));
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await benchServerIngest());
}
