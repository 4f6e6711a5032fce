import { useRef } from 'preact/hooks';
import './report-status.css';

/**
 * The one line under a report page's choices: "De cijfers worden geladen…" the first time, "Nieuwe cijfers worden
 * geladen…" while the figures below are still the previous choice's, and once those came "De cijfers zijn bijgewerkt."
 * (the views are swapped in at once, out of any live region: without it a screen reader heard that new figures came,
 * never that they were there). Empty after the first load. Always there and one line high (short words, also at
 * 200 % text), so nothing moves when it changes; a screen reader hears it once (role status is polite), not every view.
 */
export function ReportStatus({ loading, first }: { loading: boolean; first: boolean }) {
  const changed = useRef(false);
  if (loading && !first) changed.current = true;
  const text = loading ? (first ? 'De cijfers worden geladen…' : 'Nieuwe cijfers worden geladen…') : changed.current ? 'De cijfers zijn bijgewerkt.' : '';
  return <p class="utrecht-paragraph ido-report-status" role="status" data-loading={loading ? 'true' : undefined}>{text}</p>;
}
