import '@utrecht/table-css/dist/index.css';
import './kaart-transfer.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { readKaartFiles, type KaartFileFormat } from '../../kaart/import-files';
import { countText, dutchNumber } from '../../../shared/count-text';
import { chooseAgain } from '../../../ui/file-input';
import { ignoredFieldsText, type ImportStage, NOTICES_HEADING, notTakenText } from '../../../shared/kaart';
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

/** The import's fields by the admin API's names: their labels, and how a server message names them. */
const IMPORT_LABELS = { files: 'Bestand of bestanden', skipInvalid: 'Foute waarden overslaan' };

/** The sociale kaart in and out: choose files, check them (nothing is saved), import, and download an export. */
export function KaartTransferPage({ session, base, whose }: KaartTransferPageProps) {
  const [chosen, setChosen] = useState<Chosen | undefined>(undefined);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const [reading, setReading] = useState(false);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [preview, setPreview] = useState<KaartImportAnswer | undefined>(undefined);
  const [result, setResult] = useState<KaartImportAnswer | undefined>(undefined);
  const action = useAdminAction(session, IMPORT_LABELS);
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
        <Field id="kaart-import-file" label={IMPORT_LABELS.files} error={fileError}
          description="Een HSDS JSON-bestand (.json), de CSV-bestanden van een HSDS-pakket samen (met datapackage.json), dat pakket als .zip, of de spreadsheet van uw bibliotheek (.csv).">
          <input class="utrecht-textbox utrecht-textbox--html-input ido-beheer-file" id="kaart-import-file" type="file" multiple
            accept=".json,.csv,.zip,application/json,text/csv,application/zip"
            aria-describedby={`kaart-import-file-description${fileError ? ' kaart-import-file-error' : ''}`} aria-invalid={fileError ? true : undefined}
            disabled={action.busy} onClick={chooseAgain} onChange={(e) => void choose([...(e.currentTarget.files ?? [])])} />
        </Field>
        <p class="utrecht-paragraph" role="status">{reading ? 'Bestand wordt gelezen…' : chosen ? `Gekozen: ${chosen.label} (${FORMAT_NAMES[chosen.format]}).` : ''}</p>
        <label class="ido-kaart-transfer-check" for="kaart-import-skip">
          <input class="utrecht-custom-checkbox utrecht-custom-checkbox--html-input" type="checkbox" id="kaart-import-skip" checked={skipInvalid}
            onChange={(e) => { setSkipInvalid(e.currentTarget.checked); setPreview(undefined); setResult(undefined); }} />
          <span>{IMPORT_LABELS.skipInvalid}</span>
        </label>
        <p class="utrecht-paragraph ido-muted">Zonder vinkje: alles of niets. Is er één fout, dan wordt niets geïmporteerd. Met vinkje blijven foute waarden en gegevens weg en komt de rest wel in de kaart.</p>
        <div class="ido-row">
          <Button disabled={!chosen || action.busy} onClick={() => void send(true)}>Controleren</Button>
          <Button appearance="primary" disabled={!preview?.acceptable || action.busy} onClick={() => void send(false)}>Importeren</Button>
        </div>
        <p class="utrecht-paragraph ido-kaart-transfer-busy" role="status">{action.busy ? 'Bezig… Bij een groot bestand kan dit een minuut duren.' : ''}</p>
        <Messages error={action.error} />
        {preview && <ImportAnswer answer={preview} heading="2. Controle" skipInvalid={skipInvalid} />}
        {result && <ImportAnswer answer={result} heading={result.imported ? 'Resultaat' : 'Niet geïmporteerd'} skipInvalid={skipInvalid} />}
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

/**
 * Counts, then what stops the import (errors, refusals) and what never does (the notices under "Let op"). A check that
 * finds errors and an import the server refused (nothing written) show the same: the lines, and what to do.
 */
function ImportAnswer({ answer, heading, skipInvalid }: { answer: KaartImportAnswer; heading: string; skipInvalid: boolean }) {
  const rows: Array<[string, number]> = [['Nieuw', answer.created], ['Gewijzigd', answer.updated], ['Ongewijzigd', answer.unchanged], ['Overgeslagen', answer.rejected]];
  const id = answer.dryRun ? 'kaart-import-preview' : 'kaart-import-result';
  // Each new answer takes the focus (a screen reader reads it), without a scroll: the page stays where it is.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus({ preventScroll: true }), [answer]);
  return (
    <div id={id}>
      <h3 class="utrecht-heading-3" id={`${id}-heading`} ref={headingRef} tabIndex={-1}>{heading}</h3>
      <Alert type={answer.acceptable ? 'ok' : 'error'}>{answer.message}</Alert>
      {answer.errorCount + answer.refusedCount > 0 && !answer.imported && <WhatToDo canSkip={!skipInvalid && answer.created + answer.updated + answer.unchanged > 0} />}
      <table class="utrecht-table utrecht-table--html-table ido-table">
        <caption class="utrecht-table__caption">{answer.imported ? 'Wat de import deed' : 'Wat de import zou doen'}</caption>
        <tbody class="utrecht-table__body">
          {rows.map(([label, count]) => (
            <tr class="utrecht-table__row" key={label}>
              <th class="utrecht-table__header-cell" scope="row">{label}</th>
              <td class="utrecht-table__cell utrecht-table__cell--numeric">{dutchNumber(count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Lines title="Fouten" lines={answer.errors} count={answer.errorCount} unit={['fout', 'fouten']} />
      <Lines title="Kan niet in deze kaart" lines={answer.refused} count={answer.refusedCount} unit={['gegeven', 'gegevens']}
        note={answer.idInUse > 0 ? 'Een id die al van een andere organisatie of van de landelijke gegevens is, blijft van hen. Geef deze gegevens een eigen id.' : undefined} />
      <Notices answer={answer} id={`${id}-notices`} />
    </div>
  );
}

/**
 * What a coordinator does with the lines below: fix the file and check again, or leave the wrong out where that helps
 * (not ticked yet, and some records are good: a file that cannot be read at all has none).
 */
function WhatToDo({ canSkip }: { canSkip: boolean }) {
  return (
    <p class="utrecht-paragraph">
      Pas de regels hieronder aan in het bestand. Kies het bestand daarna opnieuw en klik op Controleren.
      {canSkip ? ' Of zet een vinkje bij "Foute waarden overslaan" en klik op Controleren: dan blijven deze gegevens weg en komt de rest wel in de kaart.' : ''}
    </p>
  );
}

/**
 * What never stops an import, grouped and counted: what the kaart does not take (a location's other addresses, hours
 * at a location without a service, a spreadsheet's unknown value, and with "overslaan" the wrong values left out), the
 * fields it does not know, and a spreadsheet's organisations that seem to be in the kaart already.
 */
function Notices({ answer, id }: { answer: KaartImportAnswer; id: string }) {
  const { warnings, warningCount, ignoredFields, ignoredFieldCount, notes, noteCount, imported } = answer;
  if (warningCount + ignoredFieldCount + noteCount === 0) return null;
  // Under a check with errors or a refused import nothing is written: "the rest is imported" was said there too.
  const stage: ImportStage = imported ? 'imported' : answer.acceptable ? 'check' : answer.dryRun ? 'stopped' : 'refused';
  return (
    <section class="ido-kaart-transfer-notices" id={id} aria-labelledby={`${id}-heading`}>
      <h4 class="utrecht-heading-3" id={`${id}-heading`}>{NOTICES_HEADING}</h4>
      <p class="utrecht-paragraph">Dit houdt het importeren niet tegen.</p>
      <Lines title={answer.imported ? 'Niet overgenomen' : 'Wordt niet overgenomen'} lines={warnings} count={warningCount} unit={['melding', 'meldingen']}
        note={notTakenText(stage)} level={5} />
      {ignoredFieldCount > 0 && (
        <>
          <h5 class="ido-kaart-transfer-group">Onbekende velden: {countText(ignoredFieldCount, 'veld', 'velden', dutchNumber)}</h5>
          <p class="utrecht-paragraph ido-kaart-transfer-wrap">{ignoredFieldsText(ignoredFields, ignoredFieldCount, imported)}</p>
        </>
      )}
      <Lines title="Staat misschien al in de kaart" lines={notes} count={noteCount} unit={['organisatie', 'organisaties']} level={5} />
    </section>
  );
}

/** Lines shown at once; the rest the server sent fold open on a tap. */
const SHOWN_LINES = 10;
/** The server sends at most 50 lines of a kind; never more are drawn, whatever comes. */
const MAX_LINES = 50;

/** A counted list: the first lines, the rest of those sent behind "Toon nog …", and how many the server did not send. */
function Lines({ title, lines, count, unit, note, level = 4 }: { title: string; lines: string[]; count: number; unit: [string, string]; note?: string; level?: 4 | 5 }) {
  if (count === 0) return null;
  const sent = lines.slice(0, MAX_LINES);
  const [shown, folded] = [sent.slice(0, SHOWN_LINES), sent.slice(SHOWN_LINES)];
  const Heading = level === 4 ? 'h4' : 'h5';
  const list = (items: string[], from: number) => <ul class="ido-kaart-transfer-lines">{items.map((line, i) => <li key={from + i}>{line}</li>)}</ul>;
  return (
    <>
      <Heading class={level === 4 ? 'utrecht-heading-3' : 'ido-kaart-transfer-group'}>{title}: {countText(count, unit[0], unit[1], dutchNumber)}</Heading>
      {note && <p class="utrecht-paragraph">{note}</p>}
      {list(shown, 0)}
      {folded.length > 0 && (
        <details class="ido-kaart-transfer-more">
          <summary>Toon nog {countText(folded.length, unit[0], unit[1], dutchNumber)}</summary>
          {list(folded, SHOWN_LINES)}
        </details>
      )}
      {count > sent.length && <p class="utrecht-paragraph">En nog {countText(count - sent.length, unit[0], unit[1], dutchNumber)} die hier niet staan.</p>}
    </>
  );
}
