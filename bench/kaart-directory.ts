// A regional directory as the HSDS 3.0 import issue sizes it: 20,000 services over 2,000
// organisations and locations, with a phone, a theme, a place and two schedules per service.
// Every value is made up (names, streets, `0000-…` numbers, example.nl). See bench/README.md.
import { emptyDataSet, KAART_THEMES, type KaartDataSet, type KaartScope } from '../src/shared/kaart';

const TOWNS = ['Rivierstad', 'Dijkdorp', 'Polderveen', 'Molenwaard', 'Heuvelrode', 'Bosmeer', 'Kanaalzijde', 'Weidebroek', 'Zandhoven', 'Uiterwaard'];
const STREETS = ['Dorpsstraat', 'Kerkplein', 'Molenweg', 'Stationsstraat', 'Schoolstraat', 'Julianalaan', 'Marktveld', 'Dijkweg', 'Beukenlaan', 'Havenkade'];
const KINDS = ['Stichting', 'Vereniging', 'Steunpunt', 'Buurthuis', 'Wijkteam'];
const SERVICES = ['Spreekuur', 'Taalcafé', 'Formulierenhulp', 'Budgetcoach', 'Computerhulp', 'Inloop', 'Schuldhulp', 'Toeslagenhulp'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];

/** A stable UUID for record `n` of a kind (the kind is the first 8 hex digits). */
function uuid(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-${hex.slice(0, 4)}-4${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.slice(10).padStart(12, '0')}`;
}

export interface DirectorySize {
  services: number;
  organisations: number;
}

/** How many records a directory of this size holds (the sum of every entity). */
export function directoryRecordCount({ services, organisations }: DirectorySize): number {
  // organisation + location per organisation; service, link, phone, attribute and two schedules per service
  return organisations * 2 + services * 6;
}

/**
 * The directory as a data set owned by `scope`: `organisations` organisations with one location each,
 * `services` services spread over them, each with one service_at_location, one phone, one theme
 * (attribute) and two weekly schedules (one of the service, one of its service at the location).
 */
export function generateKaartDirectory({ services, organisations }: DirectorySize, scope: KaartScope): KaartDataSet {
  const set = emptyDataSet();
  for (let o = 0; o < organisations; o++) {
    const town = TOWNS[o % TOWNS.length];
    set.organization.push({
      id: uuid(0xd1000001, o), name: `${KINDS[o % KINDS.length]} ${town} ${o + 1}`, description: `Hulp en advies in ${town}.`,
      website: `https://org${o + 1}.example.nl`, owner_organisation_id: scope,
    });
    set.location.push({
      id: uuid(0xd1000002, o), organization_id: uuid(0xd1000001, o), name: `Vestiging ${town} ${o + 1}`,
      address_1: `${STREETS[o % STREETS.length]} ${1 + (o % 180)}`, postal_code: `${4000 + (o % 999)} AB`, city: town,
      latitude: 51.5 + (o % 100) / 1000, longitude: 5 + (o % 97) / 1000,
    });
  }
  for (let s = 0; s < services; s++) {
    const o = s % organisations;
    const service = uuid(0xd1000003, s);
    const link = uuid(0xd1000004, s);
    const day = DAYS[s % DAYS.length];
    set.service.push({
      id: service, organization_id: uuid(0xd1000001, o), name: `${SERVICES[s % SERVICES.length]} ${s + 1}`,
      description: 'Wij helpen u met brieven, formulieren en de computer. Kom langs of maak een afspraak.',
      status: 'active', languages: ['nl', 'en'], email: `info${s + 1}@example.nl`,
    });
    set.service_at_location.push({ id: link, service_id: service, location_id: uuid(0xd1000002, o) });
    set.phone.push({ id: uuid(0xd1000005, s), service_id: service, number: `0000-${String(100 + (s % 900))} ${String(s % 1000).padStart(3, '0')}` });
    set.attribute.push({ id: uuid(0xd1000006, s), link_id: service, link_entity: 'service', taxonomy_term_id: KAART_THEMES[s % KAART_THEMES.length].id });
    set.schedule.push(
      { id: uuid(0xd1000007, s), service_id: service, freq: 'WEEKLY', byday: day, opens_at: '09:00', closes_at: '12:00' },
      { id: uuid(0xd1000008, s), service_at_location_id: link, freq: 'WEEKLY', byday: day, opens_at: '13:00', closes_at: '16:30' },
    );
  }
  return set;
}
