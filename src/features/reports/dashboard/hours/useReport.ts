import { useEffect, useState } from 'preact/hooks';
import { ReportError } from '../api';

/** One report's state: its answer, or the Dutch message of why there is none. */
export interface ReportState<T> {
  data?: T;
  error?: string;
  loading: boolean;
  /** the query this answer or error is for (none while the report is not asked) */
  query?: string;
}

/**
 * Fetches one report whenever its query changes (none while `query` is undefined); a 401 calls `onUnauthorised`.
 * Each view of the hours page has its own call of this hook, so one slow or failed report holds up no other.
 */
export function useReport<T>(fetcher: (token: string, query: URLSearchParams) => Promise<T>, token: string, query: URLSearchParams | undefined, onUnauthorised: () => void): ReportState<T> {
  const [state, setState] = useState<ReportState<T>>({ loading: query !== undefined });
  const key = query?.toString();
  useEffect(() => {
    if (query === undefined) {
      setState({ loading: false });
      return;
    }
    let current = true;
    setState((before) => ({ data: before.data, loading: true, query: before.query }));
    fetcher(token, query).then((data) => {
      if (current) setState({ data, loading: false, query: key });
    }).catch((failure: unknown) => {
      if (!current) return;
      if (failure instanceof ReportError && failure.status === 401) onUnauthorised();
      setState({ error: failure instanceof Error ? failure.message : 'Er ging iets mis.', loading: false, query: key });
    });
    return () => { current = false; };
  }, [token, key]);
  return state;
}

/** Whether the state is the answer (or error) for `query`, not one still on its way or one of an earlier query. */
export const answered = (state: ReportState<unknown>, query: URLSearchParams | undefined) => !state.loading && state.query === query?.toString();
