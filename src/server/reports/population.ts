import { locationsIn, type Places } from './places';

/** The place a row of a report is about: its place keys and the place filters together. */
export interface PlaceContext {
  location?: string;
  organisation?: string;
  municipality?: string;
  province?: string;
}

/**
 * The residents a place is measured against, or undefined when a number it needs is unknown (better no
 * ratio than a wrong one). The most specific place decides:
 * - a location: its catchment population, else its municipality's population;
 * - an organisation (also every report of a tablet or coordinator), limited to its locations inside the
 *   municipality or province filter: per municipality where it has locations, the sum of their catchment
 *   populations when every one of them has one, else the municipality's population once (a municipality
 *   with two branches without catchment is not counted twice, and a catchment inside it is not added to it);
 * - a municipality: its population; a province: the sum of its municipalities; nothing: all municipalities.
 */
export function populationOf(places: Places, context: PlaceContext): number | undefined {
  const municipalityPopulation = (code: string) => places.municipalities.get(code)?.population;
  if (context.location !== undefined) {
    const location = places.locations.get(context.location);
    if (!location) return undefined;
    return location.catchmentPopulation ?? municipalityPopulation(location.municipalityCode);
  }
  if (context.organisation !== undefined) {
    const locations = locationsIn(places, context);
    if (locations.length === 0) return undefined;
    const byMunicipality = new Map<string, typeof locations>();
    for (const location of locations) byMunicipality.set(location.municipalityCode, [...(byMunicipality.get(location.municipalityCode) ?? []), location]);
    let total = 0;
    for (const [code, inMunicipality] of byMunicipality) {
      const catchments = inMunicipality.map((location) => location.catchmentPopulation);
      const part = catchments.every((n) => n !== null) ? catchments.reduce((sum, n) => sum! + n!, 0) : municipalityPopulation(code);
      if (part === undefined || part === null) return undefined;
      total += part;
    }
    return total;
  }
  if (context.municipality !== undefined) return municipalityPopulation(context.municipality);
  const municipalities = [...places.municipalities.values()].filter((m) => context.province === undefined || m.province === context.province);
  if (municipalities.length === 0) return undefined;
  return municipalities.reduce((sum, m) => sum + m.population, 0);
}

/** Questions per resident, to six significant digits; undefined without a population. */
export function perResident(questions: number, population: number | undefined): number | undefined {
  if (population === undefined || population <= 0) return undefined;
  return Number((questions / population).toPrecision(6));
}
