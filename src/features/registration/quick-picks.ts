import { categoryOfTopic, governmentOrganisationOfTopic, label } from '../../shared/codelists';
import type { Registration } from '../../shared/registration';
import type { QuestionDraft } from './draft';

/** A tile that fills a question with one of the most used combinations. */
export interface QuickPick {
  topic: string;
  help: string;
  label: string;
}

/** Before a tablet has history: the combinations IDOs see most (KB figures: DigiD and toeslagen lead). */
export const DEFAULT_QUICK_PICKS: ReadonlyArray<Pick<QuickPick, 'topic' | 'help'>> = [
  { topic: 'digid', help: 'samen_gedaan' },
  { topic: 'toeslagen', help: 'doorverwezen' },
  { topic: 'belastingaangifte', help: 'samen_gedaan' },
  { topic: 'mijnoverheid_berichtenbox', help: 'uitleg' },
  { topic: 'toeslagen', help: 'samen_gedaan' },
  { topic: 'computer_tablet_smartphone', help: 'uitleg' },
];

const toPick = ({ topic, help }: Pick<QuickPick, 'topic' | 'help'>): QuickPick => ({
  // The help label up to its comma: "Uitgelegd, bezoeker deed het zelf" becomes "uitgelegd".
  topic, help, label: `${label('topic', topic)} – ${label('help', help).split(',')[0].toLowerCase()}`,
});

/**
 * Ranks the topic–help combinations of this tablet's own registrations: most used first,
 * the more recent one first on a tie; filled up with the defaults to `count` tiles.
 * `recent` is newest first.
 */
export function rankQuickPicks(recent: readonly Registration[], count = 4): QuickPick[] {
  const tally = new Map<string, { topic: string; help: string; uses: number; lastSeen: number }>();
  recent.forEach((registration, age) => {
    for (const question of registration.questions) {
      const topic = question.topics[0];
      const help = question.help[0];
      if (!topic || !help || topic === 'anders' || help === 'anders') continue;
      const key = `${topic}|${help}`;
      const entry = tally.get(key) ?? { topic, help, uses: 0, lastSeen: age };
      entry.uses += 1;
      entry.lastSeen = Math.min(entry.lastSeen, age);
      tally.set(key, entry);
    }
  });
  const ranked = [...tally.values()].sort((a, b) => b.uses - a.uses || a.lastSeen - b.lastSeen);
  const picks = ranked.slice(0, count).map(toPick);
  for (const fallback of DEFAULT_QUICK_PICKS) {
    if (picks.length >= count) break;
    if (!picks.some((p) => p.topic === fallback.topic && p.help === fallback.help)) picks.push(toPick(fallback));
  }
  return picks;
}

/** The question a quick pick fills in; what it cannot know (DigiD follow-up, referral kind) stays open. */
export function applyQuickPick(pick: QuickPick, recent: readonly Registration[] = []): QuestionDraft {
  const organisation = governmentOrganisationOfTopic(pick.topic);
  return {
    category: categoryOfTopic(pick.topic),
    topics: [pick.topic],
    governmentOrganisations: organisation ? [organisation] : [],
    help: [pick.help],
    resolved: mostCommonResolved(pick, recent),
    otherText: '',
  };
}

/** How this combination usually ends on this tablet; "samen gedaan" is usually solved. */
function mostCommonResolved(pick: QuickPick, recent: readonly Registration[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of recent) {
    for (const q of r.questions) {
      if (q.topics[0] === pick.topic && q.help[0] === pick.help) counts.set(q.resolved, (counts.get(q.resolved) ?? 0) + 1);
    }
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best) return best[0];
  return pick.help === 'samen_gedaan' ? 'ja' : undefined;
}

/**
 * A new ranking put into the tiles as they stand: a pick still among the best keeps its place, a new
 * one takes the place of the one that dropped out. A finger that knows where a tile is finds it there.
 */
export function keepSlots(shown: readonly QuickPick[], ranked: readonly QuickPick[]): QuickPick[] {
  if (shown.length !== ranked.length) return [...ranked];
  const key = (pick: QuickPick) => `${pick.topic}|${pick.help}`;
  const stays = new Set(ranked.map(key));
  const present = new Set(shown.map(key));
  const incoming = ranked.filter((pick) => !present.has(key(pick)));
  return shown.map((pick) => (stays.has(key(pick)) ? pick : incoming.shift()!));
}
