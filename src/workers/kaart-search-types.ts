// The shapes the sociale-kaart search index takes in and gives back. Deliberately independent
// of the HSDS record types: the page maps a service (with its organisation, taxonomy terms and
// location) to one SearchDocument before it hands it to the worker.

/** How a visitor gets to a service (HSDS local extra `referral_method`). */
export type ReferralMethod = 'warm' | 'walk_in' | 'appointment' | 'phone';

/** One service as the search index sees it: the text to search and the facts to filter on. */
export interface SearchDocument {
  /** The HSDS service id. */
  id: string;
  name: string;
  alternateName?: string;
  /** The name of the organisation that runs the service. */
  organizationName: string;
  description: string;
  /** Theme codes (taxonomy_term.code), for the theme filter. */
  themes: string[];
  /** Theme names (taxonomy_term.name), searched as text. */
  themeNames: string[];
  /** Registration topic codes (`topic` code list); their Dutch labels are searched as text. */
  idoTopics: string[];
  referralMethod?: ReferralMethod;
  /** Words from imported taxonomy terms outside our themes (service.keywords), searched as text. */
  keywords?: string[];
  /** Language codes the service can help in (ISO 639-1, e.g. `nl`, `en`, `ar`). */
  languages: string[];
  /** WGS84 coordinates of the (first) location, when known. */
  latitude?: number;
  longitude?: number;
}

/** A point and an optional radius for "in de buurt". */
export interface NearFilter {
  latitude: number;
  longitude: number;
  /** Leave out services further away than this, and those without coordinates. */
  maxKm?: number;
}

/** Filters and ordering for `search`. Every filter narrows; an absent filter lets all through. */
export interface SearchFilters {
  /** Theme codes: a service with any of them passes. */
  themes?: readonly string[];
  referralMethod?: ReferralMethod;
  /** A language code the service must offer. */
  language?: string;
  /** Ids the caller computed beforehand, e.g. for "nu open" or "vandaag open". */
  onlyIds?: ReadonlySet<string> | readonly string[];
  near?: NearFilter;
  /** Default: `relevance` for a query, `name` for browsing (empty query with a filter). */
  sort?: 'relevance' | 'name' | 'distance';
  /** At most this many hits (default: all). */
  limit?: number;
}

/** One search result. */
export interface SearchHit {
  id: string;
  /** Relevance; 0 when browsing without a query. */
  score: number;
  /** The indexed terms that matched (normalised: lower case, no diacritics), for highlighting. */
  terms: string[];
  /** Great-circle distance to `filters.near`, when both are known. */
  distanceKm?: number;
}
