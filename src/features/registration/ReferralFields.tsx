import '@utrecht/select-css/dist/index.css';
import type { ValidationError } from '../../shared/validation';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { Field } from '../../ui/Field';
import { choicesOf, errorAt, fieldId } from './choices';
import type { QuestionDraft } from './draft';
import { ReferralPicker } from './ReferralPicker';
import { SlipLink } from './SlipLink';

interface ReferralFieldsProps {
  /** the question's path in the record, e.g. `questions[0]` */
  at: string;
  question: QuestionDraft;
  errors: ValidationError[];
  onChange: (question: QuestionDraft) => void;
}

const YES_NO = [{ value: 'ja', label: 'Ja' }, { value: 'nee', label: 'Nee' }];

/**
 * A question's referral: how, the consent of a warm referral, the kaart service (and its verwijsbriefje), the
 * organisation. Drawn only once "doorverwezen" is tapped, so its code (and the kaart's) is a chunk of its own.
 */
export function ReferralFields({ at, question: q, errors, onChange }: ReferralFieldsProps) {
  const err = (field: string) => errorAt(errors, `${at}.${field}`);
  const id = (field: string) => fieldId(`${at}.${field}`);
  const set = (patch: Partial<QuestionDraft>) => onChange({ ...q, ...patch });
  const referralKinds = choicesOf('referralKind');
  return (
    <div class="ido-card" style="background: var(--ido-color-canvas)">
      <ChoiceTiles id={id('referral.kind')} legend="Hoe verwees u door?" choices={referralKinds} value={q.referralKind}
        error={err('referral') ?? err('referral.kind')} onChange={(referralKind) => set({ referralKind, referralConsent: referralKind === 'warm' ? q.referralConsent : undefined })} />
      {q.referralKind === 'warm' && (
        <ChoiceTiles id={id('referral.consent')} legend="Gaf de bezoeker toestemming om gegevens door te geven?"
          description="Alleen ja of nee. Schrijf geen gegevens van de bezoeker op." choices={YES_NO}
          value={q.referralConsent === undefined ? undefined : q.referralConsent ? 'ja' : 'nee'} error={err('referral.consent')}
          onChange={(answer) => set({ referralConsent: answer === 'ja' })} />
      )}
      <ReferralPicker id={id('referral.serviceId')} topics={q.topics} value={q.referralServiceId} error={err('referral.serviceId')} onChange={(referralServiceId) => set({ referralServiceId })} />
      <SlipLink id={id('referral.slip')} question={q} />
      <Field id={id('referral.organisation')} label="Naar welke organisatie? (niet verplicht)" error={err('referral.organisation')}>
        <select class="utrecht-select utrecht-select--html-select" id={id('referral.organisation')} value={q.referralOrganisation ?? ''}
          onChange={(e) => set({ referralOrganisation: e.currentTarget.value || undefined })}>
          <option value="">Geen keuze</option>
          {choicesOf('governmentOrganisation').concat(choicesOf('partnerOrganisation').filter((c) => c.value !== 'gemeente' && c.value !== 'anders'))
            .map((c) => <option value={c.value} key={c.value}>{c.label}</option>)}
        </select>
      </Field>
    </div>
  );
}
