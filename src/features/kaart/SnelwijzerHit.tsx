import { label } from '../../shared/codelists';
import type { SnelwijzerCard } from '../../shared/snelwijzer/card';

/** A Snelwijzer card among the kaart's search results, marked as such. */
export function SnelwijzerHit({ card }: { card: SnelwijzerCard }) {
  return (
    <li class="ido-list__item ido-list__item--snelwijzer">
      <a class="ido-result-link" href={`#/snelwijzer/${encodeURIComponent(card.id)}`}>{card.title}</a>
      <p class="utrecht-paragraph ido-muted"><strong>Snelwijzer</strong> · {card.owner_organisation_id === null ? 'landelijke kaart' : 'eigen kaart'} · {card.topics.map((t) => label('topic', t)).join(', ')}</p>
    </li>
  );
}
