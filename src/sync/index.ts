/** The sync engine's public face, for the page and the service worker alike (DOM-free). */
export { drainOutbox, type DrainOptions, type DrainResult } from './outbox';
export { fetchTransport, type KaartTransport, type RawResponse, type Transport } from './transport';
export { pauseExplanation, pauseNotice, readSyncStatus, statusLine, type SyncStatusView } from './status';
export { enrollDevice, unenrollDevice, ENROLL_MESSAGES, type EnrollResult, type UnenrollResult } from './enroll';
export { getDevice } from './device';
export { buildEmergencyExport, emergencyExportFile, type EmergencyExport } from './export';
export { purgeSent } from './purge';
export { OUTBOX_LOCK, whenOutboxFree } from './lock';
export { syncAll, type KaartReport, type SyncOptions, type SyncResult } from './kaart-sync';
export { resolveKaartConflict, discardKaartEdit, type KaartConflictChoice } from './kaart-conflicts';
export { readKaartSyncStatus, type KaartSyncView } from './kaart-status';
export { loadDemoKaart } from './kaart-apply';
export { needsBackgroundSync, requestBackgroundSync, runSyncEvent, SYNC_TAG, type SyncRegistrationLike } from './background-sync';
