import type { Ref } from 'preact';
import type { ValidationError } from '../shared/validation';
import { Alert } from './Alert';

interface ErrorSummaryProps {
  id: string;
  errors: readonly ValidationError[];
  /** the DOM id of a field's control, to jump to it */
  fieldId: (field: string) => string;
  /** the form focuses the summary after a refused save, so a screen reader reads it first */
  summaryRef: Ref<HTMLDivElement>;
}

/** "Er mist nog iets": every message of a refused save, each a link that puts the focus on its field. */
export function ErrorSummary({ id, errors, fieldId, summaryRef }: ErrorSummaryProps) {
  if (errors.length === 0) return null;
  return (
    <div ref={summaryRef} tabIndex={-1} id={id} class="ido-error-summary">
      <Alert type="error">
        <p class="utrecht-paragraph"><strong>Er mist nog iets. Kijk bij deze vragen:</strong></p>
        <ul>
          {errors.map((e) => (
            <li key={e.field + e.code}><a href={`#${fieldId(e.field)}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(fieldId(e.field))?.focus(); }}>{e.message}</a></li>
          ))}
        </ul>
      </Alert>
    </div>
  );
}
