import type { Registration } from '../../shared/registration';
import { Button } from '../../ui/Button';
import type { QuestionDraft } from './draft';
import { applyQuickPick, rankQuickPicks } from './quick-picks';

interface QuickPicksProps {
  recent: Registration[];
  onPick: (question: QuestionDraft) => void;
  onSameAsPrevious?: () => void;
}

/** The row of tiles for the most used combinations on this tablet, and "Zelfde als vorige". */
export function QuickPicks({ recent, onPick, onSameAsPrevious }: QuickPicksProps) {
  const picks = rankQuickPicks(recent, 4);
  return (
    <section class="ido-card" aria-labelledby="quickpicks-heading">
      <div class="ido-row ido-row--spread">
        <h2 class="utrecht-heading-2" id="quickpicks-heading">Snel kiezen</h2>
        {onSameAsPrevious && <Button onClick={onSameAsPrevious}>Zelfde als vorige</Button>}
      </div>
      <ul class="ido-quickpicks">
        {picks.map((pick) => (
          <li key={`${pick.topic}|${pick.help}`}>
            <Button onClick={() => onPick(applyQuickPick(pick, recent))}>{pick.label}</Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
