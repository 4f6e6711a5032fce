import { useEffect, useState } from 'preact/hooks';

/**
 * The form's checks: the validation of a whole registration (a tap on Opslaan) and the personal-data
 * guard (the "anders, namelijk" note, the kept draft). Their code and Dutch messages are not needed to
 * draw the first screen, so they come in their own chunk: fetched once the form stands (an idle
 * moment), or at the first need before that. The service worker precaches the chunk, so offline too.
 */
export type FormChecks = typeof import('./form-checks-code');

let loaded: FormChecks | undefined;
let loading: Promise<FormChecks> | undefined;

/** The checks, fetched once; a fetch that failed is tried again at the next call. */
export function loadFormChecks(): Promise<FormChecks> {
  return (loading ??= import('./form-checks-code').then((checks) => (loaded = checks), (error: unknown) => {
    loading = undefined;
    throw error;
  }));
}

/** The checks when their code is there already (after `loadFormChecks` resolved once), else undefined. */
export function loadedFormChecks(): FormChecks | undefined {
  return loaded;
}

/** The checks for a component: undefined until their code is there; fetched (and drawn again) when `needed`. */
export function useFormChecks(needed: boolean): FormChecks | undefined {
  const [checks, setChecks] = useState<FormChecks | undefined>(() => loaded);
  useEffect(() => {
    if (needed && !checks) loadFormChecks().then((c) => setChecks(() => c), () => undefined);
  }, [needed]);
  return checks ?? loaded;
}
