import { useLiveQuery } from '../../../db/use-live-query';
import { storedRising } from '../../../sync/rising';
import { momentText } from '../../../shared/date-text';
import { RisingList } from './RisingList';

/**
 * "Opvallend" on the coordinator's tablet: the organisation's rising topics as the last sync brought them
 * (src/sync/rising.ts), shown offline with the time they were fetched. Nothing on other tablets.
 */
export function OverviewRising() {
  const stored = useLiveQuery((db) => storedRising(db), []);
  if (!stored) return null;
  const updated = momentText(stored.fetchedAt);
  return (
    <section class="ido-card" aria-labelledby="overview-rising-title">
      <h2 class="utrecht-heading-2" id="overview-rising-title">Opvallend in uw organisatie</h2>
      <p class="ido-muted" id="overview-rising-updated">Alle locaties samen, bijgewerkt op {updated}.</p>
      <RisingList idPrefix="overview-rising" rising={stored.rising} />
    </section>
  );
}
