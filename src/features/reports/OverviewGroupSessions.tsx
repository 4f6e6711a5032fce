import { db } from '../../db/db';
import { groupSessionsBetween } from '../../db/group-sessions';
import { useLiveQuery } from '../../db/use-live-query';
import type { Period } from './overview';
import { computeGroupOverview } from './group-overview';
import { countText, dutchNumber, countWord } from '../../shared/count-text';

/** Group sessions and attendees of the period on this tablet, beside the one-to-one contacts of the overview. */
export function OverviewGroupSessions({ period }: { period: Period }) {
  const overview = useLiveQuery(async () => computeGroupOverview(await groupSessionsBetween(db, period.from, period.to)), [period.from, period.to]);
  if (!overview) return null;
  return (
    <section class="ido-card" aria-labelledby="overview-groups-heading">
      <h2 class="utrecht-heading-2" id="overview-groups-heading">Groepsbijeenkomsten</h2>
      {/* Said by itself as one sentence when the figures change: the card read as a live region gave only the figures that
          changed, bare ("3", "4"). */}
      <p class="ido-visually-hidden" role="status">
        {`${countText(overview.sessions, 'bijeenkomst', 'bijeenkomsten')}, ${countText(overview.attendees, 'deelnemer', 'deelnemers')}, ${dutchNumber(overview.minutes / 60, 1)} uur.`}
      </p>
      <div class="ido-figures">
        <p><strong id="overview-group-sessions">{overview.sessions}</strong> {countWord(overview.sessions, 'bijeenkomst', 'bijeenkomsten')}</p>
        <p><strong id="overview-group-attendees">{overview.attendees}</strong> {countWord(overview.attendees, 'deelnemer', 'deelnemers')}</p>
        <p><strong>{dutchNumber(overview.minutes / 60, 1)}</strong> uur</p>
      </div>
      {overview.sessions > 0 && (
        <ul class="utrecht-paragraph">
          {overview.byKind.filter((k) => k.sessions > 0).map((k) => <li key={k.kind}>{k.label}: {k.sessions} ({k.attendees} deelnemers)</li>)}
          {overview.fromRisingTopic > 0 && <li>Over een opvallend onderwerp: {overview.fromRisingTopic}</li>}
        </ul>
      )}
    </section>
  );
}
