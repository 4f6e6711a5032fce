import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { describedBy, Field, useFocusOnRefusal } from '../../../ui/Field';

interface SignInProps {
  error?: string;
  onSignIn: (token: string) => void;
  /** the page's heading; the dashboard's by default */
  title?: string;
  /** who the page is for */
  audience?: string;
  /** prefix of the heading's and the field's ids, unique on the page */
  idPrefix?: string;
  /** the server is asked who the token is: "Inloggen…" */
  busy?: boolean;
}

/** Sign in with a report token (from `npm run admin -- create-token`): the dashboard's and the annual report's form. */
export function SignIn({ error, onSignIn, title = 'Dashboard', audience = 'IDO-coördinatoren en de landelijke organisatie', idPrefix = 'report', busy = false }: SignInProps) {
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState(false);
  // Each refusal puts the focus on the field, once its message is tied to it (it stayed on "Inloggen").
  const { field, refused } = useFocusOnRefusal();
  const heading = idPrefix === 'report' ? 'signin-heading' : `${idPrefix}-signin-heading`;
  return (
    <section aria-labelledby={heading}>
      <h1 class="utrecht-heading-1" id={heading}>{title}</h1>
      <p class="utrecht-paragraph">Voor {audience}. Log in met de toegangscode die u van de beheerder kreeg. Op een coördinatortablet hoeft dat niet.</p>
      {error && <Alert type="error">{error}</Alert>}
      <form class="ido-card" noValidate onSubmit={(e) => {
        e.preventDefault();
        if (!value.trim()) return (setMissing(true), refused());
        onSignIn(value.trim());
      }}>
        <Field id={`${idPrefix}-token`} label="Toegangscode" error={missing ? 'Vul de toegangscode in.' : undefined}>
          <input class={`utrecht-textbox utrecht-textbox--html-input${missing ? ' utrecht-textbox--invalid' : ''}`} id={`${idPrefix}-token`} type="password" autoComplete="off" value={value}
            ref={field} aria-invalid={missing ? true : undefined} aria-describedby={describedBy(`${idPrefix}-token`, missing ? 'missing' : undefined)}
            onInput={(e) => { setValue(e.currentTarget.value); setMissing(false); }} />
        </Field>
        <Button type="submit" appearance="primary">{busy ? 'Inloggen…' : 'Inloggen'}</Button>
      </form>
    </section>
  );
}
