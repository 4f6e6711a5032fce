import { Alert } from '../../../ui/Alert';
import { dayText } from '../../../shared/date-text';
import { RisingList } from '../rising/RisingList';
import { fetchRising } from './api';
import type { DashboardFilters } from './filters';
import { risingQuery } from './rising-query';
import { useReport } from './use-report';
import { useViewId } from './Results';

/** The rising topics of the selection. */
function useRising(filters: DashboardFilters) {
  const query = risingQuery(filters).toString();
  return useReport(`rising?${query}`, (token) => fetchRising(token, new URLSearchParams(query)));
}

/** "Opvallend": what rises against its usual level, the first view under the dashboard's filters. */
export function RisingView({ filters }: { filters: DashboardFilters }) {
  const { data, error } = useRising(filters);
  const id = useViewId();
  return (
    <section class="ido-card" aria-labelledby={id('rising-title')}>
      <h2 class="utrecht-heading-2" id={id('rising-title')}>Opvallend</h2>
      {error && <Alert type="error">{error}</Alert>}
      {data && (
        <>
          <p class="ido-muted">Onderwerpen die deze maand of deze week duidelijk vaker voorkomen dan gewoonlijk (t/m {dayText(data.asOf)}).</p>
          <RisingList idPrefix={id('dashboard-rising')} rising={data} />
        </>
      )}
    </section>
  );
}
