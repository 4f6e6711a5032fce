import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import { loadDb } from '../../db/load-db';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { describedBy, Field } from '../../ui/Field';
import { normaliseCode } from './code';
import { MAX_DEVICE_LABEL, nameTooLong } from '../../shared/admin-api';
import { failureText } from '../../shared/failure-text';

interface EnrollmentPageProps {
  /** first start: the tablet may also be tried out with example data first */
  firstStart: boolean;
  /** the code of an enrollment link (`#/koppelen/ABCD-EFGH`): filled in, so staff only tap "Tablet koppelen" */
  initialCode?: string;
  /** with a Dutch line about what enrollment did */
  onEnrolled: (message: string) => void;
  /**
   * true while a code is being sent; false when it failed. The app keeps this screen until then or until onEnrolled,
   * so the page after it comes with the message, not before it.
   */
  onLinking?: (linking: boolean) => void;
  /** "Nu niet": stores the choice and leaves the screen; rejects when the choice could not be stored */
  onSkip?: () => Promise<void>;
  /** the organisation this tablet is linked to now, if it is (staff open the screen again, e.g. "Opnieuw koppelen") */
  linkedTo?: string;
}

/** A failure in the console: its kind and message only, never the code or the token. */
const logFailure = (what: string, failed: unknown) => console.warn(what, failureText(failed));

/** Links this tablet to the library with a code from the coordinator (needs a network once). */
export function EnrollmentPage({ firstStart, initialCode, onEnrolled, onLinking, onSkip, linkedTo }: EnrollmentPageProps) {
  const [code, setCode] = useState(initialCode ?? '');
  const [name, setName] = useState('');
  const [error, setError] = useState<{ field: 'code' | 'label' | 'form'; message: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const normalised = normaliseCode(code);
    if (!normalised) return setError({ field: 'code', message: 'Vul de koppelcode in zoals u die kreeg, bijvoorbeeld ABCD-EFGH.' });
    const tooLong = nameTooLong(name, MAX_DEVICE_LABEL);
    if (tooLong) return setError({ field: 'label', message: `De naam van de tablet is ${tooLong}` });
    setBusy(true);
    setError(undefined);
    onLinking?.(true);
    try {
      // The sync engine and the database load when a code is sent, not with the first screen.
      const [engine, loaded] = await Promise.all([import('../../sync'), loadDb()]).catch(() => []);
      if (!engine || !loaded) return setError({ field: 'form', message: 'De app kon niet verder laden. Laad de pagina opnieuw en probeer het nog eens.' });
      const { enrollDevice, fetchTransport } = engine;
      // As soon as the tablet is linked, before the limits are read (a slow line's wait): the page moves on with its message.
      const onLinked = ({ device, needLocation }: { device: { organisationName: string }; needLocation: number }) => {
        const moved = needLocation > 0
          ? ` ${needLocation === 1 ? 'Eén registratie heeft' : `${needLocation} registraties hebben`} een andere IDO-locatie nodig: kies die bij Vandaag.`
          : '';
        onEnrolled(`De tablet is gekoppeld aan ${device.organisationName}.${moved}`);
      };
      const result = await enrollDevice(loaded.db, fetchTransport(''), normalised, name.trim(), { onLinked });
      if (!result.ok) {
        if (result.error === 'storage') logFailure('Tablet koppelen', result.cause);
        setError({ field: result.error === 'invalid_code' ? 'code' : 'form', message: result.message });
      }
    } catch (failed) {
      // Not a value enrollDevice answers with (a bug, a lock the browser refused): said, and logged (kind and message only).
      logFailure('Tablet koppelen', failed);
      setError({ field: 'form', message: 'Koppelen lukte niet. Laad de pagina opnieuw en probeer het nog eens.' });
    } finally {
      setBusy(false);
      onLinking?.(false);
    }
  };

  // On a full tablet the choice cannot be stored (nor the example organisation): staff are told, not left with a tap
  // that did nothing; the failure is logged (its kind and message only).
  const skip = () => {
    setError(undefined);
    onSkip?.().catch(async (failed: unknown) => {
      logFailure('Nu niet', failed);
      const storage = await import('../../db/storage-failure').then((m) => m.storageFailureOf(failed), () => undefined);
      setError({ field: 'form', message: !storage ? 'De app kon niet verder laden. Laad de pagina opnieuw en probeer het nog eens.'
        : storage.kind === 'full' ? 'De opslag van deze tablet is vol. Maak ruimte vrij op de tablet (bijvoorbeeld oude downloads of foto\'s wissen) en tik daarna opnieuw op "Nu niet".'
          : 'De browser laat de app nu niet bij de opslag van deze tablet. Laad de pagina opnieuw en probeer het nog eens.' });
    });
  };

  const codeError = error?.field === 'code' ? error.message : undefined;
  const labelError = error?.field === 'label' ? error.message : undefined;
  return (
    <section aria-labelledby="enroll-heading">
      <h1 class="utrecht-heading-1" id="enroll-heading">Tablet koppelen</h1>
      {/* A linked tablet said only "Koppel deze tablet aan uw bibliotheek", as if it was not: staff could not tell
          whether a new code would lose what still waits on it. */}
      {linkedTo ? (
        <p class="utrecht-paragraph" id="enroll-linked">
          Deze tablet is nu gekoppeld aan {linkedTo}. Met een nieuwe koppelcode van de IDO-coördinator koppelt u hem opnieuw,
          bijvoorbeeld als het versturen gestopt is. Registraties die nog niet verstuurd zijn, blijven bewaard en worden daarna verstuurd.
          Koppelen kan alleen met internet.
        </p>
      ) : (
        <p class="utrecht-paragraph">
          Koppel deze tablet aan uw bibliotheek. Dan gaan de registraties vanzelf naar de landelijke registratie.
          U krijgt de koppelcode van de IDO-coördinator. Koppelen kan alleen met internet; daarna werkt de tablet ook zonder.
        </p>
      )}
      {error?.field === 'form' && <Alert type="error">{error.message}</Alert>}
      <form class="ido-card" onSubmit={submit} noValidate>
        <Field id="enroll-code" label="Koppelcode" error={codeError} description="Acht letters en cijfers, bijvoorbeeld ABCD-EFGH.">
          <input class={`utrecht-textbox utrecht-textbox--html-input${codeError ? ' utrecht-textbox--invalid' : ''}`} id="enroll-code"
            value={code} autoComplete="off" autoCapitalize="characters" spellcheck={false} maxLength={20}
            aria-invalid={codeError ? true : undefined} aria-describedby={describedBy('enroll-code', codeError, 'x')}
            onInput={(e) => setCode(e.currentTarget.value.toUpperCase())} />
        </Field>
        <Field id="enroll-label" label="Naam van deze tablet (niet verplicht)" error={labelError} description="Bijvoorbeeld: Tablet balie 1. Zo herkent de coördinator de tablet.">
          {/* maxlength counts UTF-16 units (an emoji 2): twice the limit never cuts a name nameTooLong takes. */}
          <input class={`utrecht-textbox utrecht-textbox--html-input${labelError ? ' utrecht-textbox--invalid' : ''}`} id="enroll-label"
            value={name} autoComplete="off" maxLength={2 * MAX_DEVICE_LABEL} aria-invalid={labelError ? true : undefined}
            aria-describedby={describedBy('enroll-label', labelError, 'x')}
            onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <div class="ido-row">
          <Button type="submit" appearance="primary" disabled={busy}>{busy ? 'Bezig met koppelen…' : 'Tablet koppelen'}</Button>
          {firstStart && onSkip && <Button onClick={skip}>Nu niet: eerst proberen met voorbeelddata</Button>}
        </div>
      </form>
    </section>
  );
}
