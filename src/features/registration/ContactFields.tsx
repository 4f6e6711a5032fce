import '@utrecht/textbox-css/dist/index.css';
import '@utrecht/select-css/dist/index.css';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { capitalize } from '../../shared/dutch-text';
import type { IdoLocation } from '../../shared/registration';
import type { ValidationError } from '../../shared/validation';
import { Button } from '../../ui/Button';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { DateField, DateWords } from '../../ui/DateField';
import { describedBy, Field } from '../../ui/Field';
import { choicesOf, errorAt, fieldId } from './choices';
import { DURATION_TILES, type Draft } from './draft';
import { startedAtText } from './started-at';

interface ContactFieldsProps {
  draft: Draft;
  locations: IdoLocation[];
  errors: ValidationError[];
  /** a new contact's form not yet changed: its time will be the moment of the first change (draft.ts, timedAtFirstChange) */
  timeIsNow: boolean;
  /** Amsterdam's day, kept current (ui/use-today.ts): the time says "vandaag" or "gisteren" from it */
  today: string;
  onChange: (patch: Partial<Draft>) => void;
}

const durationChoices = [...DURATION_TILES.map((m) => ({ value: m, label: `${m} min` })), { value: 'langer', label: 'Langer' }];

/** Where, how and by whom the visitor was helped. */
export function ContactFields({ draft, locations, errors, timeIsNow, today, onChange }: ContactFieldsProps) {
  const err = (field: string) => errorAt(errors, field);
  const location = locations.find((l) => l.id === draft.locationId);
  // Offer the scenarios of the chosen location first; every scenario stays possible.
  const scenarios = choicesOf('scenario').sort((a, b) => Number(location?.scenarios.includes(b.value)) - Number(location?.scenarios.includes(a.value)));
  const durationId = fieldId('durationMinutes');
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
        <StartedAtField draft={draft} error={err('startedAt')} timeIsNow={timeIsNow} today={today} onChange={onChange} />
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

/**
 * "Datum en tijd": "Nu" while a new contact's form is not yet changed (its first change takes the time), then the
 * time, said as text with a button that opens the date field. The field itself is made only when asked for, or when
 * the time has an error or is no whole value (a kept draft): the first date field a page makes costs Chromium its
 * locale's date patterns, ~90 ms of an offline cold start at 4× CPU (bench/README.md, session 28). Once opened, it
 * stays open for this draft. The field says its day and time in Dutch words under the browser's own format
 * ("Maandag 7 december 2026 om 16:30", ui/DateField.tsx); their place stands under the text too, so nothing below
 * moves when the field opens.
 */
function StartedAtField({ draft, error, timeIsNow, today, onChange }: { draft: Draft; error?: string; timeIsNow: boolean; today: string; onChange: ContactFieldsProps['onChange'] }) {
  const id = fieldId('startedAt');
  const [openFor, setOpenFor] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const focusWhenOpen = useRef(false);
  const text = timeIsNow ? 'nu' : startedAtText(draft.startedAtLocal, today);
  const mustOpen = error !== undefined || text === undefined;
  const open = mustOpen || openFor === draft.id;
  useEffect(() => {
    if (mustOpen && openFor !== draft.id) setOpenFor(draft.id);
  }, [mustOpen, openFor, draft.id]);
  // Before the next key (a layout effect): digits typed at once after Enter on "Wijzig" were lost on the page's body.
  useLayoutEffect(() => {
    if (open && focusWhenOpen.current) {
      focusWhenOpen.current = false;
      input.current?.focus();
    }
  }, [open]);
  if (!open) {
    return (
      <div class="utrecht-form-field">
        <div class="utrecht-form-field__label"><span class="utrecht-form-label">Datum en tijd</span></div>
        <div class="utrecht-form-field__input ido-started-at">
          <span class="ido-started-at__text" id={`${id}-text`}>{capitalize(text)}</span>
          <Button aria-describedby={`${id}-text`} onClick={() => {
            focusWhenOpen.current = true;
            setOpenFor(draft.id);
            // The field opens at the time of now, for a form not yet changed (an empty change: timedAtFirstChange).
            if (timeIsNow) onChange({});
          }}>Wijzig<span class="ido-visually-hidden"> datum en tijd</span></Button>
        </div>
        <DateWords withTime />
      </div>
    );
  }
  return (
    <DateField id={id} label="Datum en tijd" withTime inputRef={input} error={error} value={draft.startedAtLocal}
      onDay={(startedAtLocal) => onChange({ startedAtLocal })} />
  );
}
