import '@utrecht/select-css/dist/index.css';
import '@utrecht/table-css/dist/index.css';
import { useState } from 'preact/hooks';
import { db } from '../../db/db';
import { getSetting, putSetting } from '../../db/settings';
import { useLiveQuery } from '../../db/use-live-query';
import {
  addMapping, changeMapping, isMappingEdits, KAART_THEMES, mappingRows, MAX_MAPPING_TERM, noMappingEdits, removeMapping, themeByCode,
  type MappingChange, type TaxonomyMappingEdits,
} from '../../shared/kaart';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { describedBy, Field } from '../../ui/Field';
import { TAXONOMY_MAPPING_SETTING } from './import-mapping-setting';
import { countText } from '../../shared/count-text';

const ORIGIN = { default: 'Standaard', changed: 'Aangepast', added: 'Eigen term' } as const;

/** The coordinator's edits as stored on the tablet (none, or a stored value of the wrong shape: the defaults). */
async function readEdits(): Promise<TaxonomyMappingEdits> {
  const stored = await getSetting<unknown>(db, TAXONOMY_MAPPING_SETTING, undefined);
  return isMappingEdits(stored) ? stored : noMappingEdits();
}

/**
 * Which theme a taxonomy term from another directory gets on import: the shipped table, with the
 * coordinator's own terms and changes. Every change is kept on the tablet at once and used by the
 * next import; "terugzetten" forgets the changes.
 */
export function TaxonomyMappingCard() {
  const edits = useLiveQuery(readEdits, []);
  const [term, setTerm] = useState('');
  const [theme, setTheme] = useState('');
  const [error, setError] = useState<{ field: 'term' | 'theme'; message: string } | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  if (!edits) return null;
  const rows = mappingRows(edits);
  const changed = Object.keys(edits.set).length + edits.removed.length;

  const keep = async (change: MappingChange, done: string) => {
    if (!change.ok) {
      setError({ field: change.field, message: change.message });
      return false;
    }
    setError(undefined);
    await putSetting(db, TAXONOMY_MAPPING_SETTING, change.edits);
    setSaved(done);
    return true;
  };
  const add = async (event: Event) => {
    event.preventDefault();
    if (await keep(addMapping(edits, term, theme), `"${term.trim()}" is toegevoegd.`)) {
      setTerm('');
      setTheme('');
    }
  };
  const reset = async () => {
    await db.settings.delete(TAXONOMY_MAPPING_SETTING);
    setError(undefined);
    setSaved('De standaardlijst staat weer terug.');
  };

  return (
    <details class="ido-card ido-mapping" id="taxonomy-mapping">
      <summary><h2 class="utrecht-heading-2 ido-inline-heading">Thema's voor termen uit andere systemen</h2></summary>
      <p class="utrecht-paragraph">Een HSDS-bestand kan termen hebben die geen thema van de kaart zijn. De term blijft altijd als trefwoord bij de dienst. Staat de term hieronder, dan krijgt de dienst ook dat thema. Wijzigingen gelden voor de volgende import.</p>
      <form onSubmit={(e) => void add(e)} noValidate>
        <div class="ido-row">
          <Field id="mapping-term" label="Term uit het andere systeem" error={error?.field === 'term' ? error.message : undefined} description={`Zoals in het bestand, hoogstens ${MAX_MAPPING_TERM} tekens. Hoofdletters maken niet uit.`}>
            <input class="utrecht-textbox utrecht-textbox--html-input" id="mapping-term" value={term} maxLength={2 * MAX_MAPPING_TERM + 20}
              aria-invalid={error?.field === 'term' ? true : undefined} aria-describedby={describedBy('mapping-term', error?.field === 'term' ? error.message : undefined, 'x')}
              onInput={(e) => setTerm(e.currentTarget.value)} />
          </Field>
          <Field id="mapping-theme" label="Krijgt thema" error={error?.field === 'theme' ? error.message : undefined}>
            <select class="utrecht-select utrecht-select--html-select" id="mapping-theme" value={theme}
              aria-invalid={error?.field === 'theme' ? true : undefined} aria-describedby={describedBy('mapping-theme', error?.field === 'theme' ? error.message : undefined)}
              onChange={(e) => setTheme(e.currentTarget.value)}>
              <option value="">Kies een thema</option>
              {KAART_THEMES.map((t) => <option key={t.code} value={t.code}>{t.name}</option>)}
            </select>
          </Field>
        </div>
        <div class="ido-row"><Button type="submit">Term toevoegen</Button></div>
      </form>
      <p class="utrecht-paragraph" role="status">{saved ?? ''}</p>
      <div class="ido-table-scroll" role="region" aria-labelledby="mapping-caption" tabIndex={0}>
        <table class="utrecht-table utrecht-table--html-table ido-table">
          <caption class="utrecht-table__caption" id="mapping-caption">{rows.length} termen{changed > 0 ? `, ${countText(changed, 'wijziging', 'wijzigingen')} van de standaardlijst` : ' (standaardlijst)'}</caption>
          <thead class="utrecht-table__header"><tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Term</th>
            <th class="utrecht-table__header-cell" scope="col">Thema</th>
            <th class="utrecht-table__header-cell" scope="col">Herkomst</th>
            <th class="utrecht-table__header-cell" scope="col"><span class="ido-visually-hidden">Verwijderen</span></th>
          </tr></thead>
          <tbody class="utrecht-table__body">
            {rows.map((row) => (
              <tr class="utrecht-table__row" key={row.term}>
                <th class="utrecht-table__header-cell" scope="row">{row.term}</th>
                <td class="utrecht-table__cell">
                  <select class="utrecht-select utrecht-select--html-select" aria-label={`Thema voor ${row.term}`} value={row.code}
                    onChange={(e) => void keep(changeMapping(edits, row.term, e.currentTarget.value), `"${row.term}" krijgt nu het thema ${themeByCode(e.currentTarget.value)?.name ?? ''}.`)}>
                    {KAART_THEMES.map((t) => <option key={t.code} value={t.code}>{t.name}</option>)}
                  </select>
                </td>
                <td class="utrecht-table__cell">{ORIGIN[row.origin]}</td>
                <td class="utrecht-table__cell">
                  <Button appearance="subtle" aria-label={`${row.term} verwijderen`}
                    onClick={() => void keep({ ok: true, edits: removeMapping(edits, row.term) }, `"${row.term}" is verwijderd.`)}>Verwijderen</Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {changed > 0 && (
        <>
          <Alert type="info">U heeft de standaardlijst aangepast. Terugzetten haalt al uw wijzigingen weg.</Alert>
          <div class="ido-row"><Button onClick={() => void reset()}>Standaardlijst terugzetten</Button></div>
        </>
      )}
    </details>
  );
}
