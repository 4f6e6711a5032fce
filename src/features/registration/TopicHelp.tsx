import { db } from '../../db/db';
import { cardsForTopics } from '../../db/snelwijzer';
import { useLiveQuery } from '../../db/use-live-query';

/**
 * "Hulp bij dit onderwerp": the Snelwijzer's cards for the chosen topics, one tap away (offline, from
 * the tablet's own copy). The form's draft is kept, so the way back finds the form as it was.
 */
export function TopicHelp({ id, topics }: { id: string; topics: string[] }) {
  const cards = useLiveQuery(() => cardsForTopics(db, topics), [topics.join(',')], []);
  if (cards.length === 0) return null;
  return (
    <nav class="ido-topic-help" aria-labelledby={`${id}-heading`} id={id}>
      <p class="utrecht-paragraph" id={`${id}-heading`}><strong>Hulp bij dit onderwerp</strong></p>
      <ul class="ido-list">
        {cards.map((card) => (
          <li class="ido-list__item" key={card.id}><a class="ido-result-link" href={`#/snelwijzer/${encodeURIComponent(card.id)}`}>{card.title}</a></li>
        ))}
      </ul>
    </nav>
  );
}
