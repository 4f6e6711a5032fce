/**
 * The annual report (issue 13, "The municipality's own report"): GET /api/v1/reports/annual and its
 * editable text, PUT /api/v1/reports/annual/text. Shared by the report page and the server.
 */

import { isLongerThan, tooLongText } from './text-length';

/** The longest text a coordinator may put in the report, in characters as textLength counts them (as the column's char_length). */
export const ANNUAL_TEXT_MAX = 2000;

/** Years a report may be asked for. */
export const ANNUAL_YEAR_MIN = 2000;
export const ANNUAL_YEAR_MAX = 2100;

/** What the report is about: one organisation, or every organisation's locations in one municipality. */
export interface AnnualSubject {
  kind: 'organisation' | 'municipality';
  /** organisation uuid or CBS code GM#### */
  id: string;
  name: string;
}

/** A count with its Dutch label and share of the year's questions (0…1). */
export interface AnnualShare {
  code: string;
  label: string;
  questions: number;
  share: number;
}

export interface AnnualTopic {
  code: string;
  label: string;
  questions: number;
  contacts: number;
  /** questions per month, January first (12 numbers) */
  months: number[];
}

export interface AnnualReferralTarget {
  /** the kaart organisation's id, null when the referral named no service on the kaart */
  kaartOrganisationId: string | null;
  name: string;
  questions: number;
}

export interface AnnualLocation {
  id: string;
  name: string;
  organisationName: string;
  contacts: number;
  questions: number;
  /** IDO hours in the year up to the report's last day, from the hours history (null when unknown) */
  idoHours: number | null;
  contactsPerIdoHour: number | null;
  /** the hours per week in force on the report's last day */
  hoursPerWeek: number | null;
}

export interface AnnualReport {
  year: number;
  subject: AnnualSubject;
  /** the days counted: the year, up to today for the current year */
  from: string;
  to: string;
  reach: {
    contacts: number;
    questions: number;
    locations: number;
    population?: number;
    questionsPerResident?: number;
  };
  /** contacts and questions per month, January first (12 entries, `month` as YYYY-MM) */
  months: { month: string; contacts: number; questions: number }[];
  /** the ten topics with the most questions */
  topics: AnnualTopic[];
  /** ja / deels / nee / onbekend */
  resolved: AnnualShare[];
  /** questions with the help "Doorverwezen" */
  referred: { questions: number; share: number };
  referralKinds: AnnualShare[];
  /** by kaart organisation, most first */
  referredTo: AnnualReferralTarget[];
  locations: AnnualLocation[];
  text: { body: string; updatedAt: string | null };
  /** whether this viewer may change the text */
  canEditText: boolean;
  /** who asks: only the national team may pick another organisation or municipality */
  viewer: 'national' | 'municipality' | 'coordinator' | 'device';
}

/** The body of PUT /api/v1/reports/annual/text. */
export interface AnnualTextRequest {
  year: number;
  organisation?: string;
  municipality?: string;
  text: string;
}

// Control characters other than a line break or tab, and marks that make text read differently than stored.
const HOSTILE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The text as stored (line breaks as \n, trimmed), or a Dutch message why it cannot be. Plain text: shown as text, never as HTML. */
export function checkAnnualText(value: unknown): { text: string } | { message: string } {
  if (typeof value !== 'string') return { message: 'Het veld "text" moet tekst zijn.' };
  const text = value.replace(/\r\n?/g, '\n').normalize('NFC').trim();
  if (isLongerThan(text, ANNUAL_TEXT_MAX)) return { message: `De tekst is te lang: ${tooLongText(ANNUAL_TEXT_MAX, text)}` };
  if (HOSTILE.test(text)) return { message: 'De tekst bevat tekens die niet zijn toegestaan (zoals stuurtekens). Typ de tekst opnieuw of plak hem als platte tekst.' };
  return { text };
}
