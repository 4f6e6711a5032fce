import { hasPersonalData } from '../../shared/personal-data';
import type { Draft } from './draft';

/**
 * The draft as it may be kept on disk: an "anders, namelijk" note that looks like personal data
 * (a BSN, a phone number…) stays on screen for the person to fix, but is never written down.
 */
export function keepableDraft(draft: Draft): Draft {
  if (!draft.questions.some((q) => hasPersonalData(q.otherText))) return draft;
  return { ...draft, questions: draft.questions.map((q) => (hasPersonalData(q.otherText) ? { ...q, otherText: '' } : q)) };
}
