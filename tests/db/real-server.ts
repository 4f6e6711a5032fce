import Dexie from 'dexie';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { IdoDb } from '../../src/db/db';
import type { EnrolledDevice } from '../../src/db/types';
import { buildServer } from '../../src/server/app';
import type { Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { createEnrollmentCode } from '../../src/server/enrollment/codes';
import { DEMO_ORGANISATION_ID, seedDemoOrganisation } from '../../src/server/organisations/demo';
import type { DeviceRole, EnrollResponse } from '../../src/shared/api';
import { enrollDevice } from '../../src/sync/enroll';
import { fetchTransport } from '../../src/sync/transport';
import '../server/server-secret'; // the server's codes and tokens need its secret

/**
 * The real ingest server in this process for tests of the tablet against it: PGlite in memory,
 * migrated, seeded (by default the demo organisation), listening on a free port of 127.0.0.1.
 * Call `useRealServer()` at the top of a test file: it opens the server before the file's tests
 * and closes it after them; the tablets' local databases made through it are deleted after each test.
 */
export interface RealServer {
  /** the server's database */
  readonly db: Database;
  readonly app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** A tablet's empty local database (named `<prefix>-<uuid>`), deleted after the test. */
  newTabletDb(prefix: string): IdoDb;
  /** Enrolls as a tablet through the API (an enrollment code, then `POST /devices/enroll`) and returns the server's answer. */
  enroll(organisationId?: string, role?: DeviceRole): Promise<EnrollResponse>;
  /** A tablet enrolled the way the app does it (`enrollDevice` over HTTP: device, organisation and locations stored). */
  enrolledTablet(prefix: string, options?: { organisationId?: string; role?: DeviceRole; label?: string }): Promise<IdoDb>;
  /** A tablet with only its device written to its settings after `enroll` (nothing else fetched). */
  tabletWithDevice(prefix: string, organisationId?: string, role?: DeviceRole): Promise<{ db: IdoDb; device: EnrolledDevice }>;
}

export function useRealServer(seed: (db: Database) => Promise<unknown> = seedDemoOrganisation): RealServer {
  let db: Database | undefined;
  let app: FastifyInstance | undefined;
  let url = '';
  const opened: IdoDb[] = [];

  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    await seed(db);
    app = await buildServer({ db, version: 'test' });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });
  afterEach(async () => {
    for (const tablet of opened.splice(0)) {
      tablet.close();
      await Dexie.delete(tablet.name);
    }
  });

  const server: RealServer = {
    get db() { return db!; },
    get app() { return app!; },
    get url() { return url; },
    newTabletDb(prefix) {
      const tablet = new IdoDb(`${prefix}-${crypto.randomUUID()}`);
      opened.push(tablet);
      return tablet;
    },
    async enroll(organisationId = DEMO_ORGANISATION_ID, role = 'medewerker') {
      const code = await createEnrollmentCode(server.db, organisationId, 7, role);
      const answer = await server.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, label: 'Tablet' } });
      expect(answer.statusCode, answer.body).toBe(201);
      return answer.json() as EnrollResponse;
    },
    async enrolledTablet(prefix, { organisationId = DEMO_ORGANISATION_ID, role = 'medewerker', label = 'Tablet' } = {}) {
      const tablet = server.newTabletDb(prefix);
      const code = await createEnrollmentCode(server.db, organisationId, 7, role);
      expect(await enrollDevice(tablet, fetchTransport(url), code, label)).toMatchObject({ ok: true });
      return tablet;
    },
    async tabletWithDevice(prefix, organisationId = DEMO_ORGANISATION_ID, role = 'medewerker') {
      const enrolled = await server.enroll(organisationId, role);
      const device: EnrolledDevice = {
        deviceId: enrolled.deviceId, token: enrolled.token, organisationId, organisationName: enrolled.organisation.name,
        label: 'Tablet', enrolledAt: new Date().toISOString(), codelistVersion: enrolled.codelistVersion, ...(enrolled.role ? { role: enrolled.role } : {}),
      };
      const tablet = server.newTabletDb(prefix);
      await tablet.settings.put({ key: 'device', value: device });
      return { db: tablet, device };
    },
  };
  return server;
}
