/** The sync engine's public face, for the page and the service worker alike (DOM-free). */
export { drainOutbox, type DrainOptions, type DrainResult } from './outbox';
export { fetchTransport, type RawResponse, type Transport } from './transport';
export { readSyncStatus, statusLine, type SyncStatusView } from './status';
export { enrollDevice, unenrollDevice, ENROLL_MESSAGES, type EnrollResult, type UnenrollResult } from './enroll';
export { getDevice } from './device';
export { buildEmergencyExport, type EmergencyExport } from './export';
export { purgeSent } from './purge';
export { OUTBOX_LOCK } from './lock';
