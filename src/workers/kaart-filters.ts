// The facts of a service the filters look at, and the filters as one predicate.
import { haversineKm, isLatLon } from './geo-distance';
import type { ReferralMethod, SearchDocument, SearchFilters } from './kaart-search-types';

/** What the index keeps of a document besides its text: enough to filter and sort. */
export interface FilterFacts {
  name: string;
  themes: readonly string[];
  referralMethod?: ReferralMethod;
  languages: ReadonlySet<string>;
  latitude?: number;
  longitude?: number;
}

/** The filter facts of a document. */
export function factsOf(doc: SearchDocument): FilterFacts {
  const located = isLatLon(doc.latitude, doc.longitude);
  return {
    name: doc.name,
    themes: [...(doc.themes ?? [])],
    referralMethod: doc.referralMethod,
    languages: new Set((doc.languages ?? []).map((code) => code.toLowerCase())),
    latitude: located ? doc.latitude : undefined,
    longitude: located ? doc.longitude : undefined,
  };
}

/** Whether any filter narrows the results (an empty query then browses instead of finding nothing). */
export function hasFilter(filters: SearchFilters): boolean {
  return (
    (filters.themes !== undefined && filters.themes.length > 0) ||
    filters.referralMethod !== undefined ||
    (filters.language !== undefined && filters.language !== '') ||
    filters.onlyIds !== undefined ||
    filters.near !== undefined
  );
}

/** A test for one document: `undefined` when it is filtered out, else its distance (if known). */
export type FilterTest = (id: string, facts: FilterFacts) => { distanceKm?: number } | undefined;

/** The filters as one test, with the lookups prepared once per search. */
export function compileFilters(filters: SearchFilters): FilterTest {
  const themes = filters.themes && filters.themes.length > 0 ? new Set(filters.themes) : undefined;
  const language = filters.language ? filters.language.toLowerCase() : undefined;
  const onlyIds = filters.onlyIds === undefined ? undefined : new Set(filters.onlyIds);
  const near = filters.near;
  if (near && !isLatLon(near.latitude, near.longitude)) {
    throw new RangeError('near: latitude and longitude must be WGS84 degrees');
  }
  const maxKm = near?.maxKm;
  return (id, facts) => {
    if (themes && !facts.themes.some((theme) => themes.has(theme))) return undefined;
    if (filters.referralMethod !== undefined && facts.referralMethod !== filters.referralMethod) return undefined;
    if (language !== undefined && !facts.languages.has(language)) return undefined;
    if (onlyIds && !onlyIds.has(id)) return undefined;
    if (!near) return {};
    if (facts.latitude === undefined || facts.longitude === undefined) return maxKm === undefined ? {} : undefined;
    const distanceKm = haversineKm(near, { latitude: facts.latitude, longitude: facts.longitude });
    return maxKm !== undefined && distanceKm > maxKm ? undefined : { distanceKm };
  };
}
