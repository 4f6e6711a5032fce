import type { GroupSession } from './group-session';
import type { IdoLocation, Organisation, Registration } from './registration';

/** The ingest API's types (docs/ingest-api.md), shared by page, service worker and server. */
export const API_PREFIX = '/api/v1';

/** Headers a tablet's sync requests carry about itself (docs/admin-api.md, "Tablets at their last contact"). */
export const DEVICE_CONTACT_HEADERS = { appVersion: 'IDO-App-Version', pending: 'IDO-Pending', clock: 'IDO-Clock' } as const;

export interface HealthResponse {
  /** `outdated`: a newer version of the server has migrated the database; this process takes no batches */
  status: 'ok' | 'unavailable' | 'outdated';
  version: string;
  database: 'pglite' | 'postgres';
}

export interface LimitsResponse {
  maxBatchRecords: number;
  /** the most a request body may hold, counted unpacked */
  maxBatchBytes: number;
  schemaVersions: string[];
  minRetryAfterSeconds: number;
  /**
   * The codings a request body may be packed with (`Content-Encoding`), besides none: `["gzip"]` from servers that
   * take them; absent from older servers, and in `DEFAULT_LIMITS`: a tablet packs only for a server that said so.
   */
  requestEncodings?: string[];
}

export const DEFAULT_LIMITS: LimitsResponse = {
  maxBatchRecords: 500,
  maxBatchBytes: 1_048_576,
  schemaVersions: ['ido-2024.1'],
  minRetryAfterSeconds: 1,
};

export interface EnrollRequest {
  code: string;
  label?: string;
  /**
   * A random key the tablet made for this code and keeps until it has stored the answer (ENROLL_ATTEMPT_PATTERN): with
   * it, the same code enrolls the same device again for a day, with a new token (docs/ingest-api.md, "Enrollment").
   */
  attempt?: string;
}

/** An attempt key: 22 to 64 characters of base64url (the tablet sends 16 random bytes, 22 characters). */
export const ENROLL_ATTEMPT_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
/** How long after a code was used its attempt key enrolls the same device again. */
export const ENROLL_AGAIN_HOURS = 24;

export interface EnrollResponse {
  deviceId: string;
  /** opaque bearer token, shown once */
  token: string;
  organisation: Pick<Organisation, 'id' | 'name'>;
  locations: IdoLocation[];
  codelistVersion: string;
  /** 'coordinator' when the enrollment code was a coordinator's; absent means 'medewerker' */
  role?: DeviceRole;
}

/** What a tablet may do: every tablet registers and reads the kaart; a coordinator's also edits it. */
export type DeviceRole = 'medewerker' | 'coordinator';

export interface BatchRequest {
  batchId: string;
  deviceId: string;
  sentAt: string;
  /** registrations, and group sessions marked `recordType: "groupSession"` (docs/ingest-api.md, "Group sessions") */
  records: BatchRecord[];
}

/** One record of a batch. */
export type BatchRecord = Registration | GroupSession;

export type RecordStatus = 'accepted' | 'duplicate' | 'rejected' | 'conflict';

export interface RecordResult {
  id: string;
  status: RecordStatus;
  /** stable reason of a `rejected` or `conflict`; `id_in_use` (./ownership.ts): the id is another organisation's or tablet's */
  code?: string;
  field?: string;
  message?: string;
}

export interface BatchResponse {
  batchId: string;
  serverTime: string;
  results: RecordResult[];
}

/** Every error body: a stable code and a Dutch message the app may show as it is. */
export interface ErrorBody {
  error: string;
  message: string;
}

/** An IDO location as a tablet receives it at each sync: `closedOn` when the coordinator closed it (docs/admin-api.md). */
export type DeliveredLocation = IdoLocation & { closedOn?: string };

/** GET /locations: the tablet's organisation and all its locations now, closed ones too (registrations made there stay valid). */
export interface LocationsResponse {
  organisation: Pick<Organisation, 'id' | 'name'>;
  locations: DeliveredLocation[];
}
