import '@utrecht/form-field-css/dist/index.css';
import '@utrecht/form-label-css/dist/index.css';
import '@utrecht/form-field-error-message-css/dist/index.css';
import '@utrecht/form-field-description-css/dist/index.css';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  description?: string;
  children: ComponentChildren;
}

/** Label, control, description and error of one form field; the control gets the id. */
export function Field({ id, label, error, description, children }: FieldProps) {
  return (
    <div class={`utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>{label}</label>
      </div>
      {description && <div class="utrecht-form-field__description utrecht-form-field-description" id={`${id}-description`}>{description}</div>}
      {error && <div class="utrecht-form-field__error-message utrecht-form-field-error-message" id={`${id}-error`}>{error}</div>}
      <div class="utrecht-form-field__input">{children}</div>
    </div>
  );
}

/** The aria-describedby value for a control inside a Field. */
export function describedBy(id: string, error?: string, description?: string): string | undefined {
  const ids = [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/**
 * A field that takes the focus after each refusal of its form, once its message is drawn and tied to it, so a screen
 * reader reads the message (the focus stayed on the form's button, where nothing was said): the sign-in forms and Beheer's
 * small forms (Koppelcodes, Toegang, Tablets, Organisaties, Landelijk). The
 * focus moves before the browser paints or takes the next key, as every focus move of the app (ui/ConfirmQuestion):
 * after the paint (useEffect), a key typed in between went to the button.
 */
export function useFocusOnRefusal() {
  const [refusals, setRefusals] = useState(0);
  const field = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => { if (refusals) field.current?.focus(); }, [refusals]);
  return { field, refused: () => setRefusals((n) => n + 1) };
}
