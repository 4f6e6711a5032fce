import '@utrecht/textbox-css/dist/index.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { db } from '../../db/db';
import { useLiveQuery } from '../../db/use-live-query';
import { previewSpreadsheet, type KaartDataSet, type KaartImportResult, type SpreadsheetPreview } from '../../shared/kaart';
import { getDevice } from '../../sync';
import { Alert } from '../../ui/Alert';
import { Field } from '../../ui/Field';
import { ExportCard } from './import-export';
import { readKaartFiles } from './import-files';
import { HsdsImport } from './import-hsds';
import { countOf, DEMO_ORGANISATION_ID, readHsds, type ImportPlan } from './import-plan';
import { SpreadsheetImport } from './import-spreadsheet';
import { readTabletKaart } from './import-tablet';

/** A file that was read and is waiting for the coordinator's choices; nothing is stored yet. */
type PendingImport = { key: number; fileName: string; tablet: KaartDataSet } & (
  | { format: 'spreadsheet'; preview: SpreadsheetPreview }
  | { format: 'hsds-json' | 'hsds-csv'; result: KaartImportResult });

/** Import and export of the sociale kaart (HSDS JSON, HSDS CSV package, library spreadsheet). */
export function ImportPage({ organisationId }: { organisationId: string | undefined }) {
  // An enrolled tablet imports into its organisation's kaart; one with example data into the demo organisation's.
  const owner = organisationId ?? DEMO_ORGANISATION_ID;
  const device = useLiveQuery(() => getDevice(db).then((d) => d ?? null), []);
  const mayImport = device === null || device?.role === 'coordinator';
  const [pending, setPending] = useState<PendingImport | undefined>(undefined);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const [reading, setReading] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => doneRef.current?.focus(), [done]);

  const choose = async (files: File[]) => {
    setPending(undefined);
    setFileError(undefined);
    setDone(undefined);
    if (files.length === 0) return;
    setReading(true);
    try {
      const read = await readKaartFiles(files);
      if (!read.ok) return setFileError(read.message);
      const tablet = await readTabletKaart(db);
      const fileName = files.length === 1 ? files[0].name : `${files.length} bestanden`;
      const key = Date.now();
      if (read.format === 'spreadsheet') setPending({ key, fileName, tablet, format: 'spreadsheet', preview: previewSpreadsheet(Object.values(read.texts)[0]) });
      else setPending({ key, fileName, tablet, format: read.format, result: readHsds(read.format, read.texts, tablet, owner) });
    } catch {
      setFileError('Het bestand kon niet worden gelezen. Kies het opnieuw.');
    } finally {
      setReading(false);
    }
  };

  const applied = (plan: ImportPlan) => {
    setPending(undefined);
    if (input.current) input.current.value = '';
    const created = Object.entries(plan.created).filter(([entity, n]) => n > 0 && entity !== 'service')
      .map(([entity, n]) => countOf(entity as keyof ImportPlan['created'], n));
    setDone(`Geïmporteerd: ${countOf('service', plan.services)}${created.length ? ` (nieuw: ${created.join(', ')})` : ''}`
      + `${plan.updated ? `, ${plan.updated} bijgewerkt` : ''}. Alles staat nu op deze tablet en gaat mee bij de volgende verbinding.`);
  };

  return (
    <section aria-labelledby="import-heading">
      <h1 class="utrecht-heading-1" id="import-heading">Kaart importeren of exporteren</h1>
      {done && (
        <div ref={doneRef} tabIndex={-1}>
          <Alert type="ok">
            <p class="utrecht-paragraph">{done}</p>
            <a class="ido-result-link" href="#/kaart">Naar de sociale kaart</a>
          </Alert>
        </div>
      )}
      {device !== undefined && !mayImport && (
        <Alert type="info">Alleen een coördinator kan de kaart importeren. Exporteren kan iedereen.</Alert>
      )}
      {mayImport && (
        <section class="ido-card" aria-labelledby="import-file-heading">
          <h2 class="utrecht-heading-2" id="import-file-heading">Importeren</h2>
          <p class="utrecht-paragraph">U ziet eerst wat er in het bestand staat. Er wordt pas iets opgeslagen als u op de knop onderaan drukt.</p>
          <Field id="import-file" label="Bestand kiezen" error={fileError}
            description="Een HSDS JSON-bestand (.json), alle bestanden van een HSDS CSV-pakket samen (met datapackage.json), of de spreadsheet van uw bibliotheek als .csv.">
            <input ref={input} class="utrecht-textbox utrecht-textbox--html-input" id="import-file" type="file" multiple
              accept=".json,.csv,application/json,text/csv" aria-describedby={`import-file-description${fileError ? ' import-file-error' : ''}`}
              aria-invalid={fileError ? true : undefined}
              onChange={(e) => void choose([...(e.currentTarget.files ?? [])])} />
          </Field>
          <p class="utrecht-paragraph" role="status">
            {reading ? 'Bestand wordt gelezen…' : pending ? `Gelezen: ${pending.fileName}. Bekijk hieronder wat er geïmporteerd wordt.` : ''}
          </p>
        </section>
      )}
      {pending?.format === 'spreadsheet' && (
        <SpreadsheetImport key={pending.key} fileName={pending.fileName} preview={pending.preview} tablet={pending.tablet} owner={owner} onApplied={applied} />
      )}
      {pending && pending.format !== 'spreadsheet' && (
        <HsdsImport key={pending.key} format={pending.format} fileName={pending.fileName} result={pending.result} tablet={pending.tablet} owner={owner} onApplied={applied} />
      )}
      <ExportCard owner={owner} />
    </section>
  );
}
