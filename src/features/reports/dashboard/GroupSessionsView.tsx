import { useState } from 'preact/hooks';
import type { GroupSessionSummary } from '../../../shared/group-session-report';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { call, downloadCsv } from './api';
import { statsQuery, type DashboardFilters } from './filters';
import { useReportSession } from './session';
import { useReport } from './use-report';
import { useViewId } from './Results';
import { countText, dutchNumber, countWord } from '../../../shared/count-text';

/** Group sessions and their attendees for the selection, beside the one-to-one contacts, with their CSV. */
export function GroupSessionsView({ filters }: { filters: DashboardFilters }) {
  const { token } = useReportSession();
  const query = statsQuery(filters, []).toString();
  const { data, error } = useReport(`group-sessions?${query}`, async (t) => (await call(`/group-sessions/summary?${query}`, t)).json() as Promise<GroupSessionSummary>);
  const id = useViewId();
  const [exportError, setExportError] = useState<string | undefined>(undefined);
  const exportAll = () => void downloadCsv(token, `/group-sessions.csv?${query}${query ? '&' : ''}delimiter=semicolon`, 'ido-groepsbijeenkomsten.csv')
    .then(() => setExportError(undefined)).catch((e: Error) => setExportError(e.message));
  if (error) return <Alert type="error">{error}</Alert>;
  if (!data) return null;
  return (
    <section class="ido-card" aria-labelledby={id('dashboard-groups-heading')}>
      <h2 class="utrecht-heading-2" id={id('dashboard-groups-heading')}>Groepsbijeenkomsten</h2>
      {/* Said by itself as one sentence when the figures change: the card read as a live region gave only the figures that
          changed, bare ("3", "4"), and with the button in it. */}
      <p class="ido-visually-hidden" role="status">
        {`${countText(data.totals.sessions, 'bijeenkomst', 'bijeenkomsten', dutchNumber)}, ${countText(data.totals.attendees, 'deelnemer', 'deelnemers', dutchNumber)}.`}
      </p>
      <div class="ido-figures">
        <p><strong id={id('dashboard-group-sessions')}>{dutchNumber(data.totals.sessions)}</strong> {countWord(data.totals.sessions, 'bijeenkomst', 'bijeenkomsten')}</p>
        <p><strong id={id('dashboard-group-attendees')}>{dutchNumber(data.totals.attendees)}</strong> {countWord(data.totals.attendees, 'deelnemer', 'deelnemers')}</p>
        {data.totals.sessions === 0 ? (
          <p class="ido-figures__empty" id={id('dashboard-groups-empty')}>
            Er zijn nog geen groepsbijeenkomsten in deze keuze. Een voorlichting of cursus registreert u op de tablet, bij Vandaag: Groepsbijeenkomst registreren.
          </p>
        ) : <p><Button onClick={exportAll}>Groepsbijeenkomsten als CSV (Excel)</Button></p>}
      </div>
      {data.totals.sessions > 0 && (
        <ul class="utrecht-paragraph">
          {data.byKind.filter((k) => k.sessions > 0).map((k) => <li key={k.kind}>{k.label}: {k.sessions} ({k.attendees} deelnemers)</li>)}
          {data.totals.fromRisingTopic > 0 && <li>Over een opvallend onderwerp: {data.totals.fromRisingTopic}</li>}
        </ul>
      )}
      {exportError && <Alert type="error">{exportError}</Alert>}
    </section>
  );
}
