import type { ReferralMethod, ServiceStatus } from '../../shared/kaart';

/** A service's status in plain Dutch (the edit form's choice, a conflict's value). */
export const STATUS_LABELS: Record<ServiceStatus, string> = { active: 'Actief', inactive: 'Niet actief', defunct: 'Bestaat niet meer', 'temporarily closed': 'Tijdelijk gesloten' };

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
