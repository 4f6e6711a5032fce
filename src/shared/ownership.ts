/**
 * The one answer for a record whose id is already stored for another owner (another organisation, another
 * tablet, or another kaart scope). It says nothing about that record: not whether it is a tombstone, its
 * revision or version, its content or its organisation (docs/api-extensions.md, "id_in_use").
 */
export const ID_IN_USE = 'id_in_use';

/** Dutch messages for `id_in_use`, one per kind of record; the same text whatever the other record is. */
export const ID_IN_USE_MESSAGES = {
  registration: 'Deze registratie kan niet onder deze id op de server worden opgeslagen. Ze blijft op deze tablet bewaard. Neem contact op met de coördinator.',
  kaart: 'Dit gegeven kan niet onder deze id op de server worden opgeslagen. Uw wijziging blijft bewaard. Neem contact op met de coördinator.',
} as const;
