import '@utrecht/table-css/dist/index.css';
import type { BusyHoursResponse } from '../../../../shared/hours-insight';
import { Alert } from '../../../../ui/Alert';
import { dutchDay, whole } from './format';
import type { ReportState } from './useReport';

const WEEKDAYS = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];
const LEVELS = ['geen', 'weinig', 'gemiddeld', 'druk', 'heel druk'];

/** The shade of a cell: 0 for none, else 1–4 by its share of the busiest cell. */
export function heatLevel(contacts: number, max: number): number {
  if (contacts <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((contacts / max) * 4)));
}

/** The hours a heat map shows: at least 8:00–18:00, wider where there were contacts. */
function shownHours(contacts: number[][]): number[] {
  const used = [...Array(24).keys()].filter((hour) => contacts.some((day) => day[hour] > 0));
  const first = Math.min(8, ...used);
  const last = Math.max(17, ...used);
  return [...Array(last - first + 1).keys()].map((i) => first + i);
}

const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00–${String((hour + 1) % 24).padStart(2, '0')}:00`;

/** Busy weekdays and hours: a table whose cells are shaded by contacts (the numbers stay in the cells), with a legend. */
export function BusyHoursView({ state }: { state: ReportState<BusyHoursResponse> }) {
  const answer = state.data;
  const busiest = answer ? answer.contacts.flatMap((day, d) => day.map((n, hour) => ({ d, hour, n }))).filter((c) => c.n > 0).sort((a, b) => b.n - a.n).slice(0, 3) : [];
  return (
    <section class="ido-card" aria-labelledby="busy-hours-title">
      <h2 class="utrecht-heading-2" id="busy-hours-title">Drukte per weekdag en uur</h2>
      {state.error && <Alert type="error">{state.error}</Alert>}
      {answer && (
        <>
          <p class="utrecht-paragraph">
            Begintijden van contacten, Nederlandse tijd, van {dutchDay(answer.from)} t/m {dutchDay(answer.to)}: <strong id="busy-total">{whole(answer.total)}</strong> contacten.
            {busiest.length > 0 && ` Het drukst: ${busiest.map((c) => `${WEEKDAYS[c.d]} ${hourLabel(c.hour)} (${c.n})`).join(', ')}.`}
            {/* Without contacts, a table of zeros in the shade "geen" showed nothing: say so, and what to do. */}
            {answer.total === 0 && ' Er is dus nog geen drukte te zien. Kies een langere periode of een andere locatie.'}
          </p>
          {answer.total > 0 && <>
            <ul class="ido-heat-legend" aria-label="Legenda">
              {LEVELS.map((label, level) => <li key={label}><span class={`ido-heat-swatch ido-heat--${level}`} aria-hidden="true" />{label}</li>)}
            </ul>
            <div class="ido-table-scroll" tabIndex={0} role="region" aria-label="Drukte per weekdag en uur, als tabel">
              <table class="utrecht-table utrecht-table--html-table ido-table ido-heat-table" id="busy-hours-table">
                <caption class="ido-visually-hidden">Aantal contacten per uur (rijen) en weekdag (kolommen); hoe donkerder het vak, hoe drukker</caption>
                <thead class="utrecht-table__header">
                  <tr class="utrecht-table__row">
                    <th class="utrecht-table__header-cell" scope="col">Uur</th>
                    {WEEKDAYS.map((day) => <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col" key={day}><span aria-hidden="true">{day.slice(0, 2)}</span><span class="ido-visually-hidden">{day}</span></th>)}
                  </tr>
                </thead>
                <tbody class="utrecht-table__body">
                  {shownHours(answer.contacts).map((hour) => (
                    <tr class="utrecht-table__row" key={hour}>
                      <th class="utrecht-table__header-cell" scope="row">{hourLabel(hour)}</th>
                      {answer.contacts.map((day, d) => (
                        <td class={`utrecht-table__cell utrecht-table__cell--numeric ido-heat--${heatLevel(day[hour], answer.max)}`} key={d}>{day[hour]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>}
        </>
      )}
    </section>
  );
}
