import type { ReportState } from './useReport';

/**
 * The line under a view's heading: "… wordt geladen" the first time, and, while a new choice is fetched, that
 * the figures below are still those of the previous choice. Always there and one line high, so the figures
 * never move when it changes; a screen reader hears it (role status).
 */
export function ReportStatus({ state, loadingText }: { state: ReportState<unknown>; loadingText: string }) {
  const text = !state.loading ? '' : state.data ? 'Nieuwe cijfers worden geladen. Hieronder staan nog de cijfers van de vorige keuze.' : loadingText;
  return <p class="utrecht-paragraph ido-report-status" role="status" data-loading={state.loading ? 'true' : undefined}>{text}</p>;
}
