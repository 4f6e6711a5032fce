import '@utrecht/select-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import './annual.css';
import { amsterdamDay } from '../../../shared/time';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { Field } from '../../../ui/Field';
import { askTokenKind } from '../token-kind';
import { type SigningTablet, useTokenSignIn } from '../../../ui/token-sign-in';
import { SignIn } from '../dashboard/SignIn';
import type { AnnualChoice } from './api';
import { choiceToQuery, parseChoice } from './choice';
import { longDate } from './format';
import { LocationsSection, OutcomeSection, ReachSection, TopicsSection } from './Sections';
import { TextSection } from './TextSection';
import { type Subjects, useAnnualReport } from './use-annual-report';

interface AnnualReportPageProps {
  /** `jaar=2026&organisatie=…` or `&gemeente=GM0828` */
  query: string;
  onQueryChange: (query: string) => void;
  /** this browser's tablet: a coordinator's signs in with its own token */
  device?: SigningTablet;
}

/** Year, and for the national team the organisation or municipality; never printed. */
function Choices({ choice, subjects, onChange }: { choice: AnnualChoice; subjects?: Subjects; onChange: (choice: AnnualChoice) => void }) {
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  const subject = choice.organisation ? `organisation:${choice.organisation}` : choice.municipality ? `municipality:${choice.municipality}` : '';
  return (
    <form class="ido-card ido-no-print ido-row" aria-label="Kies het jaarverslag" onSubmit={(e) => e.preventDefault()}>
      <Field id="annual-year" label="Jaar">
        <select class="utrecht-select utrecht-select--html-select" id="annual-year" value={String(choice.year)} onChange={(e) => onChange({ ...choice, year: Number(e.currentTarget.value) })}>
          {(years.includes(choice.year) ? years : [choice.year, ...years]).map((y) => <option key={y} value={String(y)}>{y}</option>)}
        </select>
      </Field>
      {subjects && (
        <Field id="annual-subject" label="Organisatie of gemeente">
          <select class="utrecht-select utrecht-select--html-select" id="annual-subject" value={subject} onChange={(e) => {
            const [kind, id] = e.currentTarget.value.split(':');
            onChange({ year: choice.year, ...(kind === 'organisation' ? { organisation: id } : kind === 'municipality' ? { municipality: id } : {}) });
          }}>
            <option value="">Kies…</option>
            <optgroup label="Organisaties">{subjects.organisations.map((o) => <option key={o.id} value={`organisation:${o.id}`}>{o.name}</option>)}</optgroup>
            <optgroup label="Gemeenten">{subjects.municipalities.map((m) => <option key={m.id} value={`municipality:${m.id}`}>{m.name}</option>)}</optgroup>
          </select>
        </Field>
      )}
    </form>
  );
}

/** The printable annual report of an organisation or municipality: one click to print or save as PDF. */
export function AnnualReportPage({ query, onQueryChange, device }: AnnualReportPageProps) {
  const { token, signIn, signOut, asking } = useTokenSignIn(device, askTokenKind);
  const choice = parseChoice(query);
  const { report, error, subjects, needsSubject } = useAnnualReport(token, choice);
  const change = (next: AnnualChoice) => onQueryChange(choiceToQuery(next));

  if (!token || error?.status === 401) {
    return <SignIn title="Jaarverslag" audience="IDO-coördinatoren, gemeenten en de landelijke organisatie" idPrefix="annual"
      error={error?.status === 401 ? error.message : undefined} busy={asking} onSignIn={signIn} />;
  }
  return (
    <article class="ido-annual" aria-labelledby="annual-heading">
      {/* The year only: the name of whose report it is (which came with the answer) made it two lines at 768 px,
          pushing the buttons and the form down; the name heads the report itself, below the form. */}
      <h1 class="utrecht-heading-1" id="annual-heading">Jaarverslag IDO {choice.year}</h1>
      <div class="ido-row ido-no-print">
        <Button appearance="primary" id="annual-print" disabled={!report} onClick={() => print()}>Afdrukken of opslaan als PDF</Button>
        <a class="utrecht-button utrecht-button--secondary-action" href="#/dashboard">Naar het dashboard</a>
        {signOut && <Button appearance="subtle" onClick={signOut}>Uitloggen</Button>}
      </div>
      <Choices choice={choice} subjects={subjects} onChange={change} />
      {error && <Alert type="error">{error.message}</Alert>}
      {needsSubject && <p class="utrecht-paragraph">Kies hierboven een organisatie of gemeente.</p>}
      {!report && !error && !needsSubject && <p class="utrecht-paragraph" role="status">Het jaarverslag wordt gemaakt…</p>}
      {report && (
        <>
          <p class="ido-annual__subject" id="annual-for">{report.subject.name}</p>
          <p class="utrecht-paragraph" id="annual-period">
            {report.subject.kind === 'municipality' ? `Alle IDO-locaties in de gemeente ${report.subject.name}, van alle organisaties. ` : `Alle IDO-locaties van ${report.subject.name}. `}
            Periode: {longDate(report.from)} tot en met {longDate(report.to)}.
          </p>
          <TextSection report={report} token={token} />
          <ReachSection report={report} />
          <TopicsSection report={report} />
          <OutcomeSection report={report} />
          <LocationsSection report={report} />
          <p class="utrecht-paragraph ido-annual__source">Bron: IDO Onderweg, registraties zonder persoonsgegevens. Gemaakt op {longDate(amsterdamDay(new Date()))}.</p>
        </>
      )}
    </article>
  );
}
