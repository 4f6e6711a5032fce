import { useEffect, useState } from 'preact/hooks';
import { db } from '../db/db';
import { useLiveQuery } from '../db/use-live-query';
import { pauseNotice, readKaartSyncStatus, readSyncStatus, statusLine } from '../sync';
import { Button } from '../ui/Button';
import { routeHref } from './router';
import { sendNow } from './sync-triggers';

/** The line staff can trust: what waits, when it last went out, and why sending stopped. */
export function StatusBar({ enrolled }: { enrolled: boolean }) {
  const status = useLiveQuery(() => readSyncStatus(db), []);
  const kaart = useLiveQuery(() => readKaartSyncStatus(db), []);
  const kaartPending = kaart?.pending ?? 0;
  const [now, setNow] = useState(() => new Date());
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const tick = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(tick);
  }, []);
  if (!status) return null;
  const progress = status.state === 'sending' && status.progress && status.progress.total > 0 ? status.progress : undefined;
  return (
    <div class="ido-statusbar" role="status" aria-live="polite" id="sync-status">
      <span id="sync-status-line">{enrolled ? statusLine(status, now) : `${status.pending} alleen op deze tablet · tablet nog niet gekoppeld`}</span>
      {enrolled && kaartPending > 0 && (
        <span id="kaart-status-line">{kaartPending === 1 ? '1 kaartwijziging' : `${kaartPending} kaartwijzigingen`} nog te versturen</span>
      )}
      {progress && (
        <span class="ido-row">
          <label for="sync-progress">Versturen</label>
          <progress id="sync-progress" max={progress.total} value={progress.sent}>{progress.sent} van {progress.total}</progress>
          <span>{progress.sent} van {progress.total}</span>
        </span>
      )}
      {status.state === 'paused' && (
        <span>
          <span id="sync-pause-notice">{pauseNotice(status.pauseReason ?? 'reenroll', status.pending + status.attention)}</span>{' '}
          {status.pauseReason === 'revoked' && <><a href={routeHref({ page: 'settings' })}>Noodexport</a>{' · '}</>}
          <a href={routeHref({ page: 'enroll' })}>Opnieuw koppelen</a>
        </span>
      )}
      {!enrolled && <a href={routeHref({ page: 'enroll' })}>Tablet koppelen</a>}
      {/* A paused tablet (revoked, or its enrollment no longer valid) sends nothing: no button that would do nothing. */}
      {enrolled && status.state !== 'paused' && (status.pending > 0 || kaartPending > 0) && (
        <Button disabled={busy} onClick={async () => {
          setBusy(true);
          try { await sendNow(true); } finally { setBusy(false); }
        }}>{busy ? 'Bezig met versturen…' : 'Nu versturen'}</Button>
      )}
    </div>
  );
}
