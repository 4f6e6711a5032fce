import '@utrecht/status-badge-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import { db } from '../../db/db';
import { deleteRegistration, discardRegistration, registrationsOfDay } from '../../db/registrations';
import type { StoredRegistration } from '../../db/types';
import { useShownLiveQuery } from '../../db/use-live-query';
import { label } from '../../shared/codelists';
import { deleteInOneRender } from '../../sync/status';
import { amsterdamTime } from '../../shared/time';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ConfirmQuestion, useAskFirst } from '../../ui/ConfirmQuestion';
import { DateField } from '../../ui/DateField';
import { useAmsterdamDay } from '../../ui/use-today';
import { deleteQuestion, usePractice } from '../../ui/practice';
import { GroupSessionDayList } from '../groups/GroupSessionDayList';
import { syncBadge } from './sync-badge';
import { countText } from '../../shared/count-text';
import { dayText } from '../../shared/date-text';

interface DayListProps {
  onEdit: (id: string) => void;
  /** a delete waits in the outbox: send it as a save is sent (at once online, else a Background Sync) */
  onDeleted: () => void;
}

/** The registrations of today (or a chosen day) in short, with edit and delete. */
export function DayList({ onEdit, onDeleted }: DayListProps) {
  // Today, kept current: the list left open overnight shows the new day, unless staff chose another day.
  const today = useAmsterdamDay();
  const [chosen, setChosen] = useState<string>();
  const day = chosen ?? today;
  const setDay = (value: string) => setChosen(value === today ? undefined : value);
  const askFirst = useAskFirst();
  // Practice saves nothing (ui/practice.ts): this list holds real contacts only, and a delete here is real.
  const practising = usePractice();
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [rows, showAfter] = useShownLiveQuery((db) => registrationsOfDay(db, day), [day]);
  const questions = rows?.reduce((sum, r) => sum + r.questions.length, 0) ?? 0;

  /**
   * A delete: the list without it, the day's count, the status bar's count and the notice change in one render. The
   * notice came first, above the old list and its old count; the list with its count a moment later, the bar after it.
   */
  const deleteAndSay = (write: () => Promise<void>, text: string) => deleteInOneRender(db, showAfter, write, () => {
    askFirst.done();
    setNotice(text);
  });

  const remove = (registration: StoredRegistration) => deleteAndSay(async () => {
    await deleteRegistration(db, registration.id);
    onDeleted();
  }, `De registratie van ${amsterdamTime(new Date(registration.startedAt))} is verwijderd.`);

  const discard = (registration: StoredRegistration) => deleteAndSay(
    () => discardRegistration(db, registration.id),
    `De registratie van ${amsterdamTime(new Date(registration.startedAt))} is weggegooid.`,
  );

  return (
    <section aria-labelledby="list-heading">
      {/* The chosen day in words: the date field is drawn in the browser's language (12/03/2026 on an English tablet). */}
      <h1 class="utrecht-heading-1" id="list-heading">{day === today ? 'Vandaag' : `Registraties van ${dayText(day)}`}</h1>
      <div class="ido-row">
        <DateField id="list-day" label="Dag" value={day} max={today} onDay={(value) => value && setDay(value)} />
        {day !== today && <Button onClick={() => setDay(today)}>Naar vandaag</Button>}
      </div>
      {practising && <p class="utrecht-paragraph" id="practice-list-note">U oefent. Wat u oefent, staat niet in deze lijst: hier staan alleen echte registraties.</p>}
      {notice && <Alert type="ok">{notice}</Alert>}
      {/* Nothing below the day field until the day's contacts are read: the count, the list and the group sessions
          came one after the other and pushed "Groepsbijeenkomst registreren" down as the page opened. */}
      {rows && (
        <p class="utrecht-paragraph" aria-live="polite">
          {rows.length === 0 ? 'Geen registraties op deze dag.' : `${countText(rows.length, 'contact', 'contacten')}, ${countText(questions, 'vraag', 'vragen')}.`}
        </p>
      )}
      {rows && <ul class="ido-list" ref={askFirst.container}>
        {rows.map((r) => {
          const badge = syncBadge(r);
          const time = amsterdamTime(new Date(r.startedAt));
          return (
            <li class="ido-list__item" key={r.id}>
              <div class="ido-list__head">
                <span class="ido-list__time">{time}</span>
                <span>{label('scenario', r.scenario)} · {r.durationMinutes} min</span>
                <span class={`utrecht-status-badge utrecht-status-badge--${badge.kind}`}>{badge.text}</span>
              </div>
              <ul class="ido-list__questions">
                {r.questions.map((q, i) => (
                  <li key={i}>{q.topics.map((t) => label('topic', t)).join(', ')} – {q.help.map((h) => label('help', h).toLowerCase()).join(', ')}</li>
                ))}
              </ul>
              {r.syncState === 'attention' && (
                <Alert type="warning">
                  {r.deleted ? 'Deze registratie is verwijderd, maar de server weigerde de verwijdering. ' : 'De server nam deze registratie niet aan. '}
                  {r.problem?.message ?? ''} Pas de registratie aan of gooi hem weg.
                </Alert>
              )}
              {r.syncState === 'attention' && askFirst.asking !== r.id ? (
                <div class="ido-row">
                  {!r.deleted && <Button appearance="primary" onClick={() => onEdit(r.id)} aria-label={`Aanpassen: registratie van ${time}`}>Aanpassen</Button>}
                  <Button danger data-asks={r.id} onClick={() => askFirst.ask(r.id)} aria-label={`Weggooien: registratie van ${time}`}>Weggooien</Button>
                </div>
              ) : askFirst.asking === r.id ? (
                <ConfirmQuestion as="div" label={`Verwijderen van ${time} bevestigen`} question={deleteQuestion(practising)}
                  confirmText="Ja, verwijderen" cancelText="Nee, bewaren" onConfirm={() => (r.syncState === 'attention' ? discard(r) : remove(r))} onCancel={askFirst.cancel} />
              ) : (
                <div class="ido-row">
                  <Button onClick={() => onEdit(r.id)} aria-label={`Aanpassen: registratie van ${time}`}>Aanpassen</Button>
                  <Button appearance="subtle" danger data-asks={r.id} onClick={() => askFirst.ask(r.id)} aria-label={`Verwijderen: registratie van ${time}`}>Verwijderen</Button>
                </div>
              )}
            </li>
          );
        })}
      </ul>}
      {rows && <GroupSessionDayList day={day} onDeleted={onDeleted} />}
    </section>
  );
}
