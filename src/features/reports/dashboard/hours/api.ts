import type { BusyHoursResponse, HoursEffectResponse, ScenarioComparisonResponse } from '../../../../shared/hours-insight';
import { call } from '../api';

/** GET /api/v1/hours-effect: one location before and after its hours changes. */
export async function fetchHoursEffect(token: string, query: URLSearchParams): Promise<HoursEffectResponse> {
  return (await call(`/hours-effect?${query}`, token)).json() as Promise<HoursEffectResponse>;
}

/** GET /api/v1/busy-hours: contacts by weekday and hour (Amsterdam time). */
export async function fetchBusyHours(token: string, query: URLSearchParams): Promise<BusyHoursResponse> {
  return (await call(`/busy-hours?${query}`, token)).json() as Promise<BusyHoursResponse>;
}

/** GET /api/v1/scenario-comparison: scenarios across libraries of one size class. */
export async function fetchScenarioComparison(token: string, query: URLSearchParams): Promise<ScenarioComparisonResponse> {
  return (await call(`/scenario-comparison?${query}`, token)).json() as Promise<ScenarioComparisonResponse>;
}
