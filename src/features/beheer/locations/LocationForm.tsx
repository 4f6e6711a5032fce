import '@utrecht/select-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { currentCodes, label } from '../../../shared/codelists';
import { FIRST_LOCATION_DAY, lastLocationDay } from '../../../shared/location-days';
import { PROVINCES } from '../../../shared/reports';
import { Button } from '../../../ui/Button';
import { ChoiceTiles } from '../../../ui/ChoiceTiles';
import { DateField } from '../../../ui/DateField';
import { describedBy, Field } from '../../../ui/Field';
import { type AdminLocation, MAX_NAME } from '../../../shared/admin-api';
import { day } from '../format';
import { LOCATION_LABELS, type LocationDraft, type LocationField, locationBody, locationFieldId as id } from './location-input';

interface LocationFormProps {
  /** the form's heading ("Nieuwe locatie", "Locatie wijzigen") */
  title: string;
  initial: LocationDraft;
  busy: boolean;
  submitText: string;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel?: () => void;
  /** the stored location when changing one: its hours history, and a date field for new hours */
  stored?: AdminLocation;
  /** the server's refusal of a field, shown at that field until it changes (`useAdminAction`'s fieldError) */
  refusal?: (field: LocationField) => string | undefined;
  onFieldChange?: (field: LocationField) => void;
}

const TEXT_FIELDS: Array<{ field: Exclude<LocationField, 'scenarios' | 'kind' | 'province' | 'hoursFrom'>; description?: string; numeric?: boolean }> = [
  { field: 'name' },
  { field: 'municipalityCode', description: 'GM en vier cijfers, bijvoorbeeld GM0855 (Tilburg).' },
  { field: 'idoHoursPerWeek', numeric: true },
  { field: 'catchmentPopulation', numeric: true },
  { field: 'latitude', description: 'Voor "in de buurt" op de sociale kaart, bijvoorbeeld 52,0907.', numeric: true },
  { field: 'longitude', description: 'Bijvoorbeeld 5,1214.', numeric: true },
];

/** The hours so far, in words: "2 uur vanaf 1 januari 2024; 4 uur vanaf 1 januari 2025". */
function hoursHistoryText(location: AdminLocation): string {
  const steps = (location.hoursHistory ?? []).map((step) => `${String(step.hoursPerWeek).replace('.', ',')} uur vanaf ${day(step.from)}`);
  return steps.length > 0 ? `Tot nu toe: ${steps.join('; ')}.` : 'Alleen nodig als de IDO-uren veranderen.';
}

/** A location's fields with Dutch messages per field; the server checks them again. */
export function LocationForm({ title, initial, busy, submitText, onSubmit, onCancel, stored, refusal, onFieldChange }: LocationFormProps) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<LocationField, string>>>({});
  // the form's own message of a field, else the server's refusal of it (sent only when the form's own check found nothing)
  const errorOf = (field: LocationField): string | undefined => errors[field] ?? refusal?.(field);
  const form = useRef<HTMLFormElement>(null);
  // Opened from a row far down the list: bring the form into view, with the keyboard in its first field.
  // Before the first paint (a layout effect), and never away from a field the user already reached: a later
  // focus() took the keyboard from the field being typed in, and "12" landed after the name (seen in the e2e).
  useLayoutEffect(() => {
    if (!form.current?.contains(document.activeElement)) form.current?.querySelector('input')?.focus();
  }, []);
  const set = (field: LocationField, value: string | string[]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    onFieldChange?.(field);
  };
  const textbox = (field: (typeof TEXT_FIELDS)[number]) => (
    <Field key={field.field} id={id(field.field)} label={LOCATION_LABELS[field.field]} description={field.description} error={errorOf(field.field)}>
      {/* maxlength counts UTF-16 units (an emoji 2): twice the limit never cuts a name nameTooLong takes. */}
      <input class={`utrecht-textbox utrecht-textbox--html-input${errorOf(field.field) ? ' utrecht-textbox--invalid' : ''}`} id={id(field.field)}
        value={draft[field.field]} inputMode={field.numeric ? 'decimal' : undefined} autoComplete="off" maxLength={field.field === 'name' ? 2 * MAX_NAME : 20}
        aria-invalid={errorOf(field.field) ? true : undefined} aria-describedby={describedBy(id(field.field), errorOf(field.field), field.description)}
        onInput={(e) => set(field.field, e.currentTarget.value)} />
    </Field>
  );
  const select = (field: 'kind' | 'province', options: Array<{ value: string; label: string }>) => (
    <Field id={id(field)} label={LOCATION_LABELS[field]} error={errorOf(field)}>
      <select class={`utrecht-select utrecht-select--html-select${errorOf(field) ? ' utrecht-select--invalid' : ''}`} id={id(field)} value={draft[field]}
        aria-invalid={errorOf(field) ? true : undefined} aria-describedby={describedBy(id(field), errorOf(field))}
        onChange={(e) => set(field, e.currentTarget.value)}>
        <option value="">Kies…</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
  return (
    <form class="ido-card" ref={form} noValidate aria-labelledby="location-form-heading" onSubmit={(e) => {
      e.preventDefault();
      const { body, errors: found } = locationBody(draft, stored);
      setErrors(found);
      if (body) onSubmit(body);
      else document.getElementById(id(Object.keys(found)[0]))?.focus();
    }}>
      <h2 class="utrecht-heading-2" id="location-form-heading">{title}</h2>
      {textbox(TEXT_FIELDS[0])}
      {select('kind', currentCodes('locationKind').map((code) => ({ value: code, label: label('locationKind', code) })))}
      <div class="ido-beheer-grid">
        {textbox(TEXT_FIELDS[1])}
        {select('province', PROVINCES.map((p) => ({ value: p, label: p })))}
      </div>
      <ChoiceTiles id={id('scenarios')} legend={LOCATION_LABELS.scenarios} multiple value={draft.scenarios} error={errorOf('scenarios')}
        choices={currentCodes('scenario').map((code) => ({ value: code, label: label('scenario', code) }))} onChange={(value) => set('scenarios', value)} />
      <div class="ido-beheer-grid">
        {textbox(TEXT_FIELDS[2])}
        {stored && (
          <DateField id={id('hoursFrom')} label={LOCATION_LABELS.hoursFrom} error={errorOf('hoursFrom')}
            description={hoursHistoryText(stored)} min={stored.openedOn > FIRST_LOCATION_DAY ? stored.openedOn : FIRST_LOCATION_DAY} max={lastLocationDay()} emptyText="Leeg: vandaag"
            value={draft.hoursFrom} onDay={(value) => set('hoursFrom', value)} />
        )}
        {textbox(TEXT_FIELDS[3])}
        {textbox(TEXT_FIELDS[4])}
        {textbox(TEXT_FIELDS[5])}
      </div>
      <p class="ido-row">
        <Button type="submit" appearance="primary" disabled={busy}>{busy ? 'Bezig…' : submitText}</Button>
        {onCancel && <Button onClick={onCancel}>Annuleren</Button>}
      </p>
    </form>
  );
}
