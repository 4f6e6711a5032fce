import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Button } from './Button';

interface ConfirmQuestionProps {
  /** what it does to what, for screen readers ("Verwijderen van 10:15 bevestigen") */
  label: string;
  question: string;
  confirmText: string;
  cancelText: string;
  /** red, for a change that takes something away (the default) */
  danger?: boolean;
  /** a `span` inside a row of buttons (a table cell's actions), a `div` where it replaces the row */
  as?: 'span' | 'div';
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The question of a change that asks first: its text, "Ja, …" and the way back. A new element, never the button that
 * opened it re-used (Preact would turn that focused button into "Ja, …", and a second Enter or a double tap would answer
 * yes); the focus is on the way back before the browser paints or takes the next key, so a second Enter changes nothing.
 */
export function ConfirmQuestion({ label, question, confirmText, cancelText, danger = true, as: Tag = 'span', onConfirm, onCancel }: ConfirmQuestionProps) {
  const group = useRef<HTMLDivElement & HTMLSpanElement>(null);
  useLayoutEffect(() => group.current?.querySelector<HTMLButtonElement>('button:last-child')?.focus(), []);
  return (
    <Tag class="ido-row" role="group" aria-label={label} ref={group}>
      <span class="ido-confirm__question">{question}</span>
      <Button danger={danger} appearance="primary" onClick={onConfirm}>{confirmText}</Button>
      <Button onClick={onCancel}>{cancelText}</Button>
    </Tag>
  );
}

/**
 * Which item of a list asks first (one at a time), for a list that shows `ConfirmQuestion` in an item's place of
 * buttons. After the way back the focus is on the button that asked again (the one with `data-asks={id}` inside
 * `container`), not lost to the page's start; after `done` (the item is gone) it stays where the page puts it.
 */
export function useAskFirst<T extends HTMLElement = HTMLUListElement>() {
  const [asking, setAsking] = useState<string | undefined>(undefined);
  const back = useRef<string | undefined>(undefined);
  const container = useRef<T>(null);
  useLayoutEffect(() => {
    if (asking !== undefined || back.current === undefined) return;
    container.current?.querySelector<HTMLElement>(`[data-asks="${CSS.escape(back.current)}"]`)?.focus();
    back.current = undefined;
  }, [asking]);
  return {
    asking,
    container,
    ask: (id: string) => setAsking(id),
    cancel: () => { back.current = asking; setAsking(undefined); },
    done: () => setAsking(undefined),
  };
}
