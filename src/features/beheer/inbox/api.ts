import { API_PREFIX, type ErrorBody } from '../../../shared/api';
import type { FeedbackResolution, InboxFeedback, NationalFeedback, PassedOnReport, ResolvedFeedback, UncheckedService } from '../../../shared/kaart-inbox';

export type { FeedbackResolution, InboxFeedback, NationalFeedback, PassedOnReport, UncheckedService } from '../../../shared/kaart-inbox';

/** A failed call, with the server's Dutch message and its error code (none without the server's JSON). */
export class InboxError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string) {
    super(message);
  }
}

/** One admin API call with the bearer token; a failure becomes an InboxError with the server's message. */
async function request<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}/admin${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new InboxError(0, 'Geen verbinding met de server. De inbox werkt alleen met internet. Probeer het later opnieuw.');
  }
  if (!response.ok) {
    const error = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
    throw new InboxError(response.status, error?.message ?? 'De server kon dit niet doen. Probeer het later opnieuw.', error?.error);
  }
  return (await response.json()) as T;
}

/** What the inbox page asks the server: of one organisation, or (organisationId null) the national entries. */
export interface InboxApi {
  /**
   * open "Klopt niet" reports, oldest first; for the national entries those about national entries from every
   * organisation, open or passed on by its coordinator, with `reportedBy` and `passedOn`
   */
  feedback(): Promise<Array<InboxFeedback & Partial<Pick<NationalFeedback, 'reportedBy' | 'passedOn'>>>>;
  /** an organisation's reports passed on to the national team in the last 90 days, newest first (the national inbox has none) */
  passedOn(): Promise<PassedOnReport[]>;
  /** services not checked for six months or never, oldest first */
  unchecked(): Promise<UncheckedService[]>;
  resolve(id: string, resolution: FeedbackResolution): Promise<ResolvedFeedback>;
  /** "gecontroleerd vandaag" */
  assure(id: string): Promise<UncheckedService>;
}

/** The kaart inbox's calls (docs/admin-api.md, "Kaart-inbox") for an organisation, or null for the national entries. */
export function inboxApi(organisationId: string | null, token: string): InboxApi {
  const base = organisationId === null ? '/kaart-inbox' : `/organisations/${encodeURIComponent(organisationId)}/kaart-inbox`;
  return {
    feedback: async () => (await request<{ feedback: InboxFeedback[] }>(token, 'GET', `${base}/feedback`)).feedback,
    passedOn: async () => (await request<{ reports: PassedOnReport[] }>(token, 'GET', `${base}/passed-on`)).reports,
    unchecked: async () => (await request<{ services: UncheckedService[] }>(token, 'GET', `${base}/unchecked`)).services,
    resolve: (id, resolution) => request(token, 'POST', `${base}/feedback/${encodeURIComponent(id)}/resolve`, { resolution }),
    assure: (id) => request(token, 'POST', `${base}/services/${encodeURIComponent(id)}/assure`, {}),
  };
}
