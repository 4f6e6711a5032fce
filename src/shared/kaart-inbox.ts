/**
 * The kaart inbox's answers (docs/admin-api.md, "Kaart-inbox"): written once here, used by the server
 * (src/server/admin/kaart-inbox.ts) and the beheer page (src/features/beheer/inbox/).
 */

/**
 * How a "Klopt niet" report is closed: the entry was changed, it was right after all, or (an entry only the national
 * team can change) the coordinator passed the report on to them.
 */
export const FEEDBACK_RESOLUTIONS = ['aangepast', 'klopt_wel', 'doorgegeven'] as const;
export type FeedbackResolution = (typeof FEEDBACK_RESOLUTIONS)[number];

/**
 * What this person can close a report with: only the national team can change a national entry, so a coordinator
 * passes such a report on ("doorgegeven") instead of saying it was changed. The server lists and checks with this.
 */
export function feedbackResolutions(nationalTeam: boolean, service: { national: boolean; deleted: boolean }): FeedbackResolution[] {
  return service.national && !service.deleted && !nationalTeam ? ['doorgegeven', 'klopt_wel'] : ['aangepast', 'klopt_wel'];
}

/** How the national team closes a report a coordinator passed on to it: the entry was changed, or it was right. */
export const NATIONAL_RESOLUTIONS = ['aangepast', 'klopt_wel'] as const;
export type NationalResolution = (typeof NATIONAL_RESOLUTIONS)[number];

/** A kaart organization as the inbox names it. */
export interface InboxOrganization { id: string; name: string }

/** One open "Klopt niet" report. */
export interface InboxFeedback {
  id: string;
  version: number;
  /** what staff wrote (may be empty) */
  note: string;
  /** when the tablet wrote it (ISO 8601, as the tablet sent it) */
  createdAt: string;
  /** the service it is about; `deleted` when it left the kaart since, `national` when only the national team can change it */
  service: { id: string; name: string; deleted: boolean; national: boolean };
  organization: InboxOrganization | null;
  /** the tablet that wrote it; null when it is no longer known */
  device: { id: string; label: string } | null;
  /** what the caller can close it with (feedbackResolutions) */
  resolutions: FeedbackResolution[];
}

/**
 * A report in the national team's list, about a national entry: `reportedBy` is the organisation whose tablet wrote
 * it; `passedOn` says when a coordinator of it passed it on ("doorgegeven"), null while it is still open there too.
 */
export interface NationalFeedback extends InboxFeedback {
  reportedBy: { id: string; name: string };
  passedOn: { at: string; organisation: { id: string; name: string } } | null;
}

/**
 * A report about a national entry at the national team, and where it stands there (`GET INBOX/passed-on`): one the
 * organisation passed on (`national` is null while it waits, else how and when the national team closed it), or one
 * the national team closed before anyone passed it on (`passedOnAt` null).
 */
export interface PassedOnReport {
  id: string;
  /** what staff wrote (may be empty) */
  note: string;
  /** the service it is about, its name as it is now; `deleted` when it left the kaart since */
  service: { id: string; name: string; deleted: boolean };
  /** when the coordinator passed it on (ISO 8601); null when the national team closed it before that */
  passedOnAt: string | null;
  national: { resolution: NationalResolution; at: string } | null;
}

/** A service whose last check (`assured_date`) is missing or older than six months. */
export interface UncheckedService {
  id: string;
  version: number;
  name: string;
  status: string;
  assuredDate: string | null;
  organization: InboxOrganization | null;
}

/** The answer to closing a report. */
export interface ResolvedFeedback { id: string; version: number; resolution: FeedbackResolution; resolvedAt: string }
