// Great-circle distance for "in de buurt"; accurate to well under 1% at the scale of a town.

const EARTH_RADIUS_KM = 6371.0088;

/** A WGS84 point. */
export interface LatLon {
  latitude: number;
  longitude: number;
}

/** The haversine distance between two points, in kilometres. */
export function haversineKm(from: LatLon, to: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (to.latitude - from.latitude) * rad;
  const dLon = (to.longitude - from.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(from.latitude * rad) * Math.cos(to.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether a value is a usable coordinate pair. */
export function isLatLon(latitude: unknown, longitude: unknown): boolean {
  return (
    typeof latitude === 'number' && typeof longitude === 'number' &&
    Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180
  );
}
