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
import { dutchList } from '../../shared/dutch-text';
import { countText } from '../../shared/count-text';
import { chosenText, conflictView, mergedRecord, type CardSide, type ConflictKind, type ConflictView } from './conflict-text';
import { refusalView, type RefusalView } from './refusal-text';
import { FloatingNote } from './KaartAttention';

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

/** The id of an entry's card heading, the first time it stands on the page in that state (a `Place`'s key). */
const headingId = (entry: KaartOutboxEntry) => `${entry.state === 'conflict' ? 'conflict' : 'refusal'}-${entry.id}`;

/** One conflict: both versions in words, field by field; the coordinator picks, never the app. */
function Conflict({ place, view, error, newer, onShowNewer, onResolve }: {
  place: Place; view: ConflictView; error?: string; newer: boolean; onShowNewer: () => void; onResolve: (choice: ConflictChoice, picks: Picks) => void;
}) {
  const { entry } = place;
  const [picks, setPicks] = useState<Picks>({});
  const merged = () => mergedRecord(view, entry.data, entry.current?.data ?? {}, picks);
  const whole = WHOLE_CHOICES[view.kind];
  return (
    <section class="ido-card" aria-labelledby={place.key} data-place={place.key} tabIndex={-1}>
      <h2 class="utrecht-heading-2" id={place.key}>{view.title}</h2>
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
      {/* A pull brought a newer server version than the card shows: said here, right above the buttons, in a place kept
          for it in every card (a line that came would move the buttons and every card below); the card shows the new
          version when the coordinator asks for it, or when a choice on the old one is refused (seenServerVersion). */}
      <div class="ido-conflict-news">
        <p class="utrecht-paragraph" role="status">
          {newer && <><span class="ido-visually-hidden">{view.title}: </span>Op de server staat intussen een nieuwere versie.</>}
        </p>
        {newer && <Button onClick={onShowNewer} aria-label={`Nieuwe versie tonen: ${view.title}`}>Nieuwe versie tonen</Button>}
      </div>
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
function Refusal({ place, view, asking, error, onAsk, onCancel, onDiscard }: {
  place: Place; view: RefusalView; asking: boolean; error?: string; onAsk: () => void; onCancel: () => void; onDiscard: () => void;
}) {
  return (
    <section class="ido-card" aria-labelledby={place.key} data-place={place.key} tabIndex={-1}>
      <h2 class="utrecht-heading-2" id={place.key}>{view.title}</h2>
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
          <Button danger data-asks={place.key} onClick={onAsk} aria-label={`Wijziging weggooien: ${view.title}`}>Wijziging weggooien</Button>
        </div>
      )}
    </section>
  );
}

/**
 * A card's place on the page, from the moment it first stood there until the page is left. The page lists its places
 * in the order they came, and a card shows its change as it first stood there, with the records it referred to then:
 * a sync while the page is open moves nothing. A pull's newer server version changed a card's text and height, and a
 * conflict that came in stood above the refusals; every card below moved under the finger. Now what comes in stands
 * below all else, and a card shows a newer version only once the coordinator acts on it (a choice made on the version
 * shown is then not saved, `seenServerVersion` in `resolveKaartConflict`: the card says so and shows the new one).
 */
interface Place {
  /** its card heading's id: `conflict-<entry id>` / `refusal-<entry id>`, and `-2`, `-3` … for the same change back in that state */
  key: string;
  /** the change as its card shows it */
  entry: KaartOutboxEntry;
  /** the records it referred to, as then */
  lookup: KaartLookup;
  /** the change's title as the coordinator first saw it here: the same on each of its cards and notices (a pull that
   *  removed a refused schedule's service titled its card "… van een dienst die niet op deze tablet staat") */
  title: string;
}

/** Which stored change a place shows: the same entry in the same state, saved at the same moment (a kept version that
 *  comes back as a conflict or a refusal was saved anew: a place of its own). */
const changeOf = (entry: KaartOutboxEntry) => `${entry.state} ${entry.id} ${entry.savedAt}`;

const titleOf = (entry: KaartOutboxEntry, lookup: KaartLookup) => (entry.state === 'conflict' ? conflictView(entry, lookup) : refusalView(entry, lookup)).title;

/** The places with a place added below them for each change not yet shown: conflicts first, then refusals, each as saved. */
function placesFor(places: readonly Place[], entries: readonly KaartOutboxEntry[], lookup: KaartLookup): Place[] {
  const shown = new Set(places.map((place) => changeOf(place.entry)));
  const next = [...places];
  for (const entry of [...entries.filter((e) => e.state === 'conflict'), ...entries.filter((e) => e.state === 'rejected')]) {
    if (shown.has(changeOf(entry))) continue;
    const stem = headingId(entry);
    const before = next.filter((place) => place.key === stem || place.key.startsWith(`${stem}-`)).length;
    const title = next.find((place) => place.entry.id === entry.id)?.title ?? titleOf(entry, lookup);
    next.push({ key: before === 0 ? stem : `${stem}-${before + 1}`, entry, lookup, title });
  }
  return next;
}

/** The changes settled on this page (a conflict chosen, a refusal thrown away), by place: what the notice says, and how
 *  high the card was when the coordinator acted (a question asked first was still open then). */
type Settled = Record<string, { text: string; height?: number }>;

/** A notice's id: its card's heading id, so each of a change's cards has its own. */
const noticeId = (place: Place) => `settled-${place.key}`;

/**
 * What became of a version kept for a conflict, by the change's later place: the server refused it ('refused'), or it
 * came back as a conflict ('again'); its card waits ('open'), was settled on this page ('here') or elsewhere ('elsewhere').
 */
interface Later { kind: 'refused' | 'again'; now: 'open' | 'here' | 'elsewhere'; key: string }

/** What a kept version's notice says once it came back, by what became of its later card. */
const LATER_TEXT: Record<Later['kind'], Record<Later['now'], string>> = {
  refused: {
    open: 'De server heeft de versie die u koos geweigerd. Verderop op deze pagina staat waarom en wat u kunt doen.',
    here: 'De server heeft de versie die u koos geweigerd. U heeft die wijziging daarna weggegooid. De versie van de server staat weer op deze tablet.',
    elsewhere: 'De server heeft de versie die u koos geweigerd. Dat is intussen geregeld.',
  },
  again: {
    open: 'Iemand anders heeft het op de server intussen weer gewijzigd. Kies opnieuw: dat staat verderop op deze pagina.',
    here: 'Iemand anders heeft het op de server intussen weer gewijzigd. U heeft daarna opnieuw gekozen.',
    elsewhere: 'Iemand anders heeft het op de server intussen weer gewijzigd. Dat is intussen geregeld.',
  },
};

/**
 * A notice in a card's place, as high as the card was: focusable, so the focus goes there from the buttons gone with
 * the card. `text` is what was settled on this page; without it the change was settled elsewhere.
 * `later`: the version kept came back, refused by the server or as a conflict once more, while the page was open.
 * "Opgelost … gaat naar de server" was no longer true: the notice says so in its own place and height, in the same
 * live region (read out, the focus stays where it is), with a way to the change's new card, which stands below all
 * else (arriving there, it moves nothing above it); once that card is settled, it says so.
 */
function PlaceNotice({ place, text, height, later }: { place: Place; text?: string; height?: number; later?: Later }) {
  const goToLater = () => later && document.getElementById(later.key)?.closest('section')?.focus();
  const title = place.title;
  const laterText = later && `Niet gelukt: ${title}. ${LATER_TEXT[later.kind][later.now]}`;
  return (
    <div class="ido-card ido-settled" id={noticeId(place)} tabIndex={-1} style={height ? { minBlockSize: `${height}px` } : undefined}>
      {laterText ? <Alert type="warning">{laterText}</Alert>
        : <Alert type="ok">{text ?? `Intussen geregeld: ${title}. Hier hoeft u niets meer te kiezen.`}</Alert>}
      {later?.now === 'open' && (
        <div class="ido-row">
          <Button onClick={goToLater} aria-label={`${LATER_BUTTON[later.kind]}: ${title}`}>{LATER_BUTTON[later.kind]}</Button>
        </div>
      )}
    </div>
  );
}
const LATER_BUTTON: Record<Later['kind'], string> = { refused: 'Naar de geweigerde wijziging', again: 'Naar de nieuwe keuze' };

/** The server version a conflict's card was made on. */
const serverVersionOf = (entry: KaartOutboxEntry) => entry.current?.version ?? entry.serverVersion;

/** What the floating note says of the cards that came below and were not seen yet. */
function arrivedText(places: readonly Place[]): string {
  const conflicts = places.filter((place) => place.entry.state === 'conflict').length;
  const refused = places.length - conflicts;
  const parts = [
    conflicts > 0 ? countText(conflicts, 'nieuwe keuze', 'nieuwe keuzes') : '',
    refused > 0 ? countText(refused, 'nieuwe geweigerde wijziging', 'nieuwe geweigerde wijzigingen') : '',
  ].filter(Boolean);
  return `${dutchList(parts)} onderaan deze pagina`;
}

/** A card is seen once its heading stands in the window, clear of what floats at the bottom (this note too). */
function headingInSight(key: string): boolean {
  const heading = document.getElementById(key)?.getBoundingClientRect();
  if (!heading) return false;
  const floating = [...document.querySelectorAll('.ido-toasts > *, .ido-page-toasts > *')].map((layer) => layer.getBoundingClientRect().top);
  return heading.top >= 0 && heading.bottom <= Math.min(innerHeight, ...floating);
}

/** The kaart changes that need a person: conflicts side by side, refusals with the reason and the ways out. */
export function ConflictsPage() {
  // undefined until the database answers: "niets te kiezen" before that was said of every conflict for a moment
  const read = useLiveQuery(async (idoDb) => {
    const waiting = await kaartOutboxEntries(idoDb);
    return { entries: waiting, lookup: await recordsReferredTo(idoDb, waiting) };
  }, []);
  const entries = read?.entries;
  const latest = useRef(read);
  latest.current = read;
  // The places, grown as each answer of the database shows a change not yet placed (never reordered, never shrunk).
  const places = useRef<Place[]>([]);
  const placedFrom = useRef<typeof read>();
  const arrived = useRef('');
  // the places that came while the page was open: a floating note says them until each was seen (its heading in sight)
  const cameBelow = useRef<string[]>([]);
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());
  if (read && placedFrom.current !== read) {
    const before = places.current;
    places.current = placesFor(before, read.entries, read.lookup);
    // said to a screen reader: it is below all else, out of sight
    if (placedFrom.current !== undefined && places.current.length > before.length) {
      arrived.current = `Nieuw onderaan deze pagina: ${dutchList(places.current.slice(before.length).map((place) => place.title))}.`;
      cameBelow.current = [...cameBelow.current, ...places.current.slice(before.length).map((place) => place.key)];
    }
    placedFrom.current = read;
  }
  const waiting = new Map((entries ?? []).map((entry) => [changeOf(entry), entry]));
  // Said only by the live region out of sight, a sighted coordinator did not see a card come below. A floating note
  // says it (nothing moves) until the card was seen: scrolled into sight, or "Bekijken", which takes the focus there.
  // A card settled elsewhere before that is no news any more.
  const unseen = places.current.filter((place) => cameBelow.current.includes(place.key) && !seen.has(place.key) && waiting.has(changeOf(place.entry)));
  const unseenKeys = unseen.map((place) => place.key).join(' ');
  const markSeen = (keys: readonly string[]) => keys.length > 0 && setSeen((now) => new Set([...now, ...keys]));
  // a card that came in sight is seen before the frame that would show the note; and as the page scrolls
  useLayoutEffect(() => {
    if (!unseenKeys) return undefined;
    const look = () => markSeen(unseenKeys.split(' ').filter(headingInSight));
    look();
    addEventListener('scroll', look, { passive: true });
    addEventListener('resize', look);
    return () => {
      removeEventListener('scroll', look);
      removeEventListener('resize', look);
    };
  }, [unseenKeys]);
  const showUnseen = () => {
    const first = unseen[0];
    const card = document.getElementById(first.key)?.closest('section');
    card?.scrollIntoView({ block: 'start' });
    card?.focus({ preventScroll: true });
    markSeen([first.key]);
  };
  // A newer server version shown on a card once the coordinator asks for it (the card then is as high as it needs).
  const [, showNewer] = useState(0);
  const askFirst = useAskFirst<HTMLDivElement>();
  // A choice or "Wijziging weggooien" closed the card and every card below moved up: the next tap, meant for the next
  // card, landed on the one after it (and the notice of a change thrown away stood above the cards and moved them all
  // down). The notice takes the place of the card, as high as the card was: nothing above or below it moves, and the
  // list closes up only when the page is opened again. So for a change settled elsewhere (the card's height is kept
  // from each render).
  const [settled, setSettled] = useState<Settled>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const heights = useRef(new Map<string, number>());
  // the buttons that were tapped are gone with the change: the focus goes to what the page says in their place
  const focusNext = useRef<string>();
  useLayoutEffect(() => {
    for (const card of document.querySelectorAll<HTMLElement>('main [data-place]')) heights.current.set(card.dataset.place!, card.getBoundingClientRect().height);
    const notice = focusNext.current && document.getElementById(focusNext.current);
    if (!notice) return;
    notice.focus();
    focusNext.current = undefined;
  });
  /**
   * Settles one place with `change` (its answer: undefined, or what went wrong); the card says a failure, nothing
   * changed, and it shows the change as it is now (a choice on a server version since replaced is such a failure).
   */
  const settle = async (place: Place, text: string, failed: string, change: () => Promise<string | undefined>) => {
    // The notice is set before the change goes (the list may answer before this await does); it shows only once the
    // change has left the list, and takes the focus then.
    const height = document.getElementById(place.key)?.closest('section')?.getBoundingClientRect().height;
    setSettled((now) => ({ ...now, [place.key]: { text, height } }));
    setErrors(({ [place.key]: _, ...others }) => others);
    focusNext.current = noticeId(place);
    const error = await change().catch(() => failed);
    if (error === undefined) return;
    focusNext.current = undefined;
    const now = latest.current?.entries.find((entry) => changeOf(entry) === changeOf(place.entry));
    if (now) Object.assign(place, { entry: now, lookup: latest.current!.lookup });
    setSettled(({ [place.key]: _, ...others }) => others);
    setErrors((errorsNow) => ({ ...errorsNow, [place.key]: error }));
  };
  const conflictOf = (place: Place): ConflictView => ({ ...conflictView(place.entry, place.lookup), title: place.title });
  const refusalOf = (place: Place): RefusalView => ({ ...refusalView(place.entry, place.lookup), title: place.title });
  const resolve = (place: Place, choice: ConflictChoice, picks: Picks) => {
    const view = conflictOf(place);
    const text = chosenText(view, typeof choice === 'string' ? choice : 'per_field', picks);
    const seen = place.entry.current?.version ?? place.entry.serverVersion;
    void settle(place, text, `Opslaan van uw keuze voor ${view.title} lukte niet. Er is niets veranderd. Probeer het opnieuw.`, async () => {
      const result = await resolveKaartConflict(db, place.entry.id, choice, new Date(), seen);
      return result.ok ? undefined : result.errors[0].message;
    });
  };
  const discard = (place: Place) => {
    const title = place.title;
    void settle(place, `De wijziging aan ${title} is weggegooid. De versie van de server staat weer op deze tablet.`,
      `Weggooien van de wijziging aan ${title} lukte niet. Er is niets veranderd. Probeer het opnieuw.`,
      async () => { await discardKaartEdit(db, place.entry.id); return undefined; }).finally(askFirst.done);
  };
  /** A kept conflict's later place, if the change came back after it. */
  const laterOf = (index: number): Later | undefined => {
    const place = places.current[index];
    const next = place.entry.state === 'conflict' && settled[place.key] !== undefined
      ? places.current.slice(index + 1).filter((one) => one.entry.id === place.entry.id).at(-1) : undefined;
    if (!next) return undefined;
    const now = waiting.has(changeOf(next.entry)) ? 'open' : settled[next.key] ? 'here' : 'elsewhere';
    return { kind: next.entry.state === 'conflict' ? 'again' : 'refused', now, key: next.key };
  };
  return (
    <section aria-labelledby="conflicts-heading">
      <h1 class="utrecht-heading-1" id="conflicts-heading">Wijzigingen in de sociale kaart kiezen</h1>
      <p class="ido-visually-hidden" id="conflicts-arrived" role="status">{arrived.current}</p>
      {/* read out by the live region above; here, right after the heading, Tab reaches it first */}
      <FloatingNote>
        {unseen.length > 0 && (
          <div class="ido-banner" id="conflicts-arrived-note">
            <Alert type="info" role="none">
              <span>{arrivedText(unseen)}</span>
              <Button onClick={showUnseen} aria-label={`Bekijken: ${arrivedText(unseen)}`}>Bekijken</Button>
            </Alert>
          </div>
        )}
      </FloatingNote>
      <div ref={askFirst.container}>
        {places.current.map((place, index) => {
          if (!waiting.has(changeOf(place.entry))) {
            const done = settled[place.key];
            return <PlaceNotice place={place} text={done?.text} height={done?.height ?? heights.current.get(place.key)} later={laterOf(index)} key={place.key} />;
          }
          const live = waiting.get(changeOf(place.entry))!;
          return place.entry.state === 'conflict'
            ? <Conflict place={place} view={conflictOf(place)} key={place.key} error={errors[place.key]}
              newer={serverVersionOf(live) !== serverVersionOf(place.entry)} onShowNewer={() => {
                Object.assign(place, { entry: live, lookup: latest.current!.lookup });
                setErrors(({ [place.key]: _, ...others }) => others);
                showNewer((count) => count + 1);
                document.getElementById(place.key)?.closest('section')?.focus();
              }}
              onResolve={(choice, picks) => resolve(place, choice, picks)} />
            : <Refusal place={place} view={refusalOf(place)} key={place.key} asking={askFirst.asking === place.key} error={errors[place.key]}
              onAsk={() => askFirst.ask(place.key)} onCancel={askFirst.cancel} onDiscard={() => discard(place)} />;
        })}
      </div>
      {/* below the list: above it, it moved every card and notice down when the last one went. Not "alle wijzigingen zijn
          verwerkt": a version just kept still waits to be sent (helper-105). */}
      {entries?.length === 0 && <Alert type="ok">Er is niets te kiezen. Wat nog verstuurd moet worden, gaat vanzelf naar de server.</Alert>}
    </section>
  );
}
