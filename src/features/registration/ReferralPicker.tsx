import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import { allServices, servicesForTopics } from '../../db/kaart/joins';
import { useLiveQuery } from '../../db/use-live-query';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { Field } from '../../ui/Field';
import { SEARCH_MAX, searchedText } from '../../shared/text-length';

interface ReferralPickerProps {
  id: string;
  topics: string[];
  value: string | undefined;
  /** the validation error of referral.serviceId, shown at the tiles */
  error?: string;
  onChange: (serviceId: string | undefined) => void;
}

const SHOWN = 8;

/** Picks the kaart service a visitor was referred to: services for the question's topics first. */
export function ReferralPicker({ id, topics, value, error, onChange }: ReferralPickerProps) {
  const [filter, setFilter] = useState('');
  const matched = useLiveQuery((db) => servicesForTopics(db, topics), [topics.join(',')], []);
  const everything = useLiveQuery((db) => (filter.trim() ? allServices(db) : Promise.resolve([])), [filter.trim() !== ''], []);
  const needle = searchedText(filter, SEARCH_MAX.referral).trim().toLowerCase();
  const candidates = needle
    ? everything.filter((s) => `${s.name} ${s.alternate_name ?? ''}`.toLowerCase().includes(needle)).slice(0, SHOWN)
    : matched.slice(0, SHOWN).map((m) => m.service);
  const chosen = value && !candidates.some((s) => s.id === value) ? [...everything, ...matched.map((m) => m.service)].find((s) => s.id === value) : undefined;
  const choices = [...(chosen ? [chosen] : []), ...candidates].map((s) => ({ value: s.id, label: s.name }));
  return (
    <div class="ido-referral-picker">
      <Field id={`${id}-filter`} label="Dienst uit de sociale kaart (niet verplicht)" description={needle ? undefined : 'Eerst de diensten die bij de onderwerpen van deze vraag passen. Of zoek op naam.'}>
        <input class="utrecht-textbox utrecht-textbox--html-input" id={`${id}-filter`} type="search" value={filter} autoComplete="off" maxLength={2 * SEARCH_MAX.referral}
          onInput={(e) => setFilter(e.currentTarget.value)} />
      </Field>
      {choices.length > 0 ? (
        <ChoiceTiles id={id} legend="Kies de dienst" choices={[...choices, { value: '', label: 'Geen dienst kiezen' }]} value={value ?? ''} error={error}
          onChange={(serviceId) => onChange(serviceId || undefined)} />
      ) : (
        <>
          {error && <p class="utrecht-form-field-error-message" id={`${id}-error`} tabIndex={-1}>{error}</p>}
          <p class="utrecht-paragraph" id={id} tabIndex={-1}>{needle ? 'Geen dienst gevonden met die naam.' : 'Geen dienst op de kaart voor deze onderwerpen. Zoek op naam.'}</p>
        </>
      )}
    </div>
  );
}
