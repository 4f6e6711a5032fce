/**
 * A failure as the tablet logs it: its kind and message only ("AbortError: …"), never the object itself, which the
 * console would show whole (a record, a code or a token it carries); for a thrown value that is no Error, its type.
 */
export function failureText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}

/**
 * Logs a send that failed outright, one line for both: a send no one waits for (sync-triggers.ts) and a tap on
 * "Nu versturen" (StatusBar.tsx). Here, not in sync-triggers.ts: the tap's failure may be that that chunk did not come.
 */
export function logSendFailure(error: unknown): void {
  console.warn('Versturen lukte niet; de app probeert het later opnieuw.', failureText(error));
}
