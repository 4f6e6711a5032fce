import '@utrecht/textbox-css/dist/index.css';
import '@utrecht/select-css/dist/index.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { isOpenAt, isOpenToday, KAART_THEMES, openingState, type ReferralMethod } from '../../shared/kaart';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { Field } from '../../ui/Field';
import { SEARCH_MAX } from '../../shared/text-length';
import { languageName, REFERRAL_METHOD_LABELS } from './labels';
import { currentOrganisation } from '../../db/organisation';
import { useLiveQuery } from '../../db/use-live-query';
import { SnelwijzerHit } from './SnelwijzerHit';
import { useSearchHits, useServiceViews } from './use-kaart-search';
import { readKaartSyncStatus } from '../../sync/kaart-status';
import { KaartAttentionInline, KaartAttentionNews, type KaartAttentionState } from './KaartAttention';
import { countWord, dutchNumber } from '../../shared/count-text';

interface KaartPageProps {
  /** the clock (tests fix it through the URL: ?nu=2026-11-24T10:00) */
  now: Date;
  serviceHref: (id: string) => string;
  /** coordinators (and a tablet with example data) may add, import and settle changes */
  canEdit: boolean;
}

type OpenFilter = 'alle' | 'nu' | 'vandaag';

/** How long the search box rests before the count is said: "once staff stop typing", not at each short pause. */
const TYPING_PAUSE_MS = 1000;

/** Find help nearby, offline: search as you type, browse by theme, filter on open now and more. */
export function KaartPage({ now, serviceHref, canEdit }: KaartPageProps) {
  const [query, setQuery] = useState('');
  const [theme, setTheme] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<OpenFilter>('alle');
  const [method, setMethod] = useState<ReferralMethod | ''>('');
  const [language, setLanguage] = useState('');
  const [nearId, setNearId] = useState('');
  const [nearKm, setNearKm] = useState('2');
  const idoLocations = useLiveQuery((db) => currentOrganisation(db).then((p) => p?.locations.filter((l) => l.latitude !== undefined && l.longitude !== undefined) ?? []), [], []);
  const nearLocation = idoLocations.find((l) => l.id === nearId);
  const [settled, setSettled] = useState('');
  // Results as you type, without a search per keystroke while typing fast.
  useEffect(() => {
    const timer = setTimeout(() => setSettled(query), 60);
    return () => clearTimeout(timer);
  }, [query]);
  // The text once staff stopped typing: only then is the count said (below).
  const [rested, setRested] = useState(query);
  useEffect(() => {
    const timer = setTimeout(() => setRested(query), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  const { views, byId, cardsById, indexedViews } = useServiceViews();
  const openIds = views && open !== 'alle'
    ? new Set(views.filter((v) => (open === 'nu' ? isOpenAt(v.schedules, now) : isOpenToday(v.schedules, now)) && v.service.status === 'active').map((v) => v.service.id))
    : undefined;
  const near = nearLocation ? { latitude: nearLocation.latitude!, longitude: nearLocation.longitude!, maxKm: Number(nearKm) } : undefined;
  const filters = {
    themes: theme ? [theme] : undefined, onlyIds: openIds, referralMethod: method || undefined, language: language || undefined,
    near, sort: near && settled.trim() === '' ? ('distance' as const) : undefined, limit: 50,
  };
  const languages = [...new Set(views?.flatMap((v) => v.service.languages ?? []) ?? [])].sort();
  // What needs the coordinator: changes to choose between (conflicts, refusals), and edits held because the
  // national team deactivated the organisation (said once here, not refused one by one).
  const attention = useLiveQuery((db) => readKaartSyncStatus(db).then((k): KaartAttentionState => ({ choices: k.conflict + k.rejected, refused: k.rejected, held: k.held > 0 })), []);
  // What the page was first drawn with: only that stands above the search box (KaartAttention.tsx).
  const atStart = useRef<KaartAttentionState>();
  if (!atStart.current && attention) atStart.current = attention;
  const browsing = settled.trim() === '' && !theme && open === 'alle' && !method && !language && !near;
  const { hits, answered } = useSearchHits(settled, filters, indexedViews, browsing);
  const count = browsing ? 'Typ wat u zoekt' : hits === undefined ? 'Zoeken…' : `${hits.length === 50 ? 'Meer dan 50' : hits.length} ${countWord(hits.length, 'resultaat', 'resultaten')}`;
  // Said once: the worker's answer to the text as it stands, after staff stopped typing (the heading was aria-live, and a
  // screen reader read "Zoeken…" and a count at every pause in the typing, and "Typ wat u zoekt" on an empty box).
  // Emptied while typing, so the next count is said again, even the same one; a tap on a filter is said at its answer.
  const said = answered && settled === query && rested === query ? count : '';

  // The rest comes with the first answer: what needs the coordinator then stands above the search box from the start.
  if (!attention || !atStart.current) {
    return (
      <section aria-labelledby="kaart-heading">
        <h1 class="utrecht-heading-1" id="kaart-heading">Sociale kaart</h1>
      </section>
    );
  }

  return (
    <section aria-labelledby="kaart-heading">
      <h1 class="utrecht-heading-1" id="kaart-heading">Sociale kaart</h1>
      <KaartAttentionNews atStart={atStart.current} live={attention} />
      <KaartAttentionInline atStart={atStart.current} live={attention} />
      <div class="ido-card">
        <Field id="kaart-query" label="Zoek hulp" description="Bijvoorbeeld: huurtoeslag, schulden, DigiD, taalcafé.">
          <input class="utrecht-textbox utrecht-textbox--html-input" id="kaart-query" type="search" value={query} autoComplete="off"
            maxLength={2 * SEARCH_MAX.kaart} onInput={(e) => setQuery(e.currentTarget.value)} />
        </Field>
        <ChoiceTiles id="kaart-open" legend="Open" choices={[{ value: 'alle', label: 'Alles' }, { value: 'nu', label: 'Nu open' }, { value: 'vandaag', label: 'Vandaag open' }]}
          value={open} onChange={(value) => setOpen(value as OpenFilter)} />
        <details class="ido-more-filters" open={Boolean(theme || method || language || nearId)}>
          <summary>Meer filters en thema’s</summary>
        <div class="ido-two-columns">
          <Field id="kaart-method" label="Hoe verwijzen">
            <select class="utrecht-select utrecht-select--html-select" id="kaart-method" value={method} onChange={(e) => setMethod(e.currentTarget.value as ReferralMethod | '')}>
              <option value="">Alle manieren</option>
              {Object.entries(REFERRAL_METHOD_LABELS).map(([code, text]) => <option key={code} value={code}>{text}</option>)}
            </select>
          </Field>
          <Field id="kaart-language" label="Taal">
            <select class="utrecht-select utrecht-select--html-select" id="kaart-language" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
              <option value="">Alle talen</option>
              {languages.map((code) => <option key={code} value={code}>{languageName(code)}</option>)}
            </select>
          </Field>
        </div>
        {idoLocations.length > 0 && (
          <div class="ido-two-columns">
            <Field id="kaart-near" label="In de buurt van">
              <select class="utrecht-select utrecht-select--html-select" id="kaart-near" value={nearId} onChange={(e) => setNearId(e.currentTarget.value)}>
                <option value="">Overal</option>
                {idoLocations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
              </select>
            </Field>
            <Field id="kaart-near-km" label="Afstand">
              <select class="utrecht-select utrecht-select--html-select" id="kaart-near-km" value={nearKm} onChange={(e) => setNearKm(e.currentTarget.value)}>
                {['1', '2', '5', '10', '25'].map((km) => <option key={km} value={km}>{`binnen ${km} km`}</option>)}
              </select>
            </Field>
          </div>
        )}
        <ChoiceTiles id="kaart-theme" legend="Thema" choices={[{ value: '', label: 'Alle thema’s' }, ...KAART_THEMES.map((t) => ({ value: t.code, label: t.name }))]}
          value={theme ?? ''} onChange={(value) => setTheme(value || undefined)} />
        </details>
      </div>
      <h2 class="utrecht-heading-2" id="kaart-results-heading">{count}</h2>
      {/* Out of sight and out of the flow: its text coming and going never moves the page. */}
      <p class="ido-visually-hidden" role="status" id="kaart-results-said">{said}</p>
      {/*
        It said "Kies een thema of zoek" while the themes were folded away under "Meer filters en thema’s", and staff
        looked for themes they could not see. The themes stay folded (the search box and the list come first on a
        tablet), and the words say where they are.
      */}
      {browsing && <p class="utrecht-paragraph" id="kaart-browse-hint">Of kies een thema bij ‘Meer filters en thema’s’ hierboven.</p>}
      {!browsing && (
        <ul class="ido-list" aria-labelledby="kaart-results-heading" id="kaart-results">
          {hits?.map((hit) => {
            const card = cardsById.get(hit.id);
            if (card) return <SnelwijzerHit key={hit.id} card={card} />;
            const view = byId.get(hit.id);
            if (!view) return null;
            const state = openingState(view.schedules, now, { status: view.service.status });
            // A colleague's open "Klopt niet" report, seen before the entry is opened. On the line that is always there
            // (not a line of its own), so a report that syncs in while the list is shown does not push the results down.
            const reported = view.feedback.some((f) => !f.resolved);
            const reportedId = `kaart-reported-${hit.id}`;
            return (
              <li class="ido-list__item" key={hit.id}>
                <a class="ido-result-link" href={serviceHref(hit.id)} aria-describedby={reported ? reportedId : undefined}>{view.service.name}</a>
                <p class="utrecht-paragraph ido-muted">{view.organization?.name}</p>
                <p class="utrecht-paragraph">{reported && <><span class="ido-reported" id={reportedId}>Gemeld: klopt niet</span>{' · '}</>}
                  <span class={`ido-open ido-open--${state.open ? 'yes' : 'no'}`}>{state.text}</span>
                  {view.service.referral_method ? ` · ${REFERRAL_METHOD_LABELS[view.service.referral_method].split(' (')[0]}` : ''}
                  {view.themes.length ? ` · ${view.themes.map((t) => t.name).join(', ')}` : ''}
                  {hit.distanceKm !== undefined ? ` · ${dutchNumber(hit.distanceKm, 1)} km` : ''}</p>
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && (
        <p class="ido-row ido-no-print">
          <a class="utrecht-button utrecht-button--secondary-action" href="#/kaart/nieuw">Nieuwe dienst</a>
          <a class="utrecht-button utrecht-button--secondary-action" href="#/kaart/import">Importeren of exporteren</a>
        </p>
      )}
      {/*
        A tablet without a single service (its kaart not pulled yet, or an organisation that has none yet) said only
        "Kies een thema of zoek" (now "Typ wat u zoekt"), and every search "0 resultaten": as if the kaart was broken. It says why, and what to do.
        Last on the page: it comes when the first read finds no kaart and goes when the kaart arrives, by itself, and
        above the results it moved them and the buttons below them under a finger both times.
      */}
      {views?.length === 0 && (
        <p class="utrecht-paragraph" id="kaart-empty" role="status">
          Er staan nog geen diensten op de sociale kaart van deze tablet. Is de tablet net gekoppeld? Dan komen ze vanzelf
          zodra de tablet internet heeft. Blijft de kaart leeg? Vraag de coördinator om diensten toe te voegen.
        </p>
      )}
    </section>
  );
}
