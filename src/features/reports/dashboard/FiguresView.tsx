import { useState } from 'preact/hooks';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { downloadCsv } from './api';
import { statsQuery, type DashboardFilters } from './filters';
import { useReportSession } from './session';
import { useStats } from './use-report';
import { useViewId } from './Results';
import { countText, dutchNumber, countWord } from '../../../shared/count-text';

const NO_CONTACTS = 'Er zijn nog geen contacten in deze keuze. Registreer contacten op een gekoppelde tablet: met internet verstuurt de tablet ze vanzelf. Kies anders een ander jaar of minder filters.';

/** The selection's totals (contacts, questions) and the export of all its questions. */
export function FiguresView({ filters }: { filters: DashboardFilters }) {
  const { token } = useReportSession();
  const { data, error } = useStats(filters, ['month']);
  const id = useViewId();
  const [exportError, setExportError] = useState<string | undefined>(undefined);
  const exportAll = () => void downloadCsv(token, `/export.csv?${statsQuery(filters, [])}&delimiter=semicolon`, 'ido-vragen.csv')
    .then(() => setExportError(undefined)).catch((e: Error) => setExportError(e.message));
  if (error) return <Alert type="error">{error}</Alert>;
  if (!data) return <p class="utrecht-paragraph">Het overzicht wordt geladen…</p>;
  return (
    <div class="ido-card ido-figures">
      {/* Said by itself as one sentence when the figures change: the card read as a live region gave only the figures that
          changed, bare ("3", "4"), and with the button in it. */}
      <p class="ido-visually-hidden" role="status">
        {`${countText(data.totals.contacts, 'contact', 'contacten', dutchNumber)}, ${countText(data.totals.questions, 'vraag', 'vragen', dutchNumber)}.`}
      </p>
      <p><strong id={id('dashboard-contacts')}>{dutchNumber(data.totals.contacts)}</strong> {countWord(data.totals.contacts, 'contact', 'contacten')}</p>
      <p><strong id={id('dashboard-questions')}>{dutchNumber(data.totals.questions)}</strong> {countWord(data.totals.questions, 'vraag', 'vragen')}</p>
      {data.totals.contacts === 0 ? (
        // A new organisation, or a year or filter without contacts: what is missing and what to do, not a CSV of a header only.
        <p class="ido-figures__empty" id={id('dashboard-empty')}>{NO_CONTACTS}</p>
      ) : <p><Button onClick={exportAll}>Alle vragen als CSV (Excel)</Button></p>}
      {exportError && <Alert type="error">{exportError}</Alert>}
    </div>
  );
}
