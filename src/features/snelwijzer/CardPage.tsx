import { useState } from 'preact/hooks';
import { db } from '../../db/db';
import { cardById, copyNationalCard, deleteCard } from '../../db/snelwijzer';
import { useLiveQuery } from '../../db/use-live-query';
import { label } from '../../shared/codelists';
import { dayText } from '../../shared/date-text';
import { isCardStale, isSafeLink } from '../../shared/snelwijzer/card';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { CardText } from '../../ui/CardText';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { PartnerContact } from '../../ui/PartnerContact';
import { serviceView } from '../../db/kaart/joins';
import { partnerContact } from '../../shared/kaart/partner-contact';

interface CardPageProps {
  id: string;
  now: Date;
  /** a coordinator's tablet: edit own cards, copy national ones */
  canEdit: boolean;
  organisationId?: string;
  serviceHref: (serviceId: string) => string;
  editHref: (cardId: string) => string;
  onCopied: (cardId: string) => void;
  onDeleted: () => void;
  backHref: string;
}

/** One Snelwijzer card: steps, what to bring, links and the partner to refer to, with its last check. */
export function CardPage({ id, now, canEdit, organisationId, serviceHref, editHref, onCopied, onDeleted, backHref }: CardPageProps) {
  const card = useLiveQuery((db) => cardById(db, id).then((c) => c ?? null), [id]);
  // Whom to call: the partner from the tablet's kaart, open now or not, with its numbers to tap.
  const partner = useLiveQuery(async () => {
    const view = card?.service_id ? await serviceView(db, card.service_id) : undefined;
    return view ? partnerContact(view.service, view.schedules, view.phones, now) : null;
  }, [card?.service_id]);
  const [error, setError] = useState<string | undefined>(undefined);
  if (card === undefined) return <p class="utrecht-paragraph">Laden…</p>;
  if (card === null) return <Alert type="warning">Deze kaart staat niet (meer) in de Snelwijzer. <a href={backHref}>Terug naar de Snelwijzer</a></Alert>;
  const national = card.owner_organisation_id === null;
  const copy = async () => {
    if (!organisationId) return;
    const result = await copyNationalCard(db, card, organisationId, now);
    if (result.ok) onCopied(result.id);
    else setError(result.errors[0].message);
  };
  const remove = async () => {
    await deleteCard(db, card.id, now);
    onDeleted();
  };

  return (
    <article aria-labelledby="card-heading">
      <p class="utrecht-paragraph"><a class="ido-result-link" href={backHref}>← Terug naar de Snelwijzer</a></p>
      <h1 class="utrecht-heading-1" id="card-heading">{card.title}</h1>
      <p class="utrecht-paragraph ido-muted">{national ? 'Landelijke kaart' : 'Kaart van uw organisatie'} · {card.topics.map((t) => label('topic', t)).join(', ')}</p>
      {error && <Alert type="error">{error}</Alert>}
      {isCardStale(card.checked_on, now) && (
        <Alert type="warning">Laatst gecontroleerd op {dayText(card.checked_on)}: langer dan zes maanden geleden. Klopt alles nog? Vraag het de coördinator.</Alert>
      )}
      <section class="ido-card" aria-labelledby="card-steps-heading">
        <h2 class="utrecht-heading-2" id="card-steps-heading">Zo helpt u</h2>
        <CardText text={card.body} />
      </section>
      {card.bring.trim() !== '' && (
        <section class="ido-card" aria-labelledby="card-bring-heading">
          <h2 class="utrecht-heading-2" id="card-bring-heading">Wat neemt de bezoeker mee</h2>
          <CardText text={card.bring} />
        </section>
      )}
      {(card.links.length > 0 || card.service_id) && (
        <section class="ido-card" aria-labelledby="card-links-heading">
          <h2 class="utrecht-heading-2" id="card-links-heading">Verder helpen</h2>
          <ul class="ido-card-text__list">
            {card.service_id && (
              // undefined while the tablet's kaart is read (a moment): nothing yet, rather than "not on the kaart"
              partner !== undefined && <li>{partner ? <PartnerContact info={partner} href={serviceHref(card.service_id)} /> : 'Verwijs naar: een partner die niet (meer) op de sociale kaart staat'}</li>
            )}
            {card.links.filter((link) => isSafeLink(link.url)).map((link) => (
              <li key={link.url}><a class="ido-result-link" href={link.url} target="_blank" rel="noopener noreferrer">{link.label}</a></li>
            ))}
          </ul>
        </section>
      )}
      <p class="utrecht-paragraph ido-muted">Laatst gecontroleerd: {dayText(card.checked_on)}</p>
      {canEdit && (
        <div class="ido-row">
          {national
            ? organisationId && <Button onClick={copy}>Kopiëren naar eigen kaarten</Button>
            : <>
                <a class="utrecht-button utrecht-button--primary-action" href={editHref(card.id)}>Bewerken</a>
                <ConfirmButton text="Verwijderen" label={`Kaart ${card.title} verwijderen`} question="Deze kaart verwijderen? Dat geldt voor alle tablets van uw organisatie."
                  confirmText="Ja, verwijderen" onConfirm={() => void remove()} />
              </>}
        </div>
      )}
    </article>
  );
}
