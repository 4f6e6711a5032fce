import { API_PREFIX, type ErrorBody } from '../../../shared/api';

import type { ReportLocationInfo, ReportLocationsResponse, StatsResponse } from '../../../shared/reports';
import type { RisingResponse } from '../../../shared/rising';
import { saveBlob } from '../../../ui/download';

export type { StatsResponse, StatsRow } from '../../../shared/reports';

/** A failed call, with the server's Dutch message. */
export class ReportError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** GET an API path with the report token; a failure is a ReportError with the server's Dutch message. */
export async function call(path: string, token: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    throw new ReportError(0, 'Geen verbinding met de server. Het dashboard werkt alleen met internet.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
    const fallback = response.status === 401 ? 'Deze code klopt niet. Controleer de code en probeer het opnieuw.' : 'De server kon dit overzicht niet maken. Probeer het later opnieuw.';
    throw new ReportError(response.status, body?.message ?? fallback);
  }
  return response;
}

/** GET /api/v1/stats with the given query. */
export async function fetchStats(token: string, query: URLSearchParams): Promise<StatsResponse> {
  return (await call(`/stats?${query}`, token)).json() as Promise<StatsResponse>;
}

/** GET /api/v1/report-locations: hours, kind and scenarios of the locations in view. */
export async function fetchLocations(token: string, query: URLSearchParams): Promise<ReportLocationInfo[]> {
  const answer = (await (await call(`/report-locations?${query}`, token)).json()) as ReportLocationsResponse;
  return answer.locations;
}

/** GET /api/v1/stats/rising: "Opvallend" (docs/rising-topics.md). */
export async function fetchRising(token: string, query: URLSearchParams): Promise<RisingResponse> {
  return (await call(`/stats/rising?${query}`, token)).json() as Promise<RisingResponse>;
}

/** Downloads a CSV from the API (the token must go in a header, so no plain link). */
export async function downloadCsv(token: string, path: string, filename: string): Promise<void> {
  const blob = await (await call(path, token)).blob();
  saveBlob(blob, filename);
}
