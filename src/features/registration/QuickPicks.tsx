import { useMemo, useRef } from 'preact/hooks';
import type { Registration } from '../../shared/registration';
import { Button } from '../../ui/Button';
import type { QuestionDraft } from './draft';
import { applyQuickPick, keepSlots, rankQuickPicks, type QuickPick } from './quick-picks';

interface QuickPicksProps {
  recent: Registration[];
  /** the id of the form's draft: the tiles are arranged anew only when a fresh form starts */
  draftId: string;
  onPick: (question: QuestionDraft) => void;
  onSameAsPrevious?: () => void;
}

/** The row of tiles for the most used combinations on this tablet, and "Zelfde als vorige". */
export function QuickPicks({ recent, draftId, onPick, onSameAsPrevious }: QuickPicksProps) {
  const shown = useRef<QuickPick[]>([]);
  // Never rearranged under a finger: not while a form is filled in, and a tile that stays keeps its place.
  const picks = useMemo(() => (shown.current = keepSlots(shown.current, rankQuickPicks(recent, 4))), [draftId, recent.length > 0]);
  return (
    <section class="ido-card" aria-labelledby="quickpicks-heading">
      <div class="ido-row ido-row--spread">
        <h2 class="utrecht-heading-2" id="quickpicks-heading">Snel kiezen</h2>
        {/* Always there (unusable until a first contact): its coming would move the row. */}
        <Button onClick={onSameAsPrevious} disabled={!onSameAsPrevious}>Zelfde als vorige</Button>
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
