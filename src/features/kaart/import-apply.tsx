import { useState } from 'preact/hooks';
import type { BulkImportResult } from '../../db/kaart-import';
import type { ValidationError } from '../../shared/kaart';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { countOf, type ImportPlan } from './import-plan';
import type { ImportProgress, PlanSummary } from './import-preview';
import { ImportProgressBox } from './import-progress';
import { countText } from '../../shared/count-text';
import { IMPORT_UNITS, importReason } from './import-reason';

interface ImportApplyProps {
  plan: PlanSummary;
  /** writes the plan (all or nothing), telling progress when it takes a while */
  write: (onProgress: (progress: ImportProgress) => void) => Promise<BulkImportResult>;
  /** stops a write in progress; without it the write cannot be stopped */
  onCancel?: () => void;
  /** told when a write starts and ends (the page keeps its file picker shut meanwhile) */
  onBusy?: (busy: boolean) => void;
  /** rows (spreadsheet, CSV package) or records (JSON) with an error; they add nothing */
  errorCount: number;
  unit: 'rij' | 'gegeven';
  /** a problem with the whole file: nothing can be imported */
  blocked?: string;
  onApplied: (plan: PlanSummary) => void;
}


/** What an import will do and the one button that writes it all, or nothing. */
export function ImportApply({ plan, write, onCancel, onBusy, errorCount, unit, blocked, onApplied }: ImportApplyProps) {
  const [skip, setSkip] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<ValidationError[]>([]);
  const [progress, setProgress] = useState<ImportProgress | undefined>(undefined);
  const [cancelled, setCancelled] = useState(false);
  const [one, many, skipLabel] = IMPORT_UNITS[unit];
  const skipping = skip.includes('skip');
  const changes = plan.changes;
  const reason = importReason({ blocked, errorCount, unit, skipping, plan });
  const label = changes === 0 ? 'Niets om te importeren'
    : plan.services > 0 ? `${countOf('service', plan.services)} importeren`
    : `${countText(changes, 'gegeven', 'gegevens')} importeren`;

  const apply = async () => {
    setBusy(true);
    setFailed([]);
    setCancelled(false);
    setProgress(undefined);
    onBusy?.(true);
    const result = await write(setProgress).finally(() => onBusy?.(false));
    setBusy(false);
    if (result.ok) onApplied(plan);
    else if ('cancelled' in result) setCancelled(true);
    else setFailed(result.errors);
  };
  const created = Object.entries(plan.created).filter(([, n]) => n > 0).map(([entity, n]) => countOf(entity as keyof ImportPlan['created'], n));
  const notes = [
    plan.updated > 0 ? `${countText(plan.updated, 'gegeven staat', 'gegevens staan')} al op de tablet en ${plan.updated === 1 ? 'wordt' : 'worden'} bijgewerkt.` : '',
    plan.unchanged > 0 ? `${countText(plan.unchanged, 'gegeven staat', 'gegevens staan')} al precies zo op de tablet.` : '',
    plan.outsideScope > 0 ? `${countText(plan.outsideScope, 'gegeven hoort', 'gegevens horen')} bij een landelijke organisatie of een andere bibliotheek en ${plan.outsideScope === 1 ? 'wordt' : 'worden'} overgeslagen.` : '',
  ].filter(Boolean);

  return (
    <section class="ido-card" aria-labelledby="import-apply-heading">
      <h2 class="utrecht-heading-2" id="import-apply-heading">Importeren op deze tablet</h2>
      <p class="utrecht-paragraph">{created.length > 0 ? `Nieuw: ${created.join(', ')}.` : 'Er komen geen nieuwe gegevens bij.'}</p>
      {notes.map((note) => <p class="utrecht-paragraph" key={note}>{note}</p>)}
      {errorCount > 0 && !blocked && (
        <ChoiceTiles multiple id="import-skip" legend={`${countText(errorCount, one, many)} met een fout`}
          description={`Zonder vinkje wordt er niets geïmporteerd. Met vinkje worden de ${many} met een fout niet geïmporteerd, de rest wel.`}
          choices={[{ value: 'skip', label: skipLabel }]} value={skip} onChange={setSkip} />
      )}
      {failed.length > 0 && (
        <Alert type="error">
          <p class="utrecht-paragraph">Niets geïmporteerd. Verbeter het bestand en probeer het opnieuw.</p>
          <ul>{failed.slice(0, 20).map((error, i) => <li key={i}>{error.message}</li>)}</ul>
        </Alert>
      )}
      {reason && <p class="utrecht-paragraph" id="import-apply-reason"><strong>{reason}</strong></p>}
      {onCancel ? (
        // one fixed-size slot for the button and, while writing, the progress: starting or stopping moves nothing
        <div class="ido-import-progress">
          {busy ? <ImportProgressBox label="Voortgang van het importeren" progress={progress} onCancel={onCancel} /> : <>
            <p class="utrecht-paragraph" role="status">{cancelled ? 'Het importeren is gestopt. Er is niets opgeslagen.' : ''}</p>
            <div class="ido-row">
              <Button appearance="primary" onClick={() => void apply()} disabled={reason !== undefined} aria-describedby={reason ? 'import-apply-reason' : undefined}>{label}</Button>
            </div>
          </>}
        </div>
      ) : (
        <div class="ido-row">
          <Button appearance="primary" onClick={() => void apply()} disabled={reason !== undefined || busy} aria-describedby={reason ? 'import-apply-reason' : undefined}>
            {busy ? 'Bezig met importeren…' : label}
          </Button>
        </div>
      )}
      <p class="utrecht-paragraph ido-muted">Alles wordt in één keer opgeslagen, of niets. De gegevens gaan mee bij de volgende verbinding met de server.</p>
    </section>
  );
}
