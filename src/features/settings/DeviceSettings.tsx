import '@utrecht/select-css/dist/index.css';
import { useState } from 'preact/hooks';
import { db } from '../../db/db';
import { getSetting, putSetting } from '../../db/settings';
import { useLiveQuery } from '../../db/use-live-query';
import { momentText } from '../../shared/date-text';
import { clockOffText } from '../../shared/clock-offset';
import { capitalize } from '../../shared/dutch-text';
import { emergencyExportFile, getDevice, pauseExplanation, purgeSent, readSyncStatus, unenrollDevice } from '../../sync';
import { readClock, type StoredClock } from '../../sync/clock';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { downloadFile } from '../../ui/download';
import { Field } from '../../ui/Field';
import { countText } from '../../shared/count-text';

const PURGE_CHOICES = [7, 14, 30, 60, 90];

const when = (iso: string | undefined) => (iso ? momentText(iso) : 'nog nooit');

/**
 * The tablet's clock against the server's at the last check (sync/clock.ts): what a coordinator asks on the phone when
 * contacts land on the wrong day. The status bar says it only when it is off.
 */
function clockText(clock: StoredClock | null | undefined): string {
  if (clock === undefined) return '…';
  if (clock === null) return 'Nog niet vergeleken met de server';
  const off = clockOffText(clock.aheadMs);
  const checked = `vergeleken met de server op ${momentText(clock.measuredAt)}`;
  return off ? `${capitalize(off)} (${checked}). Zet de datum en tijd van de tablet goed.` : `Goed (${checked})`;
}

/** The enrolled device, the last sync, how long sent records stay, emergency export and unlinking. */
export function DeviceSettings({ onEnroll }: { onEnroll: () => void }) {
  const device = useLiveQuery((db) => getDevice(db).then((d) => d ?? null), []);
  const status = useLiveQuery((db) => readSyncStatus(db), []);
  const clock = useLiveQuery((db) => readClock(db).then((c) => c ?? null), []);
  const purgeDays = useLiveQuery((db) => getSetting(db, 'purgeAfterDays', 30), [], 30);
  const [exported, setExported] = useState(false);
  const [message, setMessage] = useState<{ type: 'ok' | 'error'; text: string } | undefined>(undefined);
  const unsent = (status?.pending ?? 0) + (status?.attention ?? 0);

  const exportUnsent = async () => {
    const { filename, content, count } = await emergencyExportFile(db);
    downloadFile(filename, content);
    setExported(true);
    setMessage({ type: 'ok', text: `${countText(count, 'registratie', 'registraties')} opgeslagen in een bestand. Geef het bestand aan de coördinator.` });
  };

  const unlink = async () => {
    const result = await unenrollDevice(db, { exported });
    setMessage(result.ok ? { type: 'ok', text: 'De tablet is ontkoppeld. Alle registraties zijn van de tablet gehaald.' } : { type: 'error', text: result.message });
  };

  return (
    <div class="ido-card">
      <h2 class="utrecht-heading-2">Tablet</h2>
      {status?.state === 'paused' && <Alert type="warning" id="sync-pause-explanation">{pauseExplanation(status.pauseReason ?? 'reenroll', unsent)}</Alert>}
      {message && <Alert type={message.type}>{message.text}</Alert>}
      {device ? (
        <dl class="ido-facts">
          <dt>Naam</dt><dd>{device.label}</dd>
          <dt>Gekoppeld aan</dt><dd>{device.organisationName}</dd>
          <dt>Tablet-id</dt><dd>{device.deviceId}</dd>
          <dt>Laatst verstuurd</dt><dd>{when(status?.lastSentAt)}</dd>
          <dt>Klok van de tablet</dt><dd id="settings-clock">{clockText(clock)}</dd>
        </dl>
      ) : (
        <p class="utrecht-paragraph">Deze tablet is nog niet gekoppeld. <Button onClick={onEnroll}>Tablet koppelen</Button></p>
      )}
      <Field id="purge-days" label="Verstuurde registraties blijven op de tablet" description="Niet verstuurde registraties blijven altijd bewaard.">
        <select class="utrecht-select utrecht-select--html-select" id="purge-days" value={String(purgeDays)}
          onChange={async (e) => { await putSetting(db, 'purgeAfterDays', Number(e.currentTarget.value)); await purgeSent(db); }}>
          {PURGE_CHOICES.map((days) => <option value={String(days)} key={days}>{days} dagen</option>)}
        </select>
      </Field>
      <h3 class="utrecht-heading-3">Noodexport</h3>
      <p class="utrecht-paragraph">Moet de tablet gewist worden voordat hij weer internet heeft? Sla dan eerst de niet verstuurde registraties op in een bestand.</p>
      <div class="ido-row">
        <Button onClick={exportUnsent}>Niet verstuurde registraties opslaan ({unsent})</Button>
        {device && <Button danger onClick={unlink}>Tablet ontkoppelen</Button>}
      </div>
    </div>
  );
}
