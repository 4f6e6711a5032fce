import type { DeliveredLocation } from '../../shared/api';
import type { ValidationError } from '../../shared/validation';
import { dayText } from '../../shared/date-text';

/** Whether a location is closed on a day (YYYY-MM-DD, Amsterdam): its `closedOn` is on or before it. */
export function isClosedOn(location: DeliveredLocation, day: string): boolean {
  return location.closedOn !== undefined && location.closedOn <= day;
}

/**
 * The locations the form offers on a day: the open ones, plus `keep` (the location of a registration
 * being edited), which stays valid for what was registered there when it was open.
 */
export function offeredLocations(locations: readonly DeliveredLocation[], day: string, keep?: string): DeliveredLocation[] {
  return locations.filter((location) => !isClosedOn(location, day) || location.id === keep);
}

/**
 * The form's location choice points at a closed location: the one chosen (`selected`), or, with none
 * chosen, the one the form would have remembered (the last used). Then a Dutch error that asks for
 * another; undefined when the choice is fine. `keep` (an edited registration's own location) is fine.
 */
export function closedLocationError(
  locations: readonly DeliveredLocation[], day: string, choice: { selected?: string; remembered?: string; keep?: string },
): ValidationError | undefined {
  const id = choice.selected ?? choice.remembered;
  const location = locations.find((l) => l.id === id);
  if (!location || location.id === choice.keep || !isClosedOn(location, day)) return undefined;
  return {
    field: 'locationId',
    code: 'location_closed',
    message: `De IDO-locatie ${location.name} is gesloten sinds ${dayText(location.closedOn!)}. Kies een andere IDO-locatie.`,
  };
}

/** What the form's location choice offers and says on a day, for a draft (new or edited) and the last used location. */
export function locationChoice(
  locations: readonly DeliveredLocation[], day: string,
  form: { draft?: { editing: boolean; locationId?: string }; pristine?: { editing: boolean; locationId?: string }; lastUsed?: string },
): { offered: DeliveredLocation[]; closed?: ValidationError } {
  // An edited registration keeps the location it was made at, also when that closed since.
  const keep = form.pristine?.editing ? form.pristine.locationId : undefined;
  const offered = offeredLocations(locations, day, keep);
  const closed = form.draft
    ? closedLocationError(locations, day, { selected: form.draft.locationId, remembered: form.draft.editing ? undefined : form.lastUsed, keep })
    : undefined;
  return { offered, closed };
}
