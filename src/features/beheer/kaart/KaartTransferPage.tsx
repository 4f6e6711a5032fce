import '@utrecht/table-css/dist/index.css';
import './kaart-transfer.css';
import { useState } from 'preact/hooks';
import { readKaartFiles, type KaartFileFormat } from '../../kaart/import-files';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { Field } from '../../../ui/Field';
import { Messages } from '../Messages';
import type { AdminSession } from '../session';
import { useAdminAction } from '../use-admin';
import { downloadKaartExport, EXPORT_FORMATS, type KaartBase, type KaartImportAnswer, MAX_IMPORT_BYTES, postKaartImport } from './api';

interface KaartTransferPageProps {
  session: AdminSession;
  /** `/organisations/<id>` for an organisation's kaart, '' for the national entries */
  base: KaartBase;
  /** "de kaart van Bibliotheek Oss", "de landelijke gegevens" */
  whose: string;
}

type Chosen = { format: KaartFileFormat; files: { name: string; text: string }[]; label: string };

const FORMAT_NAMES: Record<KaartFileFormat, string> = { 'hsds-json': 'HSDS JSON', 'hsds-csv': 'HSDS CSV-pakket', spreadsheet: 'spreadsheet van de bibliotheek' };

/** The sociale kaart in and out: choose files, check them (nothing is saved), import, and download an export. */
export function KaartTransferPage({ session, base, whose }: KaartTransferPageProps) {
  const [chosen, setChosen] = useState<Chosen | undefined>(undefined);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const [reading, setReading] = useState(false);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [preview, setPreview] = useState<KaartImportAnswer | undefined>(undefined);
  const [result, setResult] = useState<KaartImportAnswer | undefined>(undefined);
  const action = useAdminAction(session);
  const download = useAdminAction(session);

  const choose = async (files: File[]) => {
    setChosen(undefined);
    setPreview(undefined);
    setResult(undefined);
    setFileError(undefined);
    if (files.length === 0) return;
    setReading(true);
    const read = await readKaartFiles(files);
    setReading(false);
    if (!read.ok) return setFileError(read.message);
    const entries = Object.entries(read.texts).map(([name, text]) => ({ name, text }));
    if (entries.reduce((sum, file) => sum + file.text.length, 0) > MAX_IMPORT_BYTES * 0.95) {
      return setFileError(`De bestanden zijn samen te groot: hoogstens ${MAX_IMPORT_BYTES / (1024 * 1024)} MB per import. Splits het bestand, of importeer per organisatie.`);
    }
    setChosen({ format: read.format, files: entries, label: files.map((file) => file.name).join(', ') });
  };
  const send = (dryRun: boolean) => chosen && action.run(
    () => postKaartImport(session.token, base, { format: chosen.format, files: chosen.files, skipInvalid, dryRun }),
    (answer) => {
      if (dryRun) setPreview(answer);
      else {
        setResult(answer);
        setPreview(undefined);
      }
      return undefined;
    },
  );

  return (
    <>
      <h2 class="utrecht-heading-2">Sociale kaart importeren</h2>
      <p class="utrecht-paragraph">Voeg gegevens toe aan {whose}, of werk ze bij. Eerst controleert u het bestand: dan wordt er nog niets opgeslagen.</p>
      <section class="ido-card" aria-labelledby="kaart-import-heading">
        <h3 class="utrecht-heading-3" id="kaart-import-heading">1. Bestand kiezen</h3>
        <Field id="kaart-import-file" label="Bestand of bestanden" error={fileError}
          description="Een HSDS JSON-bestand (.json), de CSV-bestanden van een HSDS-pakket samen (met datapackage.json), dat pakket als .zip, of de spreadsheet van uw bibliotheek (.csv).">
          <input class="utrecht-textbox utrecht-textbox--html-input ido-beheer-file" id="kaart-import-file" type="file" multiple
            accept=".json,.csv,.zip,application/json,text/csv,application/zip"
            aria-describedby={`kaart-import-file-description${fileError ? ' kaart-import-file-error' : ''}`} aria-invalid={fileError ? true : undefined}
            disabled={action.busy} onChange={(e) => void choose([...(e.currentTarget.files ?? [])])} />
        </Field>
        <p class="utrecht-paragraph" role="status">{reading ? 'Bestand wordt gelezen…' : chosen ? `Gekozen: ${chosen.label} (${FORMAT_NAMES[chosen.format]}).` : ''}</p>
        <label class="ido-kaart-transfer-check" for="kaart-import-skip">
          <input class="utrecht-custom-checkbox utrecht-custom-checkbox--html-input" type="checkbox" id="kaart-import-skip" checked={skipInvalid}
            onChange={(e) => { setSkipInvalid(e.currentTarget.checked); setPreview(undefined); setResult(undefined); }} />
          <span>Foute waarden overslaan</span>
        </label>
        <p class="utrecht-paragraph ido-muted">Zonder vinkje: alles of niets. Is er één fout, dan wordt niets geïmporteerd. Met vinkje blijven foute waarden en gegevens weg en komt de rest wel in de kaart.</p>
        <div class="ido-row">
          <Button disabled={!chosen || action.busy} onClick={() => void send(true)}>Controleren</Button>
          <Button appearance="primary" disabled={!preview?.acceptable || action.busy} onClick={() => void send(false)}>Importeren</Button>
        </div>
        <p class="utrecht-paragraph" role="status">{action.busy ? 'Bezig… Bij een groot bestand kan dit een minuut duren.' : ''}</p>
        <Messages error={action.error} />
        {preview && <ImportAnswer answer={preview} heading="2. Controle" />}
        {result && <ImportAnswer answer={result} heading="Resultaat" />}
      </section>

      <section class="ido-card" aria-labelledby="kaart-export-heading">
        <h2 class="utrecht-heading-2" id="kaart-export-heading">Sociale kaart exporteren</h2>
        <p class="utrecht-paragraph">Alle gegevens van {whose} in HSDS 3.0, de standaard voor sociale kaarten. De CSV-versie is een zip met een bestand per soort gegeven.</p>
        <div class="ido-row">
          {EXPORT_FORMATS.map((format) => (
            <Button key={format.format} disabled={download.busy} onClick={() => void download.run(() => downloadKaartExport(session.token, base, format))}>{format.text}</Button>
          ))}
        </div>
        <Messages error={download.error} />
      </section>
    </>
  );
}

/** Counts and the first errors, warnings and refusals of a check or an import. */
function ImportAnswer({ answer, heading }: { answer: KaartImportAnswer; heading: string }) {
  const rows: Array<[string, number]> = [['Nieuw', answer.created], ['Gewijzigd', answer.updated], ['Ongewijzigd', answer.unchanged], ['Overgeslagen', answer.rejected]];
  return (
    <div id={answer.dryRun ? 'kaart-import-preview' : 'kaart-import-result'}>
      <h3 class="utrecht-heading-3">{heading}</h3>
      <Alert type={answer.acceptable ? 'ok' : 'error'}>{answer.message}</Alert>
      <table class="utrecht-table utrecht-table--html-table ido-table">
        <caption class="utrecht-table__caption">{answer.dryRun ? 'Wat de import zou doen' : 'Wat de import deed'}</caption>
        <tbody class="utrecht-table__body">
          {rows.map(([label, count]) => (
            <tr class="utrecht-table__row" key={label}>
              <th class="utrecht-table__header-cell" scope="row">{label}</th>
              <td class="utrecht-table__cell utrecht-table__cell--numeric">{count.toLocaleString('nl-NL')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Lines title="Fouten" lines={answer.errors} count={answer.errorCount} />
      <Lines title={answer.dryRun ? 'Wordt niet overgenomen' : 'Niet overgenomen'} lines={answer.warnings} count={answer.warningCount}
        note="Dit houdt het importeren niet tegen; de rest van deze gegevens komt wel in de kaart." />
      <Lines title="Kan niet in deze kaart" lines={answer.refused} count={answer.refusedCount}
        note={answer.idInUse > 0 ? 'Een id die al van een andere organisatie of van de landelijke gegevens is, blijft van hen. Geef deze gegevens een eigen id.' : undefined} />
      {answer.ignoredFields.length > 0 && <p class="utrecht-paragraph">Deze velden kent de kaart niet; ze worden niet geïmporteerd: {answer.ignoredFields.join(', ')}.</p>}
    </div>
  );
}

function Lines({ title, lines, count, note }: { title: string; lines: string[]; count: number; note?: string }) {
  if (count === 0) return null;
  return (
    <>
      <h4 class="utrecht-heading-3">{title} ({count.toLocaleString('nl-NL')})</h4>
      {note && <p class="utrecht-paragraph">{note}</p>}
      <ul class="ido-kaart-transfer-lines">{lines.map((line, i) => <li key={i}>{line}</li>)}</ul>
      {count > lines.length && <p class="utrecht-paragraph">En nog {(count - lines.length).toLocaleString('nl-NL')}.</p>}
    </>
  );
}
