import '@utrecht/heading-3-css/dist/index.css';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import type { FeedbackResolution } from '../../../shared/kaart-inbox';
import type { InboxApi, InboxFeedback, NationalFeedback } from './api';
import { momentText } from '../../../shared/date-text';
import { useInboxList } from './use-inbox-list';

/**
 * "Meldingen 'Klopt niet'": open reports from the tablets, oldest first, each closed with what the server says this
 * person can do: "Aangepast" or "Klopt wel"; for a national entry a coordinator "Doorgeven" or "Klopt wel".
 * `national`: the national team's list of the reports about national entries from every organisation, with which
 * organisation reported it, and when its coordinator passed it on if it did.
 */
export function FeedbackList({ api, listKey, national = false, onResolved }: {
  api: InboxApi; listKey: string; national?: boolean;
  /** after the server closed a report: the page reads the list of reports passed on again */
  onResolved?: (resolution: FeedbackResolution) => void;
}) {
  const list = useInboxList<FeedbackItemReport>(api.feedback, listKey);
  return (
    <section class="ido-card" aria-labelledby="inbox-feedback-heading">
      <h2 class="utrecht-heading-2" id="inbox-feedback-heading" ref={list.heading} tabIndex={-1}>
        {national ? "Meldingen 'Klopt niet' over landelijke gegevens" : "Meldingen 'Klopt niet'"}
      </h2>
      {national ? (
        <p class="utrecht-paragraph">
          Medewerkers van bibliotheken zagen iets niet kloppen in een landelijk gegeven. Alleen u kunt dat aanpassen.
          Pas het gegeven aan en kies dan "Aangepast". Klopt alles toch? Kies dan "Klopt wel". De oudste melding staat bovenaan.
        </p>
      ) : (
        <p class="utrecht-paragraph">
          Medewerkers zagen iets op de sociale kaart dat niet klopt. Pas de dienst aan en kies dan "Aangepast".
          Is het een landelijk gegeven? Dan ziet het landelijk team de melding ook en past het dat aan. Met "Doorgeven"
          gaat de melding hier weg; onder "Bij het landelijk team" ziet u wat ermee gebeurt.
          Klopt alles toch? Kies dan "Klopt wel". De oudste melding staat bovenaan.
        </p>
      )}
      {list.error && <Alert type="error">{list.error}</Alert>}
      {list.notice && <Alert type="ok">{list.notice}</Alert>}
      {list.items === undefined && !list.error && <p class="utrecht-paragraph">Meldingen worden geladen…</p>}
      {list.items?.length === 0 && <p class="utrecht-paragraph">{national ? 'Er zijn geen meldingen over landelijke gegevens. Alles is afgehandeld.' : 'Er zijn geen open meldingen. Alles is afgehandeld.'}</p>}
      {list.items && list.items.length > 0 && (
        <ul class="ido-list">
          {list.items.map((report) => (
            <FeedbackItem key={report.id} report={report} busy={list.busy === report.id}
              onResolve={(resolution, done) => list.act(report.id, async () => {
                await api.resolve(report.id, resolution);
                onResolved?.(resolution);
              }, done)} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Each way to close a report: the button's text, and what the page says once it is done. */
const RESOLUTION_TEXT: Record<FeedbackResolution, { button: string; done: string }> = {
  aangepast: { button: 'Aangepast', done: 'aangepast' },
  doorgegeven: { button: 'Doorgeven', done: 'doorgegeven aan het landelijk team' },
  klopt_wel: { button: 'Klopt wel', done: 'klopt wel' },
};

/** A report as the list shows it: in the national team's list with who reported it and whether it was passed on. */
type FeedbackItemReport = InboxFeedback & Partial<Pick<NationalFeedback, 'reportedBy' | 'passedOn'>>;

/** Who wrote the report, after "Gemeld op …": the organisation (national list) and its tablet, when known. */
function reporter(report: FeedbackItemReport): string {
  const tablet = report.device ? `tablet "${report.device.label}"` : '';
  if (!report.reportedBy) return tablet && ` door ${tablet}`;
  return ` door ${report.reportedBy.name}${tablet && `, met ${tablet}`}`;
}

function FeedbackItem({ report, busy, onResolve }: {
  report: FeedbackItemReport;
  busy: boolean;
  onResolve: (resolution: FeedbackResolution, done: string) => void;
}) {
  const headingId = `inbox-feedback-${report.id}`;
  const name = report.service.name || 'Dienst zonder naam';
  return (
    <li class="ido-list__item">
      <h3 class="utrecht-heading-3" id={headingId}>
        {name}{report.organization?.name ? ` (${report.organization.name})` : ''}
      </h3>
      <p class="utrecht-paragraph">
        Gemeld op {momentText(report.createdAt)}{reporter(report)}.
        {report.passedOn ? ` Doorgegeven door ${report.passedOn.organisation.name} op ${momentText(report.passedOn.at)}.` : ''}
      </p>
      {report.note.trim() ? (
        <>
          <p class="utrecht-paragraph">De medewerker schreef:</p>
          <blockquote class="utrecht-paragraph ido-inbox-note">
            {report.note}
          </blockquote>
        </>
      ) : <p class="utrecht-paragraph">De medewerker schreef er niets bij.</p>}
      {report.service.deleted && <Alert type="info">Deze dienst staat niet meer op de sociale kaart.</Alert>}
      {report.resolutions.includes('doorgegeven') && (
        <Alert type="info">
          Dit is een landelijk gegeven. Alleen het landelijk team kan het aanpassen. Het landelijk team ziet deze melding ook
          en handelt hem af. Wilt u hem hier niet meer zien? Kies dan "Doorgeven".
        </Alert>
      )}
      <div class="ido-row">
        {report.resolutions.map((resolution, i) => (
          <Button key={resolution} appearance={i === 0 ? 'primary' : undefined} disabled={busy} aria-describedby={headingId}
            onClick={() => onResolve(resolution, `Melding over "${name}" afgehandeld: ${RESOLUTION_TEXT[resolution].done}.`)}>{RESOLUTION_TEXT[resolution].button}</Button>
        ))}
      </div>
    </li>
  );
}
