const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value is a UUID string (any version, either case): the one id check of tablet and server. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
