import { useState } from 'preact/hooks';
import type { StatsDimension } from '../../../shared/reports';
import { Alert } from '../../../ui/Alert';
import { downloadCsv, type StatsResponse } from './api';
import { ChartCard, type ChartDatum } from './ChartCard';
import { statsQuery, type DashboardFilters } from './filters';
import { keyOf, labelOf } from './rows';
import { useReportSession } from './session';
import { useStatsSet } from './use-report';
import { useViewId } from './Results';

const CHARTS = [
  { id: 'month', title: 'Contacten per maand', groupBy: 'month', measure: 'contacts', horizontal: false },
  { id: 'topic', title: 'Onderwerpen', groupBy: 'topic', measure: 'questions', horizontal: true },
  { id: 'governmentOrganisation', title: 'Overheidsorganisaties', groupBy: 'governmentOrganisation', measure: 'questions', horizontal: true },
  { id: 'help', title: 'Geboden hulp', groupBy: 'help', measure: 'questions', horizontal: true },
  { id: 'referral', title: 'Soorten verwijzing', groupBy: 'referral', measure: 'questions', horizontal: true },
  { id: 'resolved', title: 'Vraag opgelost?', groupBy: 'resolved', measure: 'questions', horizontal: true },
] as const;

const datum = (response: StatsResponse, dimension: StatsDimension): ChartDatum[] => {
  const rows = response.rows.map((r) => ({ label: dimension === 'month' ? keyOf(r, dimension) : labelOf(r, dimension), contacts: r.contacts, questions: r.questions }));
  // The answers in the form's order (ja, deels, nee, weet ik niet: the server's), so a period compares with another at a glance.
  if (dimension === 'resolved') return rows;
  if (dimension !== 'month') return rows.sort((a, b) => b.questions - a.questions);
  // Months in order, then labelled in Dutch ("januari 2026").
  const byMonth = new Map(response.rows.map((r) => [keyOf(r, 'month'), labelOf(r, 'month')]));
  return rows.sort((a, b) => a.label.localeCompare(b.label)).map((d) => ({ ...d, label: byMonth.get(d.label) ?? d.label }));
};

/** The charts of the selection (per month, topic, organisation, help, referral, whether the question was solved), each with its table and CSV. */
export function ChartsView({ filters }: { filters: DashboardFilters }) {
  const { token } = useReportSession();
  const { data, error } = useStatsSet(Object.fromEntries(CHARTS.map((c) => [c.id, { filters, groupBy: [c.groupBy] }])) as
    Record<(typeof CHARTS)[number]['id'], { filters: DashboardFilters; groupBy: string[] }>);
  const id = useViewId();
  const [exportError, setExportError] = useState<string | undefined>(undefined);
  const exportChart = (groupBy: string) => void downloadCsv(token, `/stats.csv?${statsQuery(filters, [groupBy])}&delimiter=semicolon`, `ido-${groupBy}.csv`)
    .then(() => setExportError(undefined)).catch((e: Error) => setExportError(e.message));
  if (error) return <Alert type="error">{error}</Alert>;
  if (!data) return null;
  // No contact at all in the selection (the figures above say so and what to do): one sentence, not six charts of axes
  // around nothing. With a contact, every chart has a row (no government organisation and no referral are rows too).
  if (data.month.rows.length === 0) {
    return (
      <section class="ido-card" aria-labelledby={id('charts-empty-title')}>
        <h2 class="utrecht-heading-2" id={id('charts-empty-title')}>Grafieken</h2>
        <p class="utrecht-paragraph" id={id('charts-empty')}>Er zijn nog geen grafieken, want in deze keuze zijn nog geen contacten.</p>
      </section>
    );
  }
  return (
    <>
      {exportError && <Alert type="error">{exportError}</Alert>}
      <div class="ido-two-columns">
        {CHARTS.map((chart) => (
          <ChartCard key={chart.id} id={id(`chart-${chart.id}`)} title={chart.title} data={datum(data[chart.id], chart.groupBy)}
            measure={chart.measure} horizontal={chart.horizontal} onExport={() => exportChart(chart.groupBy)} />
        ))}
      </div>
    </>
  );
}
