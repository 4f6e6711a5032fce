import '@utrecht/textbox-css/dist/index.css';
import '@utrecht/select-css/dist/index.css';
import type { IdoLocation } from '../../shared/registration';
import type { ValidationError } from '../../shared/validation';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { describedBy, Field } from '../../ui/Field';
import { choicesOf, errorAt, fieldId } from './choices';
import { DURATION_TILES, type Draft } from './draft';

interface ContactFieldsProps {
  draft: Draft;
  locations: IdoLocation[];
  errors: ValidationError[];
  onChange: (patch: Partial<Draft>) => void;
}

const durationChoices = [...DURATION_TILES.map((m) => ({ value: m, label: `${m} min` })), { value: 'langer', label: 'Langer' }];

/** Where, how and by whom the visitor was helped. */
export function ContactFields({ draft, locations, errors, onChange }: ContactFieldsProps) {
  const err = (field: string) => errorAt(errors, field);
  const location = locations.find((l) => l.id === draft.locationId);
  // Offer the scenarios of the chosen location first; every scenario stays possible.
  const scenarios = choicesOf('scenario').sort((a, b) => Number(location?.scenarios.includes(b.value)) - Number(location?.scenarios.includes(a.value)));
  const durationId = fieldId('durationMinutes');
  const startedId = fieldId('startedAt');
  return (
    <section class="ido-card" aria-labelledby="contact-heading">
      <h2 class="utrecht-heading-2" id="contact-heading">Contact</h2>
      {locations.length <= 4 ? (
        <ChoiceTiles id={fieldId('locationId')} legend="IDO-locatie" choices={locations.map((l) => ({ value: l.id, label: l.name }))}
          value={draft.locationId} error={err('locationId')}
          onChange={(locationId) => {
            const chosen = locations.find((l) => l.id === locationId);
            onChange({ locationId, scenario: chosen && draft.scenario && !chosen.scenarios.includes(draft.scenario) ? chosen.scenarios[0] : draft.scenario ?? chosen?.scenarios[0] });
          }} />
      ) : (
        <Field id={fieldId('locationId')} label="IDO-locatie" error={err('locationId')}>
          <select class="utrecht-select utrecht-select--html-select" id={fieldId('locationId')} value={draft.locationId ?? ''}
            aria-describedby={describedBy(fieldId('locationId'), err('locationId'))} onChange={(e) => onChange({ locationId: e.currentTarget.value || undefined })}>
            <option value="">Kies een locatie</option>
            {locations.map((l) => <option value={l.id} key={l.id}>{l.name}</option>)}
          </select>
        </Field>
      )}
      <ChoiceTiles id={fieldId('scenario')} legend="Hoe gaf u de hulp?" choices={scenarios} value={draft.scenario}
        error={err('scenario')} onChange={(scenario) => onChange({ scenario })} />
      <div class="ido-two-columns">
        <ChoiceTiles id={fieldId('channel')} legend="Kanaal" choices={choicesOf('channel')} value={draft.channel}
          error={err('channel')} onChange={(channel) => onChange({ channel })} />
        <div>
          <ChoiceTiles id={fieldId('staffRole')} legend="Wie hielp?" choices={choicesOf('staffRole')} value={draft.staffRole}
            error={err('staffRole')} onChange={(staffRole) => onChange({ staffRole, partnerOrganisation: staffRole === 'partner' ? draft.partnerOrganisation : undefined })} />
          {draft.staffRole === 'partner' && (
            <Field id={fieldId('partnerOrganisation')} label="Welke partner?" error={err('partnerOrganisation')}>
              <select class="utrecht-select utrecht-select--html-select" id={fieldId('partnerOrganisation')} value={draft.partnerOrganisation ?? ''}
                aria-describedby={describedBy(fieldId('partnerOrganisation'), err('partnerOrganisation'))}
                onChange={(e) => onChange({ partnerOrganisation: e.currentTarget.value || undefined })}>
                <option value="">Kies een partner</option>
                {choicesOf('partnerOrganisation').map((c) => <option value={c.value} key={c.value}>{c.label}</option>)}
              </select>
            </Field>
          )}
        </div>
      </div>
      <div class="ido-two-columns">
        <Field id={startedId} label="Datum en tijd" error={err('startedAt')}>
          <input class={`utrecht-textbox utrecht-textbox--html-input${err('startedAt') ? ' utrecht-textbox--invalid' : ''}`} id={startedId}
            type="datetime-local" value={draft.startedAtLocal} aria-describedby={describedBy(startedId, err('startedAt'))}
            onInput={(e) => onChange({ startedAtLocal: e.currentTarget.value })} />
        </Field>
        <div>
          <ChoiceTiles id={durationId} legend="Hoe lang duurde het?" choices={durationChoices} value={draft.durationChoice}
            error={draft.durationChoice === 'langer' ? undefined : err('durationMinutes')} onChange={(durationChoice) => onChange({ durationChoice })} />
          {draft.durationChoice === 'langer' && (
            <Field id={`${durationId}-other`} label="Aantal minuten (tot 480)" error={err('durationMinutes')}>
              <input class={`utrecht-textbox utrecht-textbox--html-input utrecht-textbox--numeric${err('durationMinutes') ? ' utrecht-textbox--invalid' : ''}`}
                id={`${durationId}-other`} type="number" inputMode="numeric" min={1} max={480} step={1} value={draft.durationOther}
                aria-describedby={describedBy(`${durationId}-other`, err('durationMinutes'))}
                onInput={(e) => onChange({ durationOther: e.currentTarget.value })} />
            </Field>
          )}
        </div>
      </div>
    </section>
  );
}
