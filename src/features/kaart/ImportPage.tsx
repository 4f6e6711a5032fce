import '@utrecht/textbox-css/dist/index.css';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { db } from '../../db/db';
import { useLiveQuery } from '../../db/use-live-query';
import { previewSpreadsheet, type KaartDataSet, type SpreadsheetPreview } from '../../shared/kaart';
import { getDevice } from '../../sync';
import { Alert } from '../../ui/Alert';
import { Field } from '../../ui/Field';
import { ExportCard } from './import-export';
import { detectKaartFormat, readKaartFiles } from './import-files';
import { HsdsImport } from './import-hsds';
import { countOf, DEMO_ORGANISATION_ID } from './import-plan';
import type { HsdsPreview, ImportProgress, PlanSummary } from './import-preview';
import { ImportProgressBox } from './import-progress';
import { forgetKaartImport, getKaartImport, stopKaartImport } from './import-worker-client';
import { SpreadsheetImport } from './import-spreadsheet';
import { TaxonomyMappingCard } from './import-taxonomy';
import { readTabletKaart } from './import-tablet';
import { proxy } from 'comlink';
import { chooseAgain } from '../../ui/file-input';

/**
 * A file that was read and is waiting for the coordinator's choices; nothing is stored yet. A
 * spreadsheet (at most 20 MB, columns to choose) is read on the page; an HSDS file or package
 * (a regional directory: 100,000+ records) in the import worker, which keeps its records.
 */
type PendingImport = { key: number; fileName: string } & (
  | { format: 'spreadsheet'; preview: SpreadsheetPreview; tablet: KaartDataSet }
  | { format: 'hsds-json' | 'hsds-csv'; preview: HsdsPreview });

/** Import and export of the sociale kaart (HSDS JSON, HSDS CSV package, library spreadsheet). */
export function ImportPage({ organisationId }: { organisationId: string | undefined }) {
  // An enrolled tablet imports into its organisation's kaart; one with example data into the demo organisation's.
  const owner = organisationId ?? DEMO_ORGANISATION_ID;
  const device = useLiveQuery((db) => getDevice(db).then((d) => d ?? null), []);
  const mayImport = device === null || device?.role === 'coordinator';
  const [pending, setPending] = useState<PendingImport | undefined>(undefined);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const [reading, setReading] = useState(false);
  const [readProgress, setReadProgress] = useState<ImportProgress | undefined>(undefined);
  const [stopped, setStopped] = useState(false);
  const [writing, setWriting] = useState(false);
  // a read that was stopped (or overtaken by another choice) must not show its result
  const readCount = useRef(0);
  const [done, setDone] = useState<string | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  // the import's button is gone: the focus on what it did before the next key (a layout effect), not lost until the next frame
  useLayoutEffect(() => doneRef.current?.focus(), [done]);
  // the records read stay in the worker until imported; leaving the page lets them go
  useEffect(() => forgetKaartImport, []);

  const choose = async (files: File[]) => {
    const read = ++readCount.current;
    forgetKaartImport();
    setPending(undefined);
    setFileError(undefined);
    setDone(undefined);
    setStopped(false);
    setReadProgress(undefined);
    if (files.length === 0) return;
    const detected = detectKaartFormat(files);
    if (!detected.ok) return setFileError(detected.message);
    setReading(true);
    try {
      const fileName = files.length === 1 ? files[0].name : `${files.length} bestanden`;
      if (detected.format === 'spreadsheet') {
        const texts = await readKaartFiles(files);
        if (!texts.ok) return setFileError(texts.message);
        const tablet = await readTabletKaart(db);
        setPending({ key: Date.now(), fileName, tablet, format: 'spreadsheet', preview: previewSpreadsheet(Object.values(texts.texts)[0]) });
        return;
      }
      setReadProgress({ phase: 'reading', done: 0, total: files.reduce((sum, file) => sum + file.size, 0) });
      const outcome = await getKaartImport().read(files, owner, proxy((progress: ImportProgress) => {
        if (read === readCount.current) setReadProgress(progress);
      }));
      if (read !== readCount.current) return;
      if (!outcome.ok) return setFileError(outcome.message);
      setPending({ key: Date.now(), fileName, format: outcome.preview.format, preview: outcome.preview });
    } catch {
      if (read === readCount.current) setFileError('Het bestand kon niet worden gelezen. Kies het opnieuw.');
    } finally {
      if (read === readCount.current) setReading(false);
    }
  };

  /** Stops reading at once: the worker is ended (it had written nothing) and starts afresh next time. */
  const stopReading = () => {
    readCount.current++;
    stopKaartImport();
    setReading(false);
    setStopped(true);
    if (input.current) input.current.value = '';
  };

  const applied = (plan: PlanSummary) => {
    setPending(undefined);
    if (input.current) input.current.value = '';
    const created = Object.entries(plan.created).filter(([entity, n]) => n > 0 && entity !== 'service')
      .map(([entity, n]) => countOf(entity as keyof PlanSummary['created'], n));
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
            description="Een HSDS JSON-bestand (.json), alle bestanden van een HSDS CSV-pakket samen (met datapackage.json) of dat pakket als .zip, of de spreadsheet van uw bibliotheek als .csv.">
            <input ref={input} class="utrecht-textbox utrecht-textbox--html-input" id="import-file" type="file" multiple
              accept=".json,.csv,.zip,application/json,text/csv,application/zip" aria-describedby={`import-file-description${fileError ? ' import-file-error' : ''}`}
              aria-invalid={fileError ? true : undefined} disabled={writing}
              onClick={chooseAgain} onChange={(e) => void choose([...(e.currentTarget.files ?? [])])} />
          </Field>
          <p class="utrecht-paragraph" role="status">
            {reading ? 'Bestand wordt gelezen…' : pending ? `Gelezen: ${pending.fileName}. Bekijk hieronder wat er geïmporteerd wordt.` : stopped ? 'Het lezen is gestopt. Er is niets opgeslagen.' : ''}
          </p>
          {reading && readProgress !== undefined && (
            <div class="ido-import-progress"><ImportProgressBox label="Voortgang van het lezen" progress={readProgress} onCancel={stopReading} /></div>
          )}
        </section>
      )}
      {pending?.format === 'spreadsheet' && (
        <SpreadsheetImport key={pending.key} fileName={pending.fileName} preview={pending.preview} tablet={pending.tablet} owner={owner} onApplied={applied} />
      )}
      {pending && pending.format !== 'spreadsheet' && (
        <HsdsImport key={pending.key} preview={pending.preview} onApplied={applied}
          write={(onProgress) => getKaartImport().write(proxy(onProgress))} onCancel={() => void getKaartImport().cancel()} onBusy={setWriting} />
      )}
      {mayImport && <TaxonomyMappingCard />}
      <ExportCard owner={owner} />
    </section>
  );
}
