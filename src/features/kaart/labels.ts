import type { Organization, ReferralMethod, ServiceStatus } from '../../shared/kaart';

/** A service's status in plain Dutch (the edit form's choice, a conflict's value). */
export const STATUS_LABELS: Record<ServiceStatus, string> = { active: 'Actief', inactive: 'Niet actief', defunct: 'Bestaat niet meer', 'temporarily closed': 'Tijdelijk gesloten' };

/**
 * A national entry (its organization's owner is null) on a linked tablet (`organisationId`): only the national team
 * changes it, and the server refuses the tablet's edit. An unlinked tablet's own example kaart is all its own.
 */
export function isNationalHere(organisationId: string | undefined, organization: Pick<Organization, 'owner_organisation_id'> | undefined): boolean {
  return organisationId !== undefined && organization?.owner_organisation_id === null;
}

/** A service the tablet does not hold (removed, or never synced here): its page, its edit form and its slip say so. */
export const SERVICE_GONE_TEXT = 'Deze dienst staat niet (meer) op de sociale kaart.';

/** Why a linked tablet offers no edit of a national entry (ServicePage, and ServiceEditPage reached by its address). */
export const NATIONAL_ENTRY_TEXT = 'Dit is een landelijk gegeven: alleen het landelijk team kan het wijzigen. Klopt er iets niet? Kies ‘Klopt niet’.';

/** How staff refer a visitor to a service, in plain Dutch. */
export const REFERRAL_METHOD_LABELS: Record<ReferralMethod, string> = {
  warm: 'Warm overdragen (bellen of samen langsgaan, met toestemming)',
  walk_in: 'Vrij binnenlopen',
  appointment: 'Op afspraak',
  phone: 'Eerst bellen',
};

/**
 * Dutch names of languages people here ask for that a browser may not name: Chromium's Intl has no name for `pap`,
 * so the kaart said "pap" for Papiaments.
 */
export const OWN_LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  pap: 'Papiaments', ary: 'Marokkaans Arabisch', rif: 'Riffijns (Tarifit)', shi: 'Tashelhiyt', tzm: 'Tamazight', kab: 'Kabylisch',
  srn: 'Sranantongo', tig: 'Tigre', nds: 'Nedersaksisch', zea: 'Zeeuws', rom: 'Romani',
};

/** Language names in Dutch for the ISO 639 codes a service lists. */
const LANGUAGES = new Intl.DisplayNames(['nl'], { type: 'language' });
export function languageName(code: string): string {
  if (Object.hasOwn(OWN_LANGUAGE_NAMES, code)) return OWN_LANGUAGE_NAMES[code];
  try {
    return LANGUAGES.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Whether the last check is older than six months (the entry then warns). */
export function isStale(assuredDate: string | undefined, now = new Date()): boolean {
  if (!assuredDate) return true;
  const limit = new Date(now);
  limit.setUTCMonth(limit.getUTCMonth() - 6);
  return new Date(`${assuredDate}T00:00:00Z`) < limit;
}
