import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** How a view's data tells the results around it whether its answer for the current filters is in. */
const ReadinessContext = createContext<((view: object, ready: boolean | undefined) => void) | undefined>(undefined);

/**
 * Called by every data hook of a view (use-report.ts): inside `Results` the view counts until its answer (or its error)
 * for the current filters is in; outside (the filters' own choices) it counts for nothing.
 */
export function useCountsForResults(ready: boolean): void {
  const report = useContext(ReadinessContext);
  const view = useRef({}).current;
  useLayoutEffect(() => report?.(view, ready), [report, ready]);
  useLayoutEffect(() => () => report?.(view, undefined), [report]);
}

interface ResultsProps {
  /** false while the results are being prepared out of sight (no box at all: nothing is pushed when they come) */
  shown: boolean;
  /** every view below has its answer */
  onReady: () => void;
  children: ComponentChildren;
}

/**
 * The dashboard's views for one set of filters, shown only when all of them have their answers: they come in one go
 * under what already stands, so no view that arrives later pushes one that is read ("the page never moves").
 */
export function Results({ shown, onReady, children }: ResultsProps) {
  const views = useRef(new Map<object, boolean>()).current;
  const [ready, setReady] = useState(false);
  const report = useCallback((view: object, viewReady: boolean | undefined) => {
    if (viewReady === undefined) views.delete(view);
    else views.set(view, viewReady);
    setReady(views.size > 0 && [...views.values()].every(Boolean));
  }, []);
  useEffect(() => { if (ready) onReady(); }, [ready]);
  return (
    <ReadinessContext.Provider value={report}>
      <div class="ido-results" hidden={!shown}>{children}</div>
    </ReadinessContext.Provider>
  );
}
