import { API_PREFIX, type ErrorBody } from '../../../shared/api';
import type { AnnualReport, AnnualTextRequest } from '../../../shared/annual-report';
import type { StatsResponse } from '../../../shared/reports';
import { ReportError } from '../dashboard/api';

async function call(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}) } });
  } catch {
    throw new ReportError(0, 'Geen verbinding met de server. Het jaarverslag werkt alleen met internet.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
    const fallback = response.status === 401 ? 'Deze code klopt niet. Controleer de code en probeer het opnieuw.' : 'De server kon het jaarverslag niet maken. Probeer het later opnieuw.';
    throw new ReportError(response.status, body?.message ?? fallback);
  }
  return response;
}

/** What the report is about, as the page's URL says it. */
export interface AnnualChoice {
  year: number;
  organisation?: string;
  municipality?: string;
}

/** GET /api/v1/reports/annual. */
export async function fetchAnnualReport(token: string, choice: AnnualChoice): Promise<AnnualReport> {
  const params = new URLSearchParams({ year: String(choice.year) });
  if (choice.organisation) params.set('organisation', choice.organisation);
  if (choice.municipality) params.set('municipality', choice.municipality);
  return (await call(`/reports/annual?${params}`, token)).json() as Promise<AnnualReport>;
}

/** PUT /api/v1/reports/annual/text: the stored text and when. */
export async function saveAnnualText(token: string, request: AnnualTextRequest): Promise<{ body: string; updatedAt: string | null }> {
  return (await call('/reports/annual/text', token, { method: 'PUT', body: JSON.stringify(request) })).json() as Promise<{ body: string; updatedAt: string | null }>;
}

/** The organisations and municipalities with figures in a year: the national team's choice of report. */
export async function fetchSubjects(token: string, year: number): Promise<{ organisations: { id: string; name: string }[]; municipalities: { id: string; name: string }[] }> {
  const ask = async (groupBy: string) => (await (await call(`/stats?from=${year}-01-01&to=${year}-12-31&groupBy=${groupBy}`, token)).json()) as StatsResponse;
  const [organisations, municipalities] = await Promise.all([ask('organisation'), ask('municipality')]);
  const list = (response: StatsResponse, dimension: 'organisation' | 'municipality') => response.rows
    .filter((row) => row.keys[dimension]).map((row) => ({ id: row.keys[dimension]!, name: row.labels[dimension] ?? row.keys[dimension]! }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  return { organisations: list(organisations, 'organisation'), municipalities: list(municipalities, 'municipality') };
}
