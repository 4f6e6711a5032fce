import { useState } from 'preact/hooks';
import { Button } from '../../ui/Button';

interface ConfirmButtonProps {
  /** the button's text ("Ontkoppelen") */
  text: string;
  /** what it does to what, for screen readers and the question ("Tablet Balie 1 ontkoppelen") */
  label: string;
  question: string;
  confirmText: string;
  disabled?: boolean;
  onConfirm: () => void;
}

/** A button for a change that cannot be undone: it asks first, in the page (no browser dialog). */
export function ConfirmButton({ text, label, question, confirmText, disabled, onConfirm }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <Button danger disabled={disabled} aria-label={label} onClick={() => setAsking(true)}>{text}</Button>;
  return (
    <span class="ido-row" role="group" aria-label={label}>
      <span>{question}</span>
      <Button danger appearance="primary" onClick={() => { setAsking(false); onConfirm(); }}>{confirmText}</Button>
      <Button onClick={() => setAsking(false)}>Nee, terug</Button>
    </span>
  );
}
