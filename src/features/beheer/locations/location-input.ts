import { type AdminLocation, HIDDEN_CHARACTERS_PROBLEM, hasHiddenCharacters, MAX_NAME, nameTooLong } from '../../../shared/admin-api';
import { isCode } from '../../../shared/codelists';
import { dutchWholeNumber } from '../../../shared/count-text';
import { dayText } from '../../../shared/date-text';
import { namesOfLabels } from '../../../shared/field-names';
import { PROVINCES } from '../../../shared/reports';

/** The location form as typed: every field a text (numbers with a Dutch comma too). */
export interface LocationDraft {
  name: string;
  kind: string;
  municipalityCode: string;
  province: string;
  scenarios: string[];
  idoHoursPerWeek: string;
  catchmentPopulation: string;
  latitude: string;
  longitude: string;
  /** when changing a location: the day new IDO hours take effect (YYYY-MM-DD); empty is today */
  hoursFrom: string;
}

export type LocationField = keyof LocationDraft;

/** Each field's label in the form; a server message about a field names it so too (without its hint in brackets). */
export const LOCATION_LABELS: Readonly<Record<LocationField, string>> = {
  name: 'Naam van de locatie', kind: 'Soort plek', municipalityCode: 'Gemeentecode', province: 'Provincie', scenarios: 'Manieren van werken op deze plek',
  idoHoursPerWeek: 'IDO-uren per week', catchmentPopulation: 'Inwoners in het werkgebied (mag leeg)', latitude: 'Breedtegraad (mag leeg)',
  longitude: 'Lengtegraad (mag leeg)', hoursFrom: 'Nieuwe uren gelden vanaf (mag leeg: vandaag)',
};

/** The location form's fields by the admin API's names, as its messages should name them: "Het veld "Nieuwe uren gelden vanaf" …". */
export const LOCATION_FIELD_NAMES = namesOfLabels(LOCATION_LABELS);

/** The id of a field's control in the location form (the API's field name after "location-"). */
export const locationFieldId = (field: string): string => `location-${field}`;

export const EMPTY_DRAFT: LocationDraft = {
  name: '', kind: '', municipalityCode: '', province: '', scenarios: [], idoHoursPerWeek: '', catchmentPopulation: '', latitude: '', longitude: '', hoursFrom: '',
};

/** The form filled with a stored location, to change it. */
export function draftOf(location: AdminLocation): LocationDraft {
  const text = (value: number | undefined) => (value === undefined ? '' : String(value).replace('.', ','));
  return {
    name: location.name, kind: location.kind, municipalityCode: location.municipalityCode, province: location.province, scenarios: [...location.scenarios],
    idoHoursPerWeek: text(location.idoHoursPerWeek), catchmentPopulation: text(location.catchmentPopulation), latitude: text(location.latitude), longitude: text(location.longitude),
    hoursFrom: '',
  };
}

const isDay = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

const numberOf = (text: string): number | undefined => {
  const cleaned = text.trim().replace(',', '.');
  return cleaned === '' || !/^-?\d+(\.\d+)?$/.test(cleaned) ? undefined : Number(cleaned);
};

/**
 * The admin API's body for the form, or the fields with a Dutch message each. The browser checks
 * first so nobody waits for an answer on a typo; the server checks everything again and decides.
 */
export function locationBody(draft: LocationDraft, editing?: Pick<AdminLocation, 'idoHoursPerWeek' | 'catchmentPopulation' | 'latitude' | 'longitude'> & { openedOn?: string }): { body?: Record<string, unknown>; errors: Partial<Record<LocationField, string>> } {
  const errors: Partial<Record<LocationField, string>> = {};
  const name = draft.name.trim();
  const tooLong = nameTooLong(name, MAX_NAME);
  if (!name) errors.name = 'Vul de naam van de locatie in.';
  else if (tooLong) errors.name = `De naam is ${tooLong}`;
  else if (hasHiddenCharacters(name)) errors.name = `De naam ${HIDDEN_CHARACTERS_PROBLEM}`;
  if (!isCode('locationKind', draft.kind)) errors.kind = 'Kies wat voor plek het is.';
  const municipalityCode = draft.municipalityCode.trim().toUpperCase();
  if (!/^GM\d{4}$/.test(municipalityCode)) errors.municipalityCode = 'Vul de gemeentecode in: GM en vier cijfers, bijvoorbeeld GM0855.';
  if (!(PROVINCES as readonly string[]).includes(draft.province)) errors.province = 'Kies de provincie.';
  if (draft.scenarios.length === 0 || !draft.scenarios.every((s) => isCode('scenario', s))) errors.scenarios = 'Kies minstens één manier van werken.';
  const hours = numberOf(draft.idoHoursPerWeek);
  if (hours === undefined || hours < 0 || hours > 168) errors.idoHoursPerWeek = 'Vul het aantal IDO-uren per week in: een getal van 0 tot en met 168.';
  // A change of hours may take effect on another day than today; sent only with hours that change.
  const hoursChange = editing !== undefined && hours !== undefined && hours !== editing.idoHoursPerWeek && draft.hoursFrom.trim() !== '';
  if (hoursChange && !isDay(draft.hoursFrom.trim())) errors.hoursFrom = 'Vul een bestaande datum in, of laat het leeg voor vandaag.';
  // The server refuses new hours before the opening too; said here, under the field, with the keyboard in it.
  else if (hoursChange && editing.openedOn !== undefined && draft.hoursFrom.trim() < editing.openedOn) {
    errors.hoursFrom = `Deze dag ligt vóór de opening van de locatie, ${dayText(editing.openedOn)}. Kies die dag of later, of laat het leeg voor vandaag.`;
  }
  // "25.000" is twenty-five thousand here (a Dutch thousands point), not 25 as a decimal point would read it.
  const population = draft.catchmentPopulation.trim() === '' ? undefined : dutchWholeNumber(draft.catchmentPopulation);
  if (draft.catchmentPopulation.trim() !== '' && (population === undefined || population < 1)) {
    errors.catchmentPopulation = 'Vul het aantal inwoners in als heel getal, zoals 25000 of 25.000, of laat het leeg.';
  }
  const latitude = draft.latitude.trim() === '' ? undefined : numberOf(draft.latitude);
  const longitude = draft.longitude.trim() === '' ? undefined : numberOf(draft.longitude);
  if (draft.latitude.trim() !== '' && (latitude === undefined || latitude < -90 || latitude > 90)) errors.latitude = 'De breedtegraad is een getal van -90 tot 90, bijvoorbeeld 52,09.';
  if (draft.longitude.trim() !== '' && (longitude === undefined || longitude < -180 || longitude > 180)) errors.longitude = 'De lengtegraad is een getal van -180 tot 180, bijvoorbeeld 5,12.';
  if (!errors.latitude && !errors.longitude && (latitude === undefined) !== (longitude === undefined)) {
    errors[latitude === undefined ? 'latitude' : 'longitude'] = 'Vul de breedtegraad en de lengtegraad allebei in, of allebei niet.';
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    body: {
      name, kind: draft.kind, municipalityCode, province: draft.province, scenarios: draft.scenarios, idoHoursPerWeek: hours,
      // A "(mag leeg)" field emptied in a change clears it (null); left out, the stored value stayed.
      ...(population === undefined ? (editing?.catchmentPopulation === undefined ? {} : { catchmentPopulation: null }) : { catchmentPopulation: population }),
      ...(latitude === undefined ? (editing?.latitude === undefined ? {} : { latitude: null, longitude: null }) : { latitude, longitude }),
      ...(hoursChange ? { hoursFrom: draft.hoursFrom.trim() } : {}),
    },
  };
}

/**
 * A location's Status in the list, on `today` in Amsterdam: "Open", "Opent op 1 maart 2027" for one that opens later,
 * "Gesloten vanaf 3 december 2026" for one closed, and for a closing planned later "Open, gesloten vanaf …" (or
 * "Opent op …, gesloten vanaf …"): the list said "Open" for a location that was not open yet.
 */
export function locationStatusText(location: Pick<AdminLocation, 'openedOn' | 'closedOn'>, today: string): string {
  const { openedOn, closedOn } = location;
  if (closedOn && closedOn <= today) return `Gesloten vanaf ${dayText(closedOn)}`;
  const open = today < openedOn ? `Opent op ${dayText(openedOn)}` : 'Open';
  return closedOn ? `${open}, gesloten vanaf ${dayText(closedOn)}` : open;
}
