import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { label } from '../../../shared/codelists';
import type { AdminCard, AdminCardList, CardEdit, PartnerChoice } from '../../../shared/snelwijzer/admin';
import { isCardStale, type SnelwijzerCardFields, validateCard } from '../../../shared/snelwijzer/card';
import { dayText } from '../../../shared/date-text';
import { amsterdamDay } from '../../../shared/time';
import type { ValidationError } from '../../../shared/validation';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { ErrorSummary } from '../../../ui/ErrorSummary';
import { Field } from '../../../ui/Field';
import { SEARCH_MAX } from '../../../shared/text-length';
import { CardFields, cardFieldId, errorsAfter, trimmedCard } from '../../snelwijzer/CardFields';
import { AdminTable } from '../AdminTable';
import { AdminError, adminCall } from '../api';
import { ConfirmButton } from '../../../ui/ConfirmButton';
import { Messages } from '../Messages';
import type { AdminSession } from '../session';
import { useAdminAction, useAdminData, useDeactivatedMeanwhile, withoutRow, withRow } from '../use-admin';

interface SnelwijzerAdminPageProps {
  session: AdminSession;
  /** `/organisations/<id>` for an organisation's cards, '' for the national ones */
  base: string;
}

type Editing = { card: AdminCard | null; draft: SnelwijzerCardFields };

const editOf = (card: SnelwijzerCardFields): CardEdit => ({
  title: card.title, topics: card.topics, body: card.body, bring: card.bring, links: card.links, service_id: card.service_id, checked_on: card.checked_on,
});

/** Both lists of cards: on the national path a national card is in both. */
const CARD_LISTS = ['own', 'national'] as const;

/**
 * The Snelwijzer in beheer: the organisation's own cards (write, edit, remove) and the national ones
 * (read, copy to adapt); on the national path the national cards. Saved on the server as kaart changes:
 * every tablet shows them after its next sync.
 */
export function SnelwijzerAdminPage({ session, base }: SnelwijzerAdminPageProps) {
  const national = base === '';
  const list = useAdminData<AdminCardList>(session, `${base}/snelwijzer`);
  const action = useAdminAction(session);
  const [editing, setEditing] = useState<Editing | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const edit = (next: Editing) => { setNotice(undefined); action.setError(undefined); setEditing(next); };
  const today = amsterdamDay(new Date());
  const newCard = (): SnelwijzerCardFields => ({
    id: '', title: '', topics: [], body: '', bring: '', links: [], service_id: null, checked_on: today, owner_organisation_id: null, copied_from: null,
  });

  if (editing) {
    return (
      <CardEditor session={session} base={base} editing={editing} today={today}
        onDone={(done, saved) => {
          setEditing(undefined);
          // A save's answer is the card as stored (its new version): "Bewerken" right after opens that, not the card from
          // before, whose old version the server would refuse as a conflict. A new card waits for the list, as before.
          if (saved && editing.card) list.reloadWith(withRow(CARD_LISTS, saved));
          else list.reload();
          setNotice(done);
        }} />
    );
  }
  const copy = (card: AdminCard) => action.run(
    () => adminCall<AdminCard>(session.token, 'POST', `${base}/snelwijzer/${encodeURIComponent(card.id)}/copy`, {}),
    () => undefined,
  ).then((copied) => { if (copied) edit({ card: copied, draft: copied }); });
  // action.run answers undefined only when the removal was refused (adminCall answers an object, or throws). A removed
  // card's row goes at once, not when the list is read again ("Bewerken" on it opened a card that was gone).
  const remove = (card: AdminCard) => action.run(
    () => adminCall(session.token, 'POST', `${base}/snelwijzer/${encodeURIComponent(card.id)}/delete`, { baseVersion: card.version }),
    () => `De kaart "${card.title}" is verwijderd. De tablets halen haar weg bij hun volgende verbinding.`,
  ).then((removed) => { setNotice(undefined); if (removed) list.reloadWith(withoutRow(CARD_LISTS, card.id)); else list.reload(); });

  return (
    <section aria-labelledby="snelwijzer-heading">
      <div class="ido-row ido-row--spread">
        <h2 class="utrecht-heading-2" id="snelwijzer-heading">{national ? 'Landelijke kaarten van de Snelwijzer' : 'Eigen kaarten van de Snelwijzer'}</h2>
        <Button appearance="primary" onClick={() => edit({ card: null, draft: newCard() })}>Nieuwe kaart</Button>
      </div>
      <p class="utrecht-paragraph">
        Korte uitleg voor collega's op de vloer: wat de bezoeker nodig heeft, de stappen, en naar wie u verwijst.
        {national ? ' Organisaties zien deze kaarten op hun tablets en kunnen ze kopiëren en aanpassen.' : ' Wat u hier opslaat, staat na de volgende verbinding op elke tablet van uw organisatie.'}
      </p>
      <Messages error={action.error ?? list.error} notice={action.notice ?? notice} />
      {!list.data && !list.error && <p class="utrecht-paragraph" role="status">Kaarten worden geladen…</p>}
      {list.data && <CardTable cards={list.data.own} caption={national ? 'Landelijke kaarten' : 'Eigen kaarten'} empty="Er zijn nog geen eigen kaarten. Maak er een, of kopieer een landelijke kaart."
        actions={(card) => (
          <>
            <Button onClick={() => edit({ card, draft: card })} aria-label={`Kaart ${card.title} bewerken`}>Bewerken</Button>
            <ConfirmButton text="Verwijderen" label={`Kaart ${card.title} verwijderen`} question="Deze kaart verdwijnt van alle tablets. Weet u het zeker?"
              confirmText="Ja, verwijderen" disabled={action.busy} onConfirm={() => void remove(card)} />
          </>
        )} />}
      {list.data && !national && (
        <>
          <h2 class="utrecht-heading-2">Landelijke kaarten</h2>
          <p class="utrecht-paragraph">Deze kaarten houdt het landelijk team bij. Wilt u er een aanpassen voor uw bibliotheek? Kopieer haar naar uw eigen kaarten.</p>
          <CardTable cards={list.data.national} caption="Landelijke kaarten" empty="Er zijn geen landelijke kaarten."
            actions={(card) => <Button disabled={action.busy} onClick={() => void copy(card)} aria-label={`Kopiëren en aanpassen: ${card.title}`}>Kopiëren en aanpassen</Button>} />
        </>
      )}
    </section>
  );
}

function CardTable({ cards, caption, empty, actions }: { cards: AdminCard[]; caption: string; empty: string; actions: (card: AdminCard) => ComponentChildren }) {
  return (
    <AdminTable caption={caption} headers={['Titel', 'Onderwerpen', 'Partner', 'Laatst gecontroleerd', 'Acties']} empty={empty} rows={cards.length}>
      {cards.map((card) => (
        <tr class="utrecht-table__row" key={card.id}>
          <th class="utrecht-table__header-cell ido-beheer-wrap" scope="row">{card.title}</th>
          <td class="utrecht-table__cell" data-label="Onderwerpen">{card.topics.map((t) => label('topic', t)).join(', ')}</td>
          <td class="utrecht-table__cell ido-beheer-wrap" data-label="Partner">{card.partner ? card.partner.name : 'geen'}</td>
          <td class="utrecht-table__cell" data-label="Laatst gecontroleerd">
            {dayText(card.checked_on)}
            {isCardStale(card.checked_on) && <strong class="ido-beheer-note"> Langer dan een half jaar geleden: controleer deze kaart.</strong>}
          </td>
          <td class="utrecht-table__cell ido-beheer-actions"><span class="ido-row">{actions(card)}</span></td>
        </tr>
      ))}
    </AdminTable>
  );
}

interface CardEditorProps {
  session: AdminSession;
  base: string;
  editing: Editing;
  today: string;
  /** closes the editor; after a save with its notice and the card as the server stored it */
  onDone: (notice?: string, saved?: AdminCard) => void;
}

/** One card in the browser: the tablet's fields, the partner found on the server, saved with the version read. */
function CardEditor({ session, base, editing, today, onDone }: CardEditorProps) {
  const [card, setCard] = useState<AdminCard | null>(editing.card);
  const [draft, setDraft] = useState<SnelwijzerCardFields>(editing.draft);
  const [partner, setPartner] = useState<PartnerChoice | null>(editing.card?.partner ?? null);
  const [errors, setErrors] = useState<ValidationError[]>([]);
  const [conflict, setConflict] = useState<AdminCard | undefined>(undefined);
  const action = useAdminAction(session);
  const heading = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  // The button that opened the editor is gone: the focus on its heading before the next key (a layout effect), not lost
  // on the page's body until the next frame.
  useLayoutEffect(() => heading.current?.focus(), []);

  const save = async (event: Event) => {
    event.preventDefault();
    const trimmed = trimmedCard(draft);
    // The tablet's own rules first: the same Dutch messages at the fields, before anything is sent.
    const found = validateCard({ ...editOf(trimmed), id: card?.id ?? '00000000-0000-4000-8000-000000000000', owner_organisation_id: card?.owner_organisation_id ?? null, copied_from: card?.copied_from ?? null });
    setErrors(found);
    if (found.length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const path = card ? `${base}/snelwijzer/${encodeURIComponent(card.id)}` : `${base}/snelwijzer`;
    const body = card ? { ...editOf(trimmed), baseVersion: card.version } : editOf(trimmed);
    const saved = await action.run(() => adminCall<AdminCard>(session.token, card ? 'PUT' : 'POST', path, body));
    if (saved) onDone(`De kaart "${saved.title}" is opgeslagen. De tablets krijgen haar bij hun volgende verbinding.`, saved);
  };
  // A 409: someone saved this card meanwhile. The typed text stays; the newer version can be loaded.
  useEffect(() => {
    if (!card || action.errorCode !== 'edit_conflict') return;
    void adminCall<AdminCardList>(session.token, 'GET', `${base}/snelwijzer`).then((list) => setConflict(list.own.find((c) => c.id === card.id)), () => undefined);
  }, [action.errorCode]);

  return (
    <form onSubmit={save} noValidate aria-labelledby="card-edit-heading">
      <h2 class="utrecht-heading-2" id="card-edit-heading" tabIndex={-1} ref={heading}>{card ? `Kaart bewerken: ${card.title}` : 'Nieuwe kaart'}</h2>
      {card?.copied_from && <p class="utrecht-paragraph">Een kopie van een landelijke kaart: pas haar aan voor uw bibliotheek.</p>}
      <p class="utrecht-paragraph">Schrijf nooit gegevens van bezoekers op een kaart.</p>
      {/* Each problem a link to its field, focused after a refused save, as on the tablet (the partner: its search field). */}
      <ErrorSummary id="card-error-summary" errors={errors} fieldId={(field) => (field === 'service_id' ? 'card-partner-query' : cardFieldId(field))} summaryRef={summaryRef} />
      <Messages error={action.error} />
      {conflict && (
        <p class="utrecht-paragraph">
          <Button onClick={() => { setCard(conflict); setDraft(conflict); setPartner(conflict.partner); setConflict(undefined); action.setError(undefined); }}>
            Nieuwe versie laden (uw wijzigingen vervallen)
          </Button>
        </p>
      )}
      <CardFields card={draft} errors={errors} today={today} onChange={(patch) => { setDraft({ ...draft, ...patch }); setErrors(errorsAfter(errors, patch)); }}
        partner={<PartnerSearch session={session} base={base} chosen={partner} error={errors.find((e) => e.field === 'service_id')?.message}
          onChoose={(choice) => { setPartner(choice); setDraft({ ...draft, service_id: choice?.id ?? null }); setErrors(errorsAfter(errors, { service_id: null })); }} />} />
      <div class="ido-row">
        <Button appearance="primary" type="submit" disabled={action.busy}>Kaart opslaan</Button>
        <Button onClick={() => onDone()}>Annuleren</Button>
      </div>
    </form>
  );
}

interface PartnerSearchProps {
  session: AdminSession;
  base: string;
  chosen: PartnerChoice | null;
  error?: string;
  onChoose: (partner: PartnerChoice | null) => void;
}

/** The partner from the server's kaart: type part of the name, pick one of the answers. */
function PartnerSearch({ session, base, chosen, error, onChoose }: PartnerSearchProps) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<PartnerChoice[] | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const deactivatedMeanwhile = useDeactivatedMeanwhile();
  const search = async () => {
    setFailure(undefined);
    try {
      setFound((await adminCall<{ partners: PartnerChoice[] }>(session.token, 'GET', `${base}/snelwijzer/partners?q=${encodeURIComponent(query)}`)).partners);
    } catch (e) {
      if (deactivatedMeanwhile(e)) return;
      setFailure(e instanceof AdminError ? e.message : 'Zoeken lukte niet. Probeer het opnieuw.');
    }
  };
  return (
    <fieldset class="utrecht-form-fieldset" aria-describedby={error ? 'card-partner-error' : undefined}>
      <legend class="utrecht-form-fieldset__legend">Partner om naar te verwijzen (niet verplicht)</legend>
      {error && <p class="utrecht-form-field-error-message" id="card-partner-error">{error}</p>}
      <p class="utrecht-paragraph" role="status">{chosen ? `Gekozen: ${chosen.name}${chosen.organisation ? ` (${chosen.organisation})` : ''}` : 'Geen partner gekozen.'}</p>
      {chosen && <Button onClick={() => onChoose(null)}>Geen partner</Button>}
      <div class="ido-row">
        <Field id="card-partner-query" label="Zoek de partner op naam">
          <input class="utrecht-textbox utrecht-textbox--html-input" id="card-partner-query" type="search" maxLength={2 * SEARCH_MAX.partner} value={query}
            onInput={(e) => setQuery(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void search(); } }} />
        </Field>
        <Button onClick={() => void search()}>Zoeken</Button>
      </div>
      {failure && <Alert type="error">{failure}</Alert>}
      {found && found.length === 0 && <p class="utrecht-paragraph">Niets gevonden. Staat de partner op de sociale kaart van uw organisatie of op de landelijke kaart?</p>}
      {found && found.length > 0 && (
        <ul class="ido-beheer-choices" aria-label="Gevonden partners">
          {found.map((p) => (
            <li key={p.id}><Button onClick={() => { onChoose(p); setFound(undefined); }}>{p.name}{p.organisation ? ` (${p.organisation})` : ''}</Button></li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
