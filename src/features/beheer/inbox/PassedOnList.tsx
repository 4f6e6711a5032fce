import '@utrecht/heading-3-css/dist/index.css';
import { Alert } from '../../../ui/Alert';
import type { InboxApi, PassedOnReport } from './api';
import { momentDayText, momentText } from '../../../shared/date-text';
import { useInboxList } from './use-inbox-list';

/**
 * "Bij het landelijk team": the reports about national entries this organisation passed on in the last 90 days, and
 * those the national team closed itself before anyone passed them on, newest first, each with where it stands:
 * waiting, or how and when the national team closed it. Read only.
 */
export function PassedOnList({ api, listKey }: { api: InboxApi; listKey: string }) {
  const list = useInboxList<PassedOnReport>(api.passedOn, listKey);
  return (
    <section class="ido-card" aria-labelledby="inbox-passed-on-heading">
      <h2 class="utrecht-heading-2" id="inbox-passed-on-heading" ref={list.heading} tabIndex={-1}>Bij het landelijk team</h2>
      <p class="utrecht-paragraph">
        Meldingen over landelijke gegevens komen ook bij het landelijk team. Hier ziet u wat het landelijk team ermee deed:
        met de meldingen die u doorgaf, en met de meldingen die het zelf al afhandelde. U ziet de meldingen van de
        laatste 90 dagen. De nieuwste staat bovenaan.
      </p>
      {list.error && <Alert type="error">{list.error}</Alert>}
      {list.items === undefined && !list.error && <p class="utrecht-paragraph">Doorgegeven meldingen worden geladen…</p>}
      {list.items?.length === 0 && <p class="utrecht-paragraph">In de laatste 90 dagen is geen melding doorgegeven of door het landelijk team afgehandeld.</p>}
      {list.items && list.items.length > 0 && (
        <ul class="ido-list">
          {list.items.map((report) => (
            <li class="ido-list__item" key={report.id}>
              <h3 class="utrecht-heading-3">{report.service.name || 'Dienst zonder naam'}</h3>
              <p class="utrecht-paragraph">
                {report.passedOnAt ? `Doorgegeven op ${momentText(report.passedOnAt)}.` : 'Het landelijk team handelde deze melding zelf af.'}
              </p>
              {report.note.trim() ? (
                <>
                  <p class="utrecht-paragraph">De medewerker schreef:</p>
                  <blockquote class="utrecht-paragraph ido-inbox-note">{report.note}</blockquote>
                </>
              ) : <p class="utrecht-paragraph">De medewerker schreef er niets bij.</p>}
              {report.service.deleted && <Alert type="info">Deze dienst staat niet meer op de sociale kaart.</Alert>}
              <p class="utrecht-paragraph"><strong>Stand: {standing(report)}.</strong></p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Where a passed-on report stands at the national team, as the end of "Stand: …". */
function standing(report: PassedOnReport): string {
  if (report.national === null) return 'wacht op het landelijk team';
  const day = momentDayText(report.national.at);
  return report.national.resolution === 'aangepast' ? `aangepast door het landelijk team op ${day}` : `klopt wel volgens het landelijk team (${day})`;
}
