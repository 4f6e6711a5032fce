import '@utrecht/table-css/dist/index.css';
import type { ScenarioComparisonResponse } from '../../../../shared/hours-insight';
import { Alert } from '../../../../ui/Alert';
import { decimal, dutchDay, percent, whole } from './format';
import type { ReportState } from './useReport';

/** Scenarios side by side within each size class: contacts per 1,000 residents and per IDO hour. */
export function ScenarioComparisonView({ state }: { state: ReportState<ScenarioComparisonResponse> }) {
  const answer = state.data;
  const classLabel = (code: string) => answer?.sizeClasses.find((c) => c.code === code)?.label ?? code;
  // Without contacts a location still made a row of its one scenario: 0 contacts and "–" (or a table of a header
  // only). Say what is missing and what to do instead, as the busy hours above do.
  const contacts = answer?.rows.reduce((sum, row) => sum + row.contacts, 0) ?? 0;
  return (
    <section class="ido-card" aria-labelledby="scenario-comparison-title">
      <h2 class="utrecht-heading-2" id="scenario-comparison-title">Scenario's vergeleken</h2>
      {state.error && <Alert type="error">{state.error}</Alert>}
      {answer && contacts === 0 && (
        <p class="utrecht-paragraph" id="scenario-comparison-empty">
          Van {dutchDay(answer.from)} t/m {dutchDay(answer.to)} zijn er nog geen contacten. Er is dus nog niets te vergelijken. Registreer contacten op een gekoppelde tablet, of kies een andere periode.
        </p>
      )}
      {answer && contacts > 0 && (
        <>
          <p class="utrecht-paragraph">
            Van {dutchDay(answer.from)} t/m {dutchDay(answer.to)}. Elke locatie telt mee bij het scenario van de meeste van haar contacten, in de groep van haar
            aantal inwoners (de "Inwoners in het werkgebied" van de locatie, anders die van de gemeente).
          </p>
          <div class="ido-table-scroll" tabIndex={0} role="region" aria-label="Scenario's vergeleken, als tabel">
            <table class="utrecht-table utrecht-table--html-table ido-table ido-hours-figures" id="scenario-comparison-table">
              <caption class="ido-visually-hidden">Scenario's per groep van vergelijkbare bibliotheken</caption>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  {['Grootte', 'Scenario'].map((h) => <th class="utrecht-table__header-cell" scope="col" key={h}>{h}</th>)}
                  {/* soft hyphens (\u00AD), as FiguresTable's: at 768 px the table scrolled sideways */}
                  {['Locaties', 'Con\u00ADtacten', 'Con\u00ADtacten per 1.000 inwoners', 'Con\u00ADtacten per IDO-uur', 'Con\u00ADtacten in dit scenario'].map((h) => (
                    <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col" key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {answer.rows.map((row) => (
                  <tr class="utrecht-table__row" key={`${row.sizeClass}-${row.scenario}`}>
                    <td class="utrecht-table__cell">{classLabel(row.sizeClass)}</td>
                    <th class="utrecht-table__header-cell" scope="row">{row.scenarioLabel}</th>
                    <td class="utrecht-table__cell utrecht-table__cell--numeric">{whole(row.locations)}</td>
                    <td class="utrecht-table__cell utrecht-table__cell--numeric">{whole(row.contacts)}</td>
                    <td class="utrecht-table__cell utrecht-table__cell--numeric">{decimal(row.contactsPer1000Residents)}</td>
                    <td class="utrecht-table__cell utrecht-table__cell--numeric">{decimal(row.contactsPerIdoHour)}</td>
                    <td class="utrecht-table__cell utrecht-table__cell--numeric">{percent(row.scenarioShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
