import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Button } from '../../ui/Button';
import { progressText, type ImportProgress } from './import-preview';

/** How often the spoken text may change: a screen reader reads every change of a live region. */
const SPOKEN_EVERY_MS = 2000;

/**
 * Where a background import is: a <progress> (without a value while checking), its text, and a
 * button to stop. The box has a fixed size, so the page does not shift while the numbers change.
 */
export function ImportProgressBox({ label, progress, onCancel }: { label: string; progress: ImportProgress | undefined; onCancel?: () => void }) {
  const text = progress ? progressText(progress) : 'Starten…';
  const spoken = useThrottled(text, SPOKEN_EVERY_MS);
  const value = progress && progress.phase !== 'checking' ? { value: progress.done, max: Math.max(1, progress.total) } : {};
  const box = useRef<HTMLDivElement>(null);
  // the button that started it is gone: the keyboard lands on "Stoppen" before the next key (a layout effect), not first
  // on the page's body (or the file picker, which a key there opened again) until the next frame
  useLayoutEffect(() => box.current?.querySelector('button')?.focus(), []);
  return (
    <div class="ido-import-progress__box" ref={box}>
      <label class="ido-import-progress__label" for="import-progress">{label}</label>
      <progress id="import-progress" class="ido-import-progress__bar" {...value} aria-describedby="import-progress-text">{text}</progress>
      <p class="utrecht-paragraph ido-import-progress__text" id="import-progress-text" aria-hidden="true">{text}</p>
      <p class="ido-visually-hidden" role="status" aria-live="polite">{spoken}</p>
      {onCancel && <div class="ido-row"><Button appearance="secondary" onClick={onCancel}>Stoppen</Button></div>}
    </div>
  );
}

/** The value, changed at most every `ms` (the latest value is shown once the time is up). */
function useThrottled(value: string, ms: number): string {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    const show = () => {
      last.current = Date.now();
      setShown(value);
    };
    if (wait <= 0) return show();
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
