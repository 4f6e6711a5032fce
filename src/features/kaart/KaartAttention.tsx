import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { useFloatingLayer } from '../../ui/floating-stack';
import { kaartChoicesText } from './refusal-text';

/** What on the kaart needs the coordinator: changes to choose between, and edits held for a deactivated organisation. */
export interface KaartAttentionState {
  /** conflicts and refusals (#/kaart/conflicten) */
  choices: number;
  /** of `choices`, the changes the server refused */
  refused: number;
  /** edits the tablet keeps because the national team deactivated the organisation (kaart-push.ts) */
  held: boolean;
}

const choicesText = (state: KaartAttentionState) => kaartChoicesText(state.choices, state.refused);

/**
 * Said above the search box, and only for what was known when the page was drawn first (`atStart`): a background
 * sync that brought a conflict, or found the organisation deactivated, put these boxes above the search box while
 * the page was open, and the search box and results jumped down under a finger. What comes later floats
 * (`KaartAttentionNews`). A box that stops being true keeps its place and says what is true now.
 */
export function KaartAttentionInline({ atStart, live }: { atStart: KaartAttentionState; live: KaartAttentionState }) {
  const choices = useKeptHeight(live.choices === 0);
  const held = useKeptHeight(!live.held);
  return (
    <>
      {atStart.choices > 0 && (
        <div class="ido-banner ido-banner--inline" id="kaart-choices" ref={choices.ref} style={choices.style}>
          {live.choices > 0
            ? <a class="ido-result-link" href="#/kaart/conflicten">{choicesText(live)}</a>
            : <span>Er is niets meer te kiezen: alle wijzigingen in de kaart zijn verwerkt.</span>}
        </div>
      )}
      {atStart.held && (
        <div id="kaart-deactivated" ref={held.ref} style={held.style}>
          {live.held ? (
            <Alert type="warning">
              <p class="utrecht-paragraph">
                Het landelijk team heeft uw organisatie gedeactiveerd. Daarom gaan uw wijzigingen in de sociale kaart niet
                meer naar de server. Ze blijven wel op deze tablet bewaard.
              </p>
              <p class="utrecht-paragraph">Klopt dit niet? Neem contact op met het landelijk team.</p>
              <p class="utrecht-paragraph">Registraties en meldingen 'Klopt niet' gaan nog wel gewoon naar de server.</p>
            </Alert>
          ) : (
            <Alert type="ok"><p class="utrecht-paragraph">Er wachten geen wijzigingen in de sociale kaart meer op deze tablet.</p></Alert>
          )}
        </div>
      )}
    </>
  );
}

/**
 * What comes while the page is open, and was not above the search box from the start: a floating note (like the
 * app's other banners that come by themselves, `.ido-toasts`) that pushes nothing. Right after the heading in the
 * page, so Tab reaches it first; read out through a live region that is there from the start. Stays until "Sluiten"
 * (a new conflict after that brings it back) or until it is no longer true.
 */
export function KaartAttentionNews({ atStart, live }: { atStart: KaartAttentionState; live: KaartAttentionState }) {
  // "Sluiten" hides the conflicts' note up to that count, and the deactivation's for as long as the page is open. What
  // stands above the search box from the start says its own news there (a count that grows, or the status bar's line).
  const [closed, setClosed] = useState({ choices: atStart.choices > 0 ? Infinity : 0, held: atStart.held });
  const choices = live.choices > closed.choices ? live.choices : 0;
  const held = live.held && !closed.held;
  const heldText = 'Het landelijk team heeft uw organisatie gedeactiveerd. Uw wijzigingen in de sociale kaart blijven daarom op deze tablet. '
    + 'Klopt dit niet? Neem contact op met het landelijk team.';
  const close = (what: Partial<typeof closed>) => {
    setClosed({ ...closed, ...what });
    focusHeading('kaart-heading');
  };
  const spoken = [choices > 0 ? `${choicesText(live)}.` : '', held ? heldText : ''].filter(Boolean).join(' ');
  // Each note its own layer of the floating stack: the one that comes stands above the one shown, and a note closed
  // leaves the other where it is (in one layer, in the page's order, a note that came second could push the first up).
  return (
    <>
      <p class="ido-visually-hidden" role="status" aria-live="polite" id="kaart-news-spoken">{spoken}</p>
      <FloatingNote>
        {choices > 0 && (
          <div class="ido-banner" id="kaart-choices-news">
            <Alert type="info" role="none">
              <a class="ido-result-link" href="#/kaart/conflicten">{choicesText(live)}</a>
              <Button onClick={() => close({ choices: live.choices })}>Sluiten</Button>
            </Alert>
          </div>
        )}
      </FloatingNote>
      <FloatingNote>
        {held && (
          <div class="ido-banner" id="kaart-deactivated-news">
            <Alert type="warning" role="none">
              <span>{heldText}</span>
              <Button onClick={() => close({ held: true })}>Sluiten</Button>
            </Alert>
          </div>
        )}
      </FloatingNote>
    </>
  );
}

/** A page's note that floats at the bottom (`.ido-page-toasts`), one layer of the floating stack; empty when not shown
 *  (also the conflicts page's note of what came below). */
export function FloatingNote({ children }: { children: ComponentChildren }) {
  const floating = useFloatingLayer<HTMLDivElement>();
  return <div class="ido-page-toasts" ref={floating}>{children}</div>;
}

const EDIT_HELD = 'Het landelijk team heeft uw organisatie gedeactiveerd. Als u opslaat, blijft uw wijziging alleen op deze tablet: '
  + 'ze gaat niet naar de server en collega’s zien haar niet.';
const EDIT_HELD_TODO = 'Klopt dit niet? Neem contact op met het landelijk team. Is uw organisatie weer actief, dan gaat uw wijziging vanzelf mee.';

/**
 * On the edit form, before Opslaan: the tablet knows its organisation is deactivated (`atStart`, read before the form's
 * first render), so a saved edit stays "niet verstuurd" on the tablet. It stood nowhere on the form, which said the edit
 * "gaat mee bij de volgende verbinding". In the place of that line; when it stops being true, the box keeps its height.
 */
export function EditDeactivatedInline({ live }: { live: boolean }) {
  const kept = useKeptHeight(!live);
  return (
    <div id="svc-deactivated" ref={kept.ref} style={kept.style}>
      {live ? (
        <Alert type="warning">
          <p class="utrecht-paragraph">{EDIT_HELD}</p>
          <p class="utrecht-paragraph">{EDIT_HELD_TODO}</p>
        </Alert>
      ) : (
        <Alert type="ok"><p class="utrecht-paragraph">Uw organisatie is weer actief. Uw wijziging gaat mee bij de volgende verbinding.</p></Alert>
      )}
    </div>
  );
}

/**
 * The form's line under its heading. When a sync finds the organisation deactivated while the form is open it says so
 * (it said the edit "gaat mee"), shorter, in a box that keeps its height: no field moves.
 */
export function EditSyncLine({ held }: { held: boolean }) {
  const kept = useKeptHeight(held);
  return (
    <p class="utrecht-paragraph" id="svc-sync-line" ref={kept.ref} style={kept.style}>
      {held ? 'Uw organisatie is gedeactiveerd: uw wijziging blijft op deze tablet.' : 'Uw wijziging staat meteen op deze tablet en gaat mee bij de volgende verbinding.'}
    </p>
  );
}

/**
 * The same, when a sync finds the organisation deactivated while the form is open: it floats (`.ido-page-toasts`) and
 * moves no field; right after the heading for Tab, read out from a live region that is there from the start.
 */
export function EditDeactivatedNews({ live }: { live: boolean }) {
  const [closed, setClosed] = useState(false);
  const shown = live && !closed;
  return (
    <>
      <p class="ido-visually-hidden" role="status" aria-live="polite" id="svc-deactivated-spoken">{shown ? `${EDIT_HELD} ${EDIT_HELD_TODO}` : ''}</p>
      <FloatingNote>
        {shown && (
          <div class="ido-banner" id="svc-deactivated-news">
            <Alert type="warning" role="none">
              <span>{EDIT_HELD} {EDIT_HELD_TODO}</span>
              <Button onClick={() => {
                setClosed(true);
                focusHeading('svc-heading');
              }}>Sluiten</Button>
            </Alert>
          </div>
        )}
      </FloatingNote>
    </>
  );
}

/** A floating note's button goes: the focus to the page's heading, not lost on the body. */
function focusHeading(id: string) {
  const heading = document.getElementById(id);
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
}

/**
 * A box that keeps the height it had while it said something that is no longer true (`gone`): its shorter text
 * then moves nothing below it. The height is read in the render that changes it, from the box as still drawn.
 */
function useKeptHeight(gone: boolean) {
  const ref = useRef<HTMLDivElement & HTMLParagraphElement>(null);
  const kept = useRef<number>();
  if (gone && kept.current === undefined && ref.current) kept.current = ref.current.offsetHeight;
  return { ref, style: kept.current === undefined ? undefined : { minBlockSize: `${kept.current}px` } };
}
