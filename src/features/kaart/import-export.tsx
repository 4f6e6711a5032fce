import { useState } from 'preact/hooks';
import { db } from '../../db/db';
import { exportHsdsCsvPackage, exportHsdsJson, exportHsdsServicePackage } from '../../shared/kaart';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { downloadFile } from '../../ui/download';
import { downloadFiles, exportFileName } from './import-download';
import { countOf, exportSelection } from './import-plan';
import { readTabletKaart } from './import-tablet';

/** Exports the tablet's kaart as HSDS JSON (one file), the HSDS CSV package (nine files) or HSDS 3.0 as published (nested services, one file). */
export function ExportCard({ owner }: { owner: string }) {
  const [national, setNational] = useState<string[]>([]);
  const [message, setMessage] = useState<{ type: 'ok' | 'warning'; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const exportAs = async (kind: 'json' | 'csv' | 'hsds3') => {
    setBusy(true);
    setMessage(undefined);
    try {
      const set = exportSelection(await readTabletKaart(db), owner, national.includes('national'));
      if (set.organization.length === 0) {
        setMessage({ type: 'warning', text: 'Er staat nog niets in de kaart om te exporteren.' });
        return;
      }
      const now = new Date();
      if (kind === 'json') {
        downloadFile(exportFileName(now, 'json'), `${JSON.stringify(exportHsdsJson(set, { exportedAt: now }), null, 2)}\n`, 'application/json');
      } else if (kind === 'hsds3') {
        downloadFile(exportFileName(now, 'hsds-3.0.json'), `${JSON.stringify(exportHsdsServicePackage(set), null, 2)}\n`, 'application/json');
      } else {
        await downloadFiles(exportHsdsCsvPackage(set));
      }
      const what = `${countOf('service', set.service.length)} van ${countOf('organization', set.organization.length)}`;
      setMessage({ type: 'ok', text: kind !== 'csv'
        ? `Geëxporteerd: ${what}. Het bestand staat bij uw downloads.`
        : `Geëxporteerd: ${what}, in 9 bestanden. Ze staan bij uw downloads; kies ze samen om ze weer te importeren.` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="ido-card" aria-labelledby="export-heading">
      <h2 class="utrecht-heading-2" id="export-heading">Exporteren</h2>
      <p class="utrecht-paragraph">Sla de kaart van uw bibliotheek op als bestand, bijvoorbeeld voor de gemeente of een andere sociale kaart. Er staan geen gegevens van bezoekers in.</p>
      <ChoiceTiles multiple id="export-scope" legend="Wat exporteren"
        description="Altijd de organisaties en diensten die uw bibliotheek zelf bijhoudt."
        choices={[{ value: 'national', label: 'Ook de landelijke organisaties (zoals UWV en Belastingdienst)' }]}
        value={national} onChange={setNational} />
      <div class="ido-row">
        <Button onClick={() => void exportAs('json')} disabled={busy}>Exporteren als HSDS JSON</Button>
        <Button onClick={() => void exportAs('csv')} disabled={busy}>Exporteren als HSDS CSV-pakket</Button>
        <Button onClick={() => void exportAs('hsds3')} disabled={busy}>Exporteren voor andere sociale kaarten (HSDS 3.0)</Button>
      </div>
      {message && <div style={{ marginBlockStart: 'var(--ido-space-m)' }}><Alert type={message.type}>{message.text}</Alert></div>}
    </section>
  );
}
