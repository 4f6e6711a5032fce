import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import { db } from '../../db/db';
import { currentOrganisation } from '../../db/organisation';
import { registrationsBetween } from '../../db/registrations';
import { useLiveQuery } from '../../db/use-live-query';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { CountTable } from '../../ui/CountTable';
import { DateField } from '../../ui/DateField';
import { computeOverview, periodOf, type Period, type TallyRow } from './overview';
import { OverviewGroupSessions } from './OverviewGroupSessions';
import { OverviewRising } from './rising/OverviewRising';
import { countText, dutchNumber, countWord } from '../../shared/count-text';
import { periodOrderText } from '../../shared/date-text';

type PeriodKind = 'today' | 'week' | 'month' | 'custom';
const PERIODS = [
  { value: 'today', label: 'Vandaag' },
  { value: 'week', label: 'Deze week' },
  { value: 'month', label: 'Deze maand' },
  { value: 'custom', label: 'Zelf kiezen' },
];

function TallyTable({ id, title, rows }: { id: string; title: string; rows: TallyRow[] }) {
  return (
    <div class="ido-card">
      <CountTable id={id} title={title} rows={rows.map((row) => ({ ...row, key: row.code }))} emptyText="Nog niets in deze periode." />
    </div>
  );
}

/** The tablet's own overview, computed from Dexie: works with no network. */
export function OverviewPage() {
  const [kind, setKind] = useState<PeriodKind>('week');
  const [custom, setCustom] = useState<Period>(() => periodOf('month'));
  const period = kind === 'custom' ? custom : periodOf(kind);
  // An empty end said as such (it said "De begindatum moet voor de einddatum liggen." for it too); a begin after the end
  // names both days in words, as the fields under the browser's own format say them.
  const fromError = custom.from === '' ? 'Kies de begindag van de periode.' : periodOrderText(custom.from, custom.to);
  const toError = custom.to === '' ? 'Kies de einddag van de periode.' : undefined;
  const validCustom = kind !== 'custom' || (!fromError && !toError);
  const place = useLiveQuery((db) => currentOrganisation(db), []);
  const overview = useLiveQuery(
    async () => (validCustom ? computeOverview(await registrationsBetween(db, period.from, period.to), place?.locations) : undefined),
    [period.from, period.to, validCustom, place?.locations.length],
  );
  return (
    <section aria-labelledby="overview-heading">
      <h1 class="utrecht-heading-1" id="overview-heading">Overzicht van deze tablet</h1>
      <ChoiceTiles id="overview-period" legend="Periode" choices={PERIODS} value={kind} onChange={(value) => setKind(value as PeriodKind)} />
      {kind === 'custom' && (
        <div class="ido-two-columns">
          <DateField id="overview-from" label="Van" value={custom.from} error={fromError} onDay={(from) => setCustom({ ...custom, from })} />
          <DateField id="overview-to" label="Tot en met" value={custom.to} error={toError} onDay={(to) => setCustom({ ...custom, to })} />
        </div>
      )}
      {overview && (
        <>
          {/* Said by itself as one sentence when the figures change: the card read as a live region gave only the figures that
          changed, bare ("3", "4"). */}
          <p class="ido-visually-hidden" role="status">
            {`${countText(overview.contacts, 'contact', 'contacten')}, ${countText(overview.questions, 'vraag', 'vragen')}, ${dutchNumber(overview.minutes / 60, 1)} uur hulp.`}
          </p>
          <div class="ido-card ido-figures">
            <p><strong id="overview-contacts">{overview.contacts}</strong> {countWord(overview.contacts, 'contact', 'contacten')}</p>
            <p><strong id="overview-questions">{overview.questions}</strong> {countWord(overview.questions, 'vraag', 'vragen')}</p>
            <p><strong>{dutchNumber(overview.minutes / 60, 1)}</strong> uur hulp</p>
          </div>
          {validCustom && <OverviewGroupSessions period={period} />}
          {/* No contact in the period (a new tablet, or a quiet day): one sentence with what to do, not six tables that each
              said "Nog niets in deze periode." under their header. */}
          {overview.contacts === 0 ? (
            <p class="ido-card utrecht-paragraph" id="overview-empty">
              Deze tablet heeft in deze periode nog geen contacten. Registreer een contact bij Registreren, of kies een andere periode.
            </p>
          ) : (
            <div class="ido-two-columns">
              <TallyTable id="t-topics" title="Onderwerpen" rows={overview.topics} />
              <TallyTable id="t-help" title="Geboden hulp" rows={overview.help} />
              <TallyTable id="t-orgs" title="Overheidsorganisaties" rows={overview.governmentOrganisations} />
              <TallyTable id="t-referrals" title="Verwijzingen" rows={overview.referrals} />
              <TallyTable id="t-locations" title="Per locatie" rows={overview.locations} />
              <TallyTable id="t-scenarios" title="Per manier van helpen" rows={overview.scenarios} />
            </div>
          )}
        </>
      )}
      <OverviewRising />
      <p class="utrecht-paragraph">
        <a class="utrecht-button utrecht-button--secondary-action" href="#/dashboard">Dashboard voor coördinatoren (met internet)</a>
      </p>
      <p class="utrecht-paragraph">Alleen de registraties op deze tablet. Verstuurde registraties blijven een tijd op de tablet (zie Instellingen).</p>
    </section>
  );
}
