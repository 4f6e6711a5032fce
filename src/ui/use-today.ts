import { useEffect, useState } from 'preact/hooks';
import { amsterdamDay } from '../shared/time';

/**
 * Amsterdam's day (`YYYY-MM-DD`), kept current: the component draws again when the day changes. A tablet leaves
 * the app open for days, so a form or day list drawn yesterday would otherwise still say "vandaag" for yesterday.
 * Looked at each minute, and at once when the page is shown again (a sleeping tablet's timers wait).
 */
export function useAmsterdamDay(): string {
  const [day, setDay] = useState(() => amsterdamDay(new Date()));
  useEffect(() => {
    const look = () => setDay(amsterdamDay(new Date()));
    const tick = setInterval(look, 60_000);
    document.addEventListener('visibilitychange', look);
    return () => {
      clearInterval(tick);
      document.removeEventListener('visibilitychange', look);
    };
  }, []);
  return day;
}
