import '@utrecht/textbox-css/dist/index.css';
import '@utrecht/form-fieldset-css/dist/index.css';
import { Button } from '../../ui/Button';
import { describedBy, Field } from '../../ui/Field';
import { phoneField, type PhoneRow } from './contact-rows';

/** The message of a field of the form, if a refused save found one. */
type ErrorOf = (field: string) => string | undefined;

/** Puts the focus on a control once the row it is in is drawn. */
const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

const fieldsetClass = 'utrecht-form-fieldset utrecht-form-fieldset--html-fieldset ido-contact-rows';
const legendClass = 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend';

interface TextControl {
  id: string;
  value: string;
  error?: string;
  onInput: (value: string) => void;
}

/** The attributes of a text box in a row: its value, its error read with it, its input. */
function textProps({ id, value, error, onInput }: TextControl) {
  return {
    id, value, autocomplete: 'off', 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, error),
    class: 'utrecht-textbox utrecht-textbox--html-input', onInput: (e: { currentTarget: HTMLInputElement }) => onInput(e.currentTarget.value),
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
