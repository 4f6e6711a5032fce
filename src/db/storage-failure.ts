/**
 * Why IndexedDB refused a write, in words staff can act on. The browser's storage can be full
 * (`QuotaExceededError`, which Dexie passes on as `Dexie.QuotaExceededError` or as the inner error
 * of an `AbortError`), or gone (evicted, closed, blocked by the browser).
 */
export interface StorageFailure {
  kind: 'full' | 'unavailable';
  /** what happened and that nothing stored is lost (Dutch, B1) */
  message: string;
  /** what to do now, one step a line (Dutch, B1) */
  steps: string[];
}

const FULL_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
// Dexie's names for a database it cannot use; UnknownError is what Chromium reports for a failing disk.
const UNAVAILABLE_NAMES = new Set(['DatabaseClosedError', 'MissingAPIError', 'OpenFailedError', 'InvalidStateError', 'UnknownError', 'NotFoundError']);

/** Every error in the chain: the error, Dexie's `inner`, a `cause`, a bulk write's `failures`. */
function errorChain(error: unknown, seen = new Set<unknown>()): Array<{ name?: string; code?: number }> {
  if (!error || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const e = error as { name?: string; code?: number; inner?: unknown; cause?: unknown; failures?: unknown[] };
  return [e, ...errorChain(e.inner, seen), ...errorChain(e.cause, seen), ...(e.failures ?? []).flatMap((f) => errorChain(f, seen))];
}

/** Whether the browser refused a write because its storage quota is used up. */
export function isQuotaExceeded(error: unknown): boolean {
  return errorChain(error).some((e) => (e.name !== undefined && FULL_NAMES.has(e.name)) || (e.name === undefined && e.code === 22));
}

/**
 * The storage failure behind an error, or undefined when the error is something else (a bug,
 * a validation error): those are not storage problems and must not be reported as one.
 */
export function storageFailureOf(error: unknown, subject = 'De registratie'): StorageFailure | undefined {
  const steps = [
    'Verstuur wat nog wacht met "Nu versturen", als de tablet internet heeft.',
    'Of maak de noodexport: dan staan de registraties die nog niet verstuurd zijn veilig in een bestand.',
  ];
  if (isQuotaExceeded(error)) {
    // Not "Nu versturen": the outbox stores a batch before it sends it, and a full tablet refuses that write too.
    return {
      kind: 'full',
      message: `${subject} is niet opgeslagen: de opslag van deze tablet is vol. Wat al op de tablet stond, blijft bewaard. Wat u hebt ingevuld, staat er nog.`,
      steps: [
        'Maak de noodexport: dan staan de registraties die nog niet verstuurd zijn veilig in een bestand. Versturen lukt niet zolang de opslag vol is.',
        'Maak ruimte vrij op de tablet (bijvoorbeeld oude downloads of foto\'s wissen) en tik daarna opnieuw op "Opslaan". Wat wacht, gaat daarna vanzelf.',
      ],
    };
  }
  if (errorChain(error).some((e) => e.name !== undefined && UNAVAILABLE_NAMES.has(e.name))) {
    return {
      kind: 'unavailable',
      message: `${subject} is niet opgeslagen: de browser laat de app nu niet bij de opslag van deze tablet. Wat u hebt ingevuld, staat er nog.`,
      steps: ['Tik nog een keer op "Opslaan".', ...steps, 'Lukt het nog steeds niet? Laad de pagina opnieuw en bel de coördinator.'],
    };
  }
  return undefined;
}
