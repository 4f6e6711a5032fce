import './rising.css';
import '@utrecht/table-css/dist/index.css';
import { useState } from 'preact/hooks';
import { courseSuggestion, type RisingResponse, type RisingTopic } from '../../../shared/rising';
import { amsterdamDay } from '../../../shared/time';
import { Button } from '../../../ui/Button';
import { shortMonth, TrendLine } from './TrendLine';
import { dutchNumber } from '../../../shared/count-text';

const number = (value: number) => dutchNumber(value);

/**
 * "42 vragen deze maand, meestal 18": the figure behind a rise (the week's when only the week rose). A list
 * of an earlier month (kept offline on a tablet) names its month or week instead of "deze".
 */
export function risingFigure(topic: RisingTopic, rising: Pick<RisingResponse, 'month' | 'week'>, today = new Date()): string {
  const current = rising.month === amsterdamDay(today).slice(0, 7);
  const byWeek = !topic.month.rising && topic.week.rising;
  const figure = byWeek ? topic.week : topic.month;
  const span = byWeek ? (current ? 'deze week' : `in week ${Number(rising.week.slice(6))}`) : current ? 'deze maand' : `in ${shortMonth(rising.month)}`;
  return `${number(figure.observed)} vragen ${span}, meestal ${number(Math.round(figure.expected))}`;
}

/** The topic's two years: the wide trend line and its table. */
function TwoYears({ id, topic }: { id: string; topic: RisingTopic }) {
  return (
    <div id={id}>
      <TrendLine series={topic.series} label={`${topic.label}, twee jaar`} wide />
      <div class="ido-table-scroll">
        <table class="utrecht-table utrecht-table--html-table ido-table">
          <caption class="utrecht-table__caption">{topic.label}: vragen per maand</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Maand</th>
              <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">Vragen</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {topic.series.map((s) => (
              <tr class="utrecht-table__row" key={s.month}>
                <th class="utrecht-table__header-cell" scope="row">{shortMonth(s.month)}</th>
                <td class="utrecht-table__cell utrecht-table__cell--numeric">{number(s.questions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function RisingItem({ idPrefix, topic, rising }: { idPrefix: string; topic: RisingTopic; rising: RisingResponse }) {
  const [open, setOpen] = useState(false);
  const detailsId = `${idPrefix}-${topic.topic}-trend`;
  return (
    <li class="ido-rising__topic">
      <div class="ido-rising__head">
        <h3 class="utrecht-heading-3">{topic.label}</h3>
        <TrendLine series={topic.series.slice(-12)} label={topic.label} />
        <p class="ido-rising__figure">{risingFigure(topic, rising)}</p>
        <Button onClick={() => setOpen(!open)} aria-expanded={open} aria-controls={detailsId}>
          {open ? 'Verberg' : 'Toon'} twee jaar<span class="ido-visually-hidden"> van {topic.label}</span>
        </Button>
      </div>
      {topic.suggestCourse && (
        <>
          <p class="ido-rising__course">{courseSuggestion(topic.label)} Het stijgt al {topic.risingMonths} maanden op rij.</p>
          {topic.courses.length > 0 && (
            <>
              <p class="ido-muted">In de sociale kaart:</p>
              <ul class="ido-rising__courses">
                {topic.courses.map((c) => <li key={c.id}><a href={`#/kaart/dienst/${encodeURIComponent(c.id)}`}>{c.name}</a></li>)}
              </ul>
            </>
          )}
        </>
      )}
      {open && <TwoYears id={detailsId} topic={topic} />}
    </li>
  );
}

interface RisingListProps {
  /** prefix of element ids, so the dashboard and the overview never clash */
  idPrefix: string;
  rising: RisingResponse;
}

/** "Opvallend": the few topics that rise significantly, each with its trend line and the figure behind it. */
export function RisingList({ idPrefix, rising }: RisingListProps) {
  if (rising.topics.length === 0) {
    // A new library has no usual level yet: "alles binnen het gewone niveau" said what could not be known.
    const tooNew = rising.historyMonths !== undefined && rising.historyMonths < rising.rule.minimumHistory;
    return (
      <p class="utrecht-paragraph" id={`${idPrefix}-none`}>
        {tooNew
          ? `Nog niets te vergelijken. Opvallend vergelijkt een maand met de maanden ervoor. Dat kan pas als er in minstens ${rising.rule.minimumHistory} eerdere maanden vragen zijn geregistreerd.`
          : 'Geen onderwerpen die opvallend stijgen: alles binnen het gewone niveau.'}
      </p>
    );
  }
  return (
    <ul class="ido-rising" id={`${idPrefix}-list`}>
      {rising.topics.map((topic) => <RisingItem key={topic.topic} idPrefix={idPrefix} topic={topic} rising={rising} />)}
    </ul>
  );
}
