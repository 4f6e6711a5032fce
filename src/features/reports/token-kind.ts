import { API_PREFIX } from '../../shared/api';
import type { ReportLocationsResponse, ReportViewerRole } from '../../shared/reports';

/**
 * Who a token is, asked at its sign-in (useTokenSignIn, ui/token-sign-in.ts): GET /report-locations answers every
 * report token with its `viewer`. The laptop's menu offers Beheer only to a token that may open it, and knows it in the
 * render that opens the page: learnt from a report's answer later, Beheer showed and then went by itself. Undefined
 * when the server cannot say (refused, no connection): the page that opens then answers as it would.
 */
export async function askTokenKind(token: string): Promise<ReportViewerRole | undefined> {
  try {
    const response = await fetch(`${API_PREFIX}/report-locations`, { headers: { Authorization: `Bearer ${token}` } });
    return response.ok ? ((await response.json()) as ReportLocationsResponse).viewer : undefined;
  } catch {
    return undefined;
  }
}
