import { db } from '../../db/db';
import { cardsForTopics } from '../../db/snelwijzer';
import { useLiveQuery } from '../../db/use-live-query';
import { CardText } from '../../ui/CardText';

/**
 * "Hulp bij dit onderwerp": the Snelwijzer's cards for the chosen topics, opened in place (offline, from
 * the tablet's own copy), so the form stays as it is: the second tap shows the steps.
 */
export function TopicHelp({ id, topics }: { id: string; topics: string[] }) {
  const cards = useLiveQuery(() => cardsForTopics(db, topics), [topics.join(',')], []);
  const partners = useLiveQuery(async () => new Map((await db.kaartServices.bulkGet(cards.flatMap((c) => (c.service_id ? [c.service_id] : []))))
    .flatMap((s) => (s ? [[s.id, s.name] as const] : []))), [cards.map((c) => c.service_id).join(',')]);
  if (cards.length === 0) return null;
  return (
    <section class="ido-topic-help" aria-labelledby={`${id}-heading`} id={id}>
      <p class="utrecht-paragraph" id={`${id}-heading`}><strong>Hulp bij dit onderwerp</strong></p>
      {cards.map((card) => (
        <details key={card.id}>
          <summary>{card.title}</summary>
          <CardText text={card.body} />
          {card.bring.trim() !== '' && <><p class="utrecht-paragraph"><strong>Wat neemt de bezoeker mee</strong></p><CardText text={card.bring} /></>}
          {card.service_id && partners?.get(card.service_id) && <p class="utrecht-paragraph">Verwijs naar: <strong>{partners.get(card.service_id)}</strong></p>}
        </details>
      ))}
    </section>
  );
}
