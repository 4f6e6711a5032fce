import '@utrecht/textbox-css/dist/index.css';
import { useState } from 'preact/hooks';
import { Button } from '../../ui/Button';
import { ChoiceTiles } from '../../ui/ChoiceTiles';
import { describedBy, Field } from '../../ui/Field';
import { COMMON_LANGUAGES, findLanguage, languageChoices } from './languages';

const HINT = 'Typ de naam van de taal, bijvoorbeeld Dari of Swahili.';

interface LanguageChoiceProps {
  /** the service's HSDS `languages`: codes such as nl, ar, prs */
  value: readonly string[];
  error?: string;
  onChange: (languages: string[]) => void;
}

/** Which languages a service helps in: tiles for the common ones, and another language added by its Dutch name. */
export function LanguageChoice({ value, error, onChange }: LanguageChoiceProps) {
  // Every other language stored or added keeps its tile while the form is open, so unticking it can be undone.
  const [others, setOthers] = useState<string[]>(() => value.filter((code) => !(COMMON_LANGUAGES as readonly string[]).includes(code)));
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const add = () => {
    const found = findLanguage(typed);
    if ('problem' in found) return setProblem(found.problem);
    setProblem(undefined);
    setTyped('');
    if (!(COMMON_LANGUAGES as readonly string[]).includes(found.code) && !others.includes(found.code)) setOthers([...others, found.code]);
    if (!value.includes(found.code)) onChange([...value, found.code]);
  };
  return (
    <>
      <ChoiceTiles multiple id="svc-languages" legend="In welke talen kan de bezoeker hier geholpen worden?" choices={languageChoices(others)}
        value={[...value]} error={error} onChange={onChange} />
      <Field id="svc-language-other" label="Andere taal toevoegen" description={HINT} error={problem}>
        <div class="ido-row">
          <input class="utrecht-textbox utrecht-textbox--html-input" id="svc-language-other" value={typed} autocomplete="off" style={{ maxInlineSize: '20rem' }}
            aria-describedby={describedBy('svc-language-other', problem, HINT)} aria-invalid={problem ? true : undefined}
            onInput={(e) => setTyped(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Enter adds the language; it would otherwise save the whole form.
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }} />
          <Button onClick={add}>Taal toevoegen</Button>
        </div>
      </Field>
    </>
  );
}
