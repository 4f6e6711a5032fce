import { API_PREFIX } from '../../shared/api';
import type { ReportLocationsResponse, ReportViewerRole } from '../../shared/reports';

/** How long a sign-in waits for the server to say who its token is. */
const ASK_MS = 10_000;

/**
 * Who a token is, asked at its sign-in (useTokenSignIn, ui/token-sign-in.ts): GET /report-locations answers every
 * report token with its `viewer`. The laptop's menu offers Beheer only to a token that may open it, and knows it in the
 * render that opens the page: learnt from a report's answer later, Beheer showed and then went by itself. Undefined
 * when the server cannot say (refused, no connection, no answer within ASK_MS): the page that opens then answers as
 * it would.
 */
export async function askTokenKind(token: string): Promise<ReportViewerRole | undefined> {
  try {
    // A line that hangs must not keep "Inloggen…" for minutes: after ASK_MS the sign-in goes on without the answer.
    const response = await fetch(`${API_PREFIX}/report-locations`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(ASK_MS) });
    return response.ok ? ((await response.json()) as ReportLocationsResponse).viewer : undefined;
  } catch {
    return undefined;
  }
}
