import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import { Alert } from '../../ui/Alert';
import { Button } from '../../ui/Button';
import { describedBy, Field, useFocusOnRefusal } from '../../ui/Field';
import { isTokenShaped } from './api';

/** Sign in to beheer with a coordinator or national token (a coordinator tablet is signed in by its enrollment). */
export function SignIn({ message, onSignIn, busy = false }: { message?: string; onSignIn: (token: string) => void; busy?: boolean }) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  // Each refusal puts the focus on the field, once its message is tied to it (it stayed on "Inloggen").
  const { field, refused } = useFocusOnRefusal();
  const refuse = (text: string) => { setProblem(text); refused(); };
  return (
    <section aria-labelledby="beheer-signin-heading">
      <h1 class="utrecht-heading-1" id="beheer-signin-heading">Beheer</h1>
      <p class="utrecht-paragraph">Voor IDO-coördinatoren en het landelijk team: locaties, koppelcodes, tablets en toegang. Log in met de toegangscode die u van de beheerder kreeg. Op een coördinatortablet hoeft dat niet.</p>
      {message && <Alert type="error">{message}</Alert>}
      <form class="ido-card" noValidate onSubmit={(e) => {
        e.preventDefault();
        const token = value.trim();
        if (!token) return refuse('Vul de toegangscode in.');
        if (!isTokenShaped(token)) return refuse('Deze toegangscode klopt niet: er staan tekens in die niet in een toegangscode horen. Kopieer hem opnieuw.');
        onSignIn(token);
      }}>
        <Field id="beheer-token" label="Toegangscode" error={problem}>
          <input class={`utrecht-textbox utrecht-textbox--html-input${problem ? ' utrecht-textbox--invalid' : ''}`} id="beheer-token" type="password" autoComplete="off" value={value} ref={field}
            aria-invalid={problem ? true : undefined} aria-describedby={describedBy('beheer-token', problem)}
            onInput={(e) => { setValue(e.currentTarget.value); setProblem(undefined); }} />
        </Field>
        <Button type="submit" appearance="primary">{busy ? 'Inloggen…' : 'Inloggen'}</Button>
      </form>
    </section>
  );
}
