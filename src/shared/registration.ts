import type { SchemaVersion } from './codelists';

/** Where a visitor was referred to (registration.md, "referral"). */
export interface Referral {
  kind: 'warm' | 'extern' | 'intern';
  /** id of a sociale-kaart service */
  serviceId?: string;
  organisation?: string;
  /** only for a warm referral: did the visitor agree to pass details on */
  consent?: boolean;
}

/** One question of a contact. */
export interface Question {
  category: string;
  topics: string[];
  governmentOrganisations: string[];
  digidFollowUp?: string;
  help: string[];
  referral?: Referral;
  resolved: string;
  otherText?: string;
}

/** One IDO contact as the ingest API carries it (schema ido-2024.1). */
export interface Registration {
  id: string;
  revision: number;
  schemaVersion: SchemaVersion;
  deviceId: string;
  organisationId: string;
  locationId: string;
  scenario: string;
  channel: string;
  staffRole: string;
  partnerOrganisation?: string;
  /** ISO 8601 with offset */
  startedAt: string;
  durationMinutes: number;
  questions: Question[];
  consentForReferral: boolean;
  deleted: boolean;
}

/** A library organisation that runs IDO locations. */
export interface Organisation {
  id: string;
  name: string;
  municipalityCode?: string;
}

/** An IDO location (registration.md, "Location"). */
export interface IdoLocation {
  id: string;
  organisationId: string;
  name: string;
  municipalityCode: string;
  province: string;
  insideLibrary: boolean;
  kind: string;
  scenarios: string[];
  idoHoursPerWeek: number;
  catchmentPopulation?: number;
  openedOn: string;
  /** where the location is (WGS84), for "in de buurt" on the sociale kaart; optional */
  latitude?: number;
  longitude?: number;
}

export const MAX_QUESTIONS = 10;
export const MAX_OTHER_TEXT = 140;
export const MIN_DURATION = 1;
export const MAX_DURATION = 480;
