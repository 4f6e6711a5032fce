import { slipQuestionOf, slipQuestionQuery } from '../../shared/kaart/slip-question';
import type { QuestionDraft } from './draft';

/**
 * Opens the verwijsbriefje of the chosen kaart service in a new tab, so the form stays as it is.
 * The address carries the service id and topic codes only: nothing typed in the form.
 */
export function SlipLink({ id, question }: { id: string; question: QuestionDraft }) {
  if (!question.referralServiceId) return null;
  const query = slipQuestionQuery(slipQuestionOf(question));
  const href = `#/kaart/dienst/${encodeURIComponent(question.referralServiceId)}/afdruk${query ? `?${query}` : ''}`;
  return (
    <p class="utrecht-paragraph">
      <a class="utrecht-button utrecht-button--secondary-action" id={id} href={href} target="_blank" rel="noopener">Verwijsbriefje voor de bezoeker (opent apart)</a>
    </p>
  );
}
