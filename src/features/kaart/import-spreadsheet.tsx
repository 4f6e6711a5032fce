import '@utrecht/heading-3-css/dist/index.css';
import { useMemo, useState } from 'preact/hooks';
import {
  applyMapping, brokenRowProblems, importableRows, lookupIn, type KaartDataSet, type SpreadsheetDuplicate, type SpreadsheetPreview, type SpreadsheetProblem,
} from '../../shared/kaart';
import { Alert } from '../../ui/Alert';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { ImportApply } from './import-apply';
import { rowsWithErrors } from './import-columns';
import { MappingTable, PreviewTable } from './import-mapping';
import { applyMerges, planImport, spreadsheetExisting } from './import-plan';
import { summarizePlan, type PlanSummary } from './import-preview';
import { applyImportPlan } from './import-tablet';
import { db } from '../../db/db';
import { countText } from '../../shared/count-text';

interface SpreadsheetImportProps {
  fileName: string;
  preview: SpreadsheetPreview;
  /** the tablet's kaart when the file was chosen */
  tablet: KaartDataSet;
  owner: string;
  onApplied: (plan: PlanSummary) => void;
}

// Problems that stop the whole file; a missing organisation column is solved in the mapping.
const WHOLE_FILE = new Set(['empty_file', 'no_rows', 'too_many_rows']);
const SHOWN_PROBLEMS = 50;

/** A library's own spreadsheet: choose the columns, see the rows and their problems, pick merges, import. */
export function SpreadsheetImport({ fileName, preview, tablet, owner, onApplied }: SpreadsheetImportProps) {
  const [mapping, setMapping] = useState(preview.mapping);
  const [mergeInto, setMergeInto] = useState<ReadonlySet<string>>(new Set());
  const existing = useMemo(() => spreadsheetExisting(tablet, owner), [tablet, owner]);
  // A row where a quote is missing swallowed the lines after it: it never imports.
  const brokenRows = useMemo(() => brokenRowProblems(preview), [preview]);
  const result = useMemo(() => applyMapping(importableRows(preview), mapping, existing, { ownerOrganisationId: owner }), [preview, mapping, existing, owner]);
  const plan = useMemo(() => planImport(applyMerges(result, mergeInto).records, tablet, owner), [result, mergeInto, tablet, owner]);
  const errors = [...brokenRows, ...result.errors].sort((a, b) => a.row - b.row);
  const noOrganization = mapping.organization_name === undefined;
  const blocked = preview.problems.find((p) => WHOLE_FILE.has(p.code))?.message
    ?? (noOrganization ? 'Kies bij "Welke kolom is wat?" welke kolom de naam van de organisatie heeft.' : undefined);

  return (
    <>
      <section class="ido-card" aria-labelledby="import-columns-heading">
        <h2 class="utrecht-heading-2" id="import-columns-heading">Kolommen kiezen</h2>
        <p class="utrecht-paragraph">
          Bestand <strong>{fileName}</strong>: {countText(preview.rows.length, 'rij', 'rijen')} met gegevens,
          gescheiden door {preview.delimiter === ';' ? 'een puntkomma (;)' : preview.delimiter === ',' ? 'een komma (,)' : 'een tab'}.
        </p>
        <p class="utrecht-paragraph ido-muted">De app herkent de kolommen aan hun naam. Klopt een kolom niet, kies dan het goede veld. Een kolom op "Niet importeren" wordt overgeslagen.</p>
        {noOrganization && <Alert type="warning">Er is geen kolom met de naam van de organisatie. Kies hieronder welke kolom dat is.</Alert>}
        <MappingTable headers={preview.headers} rows={preview.rows} mapping={mapping} onChange={setMapping} />
      </section>
      <section class="ido-card" aria-labelledby="import-preview-heading">
        <h2 class="utrecht-heading-2" id="import-preview-heading">Voorbeeld</h2>
        <PreviewTable rows={preview.rows} mapping={mapping} result={result} />
        <ProblemList id="import-errors" title={`Fouten (${countText(rowsWithErrors({ errors }).length, 'rij', 'rijen')})`} problems={errors}
          intro="Deze rijen worden niet geïmporteerd. Verbeter ze in uw bestand en kies het opnieuw, of sla ze over." />
        <ProblemList id="import-warnings" title="Let op" problems={result.warnings} intro="Deze rijen worden wel geïmporteerd. Controleer ze daarna in de kaart." />
      </section>
      {result.duplicates.length > 0 && (
        <Duplicates duplicates={result.duplicates} newNames={new Map(result.records.organization.map((o) => [o.id, o.name]))} tablet={tablet}
          mergeInto={mergeInto} onChange={setMergeInto} />
      )}
      <ImportApply plan={summarizePlan(plan)} write={() => applyImportPlan(db, plan)} errorCount={rowsWithErrors({ errors }).length} unit="rij" blocked={blocked} onApplied={onApplied} />
    </>
  );
}

/** Row problems as "Rij 4: Kolom Thema: …"; the message already names the column. */
function ProblemList({ id, title, intro, problems }: { id: string; title: string; intro: string; problems: SpreadsheetProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div id={id}>
      <h3 class="utrecht-heading-3">{title}</h3>
      <p class="utrecht-paragraph">{intro}</p>
      <ul>
        {problems.slice(0, SHOWN_PROBLEMS).map((problem, i) => <li key={i}>Rij {problem.row}: {problem.message}</li>)}
      </ul>
      {problems.length > SHOWN_PROBLEMS && <p class="utrecht-paragraph">En nog {problems.length - SHOWN_PROBLEMS} meldingen. Verbeter eerst deze.</p>}
    </div>
  );
}

interface DuplicatesProps {
  duplicates: SpreadsheetDuplicate[];
  newNames: Map<string, string>;
  tablet: KaartDataSet;
  mergeInto: ReadonlySet<string>;
  onChange: (mergeInto: ReadonlySet<string>) => void;
}

/** Organisations that look like one already in the kaart: a checkbox each, never merged unless ticked. */
function Duplicates({ duplicates, newNames, tablet, mergeInto, onChange }: DuplicatesProps) {
  const find = lookupIn(tablet);
  const groups = new Map<string, SpreadsheetDuplicate[]>();
  for (const duplicate of duplicates) groups.set(duplicate.existingId, [...(groups.get(duplicate.existingId) ?? []), duplicate]);
  return (
    <section class="ido-card" aria-labelledby="import-duplicates-heading">
      <h2 class="utrecht-heading-2" id="import-duplicates-heading">Staat dit al in de kaart?</h2>
      <p class="utrecht-paragraph">Deze organisaties lijken al in de kaart te staan. Zonder vinkje komen ze er als nieuwe organisatie bij. Met vinkje komen de diensten bij de organisatie die er al is.</p>
      {[...groups].map(([existingId, rows], i) => {
        const existingName = find('organization', existingId)?.name ?? 'organisatie';
        const sameService = rows.map((d) => d.existingServiceId && find('service', d.existingServiceId)?.name).filter(Boolean);
        const reason = rows[0].reason === 'kvk' ? 'zelfde KvK-nummer' : 'zelfde naam en postcode';
        return (
          <ChoiceTiles multiple key={existingId} id={`import-merge-${i}`}
            legend={`${rows.length === 1 ? 'Rij' : 'Rijen'} ${rows.map((d) => d.row).join(', ')}: ${newNames.get(rows[0].newId) ?? existingName}`}
            description={`Staat al in de kaart als ${existingName} (${reason}).${sameService.length ? ` Daar staat al een dienst met dezelfde naam: ${sameService.join(', ')}. Die blijft; de rij komt erbij als extra dienst.` : ''}`}
            choices={[{ value: existingId, label: `Samenvoegen met de bestaande ${existingName}` }]}
            value={mergeInto.has(existingId) ? [existingId] : []}
            onChange={(value) => {
              const next = new Set(mergeInto);
              if (value.includes(existingId)) next.add(existingId);
              else next.delete(existingId);
              onChange(next);
            }} />
        );
      })}
    </section>
  );
}
