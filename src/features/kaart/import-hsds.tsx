import '@utrecht/table-css/dist/index.css';
import '@utrecht/heading-3-css/dist/index.css';
import { csvFileName, ENTITY_NAMES, fieldLabel, ignoredFieldsText, KAART_ENTITIES, type KaartImportError, NOTICES_HEADING, notTakenText } from '../../shared/kaart';
import { capitalize } from '../../shared/dutch-text';
import type { BulkImportResult } from '../../db/kaart-import';
import { Alert } from '../../ui/Alert';
import { ImportApply } from './import-apply';
import type { HsdsPreview, ImportProgress, PlanSummary } from './import-preview';
import { countText, dutchNumber } from '../../shared/count-text';

interface HsdsImportProps {
  /** what the import worker read: counts, the first problems, the plan */
  preview: HsdsPreview;
  /** writes the plan the worker keeps */
  write: (onProgress: (progress: ImportProgress) => void) => Promise<BulkImportResult>;
  onCancel: () => void;
  onBusy: (busy: boolean) => void;
  onApplied: (plan: PlanSummary) => void;
}

/** Where a record sits in the file: "nr. 3" in a JSON list, "services.csv, rij 4" in a package. */
function place(error: KaartImportError, format: HsdsPreview['format']): string {
  if (error.index === undefined) return error.id ?? '–';
  return format === 'hsds-json' ? `nr. ${error.index + 1}` : `rij ${error.index}`;
}

/** The records an HSDS file holds, its errors and ignored fields, and the button that imports them. */
export function HsdsImport({ preview, write, onCancel, onBusy, onApplied }: HsdsImportProps) {
  const { format, fileName, counts, fileErrors, plan } = preview;
  const total = KAART_ENTITIES.reduce((sum, entity) => sum + counts[entity], 0);
  const blocked = fileErrors[0]
    ?? (total === 0 && preview.recordErrorCount === 0 ? 'In dit bestand staan geen gegevens van een sociale kaart. Kies een HSDS-export met organisaties en diensten.' : undefined);

  return (
    <>
      <section class="ido-card" aria-labelledby="import-hsds-heading">
        <h2 class="utrecht-heading-2" id="import-hsds-heading">Wat er in het bestand staat</h2>
        <p class="utrecht-paragraph">{format === 'hsds-json' ? 'HSDS JSON' : 'HSDS CSV-pakket'}: <strong>{fileName}</strong></p>
        {fileErrors.length > 0 && <Alert type="error">{fileErrors.join(' ')}</Alert>}
        <div class="ido-table-scroll" role="region" aria-labelledby="import-counts-caption" tabIndex={0}>
          <table class="utrecht-table utrecht-table--html-table ido-table">
            <caption class="utrecht-table__caption" id="import-counts-caption">Gegevens zonder fouten</caption>
            <thead class="utrecht-table__header"><tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Soort</th>
              <th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">Aantal</th>
            </tr></thead>
            <tbody class="utrecht-table__body">
              {KAART_ENTITIES.map((entity) => (
                <tr class="utrecht-table__row" key={entity}>
                  <th class="utrecht-table__header-cell" scope="row">{capitalize(ENTITY_NAMES[entity][1])}</th>
                  <td class="utrecht-table__cell utrecht-table__cell--numeric">{dutchNumber(counts[entity])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {preview.ignoredFields.length > 0 && (
          <p class="utrecht-paragraph">{ignoredFieldsText(preview.ignoredFields)}</p>
        )}
        {preview.replacedIds > 0 && (
          <p class="utrecht-paragraph">{countText(preview.replacedIds, 'gegeven had', 'gegevens hadden')} geen geldige id en {preview.replacedIds === 1 ? 'krijgt' : 'krijgen'} een nieuwe.</p>
        )}
        {preview.recordErrorCount > 0 && <ErrorTable errors={preview.recordErrors} count={preview.recordErrorCount} format={format} />}
        {preview.warningCount > 0 && <ErrorTable errors={preview.warnings} count={preview.warningCount} format={format} kind="warnings" />}
        {preview.noticeCount > 0 && <ErrorTable errors={preview.notices} count={preview.noticeCount} format={format} kind="notices" />}
      </section>
      <ImportApply plan={plan} write={write} onCancel={onCancel} onBusy={onBusy} errorCount={preview.failedRecords + preview.repairedRecords}
        unit={format === 'hsds-json' ? 'gegeven' : 'rij'} blocked={blocked} onApplied={onApplied} />
    </>
  );
}

const TABLES = {
  errors: {
    heading: 'Fouten', caption: ['fout', 'fouten'],
    intro: 'Deze gegevens worden niet geïmporteerd. Ook wat eronder hangt (bijvoorbeeld de openingstijden van een dienst met een fout) blijft weg.',
  },
  warnings: {
    heading: 'Waarden die niet kloppen', caption: ['waarde', 'waarden'],
    intro: 'Zonder vinkje bij "overslaan" wordt er niets geïmporteerd (alles of niets). Met vinkje blijven deze waarden weg en wordt de rest van het gegeven wel geïmporteerd.',
  },
  notices: {
    heading: NOTICES_HEADING, caption: ['melding', 'meldingen'],
    intro: notTakenText(),
  },
} as const;

/** The first record errors, warnings (wrong values) or notices (what the kaart does not take): which kind, where in the file, which field, and what to do. */
function ErrorTable({ errors, count, format, kind = 'errors' }: { errors: KaartImportError[]; count: number; format: HsdsPreview['format']; kind?: keyof typeof TABLES }) {
  const id = `import-${kind}`;
  const table = TABLES[kind];
  return (
    <div id={id}>
      <h3 class="utrecht-heading-3">{table.heading}</h3>
      <p class="utrecht-paragraph">{table.intro}</p>
      <div class="ido-table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table class="utrecht-table utrecht-table--html-table ido-table">
          <caption class="utrecht-table__caption" id={`${id}-caption`}>{countText(count, table.caption[0], table.caption[1])}</caption>
          <thead class="utrecht-table__header"><tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Soort</th>
            <th class="utrecht-table__header-cell" scope="col">{format === 'hsds-json' ? 'Plaats' : 'Rij'}</th>
            <th class="utrecht-table__header-cell" scope="col">Veld</th>
            <th class="utrecht-table__header-cell" scope="col">Melding</th>
          </tr></thead>
          <tbody class="utrecht-table__body">
            {errors.map((error, i) => (
              <tr class="utrecht-table__row" key={i}>
                <td class="utrecht-table__cell">{capitalize(ENTITY_NAMES[error.entity!][0])}{format === 'hsds-csv' ? ` (${csvFileName(error.entity!)})` : ''}</td>
                <td class="utrecht-table__cell">{place(error, format)}</td>
                <td class="utrecht-table__cell">{error.field ? fieldLabel(error.field) : '–'}</td>
                <td class="utrecht-table__cell">{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {count > errors.length && <p class="utrecht-paragraph">En nog {count - errors.length} {kind === 'errors' ? 'fouten. Verbeter eerst deze.' : `${table.caption[1]}.`}</p>}
    </div>
  );
}
