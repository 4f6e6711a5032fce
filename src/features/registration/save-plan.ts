import type { Registration } from '../../shared/registration';
import { validateRegistration, type ValidationError } from '../../shared/validation';
import { freshDraft, type ContactDefaults, type Draft } from './draft';
import { draftToRegistration } from './draft-registration';

/** What a tap on Opslaan does with the form's draft. */
export type SavePlan =
  /** a draft already handed to the database, or the untouched fresh form a save just made: a double tap */
  | { kind: 'ignore' }
  | { kind: 'invalid'; errors: ValidationError[] }
  /** write `registration` under the draft's own id; `next` (a new contact only) is the form for the next visitor */
  | { kind: 'save'; registration: Registration; next?: Draft };

export interface SaveContext {
  deviceId: string;
  organisationId: string;
  locationIds: string[];
  /** ids of the drafts this form has handed to the database */
  saved: ReadonlySet<string>;
  /** the fresh draft the last save put in the form */
  madeBySave?: Draft;
  /** the contact fields the next visitor's form starts from */
  nextDefaults: (registration: Registration) => ContactDefaults;
  now?: Date;
}

/**
 * A question's topics are on the form only once its kind (category) is chosen (QuestionFields.tsx): without one,
 * "Kies minstens één onderwerp." would link to a field that is not there, and its link would move no focus. The
 * category's own message leads there; choosing it brings the topics.
 */
function hiddenField(draft: Draft, field: string): boolean {
  const topics = /^questions\[(\d+)\]\.topics$/.exec(field);
  return topics !== null && !draft.questions[Number(topics[1])]?.category;
}

/**
 * Decides a tap on Opslaan without waiting for anything: the next visitor's draft, with a new id,
 * is made here, before the write starts, so no tap can change or save a draft twice.
 */
export function planSave(draft: Draft, context: SaveContext): SavePlan {
  if (context.saved.has(draft.id) || draft === context.madeBySave) return { kind: 'ignore' };
  const registration = draftToRegistration(draft, { deviceId: context.deviceId, organisationId: context.organisationId });
  const errors = validateRegistration(registration, { locationIds: context.locationIds }).filter((error) => !hiddenField(draft, error.field));
  if (errors.length > 0) return { kind: 'invalid', errors };
  if (draft.editing) return { kind: 'save', registration };
  return { kind: 'save', registration, next: freshDraft(context.nextDefaults(registration), context.now) };
}
