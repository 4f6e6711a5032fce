// The lazy chunk behind form-checks.ts: what only runs on a save (the checks, the write) or on typed free text, and what a failed save shows.
export { planSave } from './save-plan';
export { keepableDraft } from './keepable-draft';
export { findPersonalData, personalDataMessages } from '../../shared/personal-data';
export { storageFailureOf } from '../../db/storage-failure';
export { StorageFailureAlert } from '../../ui/StorageFailureAlert';
export { saveEditedRegistration, saveNewRegistration } from '../../db/registrations';
export { ErrorSummary } from '../../ui/ErrorSummary';
