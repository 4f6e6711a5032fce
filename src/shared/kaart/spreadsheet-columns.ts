/**
 * The columns of the spreadsheets libraries keep today (one row per service, Dutch headers) and
 * how a header is recognised: case, accents, spaces and punctuation are ignored, synonyms count.
 */

export type SpreadsheetField =
  | 'organization_name' | 'service_name' | 'description' | 'address' | 'postal_code' | 'city' | 'phone'
  | 'email' | 'website' | 'opening_hours' | 'theme' | 'kvk' | 'referral_method' | 'languages'
  | 'ido_topics' | 'assured_date' | 'eligibility' | 'fees' | 'application_process';

/** Which column (0-based) holds each field; a field without a column is left out. */
export type SpreadsheetMapping = Partial<Record<SpreadsheetField, number>>;

/** The Dutch column name of each field, as the mapping screen and messages show it. */
export const SPREADSHEET_FIELD_LABELS: Record<SpreadsheetField, string> = {
  organization_name: 'Organisatie', service_name: 'Dienst', description: 'Omschrijving', address: 'Adres',
  postal_code: 'Postcode', city: 'Plaats', phone: 'Telefoon', email: 'E-mail', website: 'Website',
  opening_hours: 'Openingstijden', theme: 'Thema', kvk: 'KvK', referral_method: 'Hoe verwijzen', languages: 'Talen',
  ido_topics: 'IDO-onderwerpen', assured_date: 'Laatst gecontroleerd', eligibility: 'Voor wie', fees: 'Kosten',
  application_process: 'Aanmelden',
};

// Synonyms in normalised form (see normalizeHeader); the first field that claims a header gets it.
const SYNONYMS: [SpreadsheetField, string[]][] = [
  ['organization_name', ['organisatie', 'organisatienaam', 'naamorganisatie', 'aanbieder', 'instantie', 'instelling', 'organization']],
  ['service_name', ['dienst', 'dienstnaam', 'naamdienst', 'aanbod', 'hulpaanbod', 'activiteit', 'voorziening', 'service']],
  ['description', ['omschrijving', 'beschrijving', 'toelichting', 'informatie', 'description']],
  ['address', ['adres', 'bezoekadres', 'straat', 'straatenhuisnummer', 'address']],
  ['postal_code', ['postcode', 'pc', 'postalcode']],
  ['city', ['plaats', 'woonplaats', 'plaatsnaam', 'stad', 'city']],
  ['phone', ['telefoon', 'telefoonnummer', 'telefoonnr', 'telnr', 'tel', 'phone']],
  ['email', ['email', 'emailadres', 'mail', 'mailadres']],
  ['website', ['website', 'url', 'site', 'webadres', 'internet', 'internetadres', 'web']],
  ['opening_hours', ['openingstijden', 'openingsuren', 'tijden', 'spreekuur', 'spreekuren', 'open', 'bereikbaarheid']],
  ['theme', ['thema', 'themas', 'categorie', 'rubriek', 'onderwerp']],
  ['kvk', ['kvk', 'kvknummer', 'kvknr', 'kamervankoophandel']],
  ['referral_method', ['hoeverwijzen', 'verwijzen', 'verwijzing', 'verwijswijze', 'manierverwijzen']],
  ['languages', ['talen', 'taal', 'gesprokentalen', 'languages']],
  ['ido_topics', ['idoonderwerpen', 'idoonderwerp', 'onderwerpen']],
  ['assured_date', ['laatstgecontroleerd', 'gecontroleerd', 'gecontroleerdop', 'controledatum', 'datumcontrole', 'laatstbijgewerkt', 'bijgewerkt']],
  ['eligibility', ['voorwie', 'voorwaarden', 'doelgroep']],
  ['fees', ['kosten', 'prijs', 'tarief']],
  ['application_process', ['aanmelden', 'aanmelding', 'hoeaanmelden']],
];

/** "E-mail " → "email", "Hoe verwijzen?" → "hoeverwijzen", "Thema's" → "themas". */
export function normalizeHeader(header: string): string {
  return header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Guesses which column holds which field: exact (normalised) names and synonyms first, then headers that contain one. */
export function guessMapping(headers: readonly string[]): SpreadsheetMapping {
  const mapping: SpreadsheetMapping = {};
  const taken = new Set<number>();
  const normalized = headers.map(normalizeHeader);
  const claim = (matches: (header: string, synonym: string) => boolean) => {
    for (const [field, synonyms] of SYNONYMS) {
      if (mapping[field] !== undefined) continue;
      const column = normalized.findIndex((header, i) => !taken.has(i) && header !== '' && synonyms.some((s) => matches(header, s)));
      if (column >= 0) {
        mapping[field] = column;
        taken.add(column);
      }
    }
  };
  claim((header, synonym) => header === synonym);
  claim((header, synonym) => synonym.length >= 4 && header.includes(synonym));
  return mapping;
}
