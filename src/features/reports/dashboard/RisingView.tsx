import { Alert } from '../../../ui/Alert';
import { RisingList } from '../rising/RisingList';
import { fetchRising } from './api';
import type { DashboardFilters } from './filters';
import { useReport } from './use-report';

/**
 * The query of "Opvallend" for the filters: the place filters, and the month judged: this month, the last
 * month of an earlier year, or the month of a chosen end date.
 */
export function risingQuery(filters: DashboardFilters, today = new Date()): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['province', 'municipality', 'organisation', 'location'] as const) if (filters[key]) params.set(key, filters[key]!);
  if (filters.includeDemo === 'true') params.set('includeDemo', 'true');
  const thisMonth = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
  const month = filters.to?.slice(0, 7) ?? (filters.from ? undefined : filters.year && `${filters.year}-12`);
  if (month && /^\d{4}-\d{2}$/.test(month) && month < thisMonth) params.set('month', month);
  return params;
}

/** The rising topics of the selection. */
function useRising(filters: DashboardFilters) {
  const query = risingQuery(filters).toString();
  return useReport(`rising?${query}`, (token) => fetchRising(token, new URLSearchParams(query)));
}

/** "Opvallend": what rises against its usual level, first on the dashboard. */
export function RisingView({ filters }: { filters: DashboardFilters }) {
  const { data, error } = useRising(filters);
  return (
    <section class="ido-card" aria-labelledby="rising-title">
      <h2 class="utrecht-heading-2" id="rising-title">Opvallend</h2>
      {error && <Alert type="error">{error}</Alert>}
      {data && (
        <>
          <p class="ido-muted">Onderwerpen die deze maand of deze week duidelijk vaker voorkomen dan gewoonlijk (t/m {new Date(`${data.asOf}T12:00:00Z`).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' })}).</p>
          <RisingList idPrefix="dashboard-rising" rising={data} />
        </>
      )}
    </section>
  );
}
