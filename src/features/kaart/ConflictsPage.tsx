import '@utrecht/table-css/dist/index.css';
import { useState } from 'preact/hooks';
import { db } from '../../db/db';
import { kaartOutboxEntries } from '../../db/kaart/outbox';
import type { KaartOutboxEntry } from '../../db/types';
import { useLiveQuery } from '../../db/use-live-query';
import { FIELD_LABELS } from '../../shared/kaart';
import { CARD_FIELD_LABELS } from '../../shared/snelwijzer/card';
import { resolveKaartConflict } from '../../sync';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';

const show = (value: unknown) => (value === undefined || value === null || value === '' ? '–'
  : Array.isArray(value) ? value.map((v) => (v && typeof v === 'object' ? Object.values(v).join(' ') : String(v))).join(', ') : String(value));

/** One conflict: both versions field by field; the coordinator picks, never the app. */
function Conflict({ entry }: { entry: KaartOutboxEntry }) {
  const mine = entry.data as unknown as Record<string, unknown>;
  const theirs = (entry.current?.data ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].filter((f) => f !== 'id' && JSON.stringify(mine[f]) !== JSON.stringify(theirs[f]));
  const [picks, setPicks] = useState<Record<string, 'mine' | 'theirs'>>({});
  const [error, setError] = useState<string | undefined>(undefined);
  const name = String(mine.name ?? mine.title ?? theirs.name ?? theirs.title ?? entry.recordId);
  const resolve = async (choice: Parameters<typeof resolveKaartConflict>[2]) => {
    const result = await resolveKaartConflict(db, entry.id, choice);
    if (!result.ok) setError(result.errors[0].message);
  };
  const merged = () => {
    const result: Record<string, unknown> = { ...theirs };
    for (const field of fields) if ((picks[field] ?? 'mine') === 'mine') result[field] = mine[field];
    return result;
  };
  return (
    <section class="ido-card" aria-labelledby={`conflict-${entry.id}`}>
      <h2 class="utrecht-heading-2" id={`conflict-${entry.id}`}>{name}</h2>
      <p class="utrecht-paragraph">Iemand anders heeft dit ook gewijzigd. Kies per veld welke versie blijft.</p>
      {error && <Alert type="error">{error}</Alert>}
      <div class="ido-table-scroll">
        <table class="utrecht-table utrecht-table--html-table ido-table ido-conflict">
          <caption class="ido-visually-hidden">Verschillen voor {name}</caption>
          <thead class="utrecht-table__header"><tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Veld</th>
            <th class="utrecht-table__header-cell" scope="col">Uw versie</th>
            <th class="utrecht-table__header-cell" scope="col">Versie op de server</th>
          </tr></thead>
          <tbody class="utrecht-table__body">
            {fields.map((field) => {
              const pick = picks[field] ?? 'mine';
              const option = (side: 'mine' | 'theirs', value: unknown) => (
                <td class="utrecht-table__cell">
                  <label class={`ido-tile${pick === side ? ' ido-tile--checked' : ''}`}>
                    <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" name={`${entry.id}-${field}`} checked={pick === side}
                      onChange={() => setPicks({ ...picks, [field]: side })} />
                    <span>{show(value)}</span>
                  </label>
                </td>
              );
              return (
                <tr class="utrecht-table__row" key={field}>
                  <th class="utrecht-table__header-cell" scope="row">{(entry.entity === 'snelwijzer_card' ? CARD_FIELD_LABELS : FIELD_LABELS as Record<string, string>)[field] ?? field}</th>
                  {option('mine', mine[field])}
                  {option('theirs', theirs[field])}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="ido-row">
        <Button appearance="primary" onClick={() => resolve({ merged: merged() as never })}>Deze keuze opslaan</Button>
        <Button onClick={() => resolve('mine')}>Alles van mij</Button>
        <Button onClick={() => resolve('theirs')}>Alles van de server</Button>
      </div>
    </section>
  );
}

/** The kaart changes that need a person: conflicts side by side, refusals with the reason. */
export function ConflictsPage() {
  // undefined until the database answers: "niets te kiezen" before that was said of every conflict for a moment
  const entries = useLiveQuery((db) => kaartOutboxEntries(db), []);
  const conflicts = entries?.filter((e) => e.state === 'conflict') ?? [];
  const rejected = entries?.filter((e) => e.state === 'rejected') ?? [];
  return (
    <section aria-labelledby="conflicts-heading">
      <h1 class="utrecht-heading-1" id="conflicts-heading">Wijzigingen in de sociale kaart kiezen</h1>
      {entries?.length === 0 && <Alert type="ok">Er is niets te kiezen: alle wijzigingen zijn verwerkt.</Alert>}
      {conflicts.map((entry) => <Conflict entry={entry} key={entry.id} />)}
      {rejected.map((entry) => (
        <Alert type="warning" key={entry.id}>{String((entry.data as { name?: string }).name ?? entry.recordId)}: {entry.problem?.message ?? 'De server weigerde deze wijziging.'}</Alert>
      ))}
    </section>
  );
}
