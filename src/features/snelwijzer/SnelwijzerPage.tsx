import { allCards } from '../../db/snelwijzer';
import { useLiveQuery } from '../../db/use-live-query';
import { label } from '../../shared/codelists';
import { isCardStale } from '../../shared/snelwijzer/card';

interface SnelwijzerPageProps {
  now: Date;
  canEdit: boolean;
  cardHref: (id: string) => string;
  newHref: string;
}

/** The Snelwijzer: every card on the tablet, the organisation's own first, then the national ones. */
export function SnelwijzerPage({ now, canEdit, cardHref, newHref }: SnelwijzerPageProps) {
  const cards = useLiveQuery((db) => allCards(db), []);
  return (
    <section aria-labelledby="snelwijzer-heading">
      <h1 class="utrecht-heading-1" id="snelwijzer-heading">Snelwijzer</h1>
      <p class="utrecht-paragraph">Korte uitleg per onderwerp: wat u doet, wat de bezoeker meeneemt en naar wie u verwijst. Ook zonder internet. Zoeken kan ook in de sociale kaart.</p>
      {canEdit && <p class="utrecht-paragraph"><a class="utrecht-button utrecht-button--secondary-action" href={newHref}>Nieuwe kaart</a></p>}
      {cards === undefined ? <p class="utrecht-paragraph">Laden…</p> : cards.length === 0 ? (
        <p class="utrecht-paragraph">Er staan nog geen kaarten op deze tablet. Ze komen mee bij de volgende verbinding.</p>
      ) : (
        <ul class="ido-list" id="snelwijzer-list">
          {cards.map((card) => (
            <li key={card.id} class="ido-list__item">
              <a class="ido-result-link" href={cardHref(card.id)}>{card.title}</a>
              <p class="utrecht-paragraph ido-muted">
                {card.owner_organisation_id === null ? 'Landelijk' : 'Eigen kaart'} · {card.topics.map((t) => label('topic', t)).join(', ')}
                {isCardStale(card.checked_on, now) ? ' · controle nodig' : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
