import { allServiceViews, isReferable, type ServiceView } from '../../db/kaart/joins';
import type { IdoDb } from '../../db/db';
import type { SnelwijzerCardFields } from '../../shared/snelwijzer/card';
import type { SearchDocument } from '../../workers/kaart-search-types';

/**
 * What the kaart search worker indexes: a service (joined) or a Snelwijzer card mapped to one
 * SearchDocument. Here, beside the search, so the database layer never needs the worker's types.
 */

/** One service as the search worker indexes it: themes are the taxonomy codes, the first location with coordinates gives the place. */
export function searchDocumentFor(view: ServiceView): SearchDocument {
  const { service } = view;
  const place = view.locations.find((l) => l.latitude !== undefined && l.longitude !== undefined);
  const themes = view.themes.filter((theme, i, all) => all.findIndex((t) => t.code === theme.code) === i);
  return {
    id: service.id,
    name: service.name,
    ...(service.alternate_name ? { alternateName: service.alternate_name } : {}),
    organizationName: view.organization?.name ?? '',
    description: service.description ?? '',
    themes: themes.map((t) => t.code),
    themeNames: themes.map((t) => t.name),
    idoTopics: service.ido_topics ?? [],
    ...(service.referral_method ? { referralMethod: service.referral_method } : {}),
    ...(service.keywords?.length ? { keywords: service.keywords } : {}),
    languages: service.languages ?? [],
    ...(place ? { latitude: place.latitude, longitude: place.longitude } : {}),
  };
}

/** Every referable service as a SearchDocument (inactive and defunct ones are left out). */
export async function toSearchDocuments(db: IdoDb): Promise<SearchDocument[]> {
  return (await allServiceViews(db)).filter((view) => isReferable(view.service)).map(searchDocumentFor);
}

/** Search hits of cards carry this prefix: one index and one search box for kaart entries and cards alike. */
export const CARD_SEARCH_PREFIX = 'snelwijzer:';

/** A card as the kaart search worker indexes it: the title as the name, "Snelwijzer" as the organisation, its topics. */
export function cardSearchDocument(card: SnelwijzerCardFields): SearchDocument {
  return {
    id: `${CARD_SEARCH_PREFIX}${card.id}`,
    name: card.title,
    organizationName: 'Snelwijzer',
    description: `${card.body}\n${card.bring}`,
    themes: [],
    themeNames: [],
    idoTopics: card.topics,
    languages: [],
  };
}
