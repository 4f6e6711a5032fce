import '@utrecht/table-css/dist/index.css';
import { useEffect, useState } from 'preact/hooks';
import { isDemoOrganisation } from '../../db/demo-organisation';
import { currentOrganisation } from '../../db/organisation';
import { useLiveQuery } from '../../db/use-live-query';
import { getDevice, readSyncStatus } from '../../sync';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { startPractice, usePractice } from '../../ui/practice';
import { DeliveryCheckFact } from './DeliveryCheckFact';
import { PRACTICE_CASES } from './practice-cases';
import { DeviceSettings } from './DeviceSettings';
import { describeStorage, requestPersistentStorage, type StorageReport } from './storage';

/** "3", "3, waarvan 1 met een probleem (zie Vandaag)" or "1 met een probleem (zie Vandaag)": what the noodexport would hold. */
function unsentText(pending: number, attention: number): string {
  if (attention === 0) return String(pending);
  const problem = `${attention} met een probleem (zie Vandaag)`;
  return pending === 0 ? problem : `${pending + attention}, waarvan ${problem}`;
}

/** Device, organisation and storage: what a coordinator checks when something seems off. */
export function SettingsPage({ onEnroll, onPractice }: { onEnroll: () => void; onPractice: () => void }) {
  const practising = usePractice();
  const place = useLiveQuery((db) => currentOrganisation(db), []);
  // As the status bar and the noodexport count them: contacts and group sessions, those waiting and those refused.
  const waiting = useLiveQuery((db) => readSyncStatus(db).then(({ pending, attention }) => ({ pending, attention })), []);
  const device = useLiveQuery((db) => getDevice(db).then((found) => found ?? null), []);
  const [storage, setStorage] = useState<StorageReport | undefined>(undefined);
  const refresh = () => describeStorage().then(setStorage);
  useEffect(() => void refresh(), []);

  return (
    <section aria-labelledby="settings-heading">
      <h1 class="utrecht-heading-1" id="settings-heading">Instellingen</h1>
      <div class="ido-card">
        <h2 class="utrecht-heading-2">Organisatie</h2>
        {place && isDemoOrganisation(place.organisation) && device !== undefined && (
          // Linked with the demo server's code the tablet does send, to the demo organisation: national figures leave it out.
          <Alert type="info">
            {device ? 'Deze tablet is gekoppeld aan de demo-organisatie. Wat u registreert, telt niet mee in de cijfers van een echte bibliotheek.' : 'Deze tablet gebruikt voorbeelddata.'}{' '}
            Koppel de tablet aan uw bibliotheek om echte registraties te versturen.
          </Alert>
        )}
        <dl class="ido-facts">
          <dt>Organisatie</dt><dd>{place?.organisation.name ?? '…'}</dd>
          <dt>IDO-locaties</dt><dd>{place?.locations.map((l) => l.name).join(', ') ?? '…'}</dd>
          <dt>Nog niet verstuurd</dt>
          <dd id="settings-unsent">{waiting ? unsentText(waiting.pending, waiting.attention) : '…'}</dd>
          <DeliveryCheckFact />
        </dl>
      </div>
      <div class="ido-card" id="practice-card">
        <h2 class="utrecht-heading-2">Oefenen</h2>
        <p class="utrecht-paragraph">
          Nieuw bij het IDO, of een nieuwe vrijwilliger? Oefen met het formulier op deze tablet. De contacten en
          groepsbijeenkomsten die u opslaat terwijl u oefent, worden niet bewaard en niet verstuurd: ze tellen niet mee in
          de cijfers. Wat u op de sociale kaart doet, is wel echt.
        </p>
        {practising
          ? <p class="utrecht-paragraph">U oefent nu. Stoppen kan bovenaan elke pagina.</p>
          : <p class="utrecht-paragraph"><Button onClick={() => { startPractice(); onPractice(); }}>Beginnen met oefenen</Button></p>}
        <details class="ido-practice-cases">
          <summary>Voorbeelden om mee te oefenen</summary>
          <ol>{PRACTICE_CASES.map((text) => <li key={text}>{text}</li>)}</ol>
        </details>
      </div>
      <DeviceSettings onEnroll={onEnroll} />
      <div class="ido-card">
        <h2 class="utrecht-heading-2">Opslag op deze tablet</h2>
        {storage ? (
          <>
            {storage.nearlyFull && (
              <Alert type="warning">De opslag voor de app is bijna vol. Verstuur wat nog wacht, of maak de noodexport hieronder bij "Tablet". Maak daarna ruimte vrij op de tablet.</Alert>
            )}
            <dl class="ido-facts">
              <dt>Blijvende opslag</dt>
              <dd>{storage.persisted === undefined ? 'Onbekend (deze browser zegt het niet)' : storage.persisted ? 'Ja, de browser wist de gegevens niet vanzelf' : 'Nee, de browser kan gegevens wissen als de tablet vol raakt'}</dd>
              <dt>In gebruik</dt><dd>{storage.usageText}</dd>
            </dl>
            {storage.persisted === false && (
              <p class="utrecht-paragraph">
                <Button onClick={async () => { await requestPersistentStorage(); await refresh(); }}>Blijvende opslag vragen</Button>
              </p>
            )}
          </>
        ) : <p>Opslag wordt bekeken…</p>}
      </div>
    </section>
  );
}
