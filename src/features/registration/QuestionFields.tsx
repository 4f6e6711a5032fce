import '@utrecht/textbox-css/dist/index.css';
import { MAX_OTHER_TEXT } from '../../shared/registration';
import type { ValidationError } from '../../shared/validation';
import { Button } from '../../ui/Button';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { describedBy, Field } from '../../ui/Field';
import { choicesOf, errorAt, fieldId, topicChoices } from './choices';
import { questionHasOther, withTopics, type QuestionDraft } from './draft';
import { useFormChecks } from './form-checks';
import { lazyPart } from '../../ui/lazy';

// Drawn only once topics or "doorverwezen" are chosen: their kaart and Snelwijzer code stays out of the first load
// (RegistrationForm preloads them once the form stands).
const ReferralFields = lazyPart(() => import('./ReferralFields').then((m) => m.ReferralFields));
const TopicHelp = lazyPart(() => import('./TopicHelp').then((m) => m.TopicHelp));

/** Fetches the parts a question draws after a tap, so they are there by the time staff tap. */
export function preloadQuestionParts(): Promise<unknown> {
  return Promise.all([ReferralFields.preload(), TopicHelp.preload()]);
}

interface QuestionFieldsProps {
  index: number;
  count: number;
  question: QuestionDraft;
  errors: ValidationError[];
  onChange: (question: QuestionDraft) => void;
  onRemove: () => void;
}

/** One question: only the fields its earlier answers make relevant. */
export function QuestionFields({ index, count, question: q, errors, onChange, onRemove }: QuestionFieldsProps) {
  const at = `questions[${index}]`;
  const err = (field: string) => errorAt(errors, `${at}.${field}`);
  const id = (field: string) => fieldId(`${at}.${field}`);
  const set = (patch: Partial<QuestionDraft>) => onChange({ ...q, ...patch });
  const otherId = id('otherText');
  // Say it while typing, not only on save: staff should never have to retype.
  // The guard's code comes at the first typed letter if the idle moment did not bring it yet (form-checks.ts).
  const checks = useFormChecks(q.otherText !== '');
  const personalData = checks?.findPersonalData(q.otherText) ?? [];
  const otherError = err('otherText') ?? (personalData.length && checks ? checks.personalDataMessages[personalData[0]] : undefined);

  return (
    <section class="ido-card" aria-labelledby={`${id('heading')}`}>
      <div class="ido-row ido-row--spread">
        <h2 class="utrecht-heading-2" id={id('heading')}>Vraag {index + 1}{count > 1 ? ` van ${count}` : ''}</h2>
        {count > 1 && <Button appearance="subtle" danger onClick={onRemove}>Vraag {index + 1} weghalen</Button>}
      </div>
      <ChoiceTiles id={id('category')} legend="Soort vraag" choices={choicesOf('category')} value={q.category}
        error={err('category')} onChange={(category) => set({ category, topics: q.topics.filter((t) => topicChoices(category).some((c) => c.value === t)) })} />
      {q.category && (
        <ChoiceTiles multiple id={id('topics')} legend="Onderwerp" description="U kunt meer dan één onderwerp kiezen."
          choices={topicChoices(q.category)} value={q.topics} error={err('topics')} onChange={(topics) => onChange(withTopics(q, topics))} />
      )}
      <TopicHelp id={id('topic-help')} question={id('heading')} topics={q.topics} />
      {q.topics.includes('digid') && (
        <ChoiceTiles id={id('digidFollowUp')} legend="Waar ging de DigiD-vraag over?" choices={choicesOf('digidFollowUp')}
          value={q.digidFollowUp} error={err('digidFollowUp')} onChange={(digidFollowUp) => set({ digidFollowUp })} />
      )}
      {q.category === 'digitale_overheid' && (
        <ChoiceTiles multiple id={id('governmentOrganisations')} legend="Over welke organisatie ging het?" description="Niet verplicht."
          choices={choicesOf('governmentOrganisation')} value={q.governmentOrganisations} error={err('governmentOrganisations')}
          onChange={(governmentOrganisations) => set({ governmentOrganisations })} />
      )}
      <ChoiceTiles multiple id={id('help')} legend="Welke hulp gaf u?" choices={choicesOf('help')} value={q.help}
        error={err('help')} onChange={(help) => set({ help })} />
      {/* Only after "doorverwezen" is tapped (ReferralFields.tsx, its own chunk, fetched when the form stands). */}
      {q.help.includes('doorverwezen') && <ReferralFields at={at} question={q} errors={errors} onChange={onChange} />}
      <ChoiceTiles id={id('resolved')} legend="Is de vraag opgelost?" choices={choicesOf('resolved')} value={q.resolved}
        error={err('resolved')} onChange={(resolved) => set({ resolved })} />
      {questionHasOther(q) && (
        <Field id={otherId} label="Anders, namelijk (niet verplicht)" error={otherError}
          description={`Kort, hoogstens ${MAX_OTHER_TEXT} tekens. Geen namen, nummers of adressen van de bezoeker.`}>
          {/* The browser's maxlength counts UTF-16 units (an emoji 2): twice the limit never cuts a text the check takes
              (MAX_OTHER_TEXT characters, textLength), and the check says when it is too long. */}
          <input class={`utrecht-textbox utrecht-textbox--html-input${otherError ? ' utrecht-textbox--invalid' : ''}`} id={otherId}
            type="text" maxLength={2 * MAX_OTHER_TEXT} value={q.otherText} autoComplete="off"
            aria-invalid={otherError ? true : undefined} aria-describedby={describedBy(otherId, otherError, 'x')}
            onInput={(e) => set({ otherText: e.currentTarget.value })} />
        </Field>
      )}
    </section>
  );
}
