import '@utrecht/textbox-css/dist/index.css';
import './date-field.css';
import type { ComponentChildren, Ref } from 'preact';
import { isCalendarDay } from '../shared/calendar';
import { fullDayText, fullWallClockText } from '../shared/date-text';
import { capitalize } from '../shared/dutch-text';
import { describedBy, Field } from './Field';

interface DateFieldProps {
  id: string;
  label: string;
  /** the day as YYYY-MM-DD, '' for none; with `withTime`, the wall clock YYYY-MM-DDTHH:MM */
  value: string;
  /** the field's new value: a day, or '' when emptied (or while a typed day is not whole yet) */
  onDay: (value: string) => void;
  /** a day and a time (`type="datetime-local"`): the words say both, "Maandag 7 december 2026 om 16:30" */
  withTime?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  /** 'change': only a finished choice (the report filters ask the server at each one); default: every input */
  on?: 'input' | 'change';
  error?: string;
  description?: string;
  min?: string;
  max?: string;
  /** said while the field is empty: "Kies een dag" ("Kies een dag en tijd" with `withTime`) unless the field's empty value means something ("Leeg: vandaag") */
  emptyText?: string;
  /** beside the field, in its row: a "Vandaag" button */
  beside?: ComponentChildren;
}

/**
 * A date field that says its day in Dutch words under the browser's own picker, which Chromium draws in the browser's
 * language (7 December is "12/07/2026" on an English tablet, which staff read as 12 July). The words have their place
 * before there is a day, of a size that does not depend on them (date-field.css), so the form never moves when they
 * come, change or go, and the field names them in its aria-describedby after its description and error.
 */
export function DateField({ id, label, value, onDay, withTime = false, inputRef, on = 'input', error, description, min, max, emptyText, beside }: DateFieldProps) {
  const wordsId = `${id}-day`;
  const read = (event: Event) => onDay((event.currentTarget as HTMLInputElement).value);
  const words = withTime ? fullWallClockText(value) : isCalendarDay(value) ? fullDayText(value) : undefined;
  const input = (
    <input ref={inputRef} class={`utrecht-textbox utrecht-textbox--html-input ido-date-field__input${error ? ' utrecht-textbox--invalid' : ''}`} id={id}
      type={withTime ? 'datetime-local' : 'date'} value={value} min={min} max={max} aria-invalid={error ? true : undefined}
      aria-describedby={[describedBy(id, error, description), wordsId].filter(Boolean).join(' ')}
      onInput={on === 'input' ? read : undefined} onChange={on === 'change' ? read : undefined} />
  );
  return (
    <Field id={id} label={label} error={error} description={description}>
      {beside === undefined ? input : <div class="ido-row">{input}{beside}</div>}
      <DateWords id={wordsId} withTime={withTime} text={words ? capitalize(words) : emptyText ?? (withTime ? 'Kies een dag en tijd' : 'Kies een dag')} />
    </Field>
  );
}

/**
 * The place of a date field's words, of a size that does not depend on them (date-field.css). Without `id` and `text`,
 * the place alone: what stands where a date field will open (the form's "Datum en tijd" before "Wijzig") keeps its
 * height, so nothing below moves when the field comes.
 */
export function DateWords({ id, text, withTime = false }: { id?: string; text?: string; withTime?: boolean }) {
  return (
    <div class="ido-date-field__words-box" aria-hidden={text === undefined ? true : undefined}>
      <p class={`ido-date-field__words${withTime ? ' ido-date-field__words--time' : ''}`} id={id}>{text}</p>
    </div>
  );
}
