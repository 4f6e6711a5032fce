import type { DeviceRole } from './api';
import type { IdoLocation } from './registration';
import { isLongerThan, tooLongText } from './text-length';

/**
 * The answers of the admin API (`/api/v1/admin`, docs/admin-api.md) as the browser's beheer pages
 * read them. The server builds them in src/server/admin/; these are their wire shapes.
 */

/** The longest name of a location or an organisation, in characters as textLength counts them (an emoji is 1). */
export const MAX_NAME = 200;
/** The longest name (label) of a tablet: Beheer's Tablets, koppelen and `POST /devices/enroll`. */
export const MAX_DEVICE_LABEL = 100;

/**
 * "te lang: hoogstens N tekens. Nu zijn het er M." (tooLongText) when a name, as the server keeps it (NFC, trimmed), has more than
 * `max` characters (textLength), else undefined: the one check of Beheer's forms, koppelen and the server alike.
 */
export function nameTooLong(name: string, max: number): string | undefined {
  const kept = name.normalize('NFC').trim();
  return isLongerThan(kept, max) ? `te lang: ${tooLongText(max, kept)}` : undefined;
}

// Control characters, and the bidi and line-separator marks that make text read differently than it is stored.
const HIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What is wrong with a text holding such a character, and what to do, after its subject ('Het veld "name"' in the
 * server's answer, "De naam" in Beheer's forms). Mostly invisible: a direction mark copied along from a chat or a web page.
 */
export const HIDDEN_CHARACTERS_PROBLEM = 'bevat tekens die niet zijn toegestaan: een regeleinde, een tab of een onzichtbaar teken dat vaak mee gekopieerd wordt. '
  + 'Typ de tekst opnieuw of plak hem als platte tekst.';

/**
 * Whether a text, as the server keeps it (NFC, trimmed), holds a character the admin API refuses in a text field (a name,
 * a label): the server's check, and Beheer's forms' before they send.
 */
export const hasHiddenCharacters = (text: string): boolean => HIDDEN_CHARACTERS.test(text.normalize('NFC').trim());

/**
 * A code's or token's "kenmerk": the first 4 characters of its id, in capitals ("3F2A"). Two made in the same minute
 * read alike in Beheer's lists and in the Logboek (the same time, and a code or token has no name). From the id (random,
 * and no secret: the server checks who may act on it), never from the code or token. The lists and the Logboek alike.
 */
export const idMark = (id: string): string => id.slice(0, 4).toUpperCase();

/** GET /admin/me: which pages the caller gets. */
export interface AdminMe {
  kind: 'national' | 'coordinator' | 'coordinator_device';
  organisationId: string | null;
}

export interface AdminOrganisation {
  id: string;
  name: string;
  municipalityCode: string | null;
  demo: boolean;
  deactivatedAt: string | null;
  locations: number;
}

/** A location as management sees it: closed ones stay in the list. */
export interface AdminLocation extends IdoLocation {
  closedOn: string | null;
  /** the IDO hours per week and the day each took (or takes) effect, oldest first; `idoHoursPerWeek` is today's */
  hoursHistory: Array<{ from: string; hoursPerWeek: number }>;
}

export interface AdminCode {
  id: string;
  role: DeviceRole;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  deviceId: string | null;
  revokedAt: string | null;
}

/** POST …/codes: the code itself is in this answer only. */
export interface AdminCreatedCode {
  id: string;
  code: string;
  role: DeviceRole;
  expiresAt: string;
  /** `/#/koppelen/XXXX-XXXX`: the code in a URL fragment, never sent to a server */
  enrollPath: string;
}

export interface AdminDevice {
  id: string;
  label: string;
  role: DeviceRole;
  createdAt: string;
  revokedAt: string | null;
  /** the last batch the tablet sent itself (an imported noodexport is none) */
  lastSyncAt: string | null;
  /** registrations stored from the tablet's own batches */
  recordsSent: number;
  /** registrations stored from its noodexport (`admin import-file`) */
  recordsImported: number;
  /** the app version the tablet sent with its last sync request (`IDO-App-Version`) */
  appVersion: string | null;
  /** how many registrations were still waiting on the tablet then (`IDO-Pending`) */
  pendingAtLastContact: number | null;
  /** the tablet's last sync request of any kind (batches, delivery check, locations, kaart) */
  lastContactAt: string | null;
  /** how far its clock was off then (`IDO-Clock`): its time minus the server's, whole seconds, positive when ahead */
  clockAheadSeconds: number | null;
}

export interface AdminToken {
  id: string;
  role: 'coordinator' | 'national' | 'municipality';
  organisationId: string | null;
  /** only on a municipality token: its CBS code (GM####, migration 016) */
  municipalityCode?: string;
  createdAt: string;
  /** null: no expiry (tokens made before expiry existed) */
  expiresAt: string | null;
  revokedAt: string | null;
  /** to the hour: the lookup writes it at most once an hour */
  lastUsedAt: string | null;
}

/** POST …/tokens: the token itself is in this answer only. */
export interface AdminCreatedToken {
  id: string;
  token: string;
  role: 'coordinator' | 'national' | 'municipality';
  organisationId?: string | null;
  municipalityCode?: string;
  expiresAt: string;
}

export interface AdminAuditEntry {
  id: string;
  at: string;
  actorKind: 'cli' | 'national_token' | 'coordinator_token' | 'coordinator_device';
  actorId: string | null;
  /**
   * who did it, in words: a tablet's label as it is now (`Coördinatortablet "Balie Noord"`), a token by its kind and when
   * it was made and its kenmerk (`Coördinator (toegangscode van 3 dec 2026, 14:05, kenmerk 3F2A)`, `Landelijk team (…)`), the admin command as such;
   * never a token. The kind alone when the token or tablet is no longer there.
   */
  actorName: string;
  organisationId: string | null;
  /** the organisation's name as it is now; null when the row has no organisation */
  organisationName: string | null;
  action: string;
  /** the id of what was changed (a location's id, a tablet's, a report's…), or an import's format */
  target: string | null;
  /**
   * a readable name of what was changed, as it is now: an organisation, location or kaart entry's name, a tablet's
   * label, a Snelwijzer card's title, the service a "Klopt niet" report is about, a code's or token's kind; never a
   * code, a token or what staff wrote. Null when the server cannot know one.
   */
  targetName: string | null;
  before: unknown;
  after: unknown;
}

/** POST /admin/municipalities. */
export interface AdminMunicipalitiesImport {
  imported: number;
  withoutProvince: number;
  skipped: number;
  layout: string;
}
