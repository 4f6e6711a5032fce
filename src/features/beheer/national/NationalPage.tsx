import { useState } from 'preact/hooks';
import type { AdminMunicipalitiesImport } from '../../../shared/admin-api';
import { Button } from '../../../ui/Button';
import { describedBy, Field, useFocusOnRefusal } from '../../../ui/Field';
import { adminCall } from '../api';
import { Frame, WHO } from '../Frame';
import { Messages } from '../Messages';
import type { AdminSession } from '../session';
import { TokensPanel } from '../tokens/TokensPanel';
import { MunicipalityTokensPanel } from '../tokens/MunicipalityTokensPanel';
import { useAdminAction } from '../use-admin';
import { nationalTabs } from './tabs';
import { countText } from '../../../shared/count-text';
import { chooseAgain } from '../../../ui/file-input';

const MAX_FILE_BYTES = 1_000_000; // the server takes bodies up to 1 MB; a CBS file is far smaller

/** The CBS file's field by the admin API's name: its label, and how a server message names it. */
const CBS_LABELS = { csv: 'CSV-bestand van het CBS' };

/** The CBS population per municipality, read from a CSV file the national team picks. */
function MunicipalitiesImport({ session }: { session: AdminSession }) {
  const action = useAdminAction(session, CBS_LABELS, (field) => (field === 'csv' ? 'municipalities-file' : undefined));
  const [file, setFile] = useState<File | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const fileField = useFocusOnRefusal();
  const refuse = (message: string) => { setProblem(message); fileField.refused(); };
  const upload = async () => {
    if (!file) return refuse('Kies eerst het CSV-bestand van het CBS.');
    if (file.size > MAX_FILE_BYTES) return refuse('Dit bestand is te groot: hoogstens 1 MB.');
    // A file changed on disk after it was chosen can no longer be read (the browser refuses it): choose it again.
    const csv = await file.text().catch(() => undefined);
    if (csv === undefined) return refuse('Dit bestand kan niet meer gelezen worden, misschien is het intussen veranderd. Kies het opnieuw.');
    // An empty file got the API's words ("stuur de inhoud … als tekst"); a spreadsheet or a pdf (bytes 0 in it, which
    // no CSV has) every line's "… is geen CBS-gemeentecode" with a piece of the file in it.
    if (csv.trim() === '') return refuse('Dit bestand is leeg. Kies het CSV-bestand van het CBS met de inwonertallen.');
    if (csv.includes('\u0000')) return refuse('Dit is geen CSV-bestand, maar bijvoorbeeld een Excel- of pdf-bestand. Sla de tabel op als CSV-bestand en kies dat bestand.');
    await action.run(() => adminCall<AdminMunicipalitiesImport>(session.token, 'POST', '/municipalities', { csv }),
      (r) => `${countText(r.imported, 'gemeente', 'gemeenten')} ingelezen${r.withoutProvince ? `, ${r.withoutProvince} zonder provincie` : ''}${r.skipped ? `, ${countText(r.skipped, 'regel', 'regels')} overgeslagen` : ''}.`);
  };
  // the page's own message, else a refusal of the server that names the file's field
  const shown = problem ?? action.fieldError('csv');
  return (
    <form class="ido-card" noValidate aria-labelledby="municipalities-heading" onSubmit={(e) => { e.preventDefault(); void upload(); }}>
      <h2 class="utrecht-heading-2" id="municipalities-heading">Inwonertallen van gemeenten</h2>
      <p class="utrecht-paragraph">Voor het dashboard: contacten per 10.000 inwoners. Kies het CSV-bestand van het CBS (gemeentecode, naam, inwoners). Een bestand met fouten verandert niets.</p>
      <Field id="municipalities-file" label={CBS_LABELS.csv} error={shown}>
        <input id="municipalities-file" ref={fileField.field} class="ido-beheer-file" type="file" accept=".csv,text/csv"
          aria-invalid={shown ? true : undefined} aria-describedby={describedBy('municipalities-file', shown)}
          onClick={chooseAgain} onChange={(e) => { setFile(e.currentTarget.files?.[0]); setProblem(undefined); action.fieldChanged('csv'); }} />
      </Field>
      <Button type="submit" appearance="primary" disabled={action.busy}>Inwonertallen inlezen</Button>
      <Messages error={action.error} notice={action.notice} />
    </form>
  );
}

/** The national team's own things: national tokens and the municipalities' population. */
export function NationalPage({ session, onSignOut }: { session: AdminSession; onSignOut?: () => void }) {
  return (
    <Frame title="Beheer: landelijk" who={WHO[session.me.kind]} tabs={nationalTabs('landelijk')} onSignOut={onSignOut}>
      <TokensPanel session={session} path="/national-tokens" kind="national" />
      <MunicipalityTokensPanel session={session} />
      <MunicipalitiesImport session={session} />
    </Frame>
  );
}
