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
          {inPageOrder(errors, fieldId).map((e) => (
            <li key={e.field + e.code}><a href={`#${fieldId(e.field)}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(fieldId(e.field))?.focus(); }}>{e.message}</a></li>
          ))}
        </ul>
      </Alert>
    </div>
  );
}

/**
 * The messages in the order their fields stand on the page, whatever order the validation found them in (the kaart's
 * field catalogue has "organisatie" before "naam"); a message without a field on the page comes last.
 */
function inPageOrder(errors: readonly ValidationError[], fieldId: (field: string) => string): ValidationError[] {
  const at = new Map(errors.map((e) => [e, document.getElementById(fieldId(e.field))]));
  return [...errors].sort((a, b) => {
    const [x, y] = [at.get(a), at.get(b)];
    if (!x || !y || x === y) return (x ? 0 : 1) - (y ? 0 : 1);
    return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
}
