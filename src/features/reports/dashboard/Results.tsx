import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** How a view's data tells the results around it whether its answer for the current filters is in. */
const ReadinessContext = createContext<((view: object, ready: boolean | undefined) => void) | undefined>(undefined);

/** Whether the results around a view are the shown ones (true outside any `Results`). */
const ShownContext = createContext(true);

/**
 * The ids of a view's elements: as given in the shown results, with a prefix in the ones prepared out of sight, so the
 * two copies a filter change holds for a moment never share an id (labels, aria references and axe read one element).
 * The swap that shows the new results gives them the plain ids in the same render that removes the old ones.
 */
export function useViewId(): (id: string) => string {
  return useContext(ShownContext) ? shownId : preparedId;
}
const shownId = (id: string) => id;
const preparedId = (id: string) => `preparing-${id}`;

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
      <ShownContext.Provider value={shown}>
        <div class="ido-results" hidden={!shown}>{children}</div>
      </ShownContext.Provider>
    </ReadinessContext.Provider>
  );
}
