import '@utrecht/table-css/dist/index.css';
import { Fragment } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { db } from '../../db/db';
import { kaartOutboxEntries } from '../../db/kaart/outbox';
import type { KaartOutboxEntry } from '../../db/types';
import { useLiveQuery } from '../../db/use-live-query';
import { recordsReferredTo } from '../../db/kaart/joins';
import type { KaartLookup } from '../../shared/kaart';
import { discardKaartEdit, resolveKaartConflict } from '../../sync';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { CardText } from '../../ui/CardText';
import { ConfirmQuestion, useAskFirst } from '../../ui/ConfirmQuestion';
import { chosenText, conflictView, mergedRecord, type CardSide, type ConflictKind } from './conflict-text';
import { refusalView } from './refusal-text';

/** What the page says above a conflict, by its kind; and the two whole choices' names. */
const INTRO: Record<ConflictKind, string> = {
  changed: 'Iemand anders heeft dit ook gewijzigd. Kies per veld welke versie blijft.',
  deleted_here: 'U heeft dit weggehaald. Iemand anders heeft het intussen op de server gewijzigd. Kies wat blijft.',
  deleted_on_server: 'Iemand anders heeft dit op de server weggehaald. U heeft het intussen gewijzigd. Kies wat blijft.',
};
const WHOLE_CHOICES: Record<ConflictKind, { mine: string; theirs: string }> = {
  changed: { mine: 'Alles van mij', theirs: 'Alles van de server' },
  deleted_here: { mine: 'Toch weghalen', theirs: 'Laten staan zoals op de server' },
  deleted_on_server: { mine: 'Mijn versie terugzetten', theirs: 'Weghalen zoals op de server' },
};
type ConflictChoice = Parameters<typeof resolveKaartConflict>[2];
type Picks = Record<string, 'mine' | 'theirs'>;

/** The id of an entry's card heading: the card is the section it names. */
const headingId = (entry: KaartOutboxEntry) => `${entry.state === 'conflict' ? 'conflict' : 'refusal'}-${entry.id}`;

/** One conflict: both versions in words, field by field; the coordinator picks, never the app. */
function Conflict({ entry, lookup, error, onResolve }: {
  entry: KaartOutboxEntry; lookup: KaartLookup; error?: string; onResolve: (choice: ConflictChoice, picks: Picks) => void;
}) {
  const view = conflictView(entry, lookup);
  const [picks, setPicks] = useState<Picks>({});
  const merged = () => mergedRecord(view, entry.data, entry.current?.data ?? {}, picks);
  const whole = WHOLE_CHOICES[view.kind];
  return (
    <section class="ido-card" aria-labelledby={headingId(entry)}>
      <h2 class="utrecht-heading-2" id={headingId(entry)}>{view.title}</h2>
      <p class="utrecht-paragraph">{INTRO[view.kind]}</p>
      {error && <Alert type="error">{error}</Alert>}
      {view.cardSides ? (
        <div class="ido-two-columns ido-conflict-sides">
          <CardVersion heading="Uw versie" side={view.cardSides.mine} />
          <CardVersion heading="Versie op de server" side={view.cardSides.theirs} />
        </div>
      ) : view.summary && (
        <dl class="ido-facts">
          <dt>Uw versie</dt><dd>{view.summary.mine}</dd>
          <dt>Versie op de server</dt><dd>{view.summary.theirs}</dd>
        </dl>
      )}
      {view.rows.length > 0 && (
        <div class="ido-table-scroll">
          <table class="utrecht-table utrecht-table--html-table ido-table ido-conflict">
            <caption class="ido-visually-hidden">Verschillen voor {view.title}</caption>
            <thead class="utrecht-table__header"><tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Veld</th>
              <th class="utrecht-table__header-cell" scope="col">Uw versie</th>
              <th class="utrecht-table__header-cell" scope="col">Versie op de server</th>
            </tr></thead>
            <tbody class="utrecht-table__body">
              {view.rows.map((row) => {
                const pick = picks[row.key] ?? 'mine';
                const option = (side: 'mine' | 'theirs', value: string) => (
                  <td class="utrecht-table__cell">
                    <label class={`ido-tile${pick === side ? ' ido-tile--checked' : ''}`}>
                      <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" name={`${entry.id}-${row.key}`} checked={pick === side}
                        onChange={() => setPicks({ ...picks, [row.key]: side })} />
                      {/* arrowing between the radios reads no column header: say the row and the side */}
                      {/* a card's text as the card page draws it (its addresses as text: a tap picks, it opens no site) */}
                      {row.marks
                        ? <div><span class="ido-visually-hidden">{row.label}, {side === 'mine' ? 'uw versie' : 'versie op de server'}: </span><CardText text={value} links={false} /></div>
                        : <span><span class="ido-visually-hidden">{row.label}, {side === 'mine' ? 'uw versie' : 'versie op de server'}: </span>{value}</span>}
                    </label>
                  </td>
                );
                return (
                  <tr class="utrecht-table__row" key={row.key}>
                    <th class="utrecht-table__header-cell" scope="row">{row.label}</th>
                    {option('mine', row.mine)}
                    {option('theirs', row.theirs)}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {/* each button's name also says its card: a screen reader's list of buttons read "Alles van mij" once per card */}
      <div class="ido-row">
        {view.rows.length > 0 && (
          <Button appearance="primary" onClick={() => onResolve({ merged: merged() as never }, picks)} aria-label={`Keuze per veld opslaan: ${view.title}`}>Keuze per veld opslaan</Button>
        )}
        <Button onClick={() => onResolve('mine', picks)} aria-label={`${whole.mine}: ${view.title}`}>{whole.mine}</Button>
        <Button onClick={() => onResolve('theirs', picks)} aria-label={`${whole.theirs}: ${view.title}`}>{whole.theirs}</Button>
      </div>
    </section>
  );
}

/** One side of a Snelwijzer card removed on the other: the card in full as staff will see it, or where it was removed. */
function CardVersion({ heading, side }: { heading: string; side: CardSide }) {
  return (
    <div>
      <h3 class="utrecht-heading-3">{heading}</h3>
      {'gone' in side ? <p class="utrecht-paragraph">{side.gone}</p> : (
        <dl class="ido-facts">
          {side.facts.map((fact) => (
            <Fragment key={fact.label}><dt>{fact.label}</dt><dd>{fact.marks ? <CardText text={fact.value} /> : fact.value}</dd></Fragment>
          ))}
        </dl>
      )}
    </div>
  );
}

/**
 * A change the server refused: what it was, why and what to do, and the ways out: its edit form again (a save there
 * replaces it and is sent as usual), or throw it away (asked first) so the server's version is back on the tablet.
 */
function Refusal({ entry, lookup, asking, error, onAsk, onCancel, onDiscard }: {
  entry: KaartOutboxEntry; lookup: KaartLookup; asking: boolean; error?: string; onAsk: () => void; onCancel: () => void; onDiscard: () => void;
}) {
  const view = refusalView(entry, lookup);
  const heading = headingId(entry);
  return (
    <section class="ido-card" aria-labelledby={heading} tabIndex={-1}>
      <h2 class="utrecht-heading-2" id={heading}>{view.title}</h2>
      <Alert type="warning">De server heeft deze wijziging geweigerd. {view.reason}</Alert>
      {view.change !== undefined && (
        <dl class="ido-facts"><dt>Uw wijziging</dt><dd>{view.change}</dd></dl>
      )}
      {error && <Alert type="error">{error}</Alert>}
      {asking ? (
        <ConfirmQuestion as="div" label={`Weggooien van de wijziging aan ${view.title} bevestigen`}
          question="Uw wijziging gaat weg. De versie van de server komt terug. Weet u het zeker?"
          confirmText="Ja, weggooien" cancelText="Nee, bewaren" onConfirm={onDiscard} onCancel={onCancel} />
      ) : (
        <div class="ido-row">
          {view.editHref && <a class="utrecht-button utrecht-button--primary-action" href={view.editHref} aria-label={`Opnieuw bewerken: ${view.title}`}>Opnieuw bewerken</a>}
          <Button danger data-asks={entry.id} onClick={onAsk} aria-label={`Wijziging weggooien: ${view.title}`}>Wijziging weggooien</Button>
        </div>
      )}
    </section>
  );
}

/**
 * A change settled on this page (a conflict chosen, a refusal thrown away): its card's place, as high as the card was,
 * says so until the page is left. `entry` is the entry as its card showed it (a choice saves it anew, later).
 */
interface Settled { entry: KaartOutboxEntry; title: string; text: string; height?: number }

/** A notice's id: its card's heading id, so a conflict kept, refused later and thrown away has two notices, each its own. */
const noticeId = (entry: KaartOutboxEntry) => `settled-${headingId(entry)}`;
/** The same card settled: the same entry in the same state (a kept conflict refused later is a refusal card of its own). */
const sameCard = (a: KaartOutboxEntry, b: KaartOutboxEntry) => a.id === b.id && a.state === b.state;

/** The order the page lists each kind in, also once one is settled (its place stays where it stood). */
const byWhenSaved = (a: KaartOutboxEntry, b: KaartOutboxEntry) => a.savedAt.localeCompare(b.savedAt) || a.id.localeCompare(b.id);

/** The waiting entries of one kind with the settled ones of that kind back in their places; `notices` says which. */
function withPlaces(waiting: KaartOutboxEntry[], settled: Settled[], state: KaartOutboxEntry['state']) {
  const stillThere = new Set(waiting.map((entry) => entry.id));
  const notices = new Map(settled.filter((one) => one.entry.state === state && !stillThere.has(one.entry.id)).map((one) => [one.entry.id, one]));
  return { listed: [...waiting, ...[...notices.values()].map((one) => one.entry)].sort(byWhenSaved), notices };
}

/**
 * A settled change's notice in its card's place: focusable, so the focus goes there from the buttons gone with the card.
 * `refused`: the version kept for a conflict came back refused by the server while the page was open. "Opgelost … gaat
 * naar de server" was no longer true (and stood beside the refusal card): the notice says so in its own place and height,
 * in the same live region (read out, the focus stays where it is), with a way to the refusal's card, which stands with
 * the refusals below the conflicts (arriving there, it moves nothing above it); once that change is thrown away, it says so.
 */
function SettledNotice({ settled, refused }: { settled: Settled; refused?: 'waiting' | 'thrown away' }) {
  const goToRefusal = () => document.getElementById(`refusal-${settled.entry.id}`)?.closest('section')?.focus();
  return (
    <div class="ido-card ido-settled" id={noticeId(settled.entry)} tabIndex={-1}
      style={settled.height ? { minBlockSize: `${settled.height}px` } : undefined}>
      {refused ? (
        <Alert type="warning">
          Niet gelukt: {settled.title}. De server heeft de versie die u koos geweigerd.{' '}
          {refused === 'waiting' ? 'Verderop op deze pagina staat waarom en wat u kunt doen.'
            : 'U heeft die wijziging daarna weggegooid. De versie van de server staat weer op deze tablet.'}
        </Alert>
      ) : <Alert type="ok">{settled.text}</Alert>}
      {refused === 'waiting' && (
        <div class="ido-row">
          <Button onClick={goToRefusal} aria-label={`Naar de geweigerde wijziging: ${settled.title}`}>Naar de geweigerde wijziging</Button>
        </div>
      )}
    </div>
  );
}

/** The kaart changes that need a person: conflicts side by side, refusals with the reason and the ways out. */
export function ConflictsPage() {
  // undefined until the database answers: "niets te kiezen" before that was said of every conflict for a moment
  const read = useLiveQuery(async (idoDb) => {
    const waiting = await kaartOutboxEntries(idoDb);
    return { entries: waiting, lookup: await recordsReferredTo(idoDb, waiting) };
  }, []);
  const entries = read?.entries;
  const lookup: KaartLookup = read?.lookup ?? (() => undefined);
  const conflicts = entries?.filter((e) => e.state === 'conflict') ?? [];
  const rejected = entries?.filter((e) => e.state === 'rejected') ?? [];
  const askFirst = useAskFirst<HTMLDivElement>();
  // A choice or "Wijziging weggooien" closed the card and every card below moved up: the next tap, meant for the next
  // card, landed on the one after it (and the notice of a change thrown away stood above the cards and moved them all
  // down). The notice takes the place of the card, as high as the card was: nothing above or below it moves, and the
  // list closes up only when the page is opened again.
  const [settled, setSettled] = useState<Settled[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // the buttons that were tapped are gone with the change: the focus goes to what the page says in their place
  const focusNext = useRef<string>();
  useLayoutEffect(() => {
    const notice = focusNext.current && document.getElementById(focusNext.current);
    if (!notice) return;
    notice.focus();
    focusNext.current = undefined;
  });
  /** Settles one entry with `change` (its answer: undefined, or what went wrong); the card says a failure, and nothing changed. */
  const settle = async (entry: KaartOutboxEntry, title: string, text: string, failed: string, change: () => Promise<string | undefined>) => {
    // Its place is kept before the change goes (the list may answer before this await does); the notice shows only
    // once the entry has left the list, and takes the focus then.
    const height = document.getElementById(headingId(entry))?.closest('section')?.getBoundingClientRect().height;
    setSettled((now) => [...now.filter((one) => !sameCard(one.entry, entry)), { entry, title, text, height }]);
    setErrors(({ [entry.id]: _, ...others }) => others);
    focusNext.current = noticeId(entry);
    const error = await change().catch(() => failed);
    if (error === undefined) return;
    focusNext.current = undefined;
    setSettled((now) => now.filter((one) => !sameCard(one.entry, entry)));
    setErrors((now) => ({ ...now, [entry.id]: error }));
  };
  const resolve = (entry: KaartOutboxEntry, choice: ConflictChoice, picks: Picks) => {
    const view = conflictView(entry, lookup);
    const text = chosenText(view, typeof choice === 'string' ? choice : 'per_field', picks);
    void settle(entry, view.title, text, `Opslaan van uw keuze voor ${view.title} lukte niet. Er is niets veranderd. Probeer het opnieuw.`, async () => {
      const result = await resolveKaartConflict(db, entry.id, choice);
      return result.ok ? undefined : result.errors[0].message;
    });
  };
  const discard = (entry: KaartOutboxEntry) => {
    const title = refusalView(entry, lookup).title;
    void settle(entry, title, `De wijziging aan ${title} is weggegooid. De versie van de server staat weer op deze tablet.`,
      `Weggooien van de wijziging aan ${title} lukte niet. Er is niets veranderd. Probeer het opnieuw.`,
      async () => { await discardKaartEdit(db, entry.id); return undefined; }).finally(askFirst.done);
  };
  const chosen = withPlaces(conflicts, settled, 'conflict');
  const thrownAway = withPlaces(rejected, settled, 'rejected');
  /** A kept conflict the server refused since: its refusal waits below, or was thrown away there. */
  const refusedLater = (entry: KaartOutboxEntry) => (rejected.some((one) => one.id === entry.id) ? 'waiting'
    : thrownAway.notices.has(entry.id) ? 'thrown away' : undefined);
  return (
    <section aria-labelledby="conflicts-heading">
      <h1 class="utrecht-heading-1" id="conflicts-heading">Wijzigingen in de sociale kaart kiezen</h1>
      {chosen.listed.map((entry) => {
        const notice = chosen.notices.get(entry.id);
        return notice ? <SettledNotice settled={notice} refused={refusedLater(entry)} key={entry.id} />
          : <Conflict entry={entry} lookup={lookup} key={entry.id} error={errors[entry.id]} onResolve={(choice, picks) => resolve(entry, choice, picks)} />;
      })}
      <div ref={askFirst.container}>
        {thrownAway.listed.map((entry) => {
          const notice = thrownAway.notices.get(entry.id);
          return notice ? <SettledNotice settled={notice} key={entry.id} /> : (
            <Refusal entry={entry} lookup={lookup} key={entry.id} asking={askFirst.asking === entry.id} error={errors[entry.id]}
              onAsk={() => askFirst.ask(entry.id)} onCancel={askFirst.cancel} onDiscard={() => discard(entry)} />
          );
        })}
      </div>
      {/* below the list: above it, it moved every card and notice down when the last one went. Not "alle wijzigingen zijn
          verwerkt": a version just kept still waits to be sent (helper-105). */}
      {entries?.length === 0 && <Alert type="ok">Er is niets te kiezen. Wat nog verstuurd moet worden, gaat vanzelf naar de server.</Alert>}
    </section>
  );
}
