import '@utrecht/table-css/dist/index.css';
import '@utrecht/heading-3-css/dist/index.css';
import { useMemo } from 'preact/hooks';
import { csvFileName, FIELD_LABELS, KAART_ENTITIES, type KaartDataSet, type KaartImportError, type KaartImportResult } from '../../shared/kaart';
import { Alert } from '../../ui/Alert';
import { ImportApply } from './import-apply';
import { countRecords, ENTITY_NAMES, planImport, type ImportPlan } from './import-plan';

interface HsdsImportProps {
  format: 'hsds-json' | 'hsds-csv';
  fileName: string;
  result: KaartImportResult;
  /** the tablet's kaart when the file was chosen */
  tablet: KaartDataSet;
  owner: string;
  onApplied: (plan: ImportPlan) => void;
}

const SHOWN_ERRORS = 100;
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Where a record sits in the file: "nr. 3" in a JSON list, "services.csv, rij 4" in a package. */
function place(error: KaartImportError, format: HsdsImportProps['format']): string {
  if (error.index === undefined) return error.id ?? '–';
  return format === 'hsds-json' ? `nr. ${error.index + 1}` : `rij ${error.index}`;
}

/** The records an HSDS file holds, its errors and ignored fields, and the button that imports them. */
export function HsdsImport({ format, fileName, result, tablet, owner, onApplied }: HsdsImportProps) {
  const plan = useMemo(() => planImport(result.records, tablet, owner), [result, tablet, owner]);
  const counts = countRecords(result.records);
  const fileErrors = result.errors.filter((error) => error.entity === undefined);
  const recordErrors = result.errors.filter((error) => error.entity !== undefined);
  const failedRecords = new Set(recordErrors.map((error) => `${error.entity}:${error.index ?? error.id}`)).size;
  // records kept without a wrong value: "alles of niets" (no tick) refuses them like errors
  const repairedRecords = new Set(result.warnings.map((warning) => `${warning.entity}:${warning.index ?? warning.id}`)).size;
  const total = KAART_ENTITIES.reduce((sum, entity) => sum + counts[entity], 0);
  const blocked = fileErrors[0]?.message
    ?? (total === 0 && recordErrors.length === 0 ? 'In dit bestand staan geen gegevens van een sociale kaart. Kies een HSDS-export met organisaties en diensten.' : undefined);

  return (
    <>
      <section class="ido-card" aria-labelledby="import-hsds-heading">
        <h2 class="utrecht-heading-2" id="import-hsds-heading">Wat er in het bestand staat</h2>
        <p class="utrecht-paragraph">{format === 'hsds-json' ? 'HSDS JSON' : 'HSDS CSV-pakket'}: <strong>{fileName}</strong></p>
        {fileErrors.length > 0 && <Alert type="error">{fileErrors.map((error) => error.message).join(' ')}</Alert>}
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
                  <td class="utrecht-table__cell utrecht-table__cell--numeric">{counts[entity]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {result.ignoredFields.length > 0 && (
          <p class="utrecht-paragraph">Deze velden kent de kaart niet; ze worden niet geïmporteerd: {result.ignoredFields.join(', ')}.</p>
        )}
        {result.replacedIds > 0 && (
          <p class="utrecht-paragraph">{result.replacedIds} {result.replacedIds === 1 ? 'gegeven had' : 'gegevens hadden'} geen geldige id en {result.replacedIds === 1 ? 'krijgt' : 'krijgen'} een nieuwe.</p>
        )}
        {recordErrors.length > 0 && <ErrorTable errors={recordErrors} format={format} />}
        {result.warnings.length > 0 && <ErrorTable errors={result.warnings} format={format} kind="warnings" />}
      </section>
      <ImportApply plan={plan} errorCount={failedRecords + repairedRecords} unit={format === 'hsds-json' ? 'gegeven' : 'rij'} blocked={blocked} onApplied={onApplied} />
    </>
  );
}

/** Every record error: which kind, where in the file, which field, and what to do. */
function ErrorTable({ errors, format, kind = 'errors' }: { errors: KaartImportError[]; format: HsdsImportProps['format']; kind?: 'errors' | 'warnings' }) {
  const id = `import-${kind}`;
  return (
    <div id={id}>
      {kind === 'errors' ? <>
        <h3 class="utrecht-heading-3">Fouten</h3>
        <p class="utrecht-paragraph">Deze gegevens worden niet geïmporteerd. Ook wat eronder hangt (bijvoorbeeld de openingstijden van een dienst met een fout) blijft weg.</p>
      </> : <>
        <h3 class="utrecht-heading-3">Waarden die niet kloppen</h3>
        <p class="utrecht-paragraph">Zonder vinkje bij "overslaan" wordt er niets geïmporteerd (alles of niets). Met vinkje blijven deze waarden weg en wordt de rest van het gegeven wel geïmporteerd.</p>
      </>}
      <div class="ido-table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table class="utrecht-table utrecht-table--html-table ido-table">
          <caption class="utrecht-table__caption" id={`${id}-caption`}>{errors.length} {kind === 'errors' ? (errors.length === 1 ? 'fout' : 'fouten') : (errors.length === 1 ? 'waarde' : 'waarden')}</caption>
          <thead class="utrecht-table__header"><tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Soort</th>
            <th class="utrecht-table__header-cell" scope="col">{format === 'hsds-json' ? 'Plaats' : 'Rij'}</th>
            <th class="utrecht-table__header-cell" scope="col">Veld</th>
            <th class="utrecht-table__header-cell" scope="col">Melding</th>
          </tr></thead>
          <tbody class="utrecht-table__body">
            {errors.slice(0, SHOWN_ERRORS).map((error, i) => (
              <tr class="utrecht-table__row" key={i}>
                <td class="utrecht-table__cell">{capitalize(ENTITY_NAMES[error.entity!][0])}{format === 'hsds-csv' ? ` (${csvFileName(error.entity!)})` : ''}</td>
                <td class="utrecht-table__cell">{place(error, format)}</td>
                <td class="utrecht-table__cell">{error.field ? FIELD_LABELS[error.field] ?? error.field : '–'}</td>
                <td class="utrecht-table__cell">{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {errors.length > SHOWN_ERRORS && <p class="utrecht-paragraph">En nog {errors.length - SHOWN_ERRORS} fouten. Verbeter eerst deze.</p>}
    </div>
  );
}

