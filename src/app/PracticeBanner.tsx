import { Button } from '../ui/Button';
import { focusMainHeading } from '../ui/heading-focus';
import { stopPractice, usePractice } from '../ui/practice';

/**
 * "U oefent" on every page while this tab practises (ui/practice.ts), at the top of the page: it comes and goes only
 * by a tap (Beginnen met oefenen in Instellingen, Stoppen met oefenen here), and its text never changes by itself, so
 * nothing under a finger moves. After Stoppen, the page says in the banner's place that saves count again.
 */
export function PracticeBanner({ onStopped }: { onStopped: () => void }) {
  const practising = usePractice();
  if (!practising) return null;
  return (
    <section class="ido-practice" id="practice-banner" aria-labelledby="practice-heading">
      <p class="utrecht-paragraph">
        <strong id="practice-heading">U oefent.</strong> Contacten en groepsbijeenkomsten die u nu opslaat, worden niet bewaard en niet verstuurd.
      </p>
      {/* The button goes with the banner: the focus to the page's heading once the page is drawn again (the form anew). */}
      <Button onClick={() => { stopPractice(); onStopped(); requestAnimationFrame(() => focusMainHeading(null)); }}>Stoppen met oefenen</Button>
    </section>
  );
}
