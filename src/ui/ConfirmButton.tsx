import { useLayoutEffect, useRef } from 'preact/hooks';
import { Button } from './Button';
import { ConfirmQuestion, useAskFirst } from './ConfirmQuestion';

interface ConfirmButtonProps {
  /** the button's text ("Ontkoppelen") */
  text: string;
  /** what it does to what, for screen readers and the question ("Tablet Balie 1 ontkoppelen") */
  label: string;
  question: string;
  confirmText: string;
  /** red, for a change that takes something away (the default); false for one that gives back, such as "Weer activeren" */
  danger?: boolean;
  disabled?: boolean;
  /**
   * Why the change cannot be done, when the page already knows it (a location that opens later cannot close today): a tap
   * says so at once in the question's place, with only "Terug", and nothing is asked or sent.
   */
  refusal?: string;
  onConfirm: () => void;
}

/**
 * A button for a change that cannot be undone, or not at once: it asks first, in the page (no browser dialog). The
 * keyboard focus goes to "Nee, terug" (a second Enter changes nothing: `ConfirmQuestion`) and back to the button after:
 * a list of one item to `useAskFirst`.
 */
export function ConfirmButton({ text, label, question, confirmText, danger = true, disabled, refusal, onConfirm }: ConfirmButtonProps) {
  const askFirst = useAskFirst<HTMLSpanElement>();
  // After "Ja, …" the button comes back disabled while the change runs, and a disabled button drops the focus to the page's
  // start. When the change was refused, the button stays: once it can be used again, the focus goes back to it (unless the
  // focus went somewhere else meanwhile). When it worked, the row usually no longer has this button, and nothing happens.
  const confirmed = useRef(false);
  useLayoutEffect(() => {
    if (!confirmed.current || disabled || askFirst.asking !== undefined) return;
    confirmed.current = false;
    const active = document.activeElement;
    if (active === null || active === document.body) askFirst.container.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [disabled, askFirst.asking]);
  if (askFirst.asking === undefined) {
    return <span ref={askFirst.container}><Button danger={danger} disabled={disabled} aria-label={label} data-asks="button" onClick={() => askFirst.ask('button')}>{text}</Button></span>;
  }
  if (refusal !== undefined) return <Refusal label={label} text={refusal} onBack={askFirst.cancel} />;
  return (
    <ConfirmQuestion label={label} question={question} confirmText={confirmText} cancelText="Nee, terug" danger={danger}
      onConfirm={() => { confirmed.current = true; askFirst.done(); onConfirm(); }} onCancel={askFirst.cancel} />
  );
}

/**
 * A change's refusal the page knew before asking, in the place of its button: the reason and "Terug", which has the focus
 * (before the next paint or key) with the reason tied to it, so a screen reader reads it; "Terug" gives the button back.
 */
function Refusal({ label, text, onBack }: { label: string; text: string; onBack: () => void }) {
  const group = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => group.current?.querySelector('button')?.focus(), []);
  const id = `refusal-${label.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return (
    <span class="ido-row" role="group" aria-label={label} ref={group}>
      <span class="ido-confirm__question" id={id}>{text}</span>
      <Button aria-describedby={id} onClick={onBack}>Terug</Button>
    </span>
  );
}
