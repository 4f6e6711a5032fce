import type { HoursEffectResponse } from '../../../../shared/hours-insight';
import { Alert } from '../../../../ui/Alert';
import { FiguresTable } from './FiguresTable';
import { decimal, dutchDay, dutchMonth } from './format';
import type { ReportState } from './useReport';

/** One location: its hours history, each change with the weeks before and after, its months and its scenarios. */
export function HoursEffectView({ state, locationChosen }: { state: ReportState<HoursEffectResponse>; locationChosen: boolean }) {
  const answer = state.data;
  return (
    <section class="ido-card" aria-labelledby="hours-effect-title">
      <h2 class="utrecht-heading-2" id="hours-effect-title">Meer uren, meer bezoekers?{answer && locationChosen ? ` ${answer.location.name}` : ''}</h2>
      {!locationChosen && <p class="utrecht-paragraph">Kies hierboven een locatie om de cijfers voor en na een wijziging van de IDO-uren te zien.</p>}
      {locationChosen && state.error && <Alert type="error">{state.error}</Alert>}
      {locationChosen && answer && (
        <>
          <h3 class="utrecht-heading-3">IDO-uren per week</h3>
          <ul class="ido-hours-history">
            {answer.history.map((step) => <li key={step.from}>Vanaf {dutchDay(step.from)}: {decimal(step.hoursPerWeek, 1)} uur per week</li>)}
          </ul>
          <p class="utrecht-paragraph">Contacten per IDO-uur = contacten gedeeld door de IDO-uren van die periode (uren per week × weken, met de uren die toen golden).</p>
          {answer.changes.length === 0 && <p class="utrecht-paragraph">De uren van deze locatie zijn nog niet gewijzigd.</p>}
          {answer.changes.map((change) => (
            <FiguresTable key={change.on} id={`hours-change-${change.on}`}
              caption={`Voor en na ${dutchDay(change.on)}: van ${decimal(change.hoursBefore, 1)} naar ${decimal(change.hoursAfter, 1)} uur per week (${answer.weeks} weken aan elke kant)`}
              rowHeader="Periode" rows={[
                { key: 'before', label: `Voor: ${dutchDay(change.before.from)} t/m ${dutchDay(change.before.to)}`, figures: change.before },
                { key: 'after', label: `Na: ${dutchDay(change.after.from)} t/m ${dutchDay(change.after.to)}`, figures: change.after },
              ]} />
          ))}
          <FiguresTable id="hours-months" caption="Per maand" rowHeader="Maand"
            rows={answer.months.map((m) => ({ key: m.month, label: dutchMonth(m.month), figures: m }))} />
          <FiguresTable id="hours-scenarios" caption="Per scenario (de hele periode; de uren zijn die van de locatie)" rowHeader="Scenario"
            rows={answer.scenarios.map((s) => ({ key: s.scenario, label: s.label, figures: s }))} />
        </>
      )}
    </section>
  );
}
