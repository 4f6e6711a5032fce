import { useEffect, useRef, useState } from 'preact/hooks';
import { useLiveQuery } from '../db/use-live-query';
// The status modules only, not the sync engine (`../sync`): that loads after the first screen (sync-triggers.ts).
import { readKaartSyncStatus } from '../sync/kaart-status';
import { clockWarning, readClock } from '../sync/clock';
import { heldKaartNotice, kaartToSend, onAnnouncedSyncStatus, onSyncStatusHold, pauseNotice, readSyncStatusInOrder, sendingProgress, statusLine, type KaartCounts, type OrderedSyncStatus, type SyncStatusView } from '../sync/status';
import { Button } from '../ui/Button';
import { routeHref } from './router';
import { syncTriggers } from './start';
import type { SendNowNote } from './sync-triggers';
import { logSendFailure } from '../shared/failure-text';
import { countText } from '../shared/count-text';

/**
 * The line staff can trust: what waits, when it last went out, and why sending stopped. A box of fixed
 * height with fixed places (the status line's two lines, the line below them, one action: layout.css) so nothing in it
 * ever moves the page below.
 * `enrolled` undefined: not known yet; the empty box already holds its place. `laptopPage`: Beheer or a report page,
 * which a laptop opens with a token: there an unlinked browser is no tablet waiting to be linked.
 */
export function StatusBar({ enrolled, laptopPage = false }: { enrolled?: boolean; laptopPage?: boolean }) {
  const read = useLiveQuery(readSyncStatusInOrder, []);
  // A save hands over the status it read once its write was in (announceSyncStatus), so the bar says the new count
  // together with "Opgeslagen"; whichever of the two reads is newer is shown.
  const [announced, setAnnounced] = useState<OrderedSyncStatus>();
  useEffect(() => onAnnouncedSyncStatus(setAnnounced), []);
  const newest = announced && (!read || announced.order > read.order) ? announced.status : read?.status;
  // While a page's write holds the bar (holdSyncStatus), it keeps what it showed: the count changes with the page's list.
  const shown = useRef(newest);
  const [held, setHeld] = useState<{ status: SyncStatusView | undefined }>();
  useEffect(() => onSyncStatusHold((on) => setHeld(on ? { status: shown.current } : undefined)), []);
  const status = held ? held.status : newest;
  shown.current = status;
  const kaartStatus = useLiveQuery(readKaartSyncStatus, []);
  const kaart: KaartCounts = { pending: kaartStatus?.pending ?? 0, conflict: kaartStatus?.conflict ?? 0, rejected: kaartStatus?.rejected ?? 0, held: kaartStatus?.held ?? 0 };
  const [now, setNow] = useState(() => new Date());
  const [busy, setBusy] = useState(false);
  // Why the last tap on "Nu versturen" sent nothing: shown while the tablet keeps trying and nothing went since (sync-triggers.ts).
  const [note, setNote] = useState<SendNowNote>();
  // A tap that failed outright: the outbox stores a batch before it sends it, and a full tablet refuses that write; or
  // something else went wrong (the sync engine's chunk did not come, a bug). Shown until a tap gets further or
  // something is sent after all.
  const [failure, setFailure] = useState<{ say: string; lastSentAt?: string }>();
  useEffect(() => {
    const tick = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(tick);
  }, []);
  const known = status && enrolled !== undefined ? status : undefined;
  const progress = known && sendingProgress(known);
  const notice = known?.state === 'paused' ? pauseNotice(known.pauseReason ?? 'reenroll', known.pending + known.attention) : undefined;
  const shownNote = note && known?.state === 'backoff' && note.lastSentAt === known.lastSentAt ? note : undefined;
  const shownFailure = failure && !notice && failure.lastSentAt === known?.lastSentAt ? failure : undefined;
  // A clock that is off (sync/clock.ts) has the line when nothing about sending needs it: every contact saved meanwhile
  // gets the tablet's wrong day and time.
  const clock = clockWarning(useLiveQuery(readClock, []));
  const lineFree = enrolled && !notice && !shownNote && !shownFailure && !progress;
  const clockShown = lineFree && clock ? clock : undefined;
  // Kaart edits a deactivated organisation's tablet keeps (kaart-push.ts): why they do not go, when the line is free.
  const heldShown = lineFree && !clockShown ? heldKaartNotice(kaart) : undefined;
  return (
    <div class="ido-statusbar" id="sync-status" role="region" aria-label="Versturen">
      {/*
        Live regions around the words only: with the whole bar one region, every save was read out three times more
        ("… Nu versturen", "… Versturen 0 van 1 Nu versturen", "alles verstuurd …"), buttons, links and progress included.
      */}
      <div class="ido-statusbar__text">
        <span class="ido-statusbar__line" role="status">
          {/* One text node, whose start never moves: its parts in spans of their own (to break between them) moved by
              themselves as the line changed, one to the line above as the button went (kaart-refused's layout shifts). */}
          {known && <span id="sync-status-line">{enrolled ? statusLine(known, now, kaart) : unlinkedLine(known.pending, laptopPage)}</span>}
        </span>
        <span class="ido-statusbar__line">
          <span role="status">
            {notice && <span id="sync-pause-notice">{notice}</span>}
            {shownNote && known && <span id="sync-note">{shownNote.say(known)}</span>}
            {shownFailure && <span id="sync-failure">{shownFailure.say}</span>}
            {clockShown && <span id="sync-clock">{clockShown}</span>}
            {heldShown && <span id="sync-kaart-held">{heldShown}</span>}
          </span>
          {progress && (
            <>
              <label for="sync-progress">Versturen</label>{' '}
              <progress id="sync-progress" max={progress.total} value={progress.sent}>{progress.sent} van {progress.total}</progress>{' '}
              <span><span class="ido-statusbar__count">{progress.sent}</span> van {progress.total}</span>
            </>
          )}
        </span>
      </div>
      <div class="ido-statusbar__action">
        {known && notice && (
          <>
            {known.pauseReason === 'revoked' && <a href={routeHref({ page: 'settings' })}>Noodexport</a>}
            <a href={routeHref({ page: 'enroll' })}>Opnieuw koppelen</a>
          </>
        )}
        {known && !enrolled && !laptopPage && <a href={routeHref({ page: 'enroll' })}>Tablet koppelen</a>}
        {/* A paused tablet (revoked, or its enrollment no longer valid) sends nothing: no button that would do nothing. Nor
            for kaart edits held because the organisation is deactivated: the tablet tries them by itself at each sync. */}
        {known && enrolled && !notice && (known.pending > 0 || kaartToSend(kaart) > 0) && (
          <Button disabled={busy} onClick={async () => {
            setBusy(true);
            // sync-triggers.ts is its own chunk, fetched after the first screen (start.ts): there by the time of a tap.
            try {
              const triggers = await syncTriggers();
              setNote(await triggers.sendNowNote(await triggers.sendNow(true)));
              setFailure(undefined);
            } catch (error) {
              logSendFailure(error); // the line a send no one waits for logs (sync-triggers.ts)
              // fetched when needed: the first screen does without it (and a chunk that does not come is no storage problem)
              const storage = await import('../db/storage-failure').then((m) => m.storageFailureOf(error), () => undefined);
              setNote(undefined);
              // one line at 768 px beside the button (the bar has no room for a link as well): Instellingen is in the menu
              setFailure({
                say: storage ? `${storage.kind === 'full' ? 'Opslag vol' : 'Opslag werkt niet'}: versturen lukt niet. Noodexport bij Instellingen.` : 'Versturen lukte niet. Alles blijft bewaard. Probeer het straks opnieuw.',
                lastSentAt: known.lastSentAt,
              });
            } finally { setBusy(false); }
          }}>{busy ? 'Versturen…' : 'Nu versturen'}</Button>
        )}
      </div>
    </div>
  );
}

/**
 * The line of a browser that is not linked. On a tablet page it asks to link the tablet; on a laptop page (signed in with
 * a token) it says nothing about tablets, only registrations tried out here ("Nu niet") and not sent, if there are any.
 */
function unlinkedLine(pending: number, laptopPage: boolean): string {
  if (!laptopPage) return `${pending} alleen op deze tablet · tablet nog niet gekoppeld`;
  return pending === 0 ? '' : `${countText(pending, 'registratie', 'registraties')} nog niet verstuurd, alleen op dit apparaat`;
}
