import './report-status.css';

/**
 * The one line under a report page's choices while its figures are on their way: "De cijfers worden geladen…" the
 * first time, "Nieuwe cijfers worden geladen…" while the figures below are still the previous choice's, empty when
 * they are in. Always there and one line high (short words, also at 200 % text), so nothing moves when it changes;
 * a screen reader hears it once (role status is polite), not every view on its own.
 */
export function ReportStatus({ loading, first }: { loading: boolean; first: boolean }) {
  const text = !loading ? '' : first ? 'De cijfers worden geladen…' : 'Nieuwe cijfers worden geladen…';
  return <p class="utrecht-paragraph ido-report-status" role="status" data-loading={loading ? 'true' : undefined}>{text}</p>;
}
