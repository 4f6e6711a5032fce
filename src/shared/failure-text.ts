/**
 * A failure as the tablet logs it: its kind and message only ("AbortError: …"), never the object itself, which the
 * console would show whole (a record, a code or a token it carries); for a thrown value that is no Error, its type.
 */
export function failureText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
