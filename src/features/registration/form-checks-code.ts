// The lazy chunk behind form-checks.ts: what only runs on a save or on typed free text.
export { planSave } from './save-plan';
export { keepableDraft } from './keepable-draft';
export { findPersonalData, personalDataMessages } from '../../shared/personal-data';
