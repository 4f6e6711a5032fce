import '@utrecht/textarea-css/dist/index.css';
import { useEffect, useState } from 'preact/hooks';
import { ANNUAL_TEXT_MAX, type AnnualReport, checkAnnualText } from '../../../shared/annual-report';
import { isLongerThan, textLength } from '../../../shared/text-length';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { describedBy, Field } from '../../../ui/Field';
import { saveAnnualText } from './api';

/**
 * The report's own text: shown as plain paragraphs (never as HTML), and for who may change it a field to
 * edit it, up to 2,000 characters, stored per organisation or municipality and year.
 */
export function TextSection({ report, token }: { report: AnnualReport; token: string }) {
  const [body, setBody] = useState(report.text.body);
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => { setBody(report.text.body); setDraft(undefined); }, [report]);

  const save = async () => {
    const checked = checkAnnualText(draft ?? '');
    if ('message' in checked) return setError(checked.message);
    setBusy(true);
    try {
      const saved = await saveAnnualText(token, { year: report.year, [report.subject.kind]: report.subject.id, text: checked.text });
      setBody(saved.body);
      setDraft(undefined);
      setNotice('De tekst is opgeslagen.');
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const edit = () => { setDraft(body); setNotice(undefined); setError(undefined); };
  const saved = notice && <div class="ido-no-print"><Alert type="ok">{notice}</Alert></div>;

  const form = draft !== undefined && (
    <form class="ido-card ido-no-print" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <Field id="annual-text-input" label="Toelichting bij het jaarverslag" description={`Gewone tekst, hoogstens ${ANNUAL_TEXT_MAX} tekens. Een lege regel begint een nieuwe alinea.`} error={error}>
        {/* maxlength counts UTF-16 units (an emoji 2): twice the limit never cuts a text checkAnnualText takes. */}
        <textarea class={`utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}`} id="annual-text-input" rows={8} maxLength={2 * ANNUAL_TEXT_MAX}
          value={draft} aria-invalid={error ? true : undefined} aria-describedby={`${describedBy('annual-text-input', error, 'x')} annual-text-count`}
          onInput={(e) => { setDraft(e.currentTarget.value); setError(undefined); }} />
      </Field>
      {/* The count is read with the field, not at every letter (a live count read each key out, over what was typed); what
          is said by itself is only that the text grew too long, once as it does. */}
      <p class="utrecht-paragraph" id="annual-text-count">{textLength(draft)} van {ANNUAL_TEXT_MAX} tekens</p>
      <p class="ido-visually-hidden" role="status">{isLongerThan(draft, ANNUAL_TEXT_MAX) ? `De tekst is te lang: hoogstens ${ANNUAL_TEXT_MAX} tekens.` : ''}</p>
      <div class="ido-row">
        <Button type="submit" appearance="primary" disabled={busy}>Tekst opslaan</Button>
        <Button onClick={() => { setDraft(undefined); setError(undefined); }}>Annuleren</Button>
      </div>
    </form>
  );
  // No text written: no heading "Toelichting" with nothing under it, on screen or on paper; who may write one gets the button.
  if (body === '') {
    return report.canEditText ? (
      <div class="ido-annual__section ido-no-print" id="annual-text-none">
        {form || (
          <>
            <p class="utrecht-paragraph">Er is nog geen toelichting geschreven.</p>
            {saved}
            <Button onClick={edit}>Toelichting schrijven</Button>
          </>
        )}
      </div>
    ) : null;
  }
  return (
    <section class="ido-annual__section" aria-labelledby="text-heading">
      <h2 class="utrecht-heading-2" id="text-heading">Toelichting</h2>
      {form || (
        <>
          <div id="annual-text">{body.split(/\n{2,}/).map((paragraph, i) => <p class="utrecht-paragraph ido-annual__text" key={i}>{paragraph}</p>)}</div>
          {saved}
          {report.canEditText && <Button class="ido-no-print" onClick={edit}>Toelichting bewerken</Button>}
        </>
      )}
    </section>
  );
}
