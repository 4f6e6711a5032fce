/**
 * The beheer pages, as the router reads them from the URL. National pages have no organisation
 * (`#/beheer/organisaties`); the others belong to one (`#/beheer/<id>/locaties`). Tiny and
 * dependency-free: the shell's router imports it without loading beheer itself.
 */
export type BeheerSection = 'start' | 'organisaties' | 'landelijk' | 'logboek' | 'locaties' | 'codes' | 'tablets' | 'toegang' | 'inbox' | 'kaart' | 'snelwijzer';

export const NATIONAL_SECTIONS: readonly BeheerSection[] = ['organisaties', 'landelijk', 'logboek', 'inbox', 'kaart', 'snelwijzer'];
export const ORGANISATION_SECTIONS: readonly BeheerSection[] = ['locaties', 'codes', 'tablets', 'toegang', 'logboek', 'inbox', 'kaart', 'snelwijzer'];
