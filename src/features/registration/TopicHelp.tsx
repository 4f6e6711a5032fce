import { db } from '../../db/db';
import { serviceView } from '../../db/kaart/joins';
import { cardsForTopics } from '../../db/snelwijzer';
import { useLiveQuery } from '../../db/use-live-query';
import { partnerContact, type PartnerContactInfo } from '../../shared/kaart/partner-contact';
import { CardText } from '../../ui/CardText';
import { PartnerContact } from '../../ui/PartnerContact';

/**
 * "Hulp bij dit onderwerp": the Snelwijzer's cards for the chosen topics, opened in place (offline, from
 * the tablet's own copy), so the form stays as it is: the second tap shows the steps. `question`: the id of its
 * question's heading.
 */
export function TopicHelp({ id, question, topics, now = new Date() }: { id: string; question: string; topics: string[]; now?: Date }) {
  const cards = useLiveQuery((db) => cardsForTopics(db, topics), [topics.join(',')], []);
  // Whom to call: each card's partner from the tablet's kaart, with whether it is open now and its numbers.
  const partners = useLiveQuery(async () => {
    const found = new Map<string, PartnerContactInfo>();
    for (const serviceId of new Set(cards.flatMap((c) => (c.service_id ? [c.service_id] : [])))) {
      const view = await serviceView(db, serviceId);
      if (view) found.set(serviceId, partnerContact(view.service, view.schedules, view.phones, now));
    }
    return found;
  }, [cards.map((c) => c.service_id).join(',')]);
  if (cards.length === 0) return null;
  return (
    // Named with its question's heading ("Hulp bij dit onderwerp Vraag 2 van 2"): two questions' help were two regions of one name.
    <section class="ido-topic-help" aria-labelledby={`${id}-heading ${question}`} id={id}>
      <p class="utrecht-paragraph" id={`${id}-heading`}><strong>Hulp bij dit onderwerp</strong></p>
      {cards.map((card) => (
        <details key={card.id}>
          <summary>{card.title}</summary>
          <CardText text={card.body} />
          {card.bring.trim() !== '' && <><p class="utrecht-paragraph"><strong>Wat neemt de bezoeker mee</strong></p><CardText text={card.bring} /></>}
          {card.service_id && partners?.get(card.service_id) && <PartnerContact info={partners.get(card.service_id)!} />}
        </details>
      ))}
    </section>
  );
}
