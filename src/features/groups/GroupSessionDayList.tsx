import '@utrecht/status-badge-css/dist/index.css';
import { db } from '../../db/db';
import { deleteGroupSession, discardGroupSession, groupSessionsOfDay } from '../../db/group-sessions';
import { useShownLiveQuery } from '../../db/use-live-query';
import { label } from '../../shared/codelists';
import { GROUP_SESSION_KINDS } from '../../shared/group-session';
import { deleteInOneRender } from '../../sync/status';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ConfirmQuestion, useAskFirst } from '../../ui/ConfirmQuestion';
import { deleteQuestion, usePractice } from '../../ui/practice';
import { syncBadge } from '../registration/sync-badge';
import { countText } from '../../shared/count-text';

/** The group sessions of a day in the day list, with their send status and a delete (`onDeleted`: send it, as a save). */
export function GroupSessionDayList({ day, onDeleted }: { day: string; onDeleted: () => void }) {
  const [rows, showAfter] = useShownLiveQuery((db) => groupSessionsOfDay(db, day), [day]);
  // a refused delete is listed, for staff to throw away; the day's count is of the live sessions
  const live = rows?.filter((r) => !r.deleted);
  const askFirst = useAskFirst();
  const practising = usePractice();
  // As the contacts' delete (DayList.tsx): the list without it, the day's count and the bar's count in one render.
  // The item went back to "Wijzigen" first, and left with the count a moment later, the bar's count after that.
  const deleteAndShow = (write: () => Promise<void>) => deleteInOneRender(db, showAfter, write, askFirst.done);
  return (
    <section aria-labelledby="group-list-heading" class="ido-group-sessions">
      <h2 class="utrecht-heading-2" id="group-list-heading">Groepsbijeenkomsten</h2>
      <p class="utrecht-paragraph">
        <a class="utrecht-button utrecht-button--secondary-action" href="#/groep" id="group-register-link">Groepsbijeenkomst registreren</a>
      </p>
      {live && (
        <p class="utrecht-paragraph" aria-live="polite" id="group-day-summary">
          {live.length === 0 ? 'Geen groepsbijeenkomsten op deze dag.'
            : `${countText(live.length, 'bijeenkomst', 'bijeenkomsten')}, ${countText(live.reduce((sum, r) => sum + r.attendees, 0), 'deelnemer', 'deelnemers')}.`}
        </p>
      )}
      <ul class="ido-list" ref={askFirst.container}>
        {rows?.map((r) => {
          const badge = syncBadge(r);
          const name = `${GROUP_SESSION_KINDS[r.kind] ?? r.kind}, ${countText(r.attendees, 'deelnemer', 'deelnemers')}`;
          return (
            <li class="ido-list__item" key={r.id} data-group-session={r.id}>
              <div class="ido-list__head">
                <span>{name} · {r.durationMinutes} min</span>
                <span class={`utrecht-status-badge utrecht-status-badge--${badge.kind}`}>{badge.text}</span>
              </div>
              <p class="utrecht-paragraph">{r.topics.map((t) => label('topic', t)).join(', ')}</p>
              {r.syncState === 'attention' && (
                <Alert type="warning">
                  {r.deleted ? 'Deze groepsbijeenkomst is verwijderd, maar de server weigerde de verwijdering. ' : 'De server nam deze groepsbijeenkomst niet aan. '}
                  {r.problem?.message ?? ''}{r.deleted ? ' Gooi hem weg.' : ''}
                </Alert>
              )}
              {askFirst.asking === r.id ? (
                <ConfirmQuestion as="div" label={`Verwijderen van ${name} bevestigen`} question={deleteQuestion(practising)}
                  confirmText="Ja, verwijderen" cancelText="Nee, bewaren"
                  onConfirm={() => void deleteAndShow(() => (r.deleted ? discardGroupSession(db, r.id) : deleteGroupSession(db, r.id).then(onDeleted)))}
                  onCancel={askFirst.cancel} />
              ) : r.deleted ? (
                <div class="ido-row">
                  <Button danger data-asks={r.id} onClick={() => askFirst.ask(r.id)} aria-label={`Weggooien: ${name}`}>Weggooien</Button>
                </div>
              ) : (
                <div class="ido-row">
                  <a class="utrecht-button utrecht-button--secondary-action" href={`#/groep/${encodeURIComponent(r.id)}`} aria-label={`Wijzigen: ${name}`}>Wijzigen</a>
                  <Button appearance="subtle" danger data-asks={r.id} onClick={() => askFirst.ask(r.id)} aria-label={`Verwijderen: ${name}`}>Verwijderen</Button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
