import { monthText } from '../../shared/date-text';
import { codes, label, type ListName } from '../../shared/codelists';
import type { StatsDimension } from '../../shared/reports';
import type { Places } from './places';


/** The code list behind each question or contact dimension. */
export const DIMENSION_LISTS: Partial<Record<StatsDimension, ListName>> = {
  scenario: 'scenario',
  channel: 'channel',
  staffRole: 'staffRole',
  topic: 'topic',
  governmentOrganisation: 'governmentOrganisation',
  help: 'help',
  referral: 'referralKind',
  resolved: 'resolved',
};

const NONE: Partial<Record<StatsDimension, string>> = {
  governmentOrganisation: 'Geen overheidsorganisatie',
  referral: 'Niet doorverwezen',
};

/** The Dutch label of a key: "november 2025", "week 48, 2025", a place's name, a code's label. */
export function keyLabel(dimension: StatsDimension, value: string | null, places: Places): string {
  if (value === null) return NONE[dimension] ?? 'Onbekend';
  switch (dimension) {
    case 'month': return monthText(value);
    case 'week': return `week ${Number(value.slice(6))}, ${value.slice(0, 4)}`;
    case 'province': return value;
    case 'municipality': return places.municipalities.get(value)?.name ?? value;
    case 'organisation': return places.organisations.get(value) ?? value;
    case 'location': return places.locations.get(value)?.name ?? value;
    default: return label(DIMENSION_LISTS[dimension]!, value);
  }
}

/** Orders two keys of one dimension: time ascending, codes in code-list order, places by Dutch name; "none" last. */
export function compareKeys(dimension: StatsDimension, a: string | null, b: string | null, places: Places): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (dimension === 'month' || dimension === 'week') return a < b ? -1 : 1;
  const list = DIMENSION_LISTS[dimension];
  if (list) {
    const order = codes(list);
    const [ia, ib] = [order.indexOf(a), order.indexOf(b)];
    if (ia !== ib) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || (a < b ? -1 : 1);
    return a < b ? -1 : 1;
  }
  return keyLabel(dimension, a, places).localeCompare(keyLabel(dimension, b, places), 'nl') || (a < b ? -1 : 1);
}
