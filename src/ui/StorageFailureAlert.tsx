import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Alert } from './Alert';
import { Button } from './Button';
import { downloadFile } from './download';
import { countText } from '../shared/count-text';

interface StorageFailureAlertProps {
  /** what happened and what to do (db/storage-failure.ts makes it) */
  failure: { message: string; steps: string[] };
  /** builds the emergency export file (read only: it works on a full tablet) */
  makeExport: () => Promise<{ filename: string; content: string; count: number }>;
}

/** A save the browser's storage refused: what happened, what to do, and the emergency export at hand. */
export function StorageFailureAlert({ failure, makeExport }: StorageFailureAlertProps) {
  const [exported, setExported] = useState<string | undefined>(undefined);
  const box = useRef<HTMLDivElement>(null);
  // After a tap on "Opslaan" at the bottom, bring the reason into view (and to screen readers' focus), before the next
  // key (a layout effect): the refused contact is back in the form, and a key typed before the next frame went into it.
  useLayoutEffect(() => box.current?.focus(), [failure]);
  const exportNow = async () => {
    try {
      const file = await makeExport();
      downloadFile(file.filename, file.content);
      setExported(`${countText(file.count, 'registratie', 'registraties')} opgeslagen in het bestand ${file.filename}. Geef het bestand aan de coördinator.`);
    } catch {
      setExported('De noodexport lukt nu niet. Probeer het bij Instellingen, onder "Noodexport".');
    }
  };
  return (
    <div id="storage-failure" ref={box} tabIndex={-1}>
      <Alert type="error">
        <p class="utrecht-paragraph"><strong>{failure.message}</strong></p>
        <ul>{failure.steps.map((step) => <li key={step}>{step}</li>)}</ul>
        <p class="utrecht-paragraph ido-row">
          <Button onClick={exportNow}>Noodexport maken</Button>
          <a href="#/instellingen" target="_blank" rel="noopener">Noodexport en opslag bij Instellingen (opent in een nieuw venster)</a>
        </p>
        {exported && <p class="utrecht-paragraph" role="status">{exported}</p>}
      </Alert>
    </div>
  );
}
