import { useEffect, useState } from 'preact/hooks';

/**
 * Oefenen: a new colleague or a pop-up volunteer tries the contact form and the group session form on a tablet
 * that is in real use, and nothing of it counts. While this tab practises, a save of either form writes nothing
 * (no IndexedDB, so nothing can ever reach the outbox or the national figures); the form checks and answers as
 * always, and every page says "U oefent" (app/PracticeBanner.tsx).
 *
 * The mode is this tab's (`sessionStorage`), as the kept form draft is: a reload (a new version) keeps
 * practising, so a volunteer is never switched to real saves without seeing it; a new tab or a restarted app
 * starts for real. Nothing of a practice save is kept anywhere, not even in memory.
 */
const KEY = 'ido-practice';

let practising = readStored();
const listeners = new Set<(on: boolean) => void>();

function readStored(): boolean {
  try {
    return sessionStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

function set(on: boolean): void {
  practising = on;
  try {
    if (on) sessionStorage.setItem(KEY, '1');
    else sessionStorage.removeItem(KEY);
  } catch {
    // a browser without sessionStorage practises until the page reloads
  }
  for (const listener of listeners) listener(on);
}

/** Whether this tab practises now: read at a save, so a form's save never writes once practice began. */
export function isPractising(): boolean {
  return practising;
}

export function startPractice(): void {
  set(true);
}

export function stopPractice(): void {
  set(false);
}

/** Whether this tab practises, kept current. */
export function usePractice(): boolean {
  const [on, setOn] = useState(practising);
  useEffect(() => {
    listeners.add(setOn);
    setOn(practising); // a change between the render and this effect
    return () => void listeners.delete(setOn);
  }, []);
  return on;
}

/** The save bar's words before what a practice save would have saved (short: the bar holds two lines at 768 px). */
export const PRACTICE_NOT_SAVED = 'Oefening, niet bewaard:';

/** A practice edit of a stored registration or group session: refused, so a real record never changes while practising. */
export const PRACTICE_EDIT_REFUSED = 'U oefent: een wijziging wordt niet bewaard. Wilt u echt iets wijzigen? Kies bovenaan “Stoppen met oefenen”.';

/** A day list's question before a delete: while practising it says the record is real (a delete is never practice). */
export function deleteQuestion(practising: boolean): string {
  return `${practising ? 'Let op: dit is een echte registratie, geen oefening. ' : ''}Weet u het zeker? Dit kunt u niet ongedaan maken.`;
}
