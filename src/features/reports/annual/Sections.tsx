import '@utrecht/table-css/dist/index.css';
import type { ComponentChildren } from 'preact';
import type { AnnualReport, AnnualShare } from '../../../shared/annual-report';
import { MONTH_ABBREVIATIONS } from '../../../shared/calendar';
import { MonthBars, ShareBar, TrendLine } from './charts';
import { count, longDate, percent, ratio } from './format';

const TH = 'utrecht-table__header-cell';
const THN = 'utrecht-table__header-cell utrecht-table__header-cell--numeric';
const TD = 'utrecht-table__cell';
const TDN = 'utrecht-table__cell utrecht-table__cell--numeric';

function Table({ id, caption, head, children }: { id: string; caption: string; head: { text: string; numeric?: boolean }[]; children: ComponentChildren }) {
  return (
    <div class="ido-table-scroll">
      <table class="utrecht-table utrecht-table--html-table ido-table ido-annual__table" id={id}>
        <caption class="utrecht-table__caption">{caption}</caption>
        <thead class="utrecht-table__header"><tr class="utrecht-table__row">{head.map((h) => <th class={h.numeric ? THN : TH} scope="col" key={h.text}>{h.text}</th>)}</tr></thead>
        <tbody class="utrecht-table__body">{children}</tbody>
      </table>
    </div>
  );
}

const POPULATION_UNKNOWN = 'Vragen per 1.000 inwoners is onbekend: van een gemeente van de locaties is het aantal inwoners niet bekend. '
  + 'De coördinator kan in Beheer bij Locaties "Inwoners in het werkgebied" invullen, of het landelijk team leest de inwonertallen van het CBS in.';
const NO_CONTACTS = 'Dit jaar zijn nog geen contacten geregistreerd. Zodra de tablets contacten versturen, komen ze in dit verslag.';

/** The year's reach: contacts, questions, locations and questions per 1,000 residents. */
export function ReachSection({ report }: { report: AnnualReport }) {
  const { reach } = report;
  const figures = [
    { id: 'contacts', label: 'Contacten', value: count(reach.contacts) },
    { id: 'questions', label: 'Vragen', value: count(reach.questions) },
    { id: 'locations', label: 'Locaties met contacten', value: count(reach.locations) },
    { id: 'per-resident', label: 'Vragen per 1.000 inwoners', value: reach.questionsPerResident === undefined ? 'onbekend' : ratio(reach.questionsPerResident * 1000) },
  ];
  return (
    <section class="ido-annual__section" aria-labelledby="reach-heading">
      <h2 class="utrecht-heading-2" id="reach-heading">Bereik</h2>
      <dl class="ido-annual__figures">
        {figures.map((f) => <div key={f.id} id={`reach-${f.id}`}><dt>{f.label}</dt><dd class={/\d/.test(f.value) ? undefined : 'ido-annual__word'}>{f.value}</dd></div>)}
      </dl>
      {/* "onbekend" alone left the reader to guess why, and what would make it known. */}
      {reach.population !== undefined
        ? <p class="utrecht-paragraph" id="reach-population">Gemeten tegen {count(reach.population)} inwoners (van het CBS, of "Inwoners in het werkgebied" van de locaties).</p>
        : <p class="utrecht-paragraph" id="reach-population">{POPULATION_UNKNOWN}</p>}
      <h3 class="utrecht-heading-3">Contacten per maand</h3>
      {/* A year without contacts: a sentence, not twelve bars of 0 and a table of twelve zeros. */}
      {reach.contacts === 0 ? <p class="utrecht-paragraph" id="annual-months-empty">{NO_CONTACTS}</p> : (
        <>
          <MonthBars values={report.months.map((m) => m.contacts)} label="Contacten per maand" />
          <Table id="annual-months" caption="Contacten en vragen per maand" head={[{ text: 'Maand' }, { text: 'Contacten', numeric: true }, { text: 'Vragen', numeric: true }]}>
            {report.months.map((m, i) => (
              <tr class="utrecht-table__row" key={m.month}><th class={TH} scope="row">{MONTH_ABBREVIATIONS[i]} {report.year}</th><td class={TDN}>{count(m.contacts)}</td><td class={TDN}>{count(m.questions)}</td></tr>
            ))}
          </Table>
        </>
      )}
    </section>
  );
}

/** The top topics, each with its trend over the months, and the months as a table. */
export function TopicsSection({ report }: { report: AnnualReport }) {
  return (
    <section class="ido-annual__section" aria-labelledby="topics-heading">
      <h2 class="utrecht-heading-2" id="topics-heading">Meest gestelde onderwerpen</h2>
      {report.topics.length === 0 ? <p class="utrecht-paragraph">Dit jaar zijn nog geen vragen geregistreerd.</p> : (
        <>
          <Table id="annual-topics" caption="Onderwerpen met de meeste vragen, met het verloop over het jaar" head={[{ text: 'Onderwerp' }, { text: 'Vragen', numeric: true }, { text: 'Contacten', numeric: true }, { text: 'Verloop (jan–dec)' }]}>
            {report.topics.map((t) => (
              <tr class="utrecht-table__row" key={t.code}>
                <th class={TH} scope="row">{t.label}</th><td class={TDN}>{count(t.questions)}</td><td class={TDN}>{count(t.contacts)}</td>
                <td class={TD}><TrendLine values={t.months} /></td>
              </tr>
            ))}
          </Table>
          <Table id="annual-topic-months" caption="Vragen per onderwerp per maand" head={[{ text: 'Onderwerp' }, ...MONTH_ABBREVIATIONS.map((m) => ({ text: m, numeric: true }))]}>
            {report.topics.map((t) => (
              <tr class="utrecht-table__row" key={t.code}><th class={TH} scope="row">{t.label}</th>{t.months.map((n, i) => <td class={TDN} key={i}>{n}</td>)}</tr>
            ))}
          </Table>
        </>
      )}
    </section>
  );
}

function ShareRows({ rows }: { rows: AnnualShare[] }) {
  return <>{rows.map((r) => (
    <tr class="utrecht-table__row" key={r.code}><th class={TH} scope="row">{r.label}</th><td class={TDN}>{count(r.questions)}</td><td class={TDN}>{percent(r.share)}</td><td class={TD}><ShareBar share={r.share} /></td></tr>
  ))}</>;
}

const SHARE_HEAD = [{ text: '' }, { text: 'Vragen', numeric: true }, { text: 'Deel', numeric: true }, { text: 'Als balk' }];

/** Solved and referred shares, the kinds of referral, and where visitors were referred to. */
export function OutcomeSection({ report }: { report: AnnualReport }) {
  return (
    <section class="ido-annual__section" aria-labelledby="outcome-heading">
      <h2 class="utrecht-heading-2" id="outcome-heading">Opgelost en doorverwezen</h2>
      {/* Without questions, "0 vragen (0 % van alle vragen)" was a share of nothing, and the tables below had a header only. */}
      {report.reach.questions === 0 ? <p class="utrecht-paragraph" id="annual-referred">Dit jaar zijn nog geen vragen geregistreerd. Er is dus nog niets opgelost of doorverwezen.</p> : (
        <>
          <p class="utrecht-paragraph" id="annual-referred">Doorverwezen: {count(report.referred.questions)} vragen ({percent(report.referred.share)} van alle vragen).</p>
          {report.resolved.length > 0 && <Table id="annual-resolved" caption="Was de vraag opgelost?" head={[{ ...SHARE_HEAD[0], text: 'Opgelost' }, ...SHARE_HEAD.slice(1)]}><ShareRows rows={report.resolved} /></Table>}
          {report.referralKinds.length > 0 && <Table id="annual-referral-kinds" caption="Soorten verwijzing" head={[{ text: 'Soort' }, ...SHARE_HEAD.slice(1)]}><ShareRows rows={report.referralKinds} /></Table>}
          <Table id="annual-referred-to" caption="Waarheen doorverwezen (organisatie op de sociale kaart)" head={[{ text: 'Organisatie' }, { text: 'Vragen', numeric: true }]}>
            {report.referredTo.length === 0 && <tr class="utrecht-table__row"><td class={TD} colSpan={2}>Geen verwijzingen dit jaar.</td></tr>}
            {report.referredTo.map((r) => <tr class="utrecht-table__row" key={r.kaartOrganisationId ?? r.name}><th class={TH} scope="row">{r.name}</th><td class={TDN}>{count(r.questions)}</td></tr>)}
          </Table>
        </>
      )}
    </section>
  );
}

/** Contacts per IDO hour per location. */
export function LocationsSection({ report }: { report: AnnualReport }) {
  return (
    <section class="ido-annual__section" aria-labelledby="locations-heading">
      <h2 class="utrecht-heading-2" id="locations-heading">Contacten per IDO-uur per locatie</h2>
      <p class="utrecht-paragraph">IDO-uren: de uren per week die op elke dag van {report.from.slice(0, 4)} golden (tot en met {longDate(report.to)}), opgeteld. Een locatie zonder urengeschiedenis telt met de uren van nu, vanaf de opening.</p>
      <Table id="annual-locations" caption="Locaties: contacten, IDO-uren en contacten per IDO-uur" head={[
        { text: 'Locatie' }, ...(report.subject.kind === 'municipality' ? [{ text: 'Organisatie' }] : []), { text: 'Contacten', numeric: true }, { text: 'Vragen', numeric: true },
        { text: 'Uren per week', numeric: true }, { text: 'IDO-uren', numeric: true }, { text: 'Contacten per IDO-uur', numeric: true },
      ]}>
        {report.locations.length === 0 && (
          <tr class="utrecht-table__row"><td class={TD} colSpan={report.subject.kind === 'municipality' ? 7 : 6} id="annual-locations-empty">Er was dit jaar nog geen IDO-locatie open. Een coördinator zet locaties erbij onder Beheer.</td></tr>
        )}
        {report.locations.map((l) => (
          <tr class="utrecht-table__row" key={l.id}>
            <th class={TH} scope="row">{l.name}</th>{report.subject.kind === 'municipality' && <td class={TD}>{l.organisationName}</td>}
            <td class={TDN}>{count(l.contacts)}</td><td class={TDN}>{count(l.questions)}</td>
            <td class={TDN}>{ratio(l.hoursPerWeek)}</td><td class={TDN}>{ratio(l.idoHours)}</td><td class={TDN}>{ratio(l.contactsPerIdoHour)}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
