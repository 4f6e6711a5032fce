import type { SnelwijzerCardFields } from './card';

/**
 * The Snelwijzer in the browser (docs/admin-api.md, "Snelwijzer"): the wire shapes of the admin API's
 * card routes, as the beheer pages read them. Cards are written there as ordinary kaart changes, so
 * every tablet of the organisation gets them at its next kaart pull.
 */

/** A card as management sees it: the stored version (send it back as `baseVersion`) and the partner's name. */
export interface AdminCard extends SnelwijzerCardFields {
  version: number;
  updatedAt: string;
  /** the kaart service the card refers to, with its name, or null */
  partner: PartnerChoice | null;
}

/** GET …/snelwijzer: the organisation's own cards and the national ones (read-only for an organisation). */
export interface AdminCardList {
  own: AdminCard[];
  national: AdminCard[];
}

/** A kaart service a card may refer to (the organisation's own or a national one), with the organisation that gives it. */
export interface PartnerChoice {
  id: string;
  name: string;
  organisation: string;
}

/** The fields a card's body carries (POST create, PUT update); `baseVersion` beside them on an update. */
export const CARD_EDIT_FIELDS = ['title', 'topics', 'body', 'bring', 'links', 'service_id', 'checked_on'] as const;
export type CardEdit = Pick<SnelwijzerCardFields, (typeof CARD_EDIT_FIELDS)[number]>;

/** At most this many partners per search. */
export const PARTNER_SEARCH_LIMIT = 20;
