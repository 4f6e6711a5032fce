import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { Field } from '../../../ui/Field';

/** Sign in with a coordinator or national token (from `npm run admin -- create-token`). */
export function SignIn({ error, onSignIn }: { error?: string; onSignIn: (token: string) => void }) {
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <section aria-labelledby="signin-heading">
      <h1 class="utrecht-heading-1" id="signin-heading">Dashboard</h1>
      <p class="utrecht-paragraph">Voor IDO-coördinatoren en de landelijke organisatie. Log in met de toegangscode die u van de beheerder kreeg.</p>
      {error && <Alert type="error">{error}</Alert>}
      <form class="ido-card" noValidate onSubmit={(e) => {
        e.preventDefault();
        if (!value.trim()) return setMissing(true);
        onSignIn(value.trim());
      }}>
        <Field id="report-token" label="Toegangscode" error={missing ? 'Vul de toegangscode in.' : undefined}>
          <input class="utrecht-textbox utrecht-textbox--html-input" id="report-token" type="password" autoComplete="off" value={value}
            onInput={(e) => { setValue(e.currentTarget.value); setMissing(false); }} />
        </Field>
        <Button type="submit" appearance="primary">Inloggen</Button>
      </form>
    </section>
  );
}
