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
  onConfirm: () => void;
}

/**
 * A button for a change that cannot be undone, or not at once: it asks first, in the page (no browser dialog). The
 * keyboard focus goes to "Nee, terug" (a second Enter changes nothing: `ConfirmQuestion`) and back to the button after:
 * a list of one item to `useAskFirst`.
 */
export function ConfirmButton({ text, label, question, confirmText, danger = true, disabled, onConfirm }: ConfirmButtonProps) {
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
  return (
    <ConfirmQuestion label={label} question={question} confirmText={confirmText} cancelText="Nee, terug" danger={danger}
      onConfirm={() => { confirmed.current = true; askFirst.done(); onConfirm(); }} onCancel={askFirst.cancel} />
  );
}
