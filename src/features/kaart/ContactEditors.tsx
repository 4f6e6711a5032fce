import '@utrecht/textbox-css/dist/index.css';
import '@utrecht/form-fieldset-css/dist/index.css';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { capitalize } from '../../shared/dutch-text';
import { WEEKDAY_NAMES } from '../../shared/calendar';
import { typedClockTime } from '../../shared/kaart/formats';
import { describeSchedules } from '../../shared/kaart/schedule-text';
import type { Schedule } from '../../shared/kaart/types';
import { Button } from '../../ui/Button';
import { describedBy, Field } from '../../ui/Field';
import { hoursField, HOURS_LABELS, type HoursRow, phoneField, type PhoneRow } from './contact-rows';

/** The message of a field of the form, if a refused save found one. */
type ErrorOf = (field: string) => string | undefined;

/**
 * Puts the focus on a control once the render that draws (or removes) its row is done: in a layout effect, before the
 * browser takes the next key. It waited for the next frame: a second Enter meanwhile added a second row, and digits
 * typed at once after "Telefoonnummer toevoegen" went to the button (lost).
 */
function useFocusAfterRender(): (id: string) => void {
  const next = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    if (next.current === undefined) return;
    document.getElementById(next.current)?.focus();
    next.current = undefined;
  });
  return (id) => { next.current = id; };
}

const fieldsetClass = 'utrecht-form-fieldset utrecht-form-fieldset--html-fieldset ido-contact-rows';
const legendClass = 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend';

interface TextControl {
  id: string;
  value: string;
  error?: string;
  onInput: (value: string) => void;
}

/**
 * Enter in a row's text box does not send the form. The focus lands in a new row's first box in the render that adds it,
 * so the second of two quick Enters on "Telefoonnummer toevoegen" (or "Tijden toevoegen") came there and saved the whole
 * form, the new row still empty (and so removed). Only "Opslaan" saves.
 */
const keepEnter = (e: KeyboardEvent) => {
  if (e.key === 'Enter' && !e.isComposing) e.preventDefault();
};

/** The attributes of a text box in a row: its value, its error read with it, its input, and no save on Enter. */
function textProps({ id, value, error, onInput }: TextControl) {
  return {
    id, value, autocomplete: 'off', 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, error),
    class: 'utrecht-textbox utrecht-textbox--html-input', onInput: (e: { currentTarget: HTMLInputElement }) => onInput(e.currentTarget.value),
    onKeyDown: keepEnter,
  };
}

interface PhoneRowsProps {
  rows: PhoneRow[];
  errorOf: ErrorOf;
  onChange: (rows: PhoneRow[]) => void;
}

/** The service's own phone numbers: change one, add one, remove one. */
export function PhoneRows({ rows, errorOf, onChange }: PhoneRowsProps) {
  const change = (id: string, patch: Partial<PhoneRow>) => onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  const focusSoon = useFocusAfterRender();
  const add = () => {
    const id = crypto.randomUUID();
    onChange([...rows, { id, number: '', description: '' }]);
    focusSoon(`svc-${phoneField(id, 'number')}`);
  };
  const remove = (id: string) => {
    onChange(rows.filter((row) => row.id !== id));
    focusSoon('svc-phone-add');
  };
  return (
    <fieldset class={fieldsetClass} id="svc-phones">
      <legend class={legendClass}>Telefoonnummers van deze dienst</legend>
      {rows.length === 0 && <p class="utrecht-paragraph ido-muted">Deze dienst heeft nog geen eigen telefoonnummer.</p>}
      {rows.map((row, index) => {
        const number = `svc-${phoneField(row.id, 'number')}`;
        const description = `svc-${phoneField(row.id, 'description')}`;
        const numberError = errorOf(phoneField(row.id, 'number'));
        const descriptionError = errorOf(phoneField(row.id, 'description'));
        return (
          <div class="ido-contact-row" key={row.id}>
            <Field id={number} label={`Telefoonnummer ${index + 1}`} error={numberError}>
              <input type="tel" inputMode="tel" spellcheck={false} style={{ maxInlineSize: '16rem' }}
                {...textProps({ id: number, value: row.number, error: numberError, onInput: (value) => change(row.id, { number: value }) })} />
            </Field>
            <Field id={description} label={`Toelichting bij nummer ${index + 1} (mag leeg)`} error={descriptionError}>
              <input {...textProps({ id: description, value: row.description, error: descriptionError, onInput: (value) => change(row.id, { description: value }) })} />
            </Field>
            <Button onClick={() => remove(row.id)}>{`Nummer ${index + 1} weghalen`}</Button>
          </div>
        );
      })}
      <Button id="svc-phone-add" onClick={add}>Telefoonnummer toevoegen</Button>
    </fieldset>
  );
}

interface HoursRowsProps {
  rows: HoursRow[];
  /** the schedules the form cannot show as weekly hours: shown, never written */
  fixed: Schedule[];
  errorOf: ErrorOf;
  onChange: (rows: HoursRow[]) => void;
}

/** The service's weekly opening hours: per weekday one or more times from … to; other schedules read-only. */
export function HoursRows({ rows, fixed, errorOf, onChange }: HoursRowsProps) {
  const change = (key: string, patch: Partial<HoursRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const focusSoon = useFocusAfterRender();
  const add = (day: number) => {
    const key = crypto.randomUUID();
    onChange([...rows, { key, day, opens: '', closes: '' }]);
    focusSoon(`svc-${hoursField(key, 'opens')}`);
  };
  const remove = (row: HoursRow) => {
    onChange(rows.filter((other) => other.key !== row.key));
    focusSoon(`svc-hours-add-${row.day}`);
  };
  const fixedLines = describeSchedules(fixed);
  return (
    <fieldset class={fieldsetClass} id="svc-hours" aria-describedby="svc-hours-help">
      <legend class={legendClass}>Openingstijden</legend>
      <p class="utrecht-paragraph ido-muted" id="svc-hours-help">
        Vul per dag in hoe laat de dienst open gaat en dicht gaat, bijvoorbeeld van 09:00 tot 12:30.{fixedLines.length === 0 ? ' Een dag zonder tijden is dicht.' : ''}
      </p>
      {/* Above the days: a day without times here may still be open by one of these (a day marked "dicht" said otherwise). */}
      {fixedLines.length > 0 && (
        <div id="svc-hours-fixed">
          <p class="utrecht-paragraph">Deze openingstijden kunt u hier niet wijzigen. Ze blijven zoals ze zijn als u opslaat. Wijzigen kan met een bestand: Sociale kaart → Importeren of exporteren.</p>
          <ul class="ido-hours">{fixedLines.map((line) => <li key={line}>{line}</li>)}</ul>
        </div>
      )}
      {WEEKDAY_NAMES.map((name, day) => {
        const dayId = `svc-hours-day-${day}`;
        const ofDay = rows.filter((row) => row.day === day);
        return (
          <div class="ido-hours-day" role="group" aria-labelledby={dayId} key={day}>
            <div class="ido-hours-day__head">
              <p class="ido-hours-day__name"><span id={dayId}>{capitalize(name)}</span>{ofDay.length === 0 && fixedLines.length === 0 && <span class="ido-hours-day__closed">dicht</span>}</p>
              {/* Each button names its day (and a row its times) for a screen reader: seven "Tijden toevoegen" said nothing of which. */}
              <Button id={`svc-hours-add-${day}`} onClick={() => add(day)}>Tijden toevoegen<span class="ido-visually-hidden"> op {name}</span></Button>
            </div>
            {ofDay.map((row) => {
              return (
                <div class="ido-contact-row ido-contact-row--hours" key={row.key}>
                  {(['opens', 'closes'] as const).map((part) => {
                    const id = `svc-${hoursField(row.key, part)}`;
                    const error = errorOf(hoursField(row.key, part));
                    // A text box, not type="time": Chromium draws that in the browser's language ("02:00 PM"). Typed as
                    // staff type it ("9.30"), written out as 09:30 once the field is left, never while typing.
                    const tidy = () => {
                      const time = typedClockTime(row[part]);
                      if (time && time !== row[part]) change(row.key, { [part]: time });
                    };
                    return (
                      <Field id={id} label={HOURS_LABELS[part]} error={error} key={part}>
                        <input type="text" inputMode="numeric" spellcheck={false} style={{ maxInlineSize: '7rem' }} onBlur={tidy}
                          {...textProps({ id, value: row[part], error, onInput: (value) => change(row.key, { [part]: value }) })} />
                      </Field>
                    );
                  })}
                  <Button onClick={() => remove(row)}>
                    Tijden weghalen<span class="ido-visually-hidden">: {name}{row.opens && row.closes ? ` van ${row.opens} tot ${row.closes}` : ''}</span>
                  </Button>
                </div>
              );
            })}
          </div>
        );
      })}
    </fieldset>
  );
}
