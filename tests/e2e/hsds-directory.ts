/**
 * A regional directory as it publishes HSDS 3.0: one nested service document per service (with
 * its organization, phones, schedules, service_at_locations[].location with addresses, and
 * attributes with their taxonomy terms), as a plain JSON array. Deterministic: the same `services`
 * gives the same file. 20,000 services ≈ 124,000 records. Fictional names and 0000 numbers.
 * For the e2e test and `npm run bench`; not for the app. `kaartDirectory` is the same directory as
 * the kaart's own records, for the server import bench.
 */
import { importHsdsJson, type KaartDataSet, type KaartScope } from '../../src/shared/kaart';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
/** A fixed UUID per kind and number (version 4 layout). */
const uuid = (kind: number, n: number) => `${hex(kind, 8)}-${hex(n >>> 16, 4)}-4${hex(n & 0xfff, 3)}-8${hex((n >>> 12) & 0xf, 3)}-${hex(n, 12)}`;

const TOWNS = ['Rivierstad', 'Dijkdorp', 'Polderveen', 'Molenwaard', 'Heuvelrode', 'Bosmeer', 'Kanaalzijde', 'Weidebroek'];
const WORDS = ['Schuldhulp', 'Taalcafé', 'Digicafé', 'Formulierenhulp', 'Inloop', 'Budgetcoach', 'Huurloket', 'Mantelzorgpunt', 'Opvoedpunt', 'Juridisch spreekuur'];
// Terms outside our themes: mapped by the shipped table (food, housing, legal aid, …) or kept as keywords only.
const TERMS = ['Food', 'Housing', 'Legal Aid', 'Digital Literacy', 'Koffie-inloop', 'Buurtkamer', 'Employment', 'Transportation'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];

/** Services per organization. */
const PER_ORGANIZATION = 10;

/** The directory as HSDS 3.0 nested service documents. */
export function hsdsDirectory(services: number): Record<string, unknown>[] {
  const documents: Record<string, unknown>[] = [];
  for (let i = 0; i < services; i++) {
    const o = Math.floor(i / PER_ORGANIZATION);
    const [service, org, location, sal, phone, phone2, schedule, address, attribute] = [2, 1, 3, 4, 5, 6, 7, 8, 9].map((kind) => uuid(kind, kind === 1 ? o : i));
    const term = TERMS[i % TERMS.length];
    const town = TOWNS[o % TOWNS.length];
    const day = DAYS[i % DAYS.length];
    documents.push({
      id: service,
      name: `${WORDS[i % WORDS.length]} ${town} ${i + 1} (voorbeeld)`,
      description: `Hulp in ${town}: ${WORDS[(i + 3) % WORDS.length].toLowerCase()}, zonder afspraak.`,
      status: 'active',
      url: `https://www.example.nl/dienst/${i + 1}`,
      languages: [{ id: uuid(10, i), service_id: service, name: 'Nederlands', code: 'nl' }],
      organization: { id: org, name: `Stichting ${town} ${o + 1} (voorbeeld)`, description: `Welzijn in ${town}.`, website: 'https://www.example.nl' },
      phones: [
        { id: phone, service_id: service, number: `0000-${String(100000 + (i % 900000)).slice(0, 3)} ${String(i % 1000).padStart(3, '0')}`, type: 'voice' },
        ...(i % 10 === 0 ? [{ id: phone2, service_id: service, number: '0000-000 099', type: 'voice', description: 'Spoed' }] : []),
      ],
      schedules: [
        { id: schedule, service_id: service, freq: 'WEEKLY', interval: 1, byday: day, opens_at: '09:00:00', closes_at: '12:00:00+01:00' },
        ...(i % 4 === 0 ? [{ id: uuid(12, i), service_id: service, freq: 'WEEKLY', byday: DAYS[(i + 2) % DAYS.length], opens_at: '13:30', closes_at: '16:00' }] : []),
      ],
      service_at_locations: [{
        id: sal, service_id: service, location_id: location,
        location: {
          id: location, location_type: 'physical', name: `Buurthuis ${town} ${i + 1} (voorbeeld)`,
          latitude: 52 + (i % 1000) / 10000, longitude: 5 + (i % 700) / 10000,
          addresses: [{ id: address, location_id: location, address_1: `Dorpsstraat ${(i % 200) + 1}`, city: town, postal_code: `${4000 + (o % 999)} AB`, country: 'NL', address_type: 'physical' }],
        },
      }],
      attributes: [{
        id: attribute, link_id: service, link_type: 'service', link_entity: 'service', taxonomy_term_id: uuid(11, i % TERMS.length),
        taxonomy_term: { id: uuid(11, i % TERMS.length), code: `T-${i % TERMS.length}`, name: term, taxonomy: 'Regio (voorbeeld)' },
      }],
    });
  }
  return documents;
}

/**
 * The same directory in the kaart's own model, owned by `owner`: the nested documents read by the
 * shared HSDS import (`importHsdsJson`, as the tablet and the server read them; foreign terms mapped
 * to themes or kept as keywords). 20,000 services ≈ 122,000 records.
 */
export function kaartDirectory(services: number, owner: KaartScope): KaartDataSet {
  const read = importHsdsJson(hsdsDirectory(services), { ownerOrganisationId: owner });
  if (read.errors.length > 0) throw new Error(`the generated directory does not import: ${JSON.stringify(read.errors.slice(0, 3))}`);
  return read.records;
}

/** How many records a data set holds (taxonomy terms left out: the themes are fixed). */
export const kaartRecordCount = (set: KaartDataSet): number => Object.values(set).reduce((n, list) => n + list.length, 0) - set.taxonomy_term.length;
