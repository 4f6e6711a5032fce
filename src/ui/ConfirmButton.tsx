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
  if (askFirst.asking === undefined) {
    return <span ref={askFirst.container}><Button danger={danger} disabled={disabled} aria-label={label} data-asks="button" onClick={() => askFirst.ask('button')}>{text}</Button></span>;
  }
  return (
    <ConfirmQuestion label={label} question={question} confirmText={confirmText} cancelText="Nee, terug" danger={danger}
      onConfirm={() => { askFirst.done(); onConfirm(); }} onCancel={askFirst.cancel} />
  );
}
